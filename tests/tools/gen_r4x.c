/*
 * NAME
 *	gen_r4x - write a synthetic Enedis R4x load-curve file (5-minute steps, many PRMs)
 * SYNOPSIS
 *	gen_r4x [-p PRMS | --target-bytes N] [--seed N] [-o OUT]
 * DESCRIPTION
 *	Streams one R4x document (root Courbe, Entete with Identifiant_Flux R4x, as in
 *	samples/enedis/) holding one Corps per PRM: distinct 14-digit PRMs, each with one
 *	Donnees_Courbe (Granularite 5, kW, CONS, EA) covering the whole week of Saturday
 *	2026-01-10 to Friday 2026-01-16 (Europe/Paris, all +01:00: no DST change), one
 *	Donnees_Point_Mesure per 5-minute step (2016 per PRM), stamped at the start of the step
 *	in local time with its offset, with an integer Valeur_Point and Statut_Point R.
 *	fmt_enedis judges it as one cdc document: one Series per PRM, a complete week S, no
 *	missing step (ENEDIS-NO-PERIMETER is the only warning `passerelle check` gives).
 *
 *	-p PRMS		number of PRMs (Corps elements; default 10).
 *	--target-bytes N	instead of -p: add PRMs until the output reaches about N bytes
 *			(suffix K, M or G = KiB, MiB, GiB; overshoot at most one PRM, ~250 KB).
 *	--seed N	seed of the deterministic values (default 1): same options, same bytes.
 *	-o OUT		output file (default standard output).
 *
 *	Memory is constant (a fixed 1 MiB output buffer): files of many GiB can be written.
 * DIAGNOSTICS
 *	Exit 0 on success; 2 on a usage error; 1 when the output cannot be written (OUT is then
 *	partial and should be removed by the caller).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R4X_OUTBUF (1u << 20)
#define R4X_STEPS  (7 * 24 * 12) /* a week of 5-minute steps */

static char outbuf[R4X_OUTBUF];
static size_t outlen;
static uint64_t outtotal;
static FILE *outfp;
static const char *outname = "<stdout>";

static void __attribute__((noreturn, format(printf, 2, 3))) die(int rc, const char *fmt, ...)
{
    va_list ap;

    fputs("gen_r4x: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(rc);
}

static void
out_flush(void)
{
    if (outlen > 0 && fwrite(outbuf, 1, outlen, outfp) != outlen)
        die(1, "%s: write: %s", outname, strerror(errno));
    outlen = 0;
}

/* out_mem - append n bytes (n is always far below the buffer size here) */
static void
out_mem(const char *s, size_t n)
{
    if (R4X_OUTBUF - outlen < n)
        out_flush();
    memcpy(outbuf + outlen, s, n);
    outlen += n;
    outtotal += n;
}

static void
out_str(const char *s)
{
    out_mem(s, strlen(s));
}

/* out_pad - v in decimal, zero-padded to width digits (at most 20) */
static void
out_pad(uint64_t v, size_t width)
{
    char tmp[20];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 && i > 0);
    while (sizeof(tmp) - i < width && i > 0)
        tmp[--i] = '0';
    out_mem(tmp + i, sizeof(tmp) - i);
}

static uint64_t rng_state;

static void
rng_seed(uint64_t seed)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull;

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    rng_state = (z ^ (z >> 31)) | 1;
}

static uint64_t
rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

/* parse_size - "123", "10K", "200M", "1G" in bytes; 0 on error */
static uint64_t
parse_size(const char *s)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s)
        return 0;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    else if (*end == 'G' || *end == 'g')
        v <<= 30, end++;
    return *end == '\0' ? (uint64_t)v : 0;
}

/* stamp - "2026-01-DDTHH:MM:00+01:00" for step i of the week starting 2026-01-10 00:00 local */
static void
stamp(int i)
{
    int day = 10 + i / 288, m = (i % 288) * 5;

    out_str("2026-01-");
    out_pad((uint64_t)day, 2);
    out_mem("T", 1);
    out_pad((uint64_t)(m / 60), 2);
    out_mem(":", 1);
    out_pad((uint64_t)(m % 60), 2);
    out_str(":00+01:00");
}

