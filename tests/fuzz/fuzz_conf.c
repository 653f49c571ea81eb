/* fuzz_conf - libFuzzer target: the configuration parser (conf_load on a private temp file,
 * then conf_print) on arbitrary bytes. Built by `make fuzz`
 * (clang -fsanitize=fuzzer,address,undefined). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gw_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];
static FILE *devnull;

/* fuzz_unlink - remove the temp file when libFuzzer exits */
static void
fuzz_unlink(void)
{
    unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gw_conf c;
    char err[1024];
    FILE *f;

    if (path[0] == '\0') {
        int fd;

        snprintf(path, sizeof(path), "/tmp/fuzz_conf.XXXXXX");
        if ((fd = mkstemp(path)) < 0) /* mode 0600: conf_load refuses group-writable files */
            abort();
        close(fd);
        atexit(fuzz_unlink);
        if ((devnull = fopen("/dev/null", "w")) == NULL)
            abort();
    }
    if ((f = fopen(path, "w")) == NULL)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
    if (conf_load(path, &c, err, sizeof(err)) == 0) {
        conf_print(&c, devnull);
        (void)conf_ledger_path(&c);
        conf_free(&c);
    }
    return 0;
}
