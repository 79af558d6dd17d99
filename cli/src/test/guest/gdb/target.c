/*
 * The gdb end-to-end test's two-CPU target: CPU 0 turns CPU 1 on, waits until it runs, then
 * calls a function to break at and increments a global to watch; CPU 1 spins counting until
 * CPU 0 is done. PSCI SYSTEM_OFF ends the run (hvlab exits 0).
 */
#define PSCI_CPU_OFF     0x84000002UL
#define PSCI_CPU_ON      0xC4000003UL
#define PSCI_SYSTEM_OFF  0x84000008UL

long smc_call(unsigned long fid, unsigned long a1, unsigned long a2, unsigned long a3);
void secondary_entry(void);

volatile long cpu1_ready;
volatile long done;
volatile long spins;
long counter;

long add_numbers(long a, long b)
{
    return a + b;
}

void secondary_main(void)
{
    cpu1_ready = 1;
    while (!done) {
        spins++;
    }
    smc_call(PSCI_CPU_OFF, 0, 0, 0);
}

long main(void)
{
    smc_call(PSCI_CPU_ON, 1, (unsigned long)secondary_entry, 0); /* MPIDR Aff0 = 1 */
    while (!cpu1_ready) {
    }
    long sum = 0;
    for (long i = 0; i < 10; i++) {
        sum = add_numbers(sum, i);
        counter++;
    }
    done = 1;
    smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    return sum;
}
