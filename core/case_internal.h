/* case_internal — what case.c shares with case_export.c and case_import.c. */
#ifndef ASSESSD_CASE_INTERNAL_H
#define ASSESSD_CASE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "case.h"

enum { K_UNIT, K_ELEMENT, K_OUTCOME, K_CRITERION, K_ER, K_ITEM, K_COUNT };

typedef struct child_list {
    const char *key; /* the member holding the list */
    int kind;        /* what its objects are */
} child_list;

typedef struct kind_info {
    const char *type;     /* CFItemType */
    const char *word;     /* its word in identifier paths */
    const char *num_key;  /* the member that is listEnumeration */
    const char *text_key; /* the member that is fullStatement */
    const char *code_sep; /* humanCodingScheme: unit's (or requirement's) code, this, number */
    const child_list *lists;
    const char *const *keys;
} kind_info;

typedef struct keyset {
    const char *k[16];
    size_t n;
} keyset;

#define UNKNOWN "unknown"

extern const kind_info case__kinds[K_COUNT];
extern const char *const case__qual_keys[];

void *case__xcalloc(size_t n, size_t size);
bool case__key_is(const json_member *m, const char *k);
const json_value *case__get_str(const json_value *obj, const char *key);
const json_value *case__get_obj(const json_value *obj, const char *key);
bool case__str_eq(const json_value *a, const json_value *b);
bool case__str_is(const json_value *s, const char *c);
void case__put_str(jw *w, const json_value *s);
bool case__is_int(const json_value *v);
bool case__is_date(const json_value *s);
bool case__item_list(const json_value *v);
bool case__notes_as_lines(const json_value *v);
void case__ks_add(keyset *s, const char *k);
bool case__ks_has(const keyset *s, const json_member *m);
size_t case__rest_count(const json_value *obj, const keyset *used);
void case__rest_write(jw *w, const json_value *obj, const keyset *used);

#endif
