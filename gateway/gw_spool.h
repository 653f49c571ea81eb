/* gw_spool - the spool tree and the only code that renames, links or unlinks spool files.
 *   in/<sender>/   senders drop files here (rename into place, or upload in place)
 *   work/<id>      claimed, being judged (id = ledger id)
 *   ack/<sender>/  acknowledgements, <name>.ack.xml (and <name>.delivered.ack.xml)
 *   rejected/      <id>.<name> and its acknowledgement <id>.<name>.ack.xml
 *   out/<dest>/<id> one hard link per destination still to deliver
 *   archive/<id>   accepted (and late, duplicate) documents, kept for resend and audit
 *   bundles/       sealed per-period bundles for RTE (<flow>_<period>.tar.gz + .sha256)
 * Every move is rename/link + fsync of the directories (gw_fs). Functions return 0 or -1 with
 * errno; none exits. Names from senders are untrusted: spool_name_ok() before any use. */
#ifndef GW_SPOOL_H
#define GW_SPOOL_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/stat.h>

struct spool {
    char *root;
    int rootfd, infd, workfd, ackfd, rejfd, outfd, archfd, lockfd, bundfd;
};

/* spool_open - create the tree if needed (mode 0750) and open its folders. NULL + err. */
struct spool *spool_open(const char *root, char *err, size_t errlen);
void spool_close(struct spool *sp);
/* spool_lock - exclusive lock on <root>/.lock: -1 with EWOULDBLOCK when another daemon has it. */
int spool_lock(struct spool *sp);

/* spool_in_progress - names senders use while uploading: leading '.', or .part/.tmp suffix. */
int spool_in_progress(const char *name);
/* spool_name_ok - 1-200 of [A-Za-z0-9._-], no leading '.', not "." or "..". */
int spool_name_ok(const char *name);

/* spool_claim - rename in/<sender>/<name> to work/<id>, durably. */
int spool_claim(struct spool *sp, int senderfd, const char *name, int64_t id);
/* spool_open_work - open work/<id> read-only, refusing anything but a regular file with one
 * link, without opening it: -1 with ELOOP (symlink), EISDIR, EINVAL (FIFO, device, socket) or
 * EMLINK (hard link). *st filled. */
int spool_open_work(struct spool *sp, int64_t id, struct stat *st);
int spool_work_exists(struct spool *sp, int64_t id);
/* spool_reject - work/<id> to rejected/<id>.<name>, with a copy of the ack beside it. */
int spool_reject(struct spool *sp, int64_t id, const char *name, const char *ack, size_t acklen);
/* spool_archive - work/<id> to archive/<id>. ENOENT when already moved. */
int spool_archive(struct spool *sp, int64_t id);
/* spool_queue - hard link work/<id> as out/<dest>/<id> (EEXIST counts as done). */
int spool_queue(struct spool *sp, int64_t id, const char *dest);
/* spool_queue_filtered - out/<dest>/<id> written (durably) by write() from work/<id>: a part of
 * the document for one receiver. write returns the number of parts kept (> 0), 0 when nothing
 * is for that receiver (then nothing is queued and 0 is returned), or -1. 1 when queued. */
int spool_queue_filtered(struct spool *sp, int64_t id, const char *dest,
                         int (*write)(int in, FILE *out, void *arg), void *arg);
/* spool_queue_archived - hard link archive/<id> as out/<dest>/<id> (a resend; EEXIST is done). */
int spool_queue_archived(struct spool *sp, int64_t id, const char *dest);
/* spool_open_out - open out/<dest>/<id> for delivery. */
int spool_open_out(struct spool *sp, int64_t id, const char *dest);
/* spool_dequeue - remove out/<dest>/<id> once delivered. */
int spool_dequeue(struct spool *sp, int64_t id, const char *dest);
/* spool_write_ack - publish ack/<sender>/<ackname> durably. */
int spool_write_ack(struct spool *sp, const char *sender, const char *ackname, const char *data,
                    size_t len);

#endif
