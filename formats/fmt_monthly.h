/* fmt_monthly - what the monthly GRD flows share: perimetre, facteur-impact, eif-sites and
 * sites-j1 (all due "5 Jours Ouvrés au moins avant la fin du Mois M").
 * The common header (mRID, revision, sender, receiver) into the report with EIC checks, the
 * month M into rep->period and rep->deadline, the EIC check of an attribute, and a small
 * keyed set (fmt_keymap) for the "one row per key" rules. Nothing logged; allocation failure
 * is -1/ENOMEM. A keymap owns its entries; pointers into it live until the next insert. */
#ifndef FMT_MONTHLY_H
#define FMT_MONTHLY_H

#include <stddef.h>

#include "cal_holidays.h"
#include "fmt.h"
#include "fmt_xml.h"

/* Longest key of a keymap (an EDA id, '\0', a substation code: 35 + 1 + 35). */
#define FMT_KEY_MAX 72

/* fmt_monthly_header - the end of a header element (mRID, revision, sender, receiver): its
 * value into rep, EIC-CHECK for a sender or receiver with a wrong check character. Values the
 * schema refuses are left out silently (the XSD reason says it). 1 when name was a header
 * element, else 0. */
int fmt_monthly_header(struct fmt_report *rep, const char *name, const char *text, size_t len,
                       long line);

/* fmt_monthly_month - a YYYY-MM text; `shift` months are added (-1 for an effectiveMonth
 * M+1) to get month M, written to rep->period ("YYYY-MM"), and rep->deadline set to flow's
 * deadline for M by cal_deadline() with holidays h (NULL: the built-in list): the end of the
 * Jour Ouvré preceding the last 5 Jours Ouvrés of M. 0 and *y, *mo set (month M), or -1
 * when the text is not a month (the schema says so; nothing reported). */
int fmt_monthly_month(struct fmt_report *rep, const char *flow, const struct cal_holidays *h,
                      const char *text, size_t len, int shift, int *y, int *mo);

/* fmt_monthly_eic - EIC-CHECK when attribute a (may be NULL) is an EIC with a wrong check
 * character; `what` names it in the message ("site 300...: @re"). 1 when a is a valid EIC,
 * else 0. */
int fmt_monthly_eic(struct fmt_report *rep, const struct fmt_xml_attr *a, const char *what,
                    long line);

/* fmt_monthly_attr_eq - attribute a (may be NULL) is exactly the word s */
int fmt_monthly_attr_eq(const struct fmt_xml_attr *a, const char *s);

/* A set of keys of at most FMT_KEY_MAX bytes, each with a line and `valsize` bytes of the
 * caller's data (zeroed on insertion). Memory grows with the number of distinct keys only. */
struct fmt_keymap;

/* fmt_keymap_new - NULL with ENOMEM. fmt_keymap_free(NULL) does nothing. */
struct fmt_keymap *fmt_keymap_new(size_t valsize);
void fmt_keymap_free(struct fmt_keymap *m);

/* fmt_keymap_put - find or add key[0..len) (len <= FMT_KEY_MAX, else EINVAL).
 * 1: added with *linep = line; 0: already there, *linep = the line it was added with.
 * Both set *valp (if not NULL) to the key's data, valid until the next put. -1: errno. */
int fmt_keymap_put(struct fmt_keymap *m, const char *key, size_t len, long line, long *linep,
                   void **valp);
size_t fmt_keymap_count(const struct fmt_keymap *m);

#endif
