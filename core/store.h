/* store — the only module that talks to SQLite.
 *
 * Owns the database connection, the schema and its migrations (store_schema.c), the cache of
 * prepared statements and the group transaction. The rest of the core sees records, never SQL.
 *
 * Durability: WAL with synchronous=FULL, so a COMMIT that returned is on disk. Group commit: the
 * server opens one transaction per loop turn (store_tx_begin), each writing request runs inside
 * its own savepoint (store_savepoint / store_release / store_rollback) so that a failing request
 * is undone alone, and store_commit makes the whole turn durable before any reply is sent.
 * The connection can be lent to one other thread at a time (store_lend: the write thread,
 * writer.h); every use goes through one gate that makes the owner wait meanwhile.
 *
 * Functions return 0 on success or a negative STORE_* code; store_errmsg() says why.
 */
#ifndef ASSESSD_STORE_H
#define ASSESSD_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#include "json.h"
#include "sbuf.h"

enum {
    STORE_OK = 0,
    STORE_ERROR = -1,
    STORE_NOTFOUND = -2,
    STORE_CONFLICT = -3, /* a uniqueness or reference constraint */
    STORE_BUSY = -4,
};

typedef struct store store;

typedef struct store_options {
    int64_t busy_timeout_ms;
    int target_version; /* 0: the latest; tests open old versions to exercise migrations */
} store_options;

/* Opens (creating if needed) the database at path and applies pending migrations in one
 * transaction. Refuses a database whose schema is newer than this build. */
int store_open(store **out, const char *path, const store_options *opt, sbuf *err);
/* A read-only connection of its own to s's database, with a statement cache of its own (close
 * it with store_close): for a long read across loop turns on a snapshot of its own, or reads on
 * another thread (each connection is used by one thread at a time). It sees what is committed. */
int store_open_reader(store *s, store **out);
void store_close(store *s);
const char *store_errmsg(store *s);
int store_schema_version(store *s);
int store_latest_version(void);

/* The group transaction. */
int store_tx_begin(store *s); /* no-op when already open */
bool store_in_tx(store *s);
int store_savepoint(store *s);
int store_release(store *s);
int store_rollback(store *s); /* to the savepoint, which is then released */
int store_commit(store *s);
int store_abort(store *s); /* rolls the whole transaction back */
/* Ends every statement still stepping, so that no read snapshot outlives the loop turn (an
 * open read would hide other connections' changes and hold back WAL checkpoints). */
void store_idle(store *s);
/* Lending the connection to one other thread (the write thread: writer.h). The owner (the
 * thread that opened the store) marks it lent with store_lend before the borrower starts; the
 * borrower hands it back with store_return. Meanwhile any of the owner's calls waits for the
 * return, except store_in_tx, which says false: the owner lends only with no transaction of its
 * own open. store_on_tx_begin names a function the owner's store_tx_begin calls before it opens
 * a transaction (the writer's drain: work queued for the borrower goes first). */
int store_lending_init(store *s);
void store_lend(store *s, uv_thread_t borrower);
void store_return(store *s);
/* Whether the owner waits for the store (the borrower should return it soon). */
bool store_wanted_back(store *s);
void store_on_tx_begin(store *s, void (*fn)(void *ud), void *ud);
/* Counts for system.stats. */
typedef struct store_stats {
    int64_t commits, rolled_back, statements_cached;
} store_stats;
void store_get_stats(store *s, store_stats *st);

/* ---- audit trail (store_audit.c) ---- */
typedef struct store_audit_row {
    int64_t seq;
    const char *at;
    int64_t actor_person; /* 0: none */
    int64_t actor_uid;
    const char *actor_name, *method, *params, *outcome, *record; /* record may be "" */
    const char *prev_hash, *hash;
} store_audit_row;

typedef struct store_audit_filter {
    int64_t after_seq;                                  /* entries with seq > after_seq */
    int64_t person;                                     /* 0: any */
    const char *method_prefix, *record, *since, *until; /* NULL: any */
    int64_t limit;                                      /* 0: no limit */
    int64_t centre; /* 0: any; else the entries of that centre (store_audit.c says which) */
} store_audit_filter;

