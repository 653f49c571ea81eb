/* sftp_put - test and demo CLI around gw_sftp: push one local file to one SFTP destination.
 * Usage: sftp_put HOST PORT USER KEY KNOWN_HOSTS REMOTE_DIR LOCALFILE FINALNAME
 * Exit status is the enum sftp_result value (0 = delivered); the cause goes to stderr.
 * Environment: SFTP_TIMEOUT (seconds, default 10). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_log.h"
#include "gw_sftp.h"

int
main(int argc, char **argv)
{
    struct sftp_dest d;
    struct sftp_conn *c = NULL;
    enum sftp_result r;
    char err[1024] = "";
    const char *tmo = getenv("SFTP_TIMEOUT");
    int fd;

    if (argc != 9) {
        fprintf(stderr, "usage: sftp_put HOST PORT USER KEY KNOWN_HOSTS REMOTE_DIR LOCALFILE "
                        "FINALNAME\n");
        return 64;
    }
    log_init("sftp_put", 0, LOG_LVL_INFO);
    memset(&d, 0, sizeof(d));
    d.name = "test";
    d.host = argv[1];
    d.port = atoi(argv[2]);
    d.user = argv[3];
    d.key = argv[4];
    d.known_hosts = argv[5];
    d.remote_dir = argv[6];
    d.timeout = tmo != NULL ? atoi(tmo) : 10;
    if ((fd = open(argv[7], O_RDONLY | O_CLOEXEC)) == -1) {
        perror(argv[7]);
        return SFTP_ELOCAL;
    }
    r = sftp_connect(&d, &c, err, sizeof(err));
    if (r == SFTP_OK) {
        r = sftp_put(c, fd, argv[8], err, sizeof(err));
        sftp_close(c);
    }
    close(fd);
    if (r != SFTP_OK)
        fprintf(stderr, "sftp_put: %s: %s\n", sftp_result_name(r), err);
    return (int)r;
}
