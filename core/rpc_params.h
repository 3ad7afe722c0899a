/* rpc_params — what a request's params may hold, checked before its method runs: each
 * parameter one the method declares, of its declared type (a date a real day, YYYY-MM-DD),
 * no string holding U+0000, each required one given and, when a string, not blank; and no
 * name given twice. Every refusal is -32602 naming the parameter in data.field.
 */
#ifndef ASSESSD_RPC_PARAMS_H
#define ASSESSD_RPC_PARAMS_H

#include <stdbool.h>

#include "json.h"
#include "rpc.h"

/* Checks the call's params against its method's declared parameters (none declared: anything
 * goes); 0, or -1 with the call failed. */
int rpc_params_check(rpc_call *c);
/* A member that obj (an object) names twice, or NULL. JSON leaves duplicates to the reader, and
 * readers differ (the first, the last): a front end checking one value while the daemon acts on
 * another is what refusing them prevents. */
const json_member *rpc_params_twice(const json_value *obj);
/* Whether a string in v (a value or a key, at any depth) holds U+0000: the store and every C
 * string would cut it short there. */
bool rpc_params_has_nul(const json_value *v);
/* Whether member m's key is exactly name (a key holding U+0000 is no name). */
bool rpc_key_is(const json_member *m, const char *name);
/* Whether s is only whitespace: a required string that is blank is as good as missing. */
bool rpc_blank(const char *s);
/* Whether the n bytes of s are one line of text: no line break, tab or other control character
 * (U+0000-U+001F, U+007F). A title, a name or a reference is (type P_LINE). */
bool rpc_one_line(const char *s, size_t n);

#endif
