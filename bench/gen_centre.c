/* gen_centre — writes a synthetic centre as bulk.import NDJSON (docs/bulk.md): N registrations
 * on one qualification, each with 7–9 of its units and about 20 evidence items: items spread
 * over them (each claiming 2–4 requirements of one unit) and, on about half of the units, an
 * assessment record claiming all of the unit's requirements, a summative decision relying on it and
 * a sign-off: what unit.signoff, and so bulk.import, accepts. Deterministic: the same arguments
 * give the same file.
 *
 *   gen_centre --units FILE --qualification CG:3412-05 --registrations 100000 \
 *              --assessors 1,2,3 --ivs 4,5 [--seed 1] > centre.ndjson
 *
 * FILE lists the qualification's units, one a line: the unit number, then its criterion and
 * range item references ("411 411:1.1 411:1.2 ... 411:ER4:a ..."); bench/centre.sh makes it
 * with assessctl.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct unit {
    char number[16];
    char **refs;
    int nrefs;
} unit;

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int pick(int n)
{
    return (int)(next() % (uint64_t)n);
}

static int parse_ids(const char *s, long *out, int max)
{
    int n = 0;
    while (s && *s && n < max) {
        out[n++] = strtol(s, (char **)&s, 10);
        if (*s == ',')
            s++;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *units_file = NULL, *qual = NULL, *assessors = NULL, *ivs = NULL;
    long n = 1000, seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--units"))
            units_file = argv[i + 1];
        else if (!strcmp(argv[i], "--qualification"))
            qual = argv[i + 1];
        else if (!strcmp(argv[i], "--registrations"))
            n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--assessors"))
            assessors = argv[i + 1];
        else if (!strcmp(argv[i], "--ivs"))
            ivs = argv[i + 1];
        else if (!strcmp(argv[i], "--seed"))
            seed = atol(argv[i + 1]);
    }
    if (!units_file || !qual || !assessors || !ivs) {
        fprintf(stderr, "usage: gen_centre --units FILE --qualification BODY:CODE "
                        "--registrations N --assessors 1,2 --ivs 3,4 [--seed S]\n");
        return 2;
    }
    rng ^= (uint64_t)seed * 0x9E3779B97F4A7C15ull;
    long as[64], iv[64];
    int nas = parse_ids(assessors, as, 64), niv = parse_ids(ivs, iv, 64);
    FILE *f = fopen(units_file, "r");
    if (!f) {
        perror(units_file);
        return 1;
    }
    unit units[64];
    int nu = 0;
    char line[65536];
    while (nu < 64 && fgets(line, sizeof line, f)) {
        char *tok = strtok(line, " \n");
        if (!tok)
            continue;
        unit *u = &units[nu];
        snprintf(u->number, sizeof u->number, "%s", tok);
        u->refs = NULL;
        u->nrefs = 0;
        while ((tok = strtok(NULL, " \n"))) {
            u->refs = realloc(u->refs, (size_t)(u->nrefs + 1) * sizeof *u->refs);
            u->refs[u->nrefs++] = strdup(tok);
        }
        if (u->nrefs)
            nu++;
    }
    fclose(f);
    if (nu < 9 || nas < 1 || niv < 1) {
        fprintf(stderr, "gen_centre: need at least 9 units with criteria, an assessor, an IV\n");
        return 1;
    }
    for (long r = 1; r <= n; r++) {
        int k = 7 + pick(3); /* 7-9 units */
        int chosen[64], nc = 0;
        while (nc < k) {
            int u = pick(nu);
            int dup = 0;
            for (int x = 0; x < nc; x++)
                dup |= chosen[x] == u;
            if (!dup)
                chosen[nc++] = u;
        }
        long a = as[pick(nas)], v = iv[pick(niv)];
        if (a == v)
            v = iv[(pick(niv) + 1) % niv];
        int month = 1 + pick(6), dayn = 1 + pick(28);
        printf("{\"candidate\":{\"name\":\"Candidate %ld\"},\"qualification\":\"%s\","
               "\"registered_on\":\"2014-%02d-%02d\",\"assessor\":%ld,\"iv\":%ld,\"units\":[",
               r, qual, month, dayn, a, v);
        for (int x = 0; x < nc; x++)
            printf("%s\"%s\"", x ? "," : "", units[chosen[x]].number);
        printf("],\"evidence\":[");
        /* about 20 items in all, the assessment records of the units signed off among them */
        int nev = 18 + pick(5) - (nc + 1) / 2;
        for (int e = 0; e < nev; e++) {
            const unit *u = &units[chosen[e % nc]];
            int c = 2 + pick(3);
            printf("%s{\"title\":\"Evidence %d\",\"method\":\"%s\",\"date\":\"2014-%02d-%02d\","
                   "\"location\":\"e-portfolio\",\"criteria\":[",
                   e ? "," : "", e + 1, (e % 3) ? "O" : "QC", 7 + pick(5), 1 + pick(28));
            int start = pick(u->nrefs);
            for (int x = 0; x < c && x < u->nrefs; x++)
                printf("%s\"%s\"", x ? "," : "", u->refs[(start + x) % u->nrefs]);
            printf("]}");
        }
        /* the units signed off: an assessment record of each covers all it requires */
        for (int x = 0; x < nc; x += 2) {
            const unit *u = &units[chosen[x]];
            printf(",{\"title\":\"Assessment record %s\",\"method\":\"O\",\"date\":"
                   "\"2014-11-%02d\",\"location\":\"e-portfolio\",\"criteria\":[",
                   u->number, 1 + pick(28));
            for (int r2 = 0; r2 < u->nrefs; r2++)
                printf("%s\"%s\"", r2 ? "," : "", u->refs[r2]);
            printf("]}");
        }
        printf("],\"decisions\":[");
        int nd = 0;
        for (int x = 0; x < nc; x += 2)
            printf("%s{\"unit\":\"%s\",\"outcome\":\"met\",\"kind\":\"summative\",\"date\":"
                   "\"2014-12-01\",\"justification\":\"Observed at work\",\"feedback\":\"Good\","
                   "\"evidence\":[%d]}",
                   nd++ ? "," : "", units[chosen[x]].number, nev + x / 2);
        printf("],\"signoffs\":[");
        int ns = 0;
        for (int x = 0; x < nc; x += 2)
            printf("%s{\"unit\":\"%s\",\"date\":\"2014-12-02\"}", ns++ ? "," : "",
                   units[chosen[x]].number);
        printf("]}\n");
    }
    return 0;
}