/* The last entry's seq and hash as recorded in the chain head (0 and "" when empty). */
int store_audit_head(store *s, int64_t *seq, char hash[65]);
/* The entry with the highest seq (0 and "" when empty). */
int store_audit_last(store *s, int64_t *seq, char hash[65]);
/* Inserts row (row->seq is assigned and returned) and moves the head to it. */
int store_audit_insert(store *s, store_audit_row *row);
/* Calls fn for each matching entry in seq order; fn returns non-zero to stop. */
int store_audit_each(store *s, const store_audit_filter *f,
                     int (*fn)(void *ud, const store_audit_row *row), void *ud);

/* ---- centres and people (store_people.c) ---- */
int store_centre_insert(store *s, const char *number, const char *name, const char *at,
                        int64_t *id);
/* The centre's assessor policy ("own" or "any"); STORE_NOTFOUND if there is no such centre. */
int store_centre_policy(store *s, int64_t id, char policy[16]);
int store_centre_set_policy(store *s, int64_t id, const char *policy);
/* The centre's number (the awarding body's) and name; STORE_NOTFOUND if there is none. */
int store_centre_get(store *s, int64_t id, char number[64], char name[256]);
int store_centres_json(store *s, jw *w);
/* Whether the centre has a registration with the awarding body. */
int store_centre_uses_body(store *s, int64_t centre, const char *body, bool *yes);

typedef struct store_person {
    int64_t id, centre;
    char name[256], roles[128], os_user[64], email[256], uln[16];
    char left_on[11]; /* "" while they are still with the centre */
} store_person;

int store_person_insert(store *s, const store_person *p, const char *at, int64_t *id);
int store_person_get(store *s, int64_t id, store_person *out);
/* The centre's person holding this ULN (the lowest id if there are several); STORE_NOTFOUND
 * when none does. */
int store_person_by_uln(store *s, int64_t centre, const char *uln, int64_t *id);
int store_person_by_os_user(store *s, const char *os_user, store_person *out);
/* People of a centre (0: all), with a role (NULL: any), as JSON rows. */
int store_people_json(store *s, int64_t centre, const char *role, jw *w);
int store_person_json(store *s, int64_t id, jw *w);
int store_award_insert(store *s, int64_t person, const char *code, const char *role,
                       const char *started_on, const char *achieved_on, const char *at);
int store_awards_json(store *s, int64_t person, jw *w);
/* Whether the person holds an award for role achieved on or before today; the earliest date
 * they started working towards one (or "" when none is recorded). */
int store_award_status(store *s, int64_t person, const char *role, const char *today,
                       bool *qualified, char started_on[11]);
int store_token_insert(store *s, const char *hash, int64_t person, const char *at);
/* The person a token belongs to; STORE_NOTFOUND for an unknown or revoked token. */
int store_token_person(store *s, const char *hash, int64_t *person);
/* Records that the person left on date and revokes their tokens; STORE_CONFLICT if they had
 * already left. */
int store_person_leave(store *s, int64_t person, const char *date, const char *at);
/* Revokes the person's tokens; *n: how many were still good. */
int store_tokens_revoke(store *s, int64_t person, const char *at, int64_t *n);

/* ---- catalogue versions (store_catalogue.c) ---- */
/* The id of the version of body with this hash, or STORE_NOTFOUND. */
int store_catalogue_find(store *s, const char *body, const char *hash, int64_t *id);
int store_catalogue_insert(store *s, const char *body, const char *plugin, const char *hash,
                           const char *json, const char *at, int64_t *id);
/* Loads a version; *body and *json are malloc'd. */
int store_catalogue_load(store *s, int64_t id, char **body, char **json);

/* ---- registrations and their records (store_journey.c) ---- */
typedef struct store_registration {
    int64_t id, candidate, centre, catalogue_version, assessor, iv;
    char body[32], qualification[64], title[256], registered_on[11], body_reference[64];
    int level;
    int64_t progress_rev; /* changes with every record its progress reads (schema 5 triggers) */
} store_registration;

