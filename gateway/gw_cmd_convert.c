/* gw_cmd_convert - passerelle convert IN OUT: a document from its CSV form to XML or back.
 *
 * DESCRIPTION
 *	The input is judged first, exactly as `passerelle check` does; a rejected document is
 *	not converted (its reasons go to stderr, exit 1). Otherwise the document is written in
 *	its other form (CSV in: XML out; XML in: CSV out), streamed both ways, to a temporary
 *	name beside OUT (".<name>.<pid>.tmp", exclusive create), flushed, fsynced, closed with a
 *	check and renamed over OUT; OUT "-" is standard output. Warnings (missing steps) are
 *	printed to stderr and do not stop the conversion.
 * DIAGNOSTICS
 *	Exit 0 converted; 1 the input is rejected, or its flow has no CSV form (yet); 2 usage,
 *	configuration or I/O error (OUT is then left untouched).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "fmt_convert.h"
#include "gw_cmd.h"
#include "gw_conf.h"

#define OUT_BUFSIZE (256 * 1024)

/* conv_reasons - the verdict and reasons on stderr, as `check` prints them */
static void
conv_reasons(const char *file, const struct fmt_report *rep)
{
    size_t i;

    fprintf(stderr, "%s: %s (%zu error%s, %zu warning%s)\n", file,
            fmt_status_name(fmt_report_status(rep)), rep->nerrors, rep->nerrors == 1 ? "" : "s",
            rep->nwarnings, rep->nwarnings == 1 ? "" : "s");
    for (i = 0; i < rep->nreasons; i++) {
        const struct fmt_reason *r = &rep->reasons[i];

        if (r->line > 0)
            fprintf(stderr, "%s:%ld: ", file, r->line);
        else
            fprintf(stderr, "%s: ", file);
        fprintf(stderr, "%s: %s: %s [%s]\n", r->severity == FMT_SEV_ERROR ? "error" : "warning",
                r->code, r->text ? r->text : "", r->rule);
    }
}

/* conv_write - convert into out (already open); 0, or -1 with errno */
static int
conv_write(const char *flow, enum fmt_form form, int fd, FILE *out)
{
    if (fmt_convert_fd(flow, form, fd, out) < 0)
        return -1;
    if (fflush(out) != 0 || ferror(out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

/* conv_to_file - temp name beside path, write, fsync, checked close, rename, fsync dir */
static int
conv_to_file(const char *flow, enum fmt_form form, int fd, const char *path)
{
    char *d1 = NULL, *d2 = NULL, tmp[4096];
    const char *dir, *base;
    FILE *out = NULL;
    int ofd = -1, dfd = -1, ret = -1, saved;

    if ((d1 = strdup(path)) == NULL || (d2 = strdup(path)) == NULL)
        goto out;
    dir = dirname(d1);
    base = basename(d2);
    if (snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir, base, (long)getpid()) >=
        (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        goto out;
    }
    if ((ofd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0)
        goto out;
    if ((out = fdopen(ofd, "w")) == NULL)
        goto fail;
    ofd = -1;
    (void)setvbuf(out, NULL, _IOFBF, OUT_BUFSIZE);
    if (conv_write(flow, form, fd, out) < 0 || fsync(fileno(out)) < 0)
        goto fail;
    if (fclose(out) != 0) {
        out = NULL;
        goto fail;
    }
    out = NULL;
    if (rename(tmp, path) < 0)
        goto fail;
    if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
        (void)fsync(dfd);
    ret = 0;
    goto out;
fail:
    saved = errno;
    if (out != NULL)
        fclose(out);
    out = NULL;
    (void)unlink(tmp);
    errno = saved;
out:
    saved = errno;
    if (ofd >= 0)
        close(ofd);
    if (dfd >= 0)
        close(dfd);
    free(d1);
    free(d2);
    errno = saved;
    return ret;
}

int
cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {{"config", required_argument, NULL, 'c'}, {0}};
    const char *confopt = NULL, *in, *outpath;
    struct fmt_ctx *ctx = NULL;
    struct fmt_report rep;
    struct fmt_opts fo;
    struct gw_conf conf;
    struct stat st;
    enum fmt_form form;
    char err[1024];
    int ch, fd = -1, rc = 2;

    while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
        if (ch != 'c')
            goto usage;
        confopt = optarg;
    }
    if (argc - optind != 2)
        goto usage;
    in = argv[optind];
    outpath = argv[optind + 1];
    if (conf_load(cmd_conf_path(confopt), &conf, err, sizeof(err)) < 0) {
        fprintf(stderr, "passerelle: %s\n", err);
        return 2;
    }
    fmt_opts_default(&fo);
    fo.max_file_size = conf.max_file_size;
    fo.week_start = (int)conf.week_start;
    fo.max_reasons = (size_t)conf.max_reasons;
    fmt_report_init(&rep, fo.max_reasons);
    if ((ctx = fmt_ctx_new(conf_xsd_dir(&conf), &fo, err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: schemas: %s\n", err);
        goto out;
    }
    fd = open(in, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "passerelle: %s: %s\n", in,
                fd < 0 ? strerror(errno) : "not a regular file");
        goto out;
    }
    if (fmt_check_fd(ctx, fd, &rep) < 0 || fmt_form_fd(fd, &form) < 0) {
        fprintf(stderr, "passerelle: %s: read: %s\n", in, strerror(errno));
        goto out;
    }
    if (fmt_report_status(&rep) == FMT_REJECTED) {
        conv_reasons(in, &rep);
        fprintf(stderr, "passerelle: %s: rejected, not converted\n", in);
        rc = 1;
        goto out;
    }
    if (rep.nreasons > 0)
        conv_reasons(in, &rep);
    errno = 0;
    if (strcmp(outpath, "-") == 0 ? conv_write(rep.flow, form, fd, stdout)
                                  : conv_to_file(rep.flow, form, fd, outpath)) {
        if (errno == ENOTSUP) {
            fprintf(stderr, "passerelle: %s: flow \"%s\" has no CSV form (yet)\n", in, rep.flow);
            rc = 1;
        } else {
            fprintf(stderr, "passerelle: %s -> %s: %s\n", in, outpath, strerror(errno));
        }
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    fmt_report_free(&rep);
    fmt_ctx_free(ctx);
    conf_free(&conf);
    return rc;
usage:
    fprintf(stderr, "usage: passerelle convert [-c FILE] IN OUT\n");
    return 2;
}
