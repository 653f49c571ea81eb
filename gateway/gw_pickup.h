/* gw_pickup - find the files senders have finished uploading in in/<sender>/.
 * inotify tells us early (one watch on in/ and one per sender folder); a periodic rescan is the
 * safety net. Names starting with '.' or ending in .part/.tmp are uploads in progress: left
 * alone. Any other file is taken only once it has been closed (when the kernel can tell: a read
 * lease is refused while a writer holds the file open) and has stayed unchanged (mtime and
 * ctime) for quiet_period seconds. Errors are logged; nothing here is fatal after pickup_new. */
#ifndef GW_PICKUP_H
#define GW_PICKUP_H

#include <time.h>

#include "gw_queue.h"

struct pickup;

/* pickup_new - start watching (NULL, errno, when inotify is unavailable: rescans only). */
struct pickup *pickup_new(struct gw *g);
void pickup_free(struct pickup *p);
/* pickup_fd - the descriptor to poll for events, -1 without inotify. */
int pickup_fd(const struct pickup *p);
/* pickup_drain - consume pending events (adds watches for new sender folders). */
void pickup_drain(struct pickup *p);

/* pickup_scan - one pass over every inbox: take each ready file (queue_take). Returns the
 * number of files seen but not ready yet, and *next_ready the earliest instant one of them
 * could become ready (unchanged if none). *taken counts the files taken. */
int pickup_scan(struct gw *g, time_t *next_ready, int *taken, volatile int *stop);

#endif
