/* CPU-bound: some 0.5 s of user time on this machine, no system calls to speak of. */
int main(void)
{
    volatile unsigned long sum = 0;
    for (unsigned long i = 0; i < 1200000000UL; i++) sum += i;
    return 0;
}