int store_registration_insert(store *s, store_registration *r, const char *at);
int store_registration_get(store *s, int64_t id, store_registration *out);
/* Calls fn for each registration of the candidate; fn returns non-zero to stop. */
int store_registration_each_of(store *s, int64_t candidate,
                               int (*fn)(void *ud, const store_registration *r), void *ud);
typedef struct store_reg_filter {
    int64_t centre, candidate, assessor, iv; /* 0: any */
    const char *qualification;               /* "BODY:CODE" or NULL */
    int64_t after, limit;
} store_reg_filter;
int store_registrations_json(store *s, const store_reg_filter *f, jw *w);
int store_reg_unit_insert(store *s, int64_t reg, const char *unit_id, const char *unit,
                          const char *chosen_on, const char *brought_forward);
int store_reg_units_json(store *s, int64_t reg, jw *w);
int store_reg_unit_each(store *s, int64_t reg,
                        int (*fn)(void *ud, const char *unit_id, const char *unit,
                                  const char *brought_forward),
                        void *ud);

/* Records that a correction supersedes: "initial_assessment", "plan", "review", "evidence",
 * "decision", "signoff", "iv_sample". */
int store_record_owner(store *s, const char *kind, int64_t id, int64_t *reg, bool *superseded,
                       char unit[32]); /* unit: the record's unit, "" for records of no unit */
int store_ia_insert(store *s, int64_t reg, const char *date, const char *outcome, const char *notes,
                    int64_t by, int64_t supersedes, const char *at, int64_t *id);
int store_plan_insert(store *s, int64_t reg, const char *date, const char *items_json,
                      const char *notes, int64_t by, int64_t supersedes, const char *at,
                      int64_t *id);
int store_review_insert(store *s, int64_t reg, const char *date, const char *notes,
                        const char *feedback, const char *next_due, int64_t by, int64_t supersedes,
                        const char *at, int64_t *id);
/* Every record of a kind for a registration, oldest first, each with superseded_by. */
int store_records_json(store *s, const char *kind, int64_t reg, jw *w);
/* The next review due (the latest current review's next_due), "" when none. */
int store_next_review(store *s, int64_t reg, char due[11], char last[11]);

int store_witness_insert(store *s, int64_t centre, const char *name, const char *job_title,
                         const char *relationship, const char *contact, bool signature, int64_t by,
                         const char *at, int64_t *id);
int store_witness_centre(store *s, int64_t id, int64_t *centre);
int store_witnesses_json(store *s, int64_t centre, jw *w);

/* ---- evidence, decisions, sign-off, verification, appeals, claims (store_assessment.c) ---- */
typedef struct store_evidence {
    int64_t registration, witness, added_by, supersedes;
    const char *title, *description, *method, *date, *location, *environment;
    const char *testimony_json, *countersigned_by, *countersigned_on, *warnings_json;
    const char *evidence_type; /* "performance", "knowledge" or NULL: from the method */
    bool simulated, prior_achievement;
    /* its references, in the order given, and the unit of each: nrefs of each (a ref given
     * twice is stored once) */
    size_t nrefs;
    const char *const *refs, *const *units;
} store_evidence;

/* The item and its references (inside the caller's transaction). */
int store_evidence_insert(store *s, const store_evidence *e, const char *at, int64_t *id);
/* Evidence of a registration (all, with superseded_by), each with its refs. */
int store_evidence_json(store *s, int64_t reg, jw *w);
/* One evidence record with its refs, as JSON. */
int store_evidence_one_json(store *s, int64_t id, jw *w);
/* Whether an evidence item of the registration is current and claims something in unit, and
 * its date. */
int store_evidence_in_unit(store *s, int64_t evidence, int64_t reg, const char *unit, bool *current,
                           bool *in_unit, char date[11]);
