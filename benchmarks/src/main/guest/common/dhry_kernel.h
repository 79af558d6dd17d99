/* The integer kernel of the bare-metal dhrystone workload and of the Linux suite's dhry test, in
 * the spirit of Dhrystone (our own code, not the benchmark): per loop, record manipulation through
 * pointers, string copies and comparisons, a switch on an enum, integer arithmetic with division,
 * one- and two-dimensional array updates and a few calls. One copy, so both suites run the same
 * work. Freestanding: no library calls. */
#ifndef DHRY_KERNEL_H
#define DHRY_KERNEL_H

enum colour { RED, GREEN, BLUE, BLACK };

struct record {
    struct record *next;
    enum colour colour;
    int value;
    int count;
    char text[32];
};

static struct record recs[2];
static int grid[16][16];
static int row[64];
static char greeting[32];

static void copy_text(char *d, const char *s)
{
    while ((*d++ = *s++)) {
    }
}

static int compare_text(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static __attribute__((noinline)) enum colour next_colour(enum colour c, int v)
{
    switch (c) {
    case RED:
        return v & 1 ? GREEN : BLUE;
    case GREEN:
        return BLUE;
    case BLUE:
        return v > 10 ? BLACK : RED;
    default:
        return RED;
    }
}

static __attribute__((noinline)) int mix(int a, int b, int c)
{
    int d = a * b - c;
    return d / (c | 1) + (d % 7);
}

static __attribute__((noinline)) void update(struct record *r, int i)
{
    struct record *o = r->next;
    o->value = r->value + i;
    o->count = r->count + 1;
    o->colour = next_colour(r->colour, o->value);
    r->value = mix(o->value, 3, i & 15);
}

static void dhry_init(void)
{
    recs[0].next = &recs[1];
    recs[1].next = &recs[0];
    copy_text(greeting, "HVLAB INTEGER KERNEL, LOOP TEXT");
}

/* Loop {@code i}, folded into the running checksum. */
static inline unsigned long long dhry_loop(int i, unsigned long long check)
{
    struct record *r = &recs[i & 1];
    copy_text(r->text, greeting);
    r->text[i % 30] = (char)('a' + i % 26);
    int cmp = compare_text(r->text, greeting);
    update(r, i);
    int a = i % 64, b = (i * 7) % 16;
    row[a] = row[(a + 1) % 64] + cmp;
    grid[b][a % 16] += row[a] + r->value;
    grid[a % 16][b] = grid[b][a % 16] / 3 - i;
    return check * 31 + (unsigned long long)(unsigned)grid[b][a % 16] + (unsigned long long)r->next->colour;
}
#endif
