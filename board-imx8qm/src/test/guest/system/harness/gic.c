#include "hv.h"