int store_decision_insert(store *s, int64_t reg, const char *unit, const char *outcome,
                          const char *kind, const char *justification, const char *feedback,
                          const char *date, const char *evidence_json, int64_t assessor,
                          bool trainee, int64_t supersedes, const char *at, int64_t *id);
typedef struct store_decision {
    int64_t id, registration, assessor;
    bool trainee, superseded;
    char unit[32];
    char date[11]; /* the day it was made */
} store_decision;
int store_decision_get(store *s, int64_t id, store_decision *out);
int store_decisions_json(store *s, int64_t reg, jw *w);
/* Did this person make a current decision or sign-off on the unit? */
int store_assessed_by(store *s, int64_t reg, const char *unit, int64_t person, bool *yes);
int store_countersign_insert(store *s, const char *record, int64_t id, int64_t person,
                             const char *date, const char *at);
int store_signoff_insert(store *s, int64_t reg, const char *unit, const char *date,
                         int64_t assessor, bool trainee, const char *at, int64_t *id);
typedef struct store_signoff {
    int64_t id, assessor;
    bool trainee, countersigned;
    char date[11];
} store_signoff;
/* The day of the unit's latest current summative decision, or STORE_NOTFOUND. */
int store_summative_date(store *s, int64_t reg, const char *unit, char date[11]);
/* The current sign-off of a unit, or STORE_NOTFOUND. */
int store_signoff_get(store *s, int64_t reg, const char *unit, store_signoff *out);
int store_signoffs_json(store *s, int64_t reg, jw *w);
int store_iv_sample_insert(store *s, int64_t reg, const char *unit, int64_t iv, bool trainee,
                           const char *outcome, const char *notes, const char *actions,
                           const char *evidence_json, const char *date, int64_t supersedes,
                           const char *at, int64_t *id);
int store_iv_samples_json(store *s, int64_t reg, jw *w);
typedef struct store_iv_sample {
    int64_t id, registration, iv;
    bool trainee, countersigned, superseded;
    char unit[32];
} store_iv_sample;
/* One IV sample, or STORE_NOTFOUND. */
int store_iv_sample_get(store *s, int64_t id, store_iv_sample *out);
/* The sampling plan of a centre: simulated evidence not yet sampled, sign-offs not sampled,
 * counts per assessor, trainee IVs' samples awaiting a countersignature. */
int store_iv_plan_json(store *s, int64_t centre, jw *w);
/* A centre's registrations (of one body, or all when body is NULL) with their achievements to
 * date: units chosen, units signed off, claims. For the external verifier's visit pack. */
int store_centre_registrations_json(store *s, int64_t centre, const char *body, jw *w);
int store_appeal_insert(store *s, int64_t reg, int64_t decision, int64_t by, const char *date,
                        const char *grounds, const char *at, int64_t *id);
/* An appeal: its registration, the decision appealed against (0: none), the day it was lodged
 * and whether it has been heard. */
int store_appeal_get(store *s, int64_t id, int64_t *reg, int64_t *decision, char lodged_on[11],
                     bool *heard);
int store_appeal_hear(store *s, int64_t appeal, const char *date, int64_t by, const char *outcome,
                      const char *notes, const char *at, int64_t *id);
int store_appeals_json(store *s, int64_t reg, jw *w);
int store_claim_insert(store *s, int64_t reg, bool full, const char *units_json, const char *date,
                       int64_t iv, const char *certificates_json, const char *at, int64_t *id);
int store_claims_json(store *s, int64_t reg, jw *w);
/* Calls fn for each claim of the registration in id order (units_json: the units it claimed, a
 * JSON array); fn returns non-zero to stop. */
int store_claim_each(store *s, int64_t reg,
                     int (*fn)(void *ud, int64_t id, bool full, const char *units_json,
                               const char *date),
                     void *ud);

/* ---- progress: one registration's records, the whole centre's (store_progress.c) ---- */
/* The registration's units, in the order they were chosen, with their current evidence (refs,
 * method, whether it counts), decisions and latest current sign-off: the input of the progress
 * hook. Writes an array (empty for no such registration). It is the centre cursor's (below),
 * over one registration, so the two hooks read the same records the same way. */
