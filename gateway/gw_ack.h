/* gw_ack - acknowledgements (urn:passerelle:ack:1, root Accuse, xsd/ack.xsd), built from the
 * ledger only (the file's row and its stored reasons), so that an acknowledgement rewritten after
 * a crash says exactly what the first one said. 0 or -1; none exits. */
#ifndef GW_ACK_H
#define GW_ACK_H

#include <stddef.h>
#include <time.h>

#include "gw_buf.h"
#include "gw_ledger.h"

/* ack_build - append the document to out; status is the ack's status element. */
int ack_build(struct ledger *lg, const struct ledger_file *f, const char *status, time_t now,
              struct gw_buf *out);
/* ack_name - "<name>.ack.xml", or "<name>.delivered.ack.xml" for the second acknowledgement. */
int ack_name(const struct ledger_file *f, int delivered, char *buf, size_t size);

#endif
