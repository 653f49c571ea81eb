/* gw_subst - what the gateway states itself at a deadline, before the period's bundle is sealed:
 * the zero-substituted load curves of week S (2.L.2.2.1, 2.L.2.2.2: one canonical cdc document
 * per GRD, quality S, quantity 0, and a substitution report) and the 1/n répartition keys of
 * month M (2.L.6.1.2: one ClesParDefaut document). Files are written durably into
 * spool/substitutions/ (dirfd) and handed to the caller by name, to join the bundle. Everything
 * written is a function of the ledger and the configuration only (createdDateTime is the
 * deadline): sealing the same period twice gives the same bytes.
 * Functions return 0 or -1 (logged); none exits. */
#ifndef GW_SUBST_H
#define GW_SUBST_H

#include <time.h>

#include "gw_queue.h"

/* subst_member_fn - one file written into dirfd, to become a bundle member of the same name;
 * non-zero: stop (error). */
typedef int (*subst_member_fn)(void *arg, const char *name);

struct subst_counts {
    long sites;             /* cdc: perimeter sites of week S; cles: injection EDAs of month M */
    long substituted_sites; /* cdc: sites with substituted steps; cles: EDAs given 1/n keys */
    long substituted_steps; /* cdc only */
    long documents;         /* documents written (the report not counted) */
};

/* subst_cdc_week - week (YYYY-MM-DD, week@start) whose deadline is `deadline`: for every site
 * of the perimeter in effect (day by day: a day belongs to the perimeter of its month) whose
 * curve is missing or incomplete, the zero-substituted steps, one document per GRD, and one
 * report (written whenever the perimeter has sites that week). */
int subst_cdc_week(struct gw *g, int dirfd, const char *week, time_t deadline, subst_member_fn fn,
                   void *arg, struct subst_counts *out);
/* subst_cles_month - month (YYYY-MM): every injection EDA of the perimeter in effect with more
 * than one site and no accepted keys, with its n sites at 1/n, in one ClesParDefaut document
 * (none when no EDA needs it). */
int subst_cles_month(struct gw *g, int dirfd, const char *month, time_t deadline,
                     subst_member_fn fn, void *arg, struct subst_counts *out);
/* subst_perimeter_sites - how many perimeter rows are in effect in month (YYYY-MM); with
 * injection_only, rows of injection notices only. -1 on error. */
long subst_perimeter_sites(struct gw *g, const char *month, int injection_only);

#endif
