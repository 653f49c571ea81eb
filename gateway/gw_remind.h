/* gw_remind - reminders before a deadline. At each lead time of the option `reminders` before
 * the deadline of a load-curve week, every sender of the reference perimeter that still has
 * steps missing in week S gets a reminder document (urn:passerelle:reminder:1, root Rappel,
 * xsd/reminder.xsd) in its acknowledgement folder, ack/<inbox>/reminder-<flow>-<period>-<lead>.xml:
 * the deadline, the lead time, and per site its EDA, the number of missing steps and the first
 * runs of them, which the gateway will substitute by zero at the deadline. Once per (sender,
 * flow, period, lead), recorded in the ledger (a restart never sends it twice); a sender with
 * nothing missing gets nothing. Errors are logged and returned; none is fatal. */
#ifndef GW_REMIND_H
#define GW_REMIND_H

#include <stddef.h>
#include <time.h>

#include "gw_board.h"
#include "gw_buf.h"
#include "gw_queue.h"

/* remind_run - write the reminders due at now. Returns how many were written, -1 on error;
 * *next (when not NULL) receives the next instant a reminder falls due, 0 when none. When the
 * daemon was away past a lead, only the shortest lead already reached is sent. */
int remind_run(struct gw *g, time_t now, time_t *next);
/* remind_lead_name - "24h", "3h", "90m" -> "1h30m": the lead as in the file name. */
void remind_lead_name(long lead, char *buf, size_t size);
/* remind_build - the reminder of row r (a perimeter sender of load-curve week p) for lead. */
int remind_build(const struct board_period *p, const struct board_row *r, long lead, time_t now,
                 struct gw_buf *out);

#endif
