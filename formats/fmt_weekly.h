/* fmt_weekly - the weekly flows sent with the load curves, and what they share with contestation.
 * eif-activations (urn:passerelle:eif-activations:1, 2.F.3.3.4.2): the activation periods of EIF
 * offers in week S; flexloc (urn:passerelle:flexloc:1, 2.L.2.2.3): local-flexibility volumes per
 * EDA, one value per 5-minute step. Both due Friday 12:00 of week S+1 (cal_deadline_ws with
 * fmt_opts.week_start). Checked in the schema's streaming pass; memory: the set of EDAs (flexloc)
 * and a fixed per-series bitmap, nothing per point. Fills rep->mrid, revision, sender, receiver,
 * period (week@start) and deadline. The helpers return 0/1 or an enum; nothing is logged. */
#ifndef FMT_WEEKLY_H
#define FMT_WEEKLY_H

#include <time.h>

#include "fmt.h"
#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_eif_activations_flow;
extern const struct fmt_xml_flow fmt_flexloc_flow;

/* fmt_weekly_instant - attribute a (may be NULL) as "YYYY-MM-DDTHH:MMZ" (the UTCMinutes type).
 * FMT_INST_OK and *out set; FMT_INST_SYNTAX when absent or off the pattern (the schema says
 * so); FMT_INST_UNREAL when it matches but names no real instant of 1996-2099. */
enum fmt_instant { FMT_INST_OK, FMT_INST_SYNTAX, FMT_INST_UNREAL };
enum fmt_instant fmt_weekly_instant(const struct fmt_xml_attr *a, time_t *out);

/* fmt_weekly_week - week@start (attribute a, may be NULL): rep->period = the date, and when it
 * is the first day of a week (opts->week_start) the UTC bounds of that local week into *wstart,
 * *wend and rep->deadline = cal_deadline_ws(flow, ...). A date on another weekday, or outside
 * the supported years, is reported as `code` on line. 1 when the bounds are set, else 0. */
int fmt_weekly_week(struct fmt_report *rep, const char *flow, const struct fmt_opts *opts,
                    const char *code, const struct fmt_xml_attr *a, long line, time_t *wstart,
                    time_t *wend);

#endif
