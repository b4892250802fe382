#include <stdiox.h>

int main(void)
{
    return 0;
}
