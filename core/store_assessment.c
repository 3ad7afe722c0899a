/* store_assessment — evidence, decisions, countersignatures, sign-offs, IV samples, appeals and
 * claims. See store.h. Rows are appended; "current" means not superseded by a later row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define CURRENT(table, alias)                                                                      \
    " NOT EXISTS (SELECT 1 FROM " table " n WHERE n.supersedes = " alias ".id)"

/* The item's units and unit_refs columns (schema 6 and 7): its units, each once, in the order
 * of their first reference as the refs sort (the order of evidence_ref's key), one per line;
 * and for each of them a line of its refs in that order, as JSON strings joined by commas. */
static bool units_of(const store_evidence *e, sbuf *units, sbuf *unit_refs)
{
    size_t n = e->nrefs, *ord = malloc((n ? n : 1) * sizeof *ord), m = 0;
    char *done = calloc(n ? n : 1, 1);
    if (!ord || !done) {
        free(ord);
        free(done);
        return false;
    }
    for (size_t i = 0; i < n; i++) { /* the refs sorted, each once */
        size_t j = m;
        while (j > 0 && strcmp(e->refs[ord[j - 1]], e->refs[i]) > 0)
            j--;
        if (j > 0 && strcmp(e->refs[ord[j - 1]], e->refs[i]) == 0)
            continue;
        memmove(ord + j + 1, ord + j, (m - j) * sizeof *ord);
        ord[j] = i;
        m++;
    }
    for (size_t k = 0; k < m; k++) {
        if (done[k])
            continue;
        const char *unit = e->units[ord[k]];
        sbuf_printf(units, "%s%s", units->len ? "\n" : "", unit);
        if (k)
            sbuf_addc(unit_refs, '\n');
        for (size_t j = k, first = 1; j < m; j++) {
            if (done[j] || strcmp(e->units[ord[j]], unit) != 0)
                continue;
            done[j] = 1;
            if (!first)
                sbuf_addc(unit_refs, ',');
            first = 0;
            json_escape(unit_refs, e->refs[ord[j]], strlen(e->refs[ord[j]]));
        }
    }
    free(ord);
    free(done);
    return true;
}