int store_progress_units(store *s, int64_t reg, jw *w);
/* A registration's progress in brief: what the body plugin's progress.batch hook answers. */
typedef struct store_progress_summary {
    int64_t units, units_achieved, units_ready;
    bool achieved;
} store_progress_summary;
typedef struct store_reg_brief {
    int64_t id, catalogue_version;
    const char *body, *qualification, *registered_on;
    int64_t progress_rev;               /* changes whenever what its progress reads changes */
    const store_progress_summary *kept; /* a summary still good for these rules, or NULL */
} store_reg_brief;
/* A cursor over a centre's registrations (of one body, or all when body is NULL) in id order,
 * for work spread over loop turns. own_connection: on a read-only connection of its own, which
 * keeps one snapshot of the store until it is closed, whatever is written meanwhile; such a
 * cursor may be read on another thread, one thread at a time (it shares nothing with s). rules (the
 * body plugin's fingerprint; 0: none) and today say which kept summaries are good: a
 * registration with one comes with r->kept and no units; every other comes with its units
 * (as store_progress_units writes them; covered: each unit's "covered" refs and
 * "evidence_count" instead of its "evidence" items), read in one pass over each table rather
 * than four queries per registration. store_progress_next takes up to n registrations, calling fn
 * for each, until *done (also set when fn returns non-zero). After a failure store_progress_error
 * says why. */
typedef struct store_progress_cursor store_progress_cursor;
int store_progress_open(store *s, bool own_connection, bool covered, int64_t centre,
                        const char *body, int64_t rules, const char *today,
                        store_progress_cursor **out);
int store_progress_next(store_progress_cursor *pc, int n,
                        int (*fn)(void *ud, const store_reg_brief *r, const char *units,
                                  size_t len),
                        void *ud, bool *done);
const char *store_progress_error(store_progress_cursor *pc);
void store_progress_close(store_progress_cursor *pc);
/* Keeps a summary computed at progress_rev rev, under rules and today ("": good on any date):
 * unless the registration has changed since (then it is not stored: it would never be good). */
int store_progress_keep(store *s, int64_t reg, int64_t rev, int64_t rules, const char *today,
                        const store_progress_summary *sum);

/* ---- counts for system.stats ---- */
typedef struct store_counts {
    int64_t centres, people, registrations, evidence, decisions, audit;
} store_counts;
int store_get_counts(store *s, store_counts *c);

/* ---- reminders: the jobs' queries, the outbox, deliveries, job runs (store_reminders.c) ---- */
/* The queries behind assessd.data.* (bind_data.c). Each is set-based over the whole store (a
 * statement, or ordered scans merged in C); rows go to a sink, one call per row, columns by
 * name (a NULL column has type STORE_COL_NULL). The sink must return (no longjmp): the store
 * may hold memory across the call. "Active" registrations have no full-award claim. Rows that
 * carry a due date have it computed here (a last column "due"), and only rows due on or before
 * until are handed over. */
enum { STORE_COL_NULL, STORE_COL_INT, STORE_COL_TEXT };
typedef struct store_col {
    const char *name;
    int type;
    int64_t i;
    const char *s;
    size_t len;
} store_col;
typedef struct store_row_sink {
    void (*row)(void *ud, const store_col *cols, int n);
    void *ud;
} store_row_sink;
/* Active registrations whose next review (the latest current review's next_due; with no review,
 * registered_on + interval_days) is due. */
int store_rem_reviews(store *s, const char *until, int64_t interval_days,
                      const store_row_sink *out);
/* Registrations with no claim yet whose every chosen unit is brought forward or signed off and
 * not awaiting a countersignature; due: registered_on + min_days, or the last sign-off or
 * countersignature if later. */
int store_rem_claim_ready(store *s, const char *until, int64_t min_days, const store_row_sink *out);
/* Trainee assessors and IVs (an award for the role started, none achieved by today); due:
 * the earliest started_on + months. */
