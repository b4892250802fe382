#include <stdlib.h>
#include <string.h>

int main(void)
{
    /* Touch 512 MiB, far above the run actor's 64 MiB limit. */
    for (int i = 0; i < 512; i++)
    {
        char *block = malloc(1 << 20);
        if (block == NULL) return 3;
        memset(block, i, 1 << 20);
    }
    return 0;
}
