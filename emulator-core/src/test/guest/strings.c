/* String handling: reversal, palindromes, itoa in several bases, substring search, word counts. */
#include "rt.h"

static void reverse(char *s, size_t n)
{
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        char t = s[i]; s[i] = s[j]; s[j] = t;
    }
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
static int alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

static int palindrome(const char *s)
{
    size_t i = 0, j = strlen(s);
    while (1) {
        while (i < j && !alnum(s[i])) i++;
        while (j > i && !alnum(s[j - 1])) j--;
        if (j <= i + 1) return 1;
        if (lower(s[i]) != lower(s[j - 1])) return 0;
        i++; j--;
    }
}

static char *itoa_(i64 v, int base, char *buf)
{
    char *p = buf;
    u64 u = v < 0 && base == 10 ? (u64)0 - (u64)v : (u64)v;
    do { *p++ = "0123456789abcdefghijklmnopqrstuvwxyz"[u % base]; u /= base; } while (u);
    if (v < 0 && base == 10) *p++ = '-';
    *p = 0;
    reverse(buf, (size_t)(p - buf));
    return buf;
}

static long find(const char *hay, const char *needle)
{
    size_t n = strlen(hay), m = strlen(needle);
    if (m == 0) return 0;
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0) return (long)i;
    return -1;
}

static int count_words(const char *s)
{
    int n = 0, in = 0;
    for (; *s; s++) {
        int w = alnum(*s);
        if (w && !in) n++;
        in = w;
    }
    return n;
}

int main(int argc, char **argv)
{
    char buf[128];
    out_str("argc "); out_i64(argc); out_chr('\n');
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        memcpy(buf, argv[i], n + 1);
        reverse(buf, n);
        out_str("argv["); out_i64(i); out_str("] "); out_str(argv[i]); out_str(" reversed "); out_str(buf); out_chr('\n');
    }
    const char *cands[] = {"A man, a plan, a canal: Panama", "racecar", "hvlab", "Was it a car or a cat I saw?", "", "ab"};
    for (int i = 0; i < 6; i++) {
        out_chr('"'); out_str(cands[i]); out_str("\" "); out_str(palindrome(cands[i]) ? "palindrome" : "not"); out_chr('\n');
    }
    i64 nums[] = {0, 7, -42, 255, 65535, -2147483648L, 9223372036854775807L, -9223372036854775807L - 1};
    for (int i = 0; i < 8; i++) {
        out_str(itoa_(nums[i], 10, buf)); out_chr(' ');
        out_str(itoa_(nums[i], 16, buf)); out_chr(' ');
        out_str(itoa_(nums[i], 8, buf)); out_chr(' ');
        out_str(itoa_(nums[i], 2, buf)); out_chr(' ');
        out_str(itoa_(nums[i], 36, buf)); out_chr('\n');
    }
    const char *text = "the quick brown fox jumps over the lazy dog; the end";
    const char *needles[] = {"the", "fox", "dog;", "cat", "", "end", "the lazy"};
    for (int i = 0; i < 7; i++) {
        out_str("find \""); out_str(needles[i]); out_str("\" "); out_i64(find(text, needles[i])); out_chr('\n');
    }
    out_str("words "); out_i64(count_words(text)); out_chr('\n');
    char rot[128];
    size_t n = strlen(text);
    for (size_t i = 0; i <= n; i++) {
        char c = text[i];
        rot[i] = c >= 'a' && c <= 'z' ? (char)('a' + (c - 'a' + 13) % 26) : c;
    }
    out_str("rot13 "); out_str(rot); out_chr('\n');
    out_flush();
    return argc;
}