int store_rem_award_deadlines(store *s, const char *until, int64_t months, const char *today,
                              const store_row_sink *out);
/* Active registrations on a qualification, and the centres that hold them (with counts). */
int store_rem_registrations_on(store *s, const char *body, const char *code,
                               const store_row_sink *out);
int store_rem_centres_on(store *s, const char *body, const char *code, const store_row_sink *out);
/* Current evidence of active registrations whose unit has no current decision dated on or after
 * the evidence, dated on or before until - days: one row per registration with its person
 * columns, "evidence" (the oldest item waiting), "units" ("411, 412"), "items" (how many),
 * "oldest" (its date) and "due" (oldest + days). */
int store_rem_undecided_evidence(store *s, const char *until, int64_t days,
                                 const store_row_sink *out);
/* Simulated evidence with no IV sample of its unit on or after it, one row per item and unit
 * (due: date + days). */
int store_rem_unsampled_simulated(store *s, const char *until, int64_t days,
                                  const store_row_sink *out);
/* Current sign-offs of active registrations with no IV sample of the unit: one row per
 * registration, as store_rem_undecided_evidence ("signoff", "units", "items", "oldest", "due":
 * the oldest sign-off + days). */
int store_rem_unsampled_signoffs(store *s, const char *until, int64_t days,
                                 const store_row_sink *out);
/* People with the admin role: {id, name, centre, email}. */
int store_rem_admins(store *s, const store_row_sink *out);

/* The outbox: each reminder once, by its stable key. command_state: "none" (no command channel
 * when it was stored), "pending", "delivered" or "failed" (attempts exhausted). */
typedef struct store_reminder {
    int64_t id, centre, registration, person; /* 0: none */
    const char *key, *kind, *job, *due;
    const char *body_json; /* the reminder as the job produced it, checked */
    const char *created_at, *command_state;
    int64_t attempts, next_attempt_ms; /* ms since the epoch; 0: none */
} store_reminder;
/* Stores r unless its key is already there: *id is the new row's id, or 0 if the key was known. */
int store_reminder_insert(store *s, const store_reminder *r, int64_t *id);
/* Whether the outbox holds a reminder with this key. */
int store_reminder_known(store *s, const char *key, bool *known);
typedef struct store_reminder_filter {
    int64_t after, id, centre, registration; /* 0: any */
    const char *state, *kind;                /* NULL: any */
} store_reminder_filter;
/* Calls fn for each matching reminder in id order; fn returns non-zero to stop. */
int store_reminder_each(store *s, const store_reminder_filter *f,
                        int (*fn)(void *ud, const store_reminder *r), void *ud);
/* Calls fn with the pending reminder whose next attempt comes first; STORE_NOTFOUND if none. */
int store_reminder_next_pending(store *s, int (*fn)(void *ud, const store_reminder *r), void *ud);
int store_reminder_set_state(store *s, int64_t id, const char *state, int64_t attempts,
                             int64_t next_attempt_ms);
typedef struct store_delivery {
    int64_t reminder, attempt;
    const char *channel, *started_at, *finished_at, *detail;
    bool ok;
} store_delivery;
int store_delivery_insert(store *s, const store_delivery *d, int64_t *id);
int store_deliveries_json(store *s, int64_t reminder, jw *w);

/* Job runs (scheduled or requested). */
typedef struct store_job_run {
    const char *job, *cause, *today, *started_at, *finished_at;
    const char *error_json; /* NULL when ok */
    int64_t started_ms, produced, stored;
    bool ok;
} store_job_run;
int store_job_run_insert(store *s, const store_job_run *r, int64_t *id);
/* When the job last started; STORE_NOTFOUND if never. */
int store_job_run_last(store *s, const char *job, int64_t *started_ms, char started_at[21]);
/* The job's latest runs, newest first. */
int store_job_runs_json(store *s, const char *job, int64_t limit, jw *w);
/* The job's last recorded run as {at, ok, produced, stored, error}; STORE_NOTFOUND if none. */
int store_job_run_last_json(store *s, const char *job, jw *w);

#endif