int store_evidence_insert(store *s, const store_evidence *e, const char *at, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO evidence (registration, title, description, method, date, location,"
        " simulated, environment, witness, testimony, countersigned_by, countersigned_on,"
        " warnings, added_by, added_at, supersedes, units, unit_refs, evidence_type,"
        " prior_achievement) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static const char ref_sql[] =
        "INSERT INTO evidence_ref (evidence, unit, ref, pos) VALUES (?, ?, ?, ?)";
    sbuf units, unit_refs;
    sbuf_init(&units);
    sbuf_init(&unit_refs);
    if (!units_of(e, &units, &unit_refs)) {
        snprintf(s->err, sizeof s->err, "out of memory");
        return STORE_ERROR;
    }
    int rc = store__insert(
        s,
        store__query(s, sql, "Isssssbsissssisisssb", e->registration, e->title, e->description,
                     e->method, e->date, e->location, (int)e->simulated, e->environment, e->witness,
                     e->testimony_json, e->countersigned_by, e->countersigned_on, e->warnings_json,
                     e->added_by, at, e->supersedes, sbuf_cstr(&units), sbuf_cstr(&unit_refs),
                     e->evidence_type, (int)e->prior_achievement),
        id);
    sbuf_free(&units);
    sbuf_free(&unit_refs);
    int64_t pos = 0;
    for (size_t i = 0; rc == STORE_OK && i < e->nrefs; i++) {
        size_t k = 0;
        while (k < i && strcmp(e->refs[k], e->refs[i]) != 0)
            k++;
        if (k == i) /* a ref given twice is one ref */
            rc = store__done(s,
                             store__query(s, ref_sql, "IssI", *id, e->units[i], e->refs[i], pos++));
    }
    return rc == STORE_OK ? store__progress_changed(s, e->registration) : rc;
}

#define EVIDENCE_COLUMNS                                                                           \
    "SELECT e.id, e.registration, e.title, e.description, e.method, e.date, e.location,"           \
    " e.simulated AS simulated_bool, e.environment, e.witness, e.testimony AS testimony_json,"     \
    " e.countersigned_by, e.countersigned_on, e.warnings AS warnings_json, e.added_by,"            \
    " e.added_at, e.supersedes, (SELECT n.id FROM evidence n WHERE n.supersedes = e.id)"           \
    " AS superseded_by, e.evidence_type, e.prior_achievement AS prior_achievement_bool"            \
    " FROM evidence e"

/* Writes each row of st as an object with its refs; one row only when single. */
static int evidence_rows(store *s, sqlite3_stmt *st, jw *w, bool single)
{
    static const char refs[] = "SELECT ref FROM evidence_ref WHERE evidence = ? ORDER BY pos";
    int rc, n = 0;
    if (!single)
        jw_arr_begin(w);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* the row's columns, then "refs", in one object */
        sbuf row;
        sbuf_init(&row);
        jw rw;
        jw_init(&rw, &row);
        store__row_json(st, &rw);
        row.data[--row.len] = '\0'; /* reopen the object */
        jw_raw(w, row.data, row.len);
        sbuf_free(&row);
        sbuf_adds(w->out, ",\"refs\":[");
        sqlite3_stmt *r = store__query(s, refs, "I", sqlite3_column_int64(st, 0));
        if (!r) {
            sqlite3_reset(st);
            return STORE_ERROR;
        }
        bool first = true;
        while (sqlite3_step(r) == SQLITE_ROW) {
            if (!first)
                sbuf_addc(w->out, ',');
            first = false;
            json_escape(w->out, store__text(r, 0), strlen(store__text(r, 0)));
        }
        sqlite3_reset(r);
        sbuf_adds(w->out, "]}");
        n++;
        if (single)
            break;
    }
    if (!single)
        jw_arr_end(w);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store__fail(s, rc);
    return single && !n ? STORE_NOTFOUND : STORE_OK;
}

int store_evidence_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] = EVIDENCE_COLUMNS " WHERE e.registration = ? ORDER BY e.id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? evidence_rows(s, st, w, false) : STORE_ERROR;
}

int store_evidence_one_json(store *s, int64_t id, jw *w)
{
    static const char sql[] = EVIDENCE_COLUMNS " WHERE e.id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    return st ? evidence_rows(s, st, w, true) : STORE_ERROR;
}

int store_evidence_in_unit(store *s, int64_t evidence, int64_t reg, const char *unit, bool *current,
                           bool *in_unit, char date[11])
{
    static const char sql[] = "SELECT " CURRENT(
        "evidence",
        "e") ","
             " EXISTS (SELECT 1 FROM evidence_ref r WHERE r.evidence = e.id AND r.unit = ?3),"
             " e.date FROM evidence e WHERE e.id = ?1 AND e.registration = ?2";
    sqlite3_stmt *st = store__query(s, sql, "IIs", evidence, reg, unit);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        *current = sqlite3_column_int(st, 0) != 0;
        *in_unit = sqlite3_column_int(st, 1) != 0;
        snprintf(date, 11, "%s", store__text(st, 2));
        sqlite3_reset(st);
    }
    return rc;
}

int store_decision_insert(store *s, int64_t reg, const char *unit, const char *outcome,
                          const char *kind, const char *justification, const char *feedback,
                          const char *date, const char *evidence_json, int64_t assessor,
                          bool trainee, int64_t supersedes, const char *at, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO decision (registration, unit, outcome, kind, justification, feedback, date,"
        " evidence, assessor, trainee, recorded_at, supersedes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    int rc = store__insert(s,
                           store__query(s, sql, "IsssssssIbsi", reg, unit, outcome, kind,
                                        justification, feedback, date, evidence_json, assessor,
                                        (int)trainee, at, supersedes),
                           id);
    return rc == STORE_OK ? store__progress_changed(s, reg) : rc;
}

