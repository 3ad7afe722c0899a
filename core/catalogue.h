/* catalogue — the awarding bodies' catalogues as the core holds them.
 *
 * A body plugin hands its catalogue over while it loads (assessd.register_catalogue); this
 * module checks its shape, stores it in SQLite as a version (keyed by its SHA-256, so an
 * unchanged catalogue is not stored twice), and indexes it: qualifications by code, units by id
 * and by number, and every criterion, element and lettered evidence-requirement item by its
 * contract reference ("9:9.1", "411:ER6:b"). A registration keeps the version it was registered
 * against; catalogue_version() brings back an older one from the store when asked.
 *
 * Owns the parsed catalogues and their rendered JSON (catalogue.unit is served from a cache).
 */
#ifndef ASSESSD_CATALOGUE_H
#define ASSESSD_CATALOGUE_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "json.h"
#include "lua_host.h"
#include "sbuf.h"

typedef struct cat_body cat_body;
typedef struct cat_unit cat_unit;
typedef struct cat_qual cat_qual;

/* One requirement a unit must show: an element, a criterion or a lettered ER item. */
typedef struct cat_req {
    const char *ref;    /* "9:9.1", "411:ER6:b" */
    const char *number; /* "9.1", "ER6:b" */
    const char *text;
    int kind; /* CAT_ELEMENT, CAT_CRITERION, CAT_ER_ITEM */
    int er;   /* for CAT_ER_ITEM: index of its evidence requirement in the unit */
} cat_req;

enum { CAT_ELEMENT, CAT_CRITERION, CAT_ER_ITEM };

catalogue *catalogue_new(app *a);
void catalogue_free(catalogue *c);
/* Takes a plugin's catalogue (JSON text) and, or NULL, the files its parts came from (JSON:
 * {"units:<id>": file, "qualifications:<code>": file, "body": file}), which name the file of
 * each problem. Returns 0, or -1 with every problem found in err. */
int catalogue_install(catalogue *c, const char *plugin, const char *body, const char *json,
                      size_t len, const char *sources, sbuf *err);

/* The current catalogue of a body, or NULL. */
const cat_body *catalogue_body(catalogue *c, const char *code);
/* A stored version (current or older), or NULL. */
const cat_body *catalogue_version(catalogue *c, int64_t version_id);
/* Calls fn for each current body in code order. */
void catalogue_each_body(catalogue *c, void (*fn)(void *ud, const cat_body *b), void *ud);

const char *cat_body_code(const cat_body *b);
const char *cat_body_name(const cat_body *b);
int64_t cat_body_version(const cat_body *b);
const json_value *cat_body_json(const cat_body *b); /* the whole catalogue object */
void cat_body_write_summary(const cat_body *b, jw *w);

size_t cat_qual_count(const cat_body *b);
const cat_qual *cat_qual_at(const cat_body *b, size_t i);
const cat_qual *cat_find_qual(const cat_body *b, const char *code);
const char *cat_qual_code(const cat_qual *q);
const json_value *cat_qual_json(const cat_qual *q);
int cat_qual_level(const cat_qual *q);
/* The units of a qualification, in catalogue order, with kind and theme. */
size_t cat_qual_unit_count(const cat_qual *q);
const cat_unit *cat_qual_unit(const cat_qual *q, size_t i, const char **kind, const char **theme);
void cat_qual_write(const cat_body *b, const cat_qual *q, bool full, jw *w);

size_t cat_unit_count(const cat_body *b);
const cat_unit *cat_unit_at(const cat_body *b, size_t i);
/* By id, or by number within qual (NULL: the whole body). *ambiguous is set when several
 * units share the number; then NULL is returned. */
const cat_unit *cat_find_unit(const cat_body *b, const char *number_or_id, const cat_qual *qual,
                              int *ambiguous);
const char *cat_unit_id(const cat_unit *u);
const char *cat_unit_number(const cat_unit *u);
const char *cat_unit_title(const cat_unit *u);
const json_value *cat_unit_json(const cat_unit *u);
/* The rendered unit (with refs and the qualifications that hold it). */
void cat_unit_write(const cat_unit *u, jw *w);
/* Every requirement of the unit, in order. */
size_t cat_unit_req_count(const cat_unit *u);
const cat_req *cat_unit_req(const cat_unit *u, size_t i);
/* The requirement with this ref ("9:9.1"), or NULL. */
const cat_req *cat_unit_find_req(const cat_unit *u, const char *ref);
/* Simulation policy: 1 allowed, 0 not allowed, -1 unknown; scope "any" or "performance". */
int cat_unit_simulation(const cat_unit *u, const char **scope, const char **text);

/* Method codes of the body (NULL when the body's documents give none). */
const json_value *cat_body_methods(const cat_body *b);
bool cat_body_has_method(const cat_body *b, const char *code);

void catalogue_register_methods(app *a);
/* What the plugin host calls when a plugin declares its catalogue, or asks for a stored
 * version: installed into, and read from, a's catalogue. */
lh_callbacks catalogue_plugin_callbacks(app *a);

#endif