static void
prm_block(uint64_t k)
{
    uint64_t base = 20 + rng_next() % 400;

    out_str("<Corps><Identifiant_PRM>");
    out_pad(30001000000000ull + k, 14);
    out_str("</Identifiant_PRM>\n<Donnees_Courbe><Horodatage_Debut>2026-01-10T00:00:00+01:00"
            "</Horodatage_Debut><Horodatage_Fin>2026-01-16T23:59:59+01:00</Horodatage_Fin>"
            "<Granularite>5</Granularite><Unite_Mesure>kW</Unite_Mesure><Grandeur_Metier>CONS"
            "</Grandeur_Metier><Grandeur_Physique>EA</Grandeur_Physique>\n");
    for (int i = 0; i < R4X_STEPS; i++) {
        out_str("<Donnees_Point_Mesure Horodatage =\"");
        stamp(i);
        out_str("\" Valeur_Point =\"");
        out_pad(base + (uint64_t)(i % 288) / 4 + rng_next() % 16, 1);
        out_str("\" Statut_Point =\"R\"></Donnees_Point_Mesure>\n");
    }
    out_str("</Donnees_Courbe>\n</Corps>\n");
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {{"target-bytes", required_argument, NULL, 't'},
                                             {"seed", required_argument, NULL, 'S'},
                                             {NULL, 0, NULL, 0}};
    uint64_t prms = 10, target = 0, seed = 1, k;
    int c;
    char *end;

    outfp = stdout;
    while ((c = getopt_long(argc, argv, "p:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            prms = strtoull(optarg, &end, 10);
            if (*end != '\0' || prms == 0 || prms > 999999)
                die(2, "-p: 1..999999 PRMs expected, not \"%s\"", optarg);
            break;
        case 't':
            if ((target = parse_size(optarg)) == 0)
                die(2, "--target-bytes: a size such as 10M expected, not \"%s\"", optarg);
            break;
        case 'S':
            seed = strtoull(optarg, &end, 10);
            if (*end != '\0')
                die(2, "--seed: a number expected, not \"%s\"", optarg);
            break;
        case 'o':
            outname = optarg;
            if ((outfp = fopen(optarg, "w")) == NULL)
                die(1, "%s: %s", optarg, strerror(errno));
            break;
        default:
            fputs("usage: gen_r4x [-p PRMS | --target-bytes N] [--seed N] [-o OUT]\n", stderr);
            return 2;
        }
    }
    if (optind != argc)
        die(2, "unexpected argument \"%s\"", argv[optind]);
    rng_seed(seed);
    out_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Courbe>\n<Entete><Identifiant_Flux>R4x"
            "</Identifiant_Flux><Libelle_Flux>Flux de courbes de charge R4x</Libelle_Flux>"
            "<Identifiant_Emetteur>ENEDIS</Identifiant_Emetteur><Identifiant_Destinataire>"
            "2617347</Identifiant_Destinataire><Date_Creation>2026-01-20T03:36:48+01:00"
            "</Date_Creation><Frequence_Publication>Q</Frequence_Publication>"
            "<Reference_Demande>71000001</Reference_Demande><Nature_De_Courbe_Demandee>Brute"
            "</Nature_De_Courbe_Demandee></Entete>\n");
    for (k = 1; target > 0 ? outtotal < target : k <= prms; k++) {
        if (k > 999999)
            die(2, "--target-bytes: more than 999999 PRMs needed");
        prm_block(k);
    }
    out_str("</Courbe>\n");
    out_flush();
    if (fflush(outfp) != 0 || (outfp != stdout && fclose(outfp) != 0))
        die(1, "%s: %s", outname, strerror(errno));
    return 0;
}
