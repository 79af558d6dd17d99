/* Latency tests of the Linux suite (our own code):
 *
 * ipi ROUNDS: cross-CPU wake-up latency, the IPI path as user space sees it. Two threads pinned to
 *   CPU 0 and CPU 1 each sleep in FUTEX_WAIT when idle. Per round, CPU 0 spins 20 to 32 us (so
 *   that CPU 1 is asleep, and sends fall at varying points of the machine's scheduling), reads the
 *   clock, bumps the word CPU 1 waits on and FUTEX_WAKEs it: the kernel sends CPU 1 a reschedule
 *   IPI. CPU 1 reads the clock when it returns from FUTEX_WAIT; the difference is one sample.
 *   CPU 1 then wakes CPU 0 the same way. Also membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) while
 *   the other thread runs on CPU 1: the kernel IPIs CPU 1 and waits for it, a synchronous IPI
 *   round trip (ipi_membarrier, us per call).
 * tcp ROUNDS: a client on CPU 0 and a server on CPU 1 over a TCP connection on 127.0.0.1
 *   (TCP_NODELAY): the client writes 1 byte, the server reads it and writes 1 byte back, the
 *   client reads it; one sample per round trip. */
#define _GNU_SOURCE
#include "lx.h"
#include <arpa/inet.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long futex(volatile uint32_t *word, int op, uint32_t value)
{
    return syscall(SYS_futex, word, op, value, NULL, NULL, 0);
}

static void wait_for(volatile uint32_t *word, uint32_t value)
{
    uint32_t seen;
    while ((seen = __atomic_load_n(word, __ATOMIC_ACQUIRE)) != value) {
        futex(word, FUTEX_WAIT_PRIVATE, seen);
    }
}

static void post(volatile uint32_t *word, uint32_t value)
{
    __atomic_store_n(word, value, __ATOMIC_RELEASE);
    futex(word, FUTEX_WAKE_PRIVATE, 1);
}

static struct {
    volatile uint32_t go, ack, stop;
    volatile uint64_t sent;
    long rounds;
    uint64_t *samples;
} ipi;

static void *ipi_receiver(void *unused)
{
    (void)unused;
    pin(1);
    post(&ipi.ack, 1);
    for (long i = 1; i <= ipi.rounds; i++) {
        wait_for(&ipi.go, (uint32_t)i);
        ipi.samples[i - 1] = now_ns() - ipi.sent;
        post(&ipi.ack, (uint32_t)i + 1);
    }
    /* the membarrier phase: run on CPU 1 until told to stop */
    while (!__atomic_load_n(&ipi.stop, __ATOMIC_ACQUIRE)) {
    }
    return NULL;
}

static void spin_us(uint64_t us)
{
    uint64_t end = now_ns() + us * 1000;
    while (now_ns() < end) {
    }
}

int ipi_main(int argc, char **argv)
{
    if (argc != 2 || sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        die("ipi ROUNDS needs 2 CPUs");
    }
    ipi.rounds = atol(argv[1]);
    ipi.samples = calloc(ipi.rounds, sizeof *ipi.samples);
    pin(0);
    pthread_t t;
    if (pthread_create(&t, NULL, ipi_receiver, NULL) != 0) {
        die("pthread_create");
    }
    wait_for(&ipi.ack, 1);
    for (long i = 1; i <= ipi.rounds; i++) {
        spin_us(20 + (uint64_t)(i * 7 % 13));
        ipi.sent = now_ns();
        post(&ipi.go, (uint32_t)i);
        wait_for(&ipi.ack, (uint32_t)i + 1);
    }
    latency_report("ipi_wake", ipi.samples, (int)ipi.rounds);

    if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0) {
        printf("SKIP name=ipi_membarrier reason=membarrier private expedited not available\n");
    } else {
        spin_us(100);   /* CPU 1 is spinning in the receiver by now */
        long calls = ipi.rounds;
        uint64_t t0 = now_ns();
        for (long i = 0; i < calls; i++) {
            syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
        }
        uint64_t t1 = now_ns();
        result("ipi_membarrier", "us", "lower", (double)(t1 - t0) / calls / 1000.0);
    }
    __atomic_store_n(&ipi.stop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    return 0;
}

static long tcp_rounds;

static void *tcp_server(void *arg)
{
    int listener = (int)(long)arg;
    pin(1);
    int c = accept(listener, NULL, NULL);
    int one = 1;
    if (c < 0 || setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
        die("accept");
    }
    char b;
    for (long i = 0; i < tcp_rounds; i++) {
        if (read(c, &b, 1) != 1 || write(c, &b, 1) != 1) {
            die("server read/write");
        }
    }
    close(c);
    return NULL;
}

int tcp_main(int argc, char **argv)
{
    if (argc != 2 || sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        die("tcp ROUNDS needs 2 CPUs");
    }
    tcp_rounds = atol(argv[1]);
    uint64_t *samples = calloc(tcp_rounds, sizeof *samples);
    pin(0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(5201), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(listener, 1) != 0) {
        die("listen on 127.0.0.1 (is lo up?)");
    }
    pthread_t t;
    if (pthread_create(&t, NULL, tcp_server, (void *)(long)listener) != 0) {
        die("pthread_create");
    }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0
        || setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
        die("connect to 127.0.0.1");
    }
    char b = 'x';
    for (long i = 0; i < tcp_rounds; i++) {
        uint64_t t0 = now_ns();
        if (write(s, &b, 1) != 1 || read(s, &b, 1) != 1) {
            die("client write/read");
        }
        samples[i] = now_ns() - t0;
    }
    pthread_join(t, NULL);
    close(s);
    close(listener);
    latency_report("tcp_rtt", samples, (int)tcp_rounds);
    return 0;
}
