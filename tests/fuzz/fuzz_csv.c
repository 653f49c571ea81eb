/* fuzz_csv - libFuzzer target: the CSV reader and the cdc CSV form (fmt_csv_check_fd, as
 * fmt_check_fd calls it for a `#passerelle cdc 1` first line) on arbitrary bytes in a memfd.
 * Built by `make fuzz` (clang -fsanitize=fuzzer,address,undefined). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fmt.h"
#include "fmt_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fmt_report rep;
    struct fmt_opts o;
    size_t off = 0;

    if (fd < 0 && (fd = memfd_create("fuzz_csv", MFD_CLOEXEC)) < 0)
        abort();
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
    fmt_opts_default(&o);
    o.max_file_size = 1u << 20;
    fmt_report_init(&rep, 50);
    (void)fmt_csv_check_fd(&o, "cdc", fd, &rep);
    fmt_report_free(&rep);
    return 0;
}
