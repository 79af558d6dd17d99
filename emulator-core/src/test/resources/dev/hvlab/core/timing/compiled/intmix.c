/*
 * An integer kernel with the operation mix of the classic synthetic integer benchmarks (record
 * copies through pointers, short string copies and comparisons, an enumeration switch, small
 * array updates, a multiply and a divide, calls and returns of small procedures), written for
 * hvlab's timing validation. Not Dhrystone: its iterations are not Dhrystones.
 */
typedef enum { RED, GREEN, BLUE, CYAN, MAGENTA } colour;

struct item {
    struct item *next;
    colour kind;
    int count;
    int weight;
    char label[32];
};

static struct item pool[2];
static int table1[64];
static int table2[64][64];
static char text_a[32];
static char text_b[32];
static int flag;
static char last_letter;

static __attribute__((noinline)) void copy_text(char *d, const char *s)
{
    while ((*d++ = *s++) != 0)
        ;
}

static __attribute__((noinline)) int compare_text(const char *a, const char *b)
{
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static __attribute__((noinline)) colour next_kind(colour c, int v)
{
    switch (c) {
    case RED:
        return v > 10 ? GREEN : BLUE;
    case GREEN:
        return CYAN;
    case BLUE:
        return (v & 1) ? MAGENTA : RED;
    case CYAN:
        return RED;
    default:
        return GREEN;
    }
}

static __attribute__((noinline)) void update_item(struct item *p, int v)
{
    struct item *q = p->next;
    *q = *p;
    q->count = v + 5;
    p->count = q->count;
    q->next = p;
    q->kind = next_kind(p->kind, v);
    if (q->kind == RED)
        q->count += 7;
    else
        q->weight = q->count * 3;
    p->kind = q->kind;
}

static __attribute__((noinline)) int fill_tables(int a, int b)
{
    int i = a + 5;
    table1[i] = b;
    table1[i + 1] = table1[i];
    table1[i + 30] = i;
    for (int j = i; j <= i + 1; j++)
        table2[i][j] = i;
    table2[i][i - 1] += 1;
    table2[i + 20][i] = table1[i];
    return i;
}

static __attribute__((noinline)) int same_letter(char x, char y)
{
    if (x != y)
        return 0;
    last_letter = x;
    return 1;
}

unsigned long kernel_main(unsigned long n)
{
    pool[0].next = &pool[1];
    pool[0].kind = BLUE;
    pool[0].count = 40;
    copy_text(pool[0].label, "HVLAB INTEGER KERNEL, ITS TEXT");
    copy_text(text_a, "HVLAB INTEGER KERNEL, 1ST TEXT");
    unsigned long sum = 0;
    for (unsigned long k = 1; k <= n; k++) {
        int a = 2;
        int b = 3;
        int c = 0;
        copy_text(text_b, "HVLAB INTEGER KERNEL, 2ND TEXT");
        flag = compare_text(text_a, text_b) < 0;
        while (a < b) {
            c = 5 * a - b;
            a++;
        }
        int i = fill_tables((int)(k & 15), c);
        update_item(&pool[0], i);
        int found = 0;
        for (char ch = 'A'; ch <= 'C'; ch++)
            found += same_letter(ch, 'C');
        c = a * b;
        b = c / (a + (int)(k & 3));
        b = 7 * (c - b) - a;
        sum += (unsigned long)(pool[0].count + pool[1].weight + table1[i] + b + flag + found);
    }
    return sum;
}
