/* fmt_ids - identifiers of parties and sites: EIC codes and 14-digit PRM/PDL.
 * Pure functions of their arguments; nothing allocated, nothing logged. Lengths are explicit
 * so attribute values can be checked in place (they are not NUL-terminated in a SAX stream).
 * EIC: 16 characters of [A-Z0-9-]; the last is the ENTSO-E check character (weighted mod 37
 * over the first 15). PRM: exactly 14 ASCII digits, kept as a uint64_t. */
#ifndef FMT_IDS_H
#define FMT_IDS_H

#include <stddef.h>
#include <stdint.h>

#define FMT_EIC_LEN 16
#define FMT_PRM_LEN 14

/* fmt_eic_check_char - the check character of the 15 characters at s; 0 when one of them
 * is not in [A-Z0-9-]. */
char fmt_eic_check_char(const char *s);

/* fmt_eic_syntax - 1 when s[0..len) is 16 characters of [A-Z0-9-], else 0. */
int fmt_eic_syntax(const char *s, size_t len);

/* fmt_eic_valid - 1 when s[0..len) is a syntactically valid EIC with the right check
 * character, else 0. */
int fmt_eic_valid(const char *s, size_t len);

/* fmt_prm_parse - s[0..len) is exactly 14 digits: 0 and *out set. -1 (EINVAL) otherwise. */
int fmt_prm_parse(const char *s, size_t len, uint64_t *out);

#endif
