/* gw_notify - see gw_notify.h */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "gw_notify.h"

int
gw_notify(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un sa;
    size_t len, n = strlen(state);
    socklen_t salen;
    ssize_t w;
    int fd, saved;

    if (path == NULL || *path == '\0')
        return 0;
    len = strlen(path);
    /* A path, or '@' for an abstract name (a leading NUL byte); nothing else is valid. */
    if ((path[0] != '/' && path[0] != '@') || len < 2 || len >= sizeof(sa.sun_path)) {
        errno = EINVAL;
        return -1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, len);
    if (path[0] == '@')
        sa.sun_path[0] = '\0';
    salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (path[0] == '/'));
    if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
        return -1;
    do
        w = sendto(fd, state, n, MSG_NOSIGNAL, (struct sockaddr *)&sa, salen);
    while (w < 0 && errno == EINTR);
    saved = errno;
    close(fd);
    errno = saved;
    return w == (ssize_t)n ? 1 : -1;
}