int store_decision_get(store *s, int64_t id, store_decision *out)
{
    static const char sql[] =
        "SELECT d.id, d.registration, d.assessor, d.trainee, d.unit, NOT" CURRENT(
            "decision", "d") ", d.date FROM decision d WHERE d.id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        out->id = sqlite3_column_int64(st, 0);
        out->registration = sqlite3_column_int64(st, 1);
        out->assessor = sqlite3_column_int64(st, 2);
        out->trainee = sqlite3_column_int(st, 3) != 0;
        snprintf(out->unit, sizeof out->unit, "%s", store__text(st, 4));
        out->superseded = sqlite3_column_int(st, 5) != 0;
        snprintf(out->date, sizeof out->date, "%s", store__text(st, 6));
        sqlite3_reset(st);
    }
    return rc;
}

int store_decisions_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] =
        "SELECT d.id, d.unit, d.outcome, d.kind, d.justification, d.feedback, d.date,"
        " d.evidence AS evidence_json, d.assessor, p.name AS assessor_name, d.trainee AS "
        "trainee_bool,"
        " c.person AS countersigned_by, c.date AS countersigned_on, d.recorded_at,"
        " d.supersedes, (SELECT n.id FROM decision n WHERE n.supersedes = d.id) AS superseded_by"
        " FROM decision d JOIN person p ON p.id = d.assessor"
        " LEFT JOIN countersignature c ON c.record = 'decision' AND c.record_id = d.id"
        " WHERE d.registration = ? ORDER BY d.id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_assessed_by(store *s, int64_t reg, const char *unit, int64_t person, bool *yes)
{
    static const char sql[] =
        "SELECT EXISTS (SELECT 1 FROM decision d WHERE d.registration = ?1 AND d.unit = ?2"
        " AND d.assessor = ?3 AND" CURRENT(
            "decision",
            "d") ")"
                 " OR EXISTS (SELECT 1 FROM signoff g WHERE g.registration = ?1 AND g.unit = ?2"
                 " AND g.assessor = ?3 AND" CURRENT("signoff", "g") ")";
    int64_t found = 0;
    int rc = store__one_int64(s, store__query(s, sql, "IsI", reg, unit, person), &found);
    *yes = found != 0;
    return rc;
}

int store_countersign_insert(store *s, const char *record, int64_t id, int64_t person,
                             const char *date, const char *at)
{
    static const char sql[] = "INSERT INTO countersignature (record, record_id, person, date,"
                              " recorded_at) VALUES (?, ?, ?, ?, ?)";
    static const char reg_sql[] = "SELECT registration FROM signoff WHERE id = ?";
    int rc = store__done(s, store__query(s, sql, "sIIss", record, id, person, date, at));
    if (rc != STORE_OK || strcmp(record, "signoff") != 0)
        return rc; /* a countersigned decision changes no status: progress reads the sign-off's */
    int64_t reg = 0;
    rc = store__one_int64(s, store__query(s, reg_sql, "I", id), &reg);
    if (rc == STORE_NOTFOUND)
        return STORE_OK; /* no such sign-off: no registration's progress reads it */
    return rc == STORE_OK ? store__progress_changed(s, reg) : rc;
}

int store_signoff_insert(store *s, int64_t reg, const char *unit, const char *date,
                         int64_t assessor, bool trainee, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO signoff (registration, unit, date, assessor, trainee,"
                              " recorded_at) VALUES (?, ?, ?, ?, ?, ?)";
    int rc = store__insert(
        s, store__query(s, sql, "IssIbs", reg, unit, date, assessor, (int)trainee, at), id);
    return rc == STORE_OK ? store__progress_changed(s, reg) : rc;
}

int store_summative_date(store *s, int64_t reg, const char *unit, char date[11])
{
    static const char sql[] = "SELECT max(d.date) FROM decision d WHERE d.registration = ?"
                              " AND d.unit = ? AND d.kind = 'summative' AND" CURRENT(
                                  "decision", "d") " HAVING count(*) > 0";
    sqlite3_stmt *st = store__query(s, sql, "Is", reg, unit);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        snprintf(date, 11, "%s", store__text(st, 0));
        sqlite3_reset(st);
    }
    return rc;
}

