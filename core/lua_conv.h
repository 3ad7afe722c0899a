/* lua_conv — values across the C↔Lua boundary: JSON trees into Lua tables, Lua values into JSON.
 *
 * JSON arrays become tables carrying the array marker metatable, so an empty array goes back out
 * as [] and not {}; assessd.array(t) / assessd.object(t) set the markers from Lua. An unmarked
 * empty table is written as [] (the contract: empty lists are arrays). A table mixing integer
 * and string keys, a sparse array, a non-finite number, a function, or a string that is not
 * valid UTF-8 is refused with the path of the offending value. Depth is capped at
 * LCONV_MAX_DEPTH both ways and the Lua stack is checked before every push.
 *
 * Both directions raise Lua errors: call them only inside a protected call (lua_host).
 */
#ifndef ASSESSD_LUA_CONV_H
#define ASSESSD_LUA_CONV_H

#include <lua.h>

#include "json.h"
#include "sbuf.h"

#define LCONV_MAX_DEPTH 64

/* Installs the marker metatables in the registry (once per state). */
void lconv_init(lua_State *L);
/* Pushes v (NULL pushes nil). JSON null becomes assessd.null (a light userdata). */
void lconv_push(lua_State *L, const json_value *v);
/* Writes the value at idx as JSON; raises a Lua error naming the path of a bad value. */
void lconv_write(lua_State *L, int idx, jw *w);
/* Sets the marker on the table at idx. */
void lconv_mark_array(lua_State *L, int idx);
void lconv_mark_object(lua_State *L, int idx);
/* Pushes a new empty table marked as an array. */
void lconv_new_array(lua_State *L, int size);
int lconv_is_null(lua_State *L, int idx);
/* Pushes a userdata owning an empty sbuf, freed by the collector: a buffer that survives a Lua
 * error raised while it is being filled without leaking. */
sbuf *lconv_push_buffer(lua_State *L);
/* Parses JSON text and pushes it as Lua values; the parsed tree is owned by a collectable box
 * while it is converted, so an error raised half-way leaks nothing. Raises on bad JSON. */
void lconv_push_json_text(lua_State *L, const char *text, size_t len);

#endif
