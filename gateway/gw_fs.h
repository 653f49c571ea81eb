/* gw_fs - the one durable-write helper, and the few file-system moves the spool needs.
 * Every function returns 0 or -1 with errno preserved; none exits. A final name never points
 * at a partial file: data goes to ".tmp.<name>.<pid>", fsync, checked close, rename, fsync dir. */
#ifndef GW_FS_H
#define GW_FS_H

#include <stddef.h>
#include <sys/types.h>

/* gw_fs_write_atomic - publish len bytes as dirfd/name (replacing any older file). */
int gw_fs_write_atomic(int dirfd, const char *name, const void *data, size_t len);
/* gw_fs_rename - renameat + fsync of both directories (once if the same). */
int gw_fs_rename(int olddirfd, const char *oldname, int newdirfd, const char *newname);
/* gw_fs_link - linkat (never clobbers: EEXIST) + fsync of the target directory. */
int gw_fs_link(int olddirfd, const char *oldname, int newdirfd, const char *newname);
/* gw_fs_unlink - unlinkat + fsync of the directory; ENOENT counts as success. */
int gw_fs_unlink(int dirfd, const char *name);
/* gw_fs_mkdirs - mkdir -p with mode (relative to cwd or absolute). */
int gw_fs_mkdirs(const char *path, mode_t mode);
/* gw_fs_open_dir - open a directory O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC; -1 on error. */
int gw_fs_open_dir(int dirfd, const char *path);
/* gw_fs_tmp_open - start a durable file written by the caller through the returned fd (for
 * writers that need an fd, e.g. libarchive): opens dirfd/".tmp.<name>.<pid>" exclusively; tmp
 * receives that name (at least NAME_MAX+1 bytes). Finish with gw_fs_tmp_commit (fsync, checked
 * close, rename to name, fsync dir) or gw_fs_tmp_abort (close, unlink). */
int gw_fs_tmp_open(int dirfd, const char *name, char *tmp, size_t tmpsize);
int gw_fs_tmp_commit(int fd, int dirfd, const char *tmp, const char *name);
void gw_fs_tmp_abort(int fd, int dirfd, const char *tmp);
/* gw_fs_copy_fd - copy all of in (from offset 0) into a new durable dirfd/name. */
int gw_fs_copy_atomic(int in, int dirfd, const char *name);

#endif