int store_signoff_get(store *s, int64_t reg, const char *unit, store_signoff *out)
{
    static const char sql[] =
        "SELECT g.id, g.assessor, g.trainee, g.date, EXISTS (SELECT 1 FROM countersignature c"
        " WHERE c.record = 'signoff' AND c.record_id = g.id) FROM signoff g"
        " WHERE g.registration = ? AND g.unit = ? AND" CURRENT("signoff",
                                                               "g") " ORDER BY g.id DESC LIMIT 1";
    sqlite3_stmt *st = store__query(s, sql, "Is", reg, unit);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        out->id = sqlite3_column_int64(st, 0);
        out->assessor = sqlite3_column_int64(st, 1);
        out->trainee = sqlite3_column_int(st, 2) != 0;
        snprintf(out->date, sizeof out->date, "%s", store__text(st, 3));
        out->countersigned = sqlite3_column_int(st, 4) != 0;
        sqlite3_reset(st);
    }
    return rc;
}

int store_signoffs_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] =
        "SELECT g.id, g.unit, g.date, g.assessor, p.name AS assessor_name, g.trainee AS "
        "trainee_bool,"
        " c.person AS countersigned_by, c.date AS countersigned_on, g.recorded_at"
        " FROM signoff g JOIN person p ON p.id = g.assessor"
        " LEFT JOIN countersignature c ON c.record = 'signoff' AND c.record_id = g.id"
        " WHERE g.registration = ? ORDER BY g.id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_iv_sample_insert(store *s, int64_t reg, const char *unit, int64_t iv, bool trainee,
                           const char *outcome, const char *notes, const char *actions,
                           const char *evidence_json, const char *date, int64_t supersedes,
                           const char *at, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO iv_sample (registration, unit, iv, trainee, outcome, notes, actions,"
        " evidence, date, recorded_at, supersedes) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    return store__insert(s,
                         store__query(s, sql, "IsIbssssssi", reg, unit, iv, (int)trainee, outcome,
                                      notes, actions, evidence_json, date, at, supersedes),
                         id);
}

int store_iv_samples_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] =
        "SELECT v.id, v.unit, v.iv, p.name AS iv_name, v.trainee AS trainee_bool, v.outcome, "
        "v.notes, v.actions,"
        " v.evidence AS evidence_json, v.date, c.person AS countersigned_by, v.recorded_at,"
        " v.supersedes, (SELECT n.id FROM iv_sample n WHERE n.supersedes = v.id) AS superseded_by"
        " FROM iv_sample v JOIN person p ON p.id = v.iv"
        " LEFT JOIN countersignature c ON c.record = 'iv_sample' AND c.record_id = v.id"
        " WHERE v.registration = ? ORDER BY v.id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_iv_sample_get(store *s, int64_t id, store_iv_sample *out)
{
    static const char sql[] =
        "SELECT v.id, v.registration, v.iv, v.trainee, v.unit, EXISTS (SELECT 1 FROM"
        " countersignature c WHERE c.record = 'iv_sample' AND c.record_id = v.id), NOT" CURRENT(
            "iv_sample", "v") " FROM iv_sample v WHERE v.id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        out->id = sqlite3_column_int64(st, 0);
        out->registration = sqlite3_column_int64(st, 1);
        out->iv = sqlite3_column_int64(st, 2);
        out->trainee = sqlite3_column_int(st, 3) != 0;
        snprintf(out->unit, sizeof out->unit, "%s", store__text(st, 4));
        out->countersigned = sqlite3_column_int(st, 5) != 0;
        out->superseded = sqlite3_column_int(st, 6) != 0;
        sqlite3_reset(st);
    }
    return rc;
}

