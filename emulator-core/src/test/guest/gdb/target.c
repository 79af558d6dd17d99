/* The GDB stub's test target: a function to break at and a global to watch. */

long counter;

long add_numbers(long a, long b)
{
    return a + b;
}

long main(void)
{
    long sum = 0;
    for (long i = 0; i < 10; i++) {
        sum = add_numbers(sum, i);
        counter++;
    }
    return sum;
}
