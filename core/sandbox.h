/* sandbox — decides what Lua code in assessd may touch. The only place that does.
 *
 * sandbox_open() turns a fresh lua_State's global table into the plugin environment: base
 * functions minus file access, bytecode and the collector; read-only string, table, math, utf8
 * and cjson libraries; nothing of package, io, os, debug or coroutine. sandbox.c says, entry by
 * entry, why each thing is in or out.
 *
 * sandbox_run_data() runs a data file (a manifest, a catalogue file) in an empty environment.
 *
 * Both raise Lua errors: call them inside a protected call.
 */
#ifndef ASSESSD_SANDBOX_H
#define ASSESSD_SANDBOX_H

#include <lua.h>
#include <stddef.h>

/* Most bytes of strings one cjson.encode call may see (CVE-2022-24834: Debian's lua-cjson
 * 2.1.0 sizes its buffer with int arithmetic, and allocates it outside the state's cap). */
#define SANDBOX_CJSON_MAX_BYTES (8u << 20)

void sandbox_open(lua_State *L);
/* Loads text (never bytecode) as a chunk named chunkname, with the current globals as its
 * environment. Pushes the function and returns LUA_OK, or pushes the message and returns the
 * error status (it does not raise). */
int sandbox_load(lua_State *L, const char *text, size_t len, const char *chunkname);
/* Runs the chunk at the top of the stack as a data file: in an empty environment; replaces it
 * with the table it returns (raises if it returns anything else). */
void sandbox_run_data(lua_State *L, const char *chunkname);

#endif
