/* fuzz_fmt - libFuzzer target: fmt_check_fd (recognise the flow, then check it as a stream:
 * every XML flow with its XSD, the CSV forms, Enedis R4x/R50) on arbitrary bytes held in a
 * memfd. The schemas come from $PASSERELLE_XSD_DIR, else ./xsd (run from the repository).
 * Built by `make fuzz` (clang -fsanitize=fuzzer,address,undefined). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fmt_ctx *ctx;
static int fd = -1;

/* fuzz_init - load the schemas and make the memfd once */
static void
fuzz_init(void)
{
    const char *dir = getenv("PASSERELLE_XSD_DIR");
    struct fmt_opts o;
    char err[512];

    fmt_opts_default(&o);
    o.max_file_size = 1u << 20;
    ctx = fmt_ctx_new(dir ? dir : "xsd", &o, err, sizeof(err));
    if (ctx == NULL) {
        fprintf(stderr, "fuzz_fmt: %s\n", err);
        abort();
    }
    if ((fd = memfd_create("fuzz_fmt", MFD_CLOEXEC)) < 0) {
        perror("fuzz_fmt: memfd_create");
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fmt_report rep;
    size_t off = 0;

    if (ctx == NULL)
        fuzz_init();
    if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
        abort();
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);

        if (n <= 0)
            abort();
        off += (size_t)n;
    }
    if (lseek(fd, 0, SEEK_SET) < 0)
        abort();
    fmt_report_init(&rep, 50);
    (void)fmt_check_fd(ctx, fd, &rep);
    (void)fmt_report_status(&rep);
    fmt_report_free(&rep);
    return 0;
}
