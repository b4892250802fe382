/* Touches 100 MiB, page by page, so all of it is resident at the end. */
#include <stdlib.h>

int main(void)
{
    size_t size = 100u << 20;
    volatile char *memory = malloc(size);
    if (memory == NULL) return 3;
    for (size_t i = 0; i < size; i += 4096) memory[i] = 1;
    unsigned long sum = 0;
    for (size_t i = 0; i < size; i += 4096) sum += memory[i];
    return sum == size / 4096 ? 0 : 4;
}