int store_iv_plan_json(store *s, int64_t centre, jw *w)
{
    /* simulated evidence whose unit has no IV sample that counts dated on or after the evidence */
    static const char required[] =
        "SELECT e.registration, r.unit, e.id AS evidence, e.title, e.date,"
        " 'simulated evidence must be sampled' AS reason"
        " FROM evidence e JOIN evidence_ref r ON r.evidence = e.id"
        " JOIN registration g ON g.id = e.registration"
        " WHERE g.centre = ?1 AND e.simulated = 1 AND" CURRENT(
            "evidence",
            "e") " AND NOT EXISTS (SELECT 1 FROM iv_sample v WHERE v.registration = e.registration"
                 " AND v.unit = r.unit AND v.date >= e.date AND" CURRENT(
                     "iv_sample", "v") " AND" SAMPLE_SUPPORTED("v") ")"
                                                                    " GROUP BY e.registration, "
                                                                    "r.unit, e.id ORDER BY "
                                                                    "e.registration, r.unit, e.id";
    static const char unsampled[] =
        "SELECT f.registration, f.unit, f.date AS signed_off, f.assessor, p.name AS assessor_name"
        " FROM signoff f JOIN registration g ON g.id = f.registration"
        " JOIN person p ON p.id = f.assessor"
        " WHERE g.centre = ?1 AND" CURRENT(
            "signoff",
            "f") " AND NOT EXISTS (SELECT 1 FROM iv_sample v WHERE v.registration = f.registration"
                 " AND v.unit = f.unit AND" CURRENT("iv_sample", "v") " AND" SAMPLE_SUPPORTED(
                     "v") ")"
                          " ORDER BY f.assessor, f.date";
    static const char per_assessor[] =
        "SELECT f.assessor, p.name, count(*) AS signoffs,"
        " sum(EXISTS (SELECT 1 FROM iv_sample v WHERE v.registration = f.registration"
        " AND v.unit = f.unit AND" CURRENT("iv_sample", "v") " AND" SAMPLE_SUPPORTED(
            "v") ")) AS sampled"
                 " FROM signoff f JOIN registration g ON g.id = f.registration"
                 " JOIN person p ON p.id = f.assessor"
                 " WHERE g.centre = ?1 AND" CURRENT(
                     "signoff", "f") " GROUP BY f.assessor, p.name ORDER BY f.assessor";
    /* a trainee IV's samples the centre's qualified IVs have still to support */
    static const char awaiting[] =
        "SELECT v.registration, v.unit, v.id AS sample, v.iv, p.name AS iv_name, v.date"
        " FROM iv_sample v JOIN registration g ON g.id = v.registration"
        " JOIN person p ON p.id = v.iv"
        " WHERE g.centre = ?1 AND v.trainee = 1 AND" CURRENT(
            "iv_sample",
            "v") " AND NOT EXISTS (SELECT 1 FROM countersignature c WHERE c.record = 'iv_sample'"
                 " AND c.record_id = v.id) ORDER BY v.date, v.id";
    int rc = STORE_OK;
    jw_obj_begin(w);
    jw_key(w, "required");
    sqlite3_stmt *st = store__query(s, required, "I", centre);
    rc = st ? store__rows_json(s, st, w) : STORE_ERROR;
    jw_key(w, "unsampled_signoffs");
    st = rc == STORE_OK ? store__query(s, unsampled, "I", centre) : NULL;
    rc = st ? store__rows_json(s, st, w) : STORE_ERROR;
    jw_key(w, "by_assessor");
    st = rc == STORE_OK ? store__query(s, per_assessor, "I", centre) : NULL;
    rc = st ? store__rows_json(s, st, w) : STORE_ERROR;
    jw_key(w, "awaiting_countersignature");
    st = rc == STORE_OK ? store__query(s, awaiting, "I", centre) : NULL;
    rc = st ? store__rows_json(s, st, w) : STORE_ERROR;
    jw_obj_end(w);
    return rc;
}

