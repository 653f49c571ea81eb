/* gw_crash - see gw_crash.h */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_crash.h"

void
gw_crashpoint(const char *name)
{
    static const char *at;
    static int init;

    if (!init) {
        at = getenv("PASSERELLE_CRASH_AT");
        init = 1;
    }
    if (at && strcmp(at, name) == 0)
        _exit(GW_CRASH_STATUS);
}
