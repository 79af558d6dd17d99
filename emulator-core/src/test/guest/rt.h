/* A tiny runtime for the guest test programs: raw Linux syscalls and output helpers. */
#ifndef RT_H
#define RT_H

typedef unsigned long size_t;
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;
typedef long i64;

long sys_write(int fd, const void *buf, size_t n);
void sys_exit(int code) __attribute__((noreturn));

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

void out_str(const char *s);
void out_chr(char c);
void out_u64(u64 v);
void out_i64(i64 v);
void out_hex(u64 v, int digits);
void out_flush(void);

/* xorshift64*: the programs' deterministic pseudo-random data. */
u64 rnd_next(u64 *state);

#endif