int store_centre_registrations_json(store *s, int64_t centre, const char *body, jw *w)
{
    static const char sql[] =
        "SELECT r.id AS registration, p.name AS candidate, p.uln,"
        " r.body || ':' || r.qualification AS qualification, r.title, r.registered_on,"
        " r.body_reference, a.name AS assessor, v.name AS iv,"
        " (SELECT count(*) FROM registration_unit u WHERE u.registration = r.id) AS units,"
        " (SELECT count(*) FROM signoff g WHERE g.registration = r.id AND" CURRENT(
            "signoff",
            "g") " AND (g.trainee = 0 OR EXISTS (SELECT 1 FROM countersignature c WHERE c.record ="
                 " 'signoff' AND c.record_id = g.id))) AS units_signed_off,"
                 " (SELECT count(*) FROM claim c WHERE c.registration = r.id) AS claims,"
                 " (SELECT max(c.date) FROM claim c WHERE c.registration = r.id) AS last_claim"
                 " FROM registration r JOIN person p ON p.id = r.candidate"
                 " JOIN person a ON a.id = r.assessor JOIN person v ON v.id = r.iv"
                 " WHERE r.centre = ?1 AND (?2 IS NULL OR r.body = ?2) ORDER BY r.id";
    sqlite3_stmt *st = store__query(s, sql, "Is", centre, body);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_appeal_insert(store *s, int64_t reg, int64_t decision, int64_t by, const char *date,
                        const char *grounds, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO appeal (registration, decision, lodged_by, lodged_on,"
                              " grounds, recorded_at) VALUES (?, ?, ?, ?, ?, ?)";
    return store__insert(s, store__query(s, sql, "IiIsss", reg, decision, by, date, grounds, at),
                         id);
}

int store_appeal_get(store *s, int64_t id, int64_t *reg, int64_t *decision, char lodged_on[11],
                     bool *heard)
{
    static const char sql[] =
        "SELECT a.registration, coalesce(a.decision, 0),"
        " EXISTS (SELECT 1 FROM appeal_hearing h WHERE h.appeal = a.id), a.lodged_on FROM appeal a"
        " WHERE a.id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        *reg = sqlite3_column_int64(st, 0);
        *decision = sqlite3_column_int64(st, 1);
        *heard = sqlite3_column_int(st, 2) != 0;
        snprintf(lodged_on, 11, "%s", store__text(st, 3));
        sqlite3_reset(st);
    }
    return rc;
}

int store_appeal_hear(store *s, int64_t appeal, const char *date, int64_t by, const char *outcome,
                      const char *notes, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO appeal_hearing (appeal, heard_on, heard_by, outcome,"
                              " notes, recorded_at) VALUES (?, ?, ?, ?, ?, ?)";
    return store__insert(s, store__query(s, sql, "IsIsss", appeal, date, by, outcome, notes, at),
                         id);
}

int store_appeals_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] = "SELECT a.id, a.decision, a.lodged_by, a.lodged_on, a.grounds,"
                              " CASE WHEN h.id IS NULL THEN 'lodged' ELSE 'heard' END AS status,"
                              " h.heard_on, h.heard_by, h.outcome, h.notes AS outcome_notes"
                              " FROM appeal a LEFT JOIN appeal_hearing h ON h.appeal = a.id"
                              " WHERE a.registration = ? ORDER BY a.id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_claim_insert(store *s, int64_t reg, bool full, const char *units_json, const char *date,
                       int64_t iv, const char *certificates_json, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO claim (registration, full, units, date, iv,"
                              " certificates, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    return store__insert(s,
                         store__query(s, sql, "IbssIss", reg, (int)full, units_json, date, iv,
                                      certificates_json, at),
                         id);
}

int store_claim_each(store *s, int64_t reg,
                     int (*fn)(void *ud, int64_t id, bool full, const char *units_json,
                               const char *date),
                     void *ud)
{
    static const char sql[] =
        "SELECT id, full, units, date FROM claim WHERE registration = ? ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    if (!st)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ud, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1) != 0, store__text(st, 2),
               store__text(st, 3)))
            break;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store_claims_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] =
        "SELECT c.id, c.full AS full_bool, c.units AS units_json, c.date, c.iv, p.name AS iv_name,"
        " c.certificates AS certificates_json, c.recorded_at FROM claim c"
        " JOIN person p ON p.id = c.iv WHERE c.registration = ? ORDER BY c.id";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}
