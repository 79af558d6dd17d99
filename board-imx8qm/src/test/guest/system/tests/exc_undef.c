#include "hv.h"
/* UDF and unallocated encodings at every EL: EC 0 (Unknown reason), IL = 1, ISS 0. */
static u64 el0(u64 a) { __asm__ volatile("udf #1\n .word 0x00000000\n .word 0xd5386000"); return 0; }
static u64 el1(u64 a) { __asm__ volatile("udf #2\n .word 0xffffffff"); call_at(0, el0, 0, 0); return 0; }
static u64 el2(u64 a) { __asm__ volatile("udf #3"); return 0; }
void test_main(void)
{
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
    __asm__ volatile("udf #4");
}
