/* seed FILE: credits FILE's bytes to the kernel's entropy pool (RNDADDENTROPY), as a Debian system's
 * systemd-random-seed does at boot with the seed it saved, so that the tests run on a kernel whose
 * random number generator is initialised, as on a system that has been up for a while. Without it
 * a freshly booted kernel with no hardware RNG keeps crng_init at CRNG_EMPTY for seconds (it
 * credits one bit per 64 interrupts), and every get_random_*() call extracts entropy from the input
 * pool (a BLAKE2s hash): arm64's per-syscall kernel stack offset (CONFIG_RANDOMIZE_KSTACK_OFFSET)
 * makes that ~9,000 instructions per system call. */
#define _GNU_SOURCE
#include "lx.h"
#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#define SEED_MAX 512

int seed_main(int argc, char **argv)
{
    if (argc != 2) {
        die("seed FILE");
    }
    struct {
        struct rand_pool_info info;
        unsigned char bytes[SEED_MAX];
    } pool;
    int in = open(argv[1], O_RDONLY);
    if (in < 0) {
        die("seed: cannot open the seed file");
    }
    ssize_t n = read(in, pool.bytes, sizeof pool.bytes);
    close(in);
    if (n < 32) {
        die("seed: the seed file holds fewer than 256 bits");
    }
    pool.info.entropy_count = (int)n * 8;
    pool.info.buf_size = (int)n;
    int fd = open("/dev/urandom", O_RDWR);
    if (fd < 0 || ioctl(fd, RNDADDENTROPY, &pool.info) != 0) {
        die("seed: RNDADDENTROPY failed");
    }
    close(fd);
    unsigned char probe;
    /* GRND_NONBLOCK fails with EAGAIN until the CRNG is ready. */
    if (getrandom(&probe, 1, GRND_NONBLOCK) != 1) {
        die("seed: the CRNG is still not ready");
    }
    printf("INFO random_seed_bits=%d crng=ready\n", (int)n * 8);
    return 0;
}
