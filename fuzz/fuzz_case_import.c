/* fuzz_case_import — libFuzzer harness for the CASE package import (core/case_import.c), as
 * catalogue.import runs it: the package is parsed, read by case_import, and what it writes is
 * parsed again and turned into a Lua catalogue data file by case_lua_text.
 *
 * The input is the package's JSON text, optionally preceded by a line naming the body (else
 * "OCR"). What case_import writes must be JSON that parses, and the Lua text must compile and,
 * run with no globals at all, return a table: a string that escaped its quotes would not.
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "json.h"

static void check_lua(const sbuf *lua)
{
    lua_State *L = luaL_newstate();
    if (!L)
        return;
    if (luaL_loadbufferx(L, lua->data, lua->len, "=case", "t") != LUA_OK) {
        fprintf(stderr, "Lua text does not compile: %s\n%s\n", lua_tostring(L, -1), lua->data);
        abort();
    }
    lua_newtable(L); /* _ENV: nothing */
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    if (lua_pcall(L, 0, 1, 0) != LUA_OK || lua_type(L, -1) != LUA_TTABLE) {
        fprintf(stderr, "Lua text does not return a table: %s\n%s\n", lua_tostring(L, -1),
                lua->data);
        abort();
    }
    lua_close(L);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char body[32] = "OCR";
    const char *nl = memchr(text, '\n', size);
    if (size && text[0] != '{' && nl && (size_t)(nl - text) < sizeof body) {
        memcpy(body, text, (size_t)(nl - text));
        body[nl - text] = '\0';
        size -= (size_t)(nl - text) + 1;
        text = nl + 1;
    }
    json_doc *d = NULL;
    if (json_parse(text, size, &d, NULL) != 0)
        return 0;
    sbuf out, err, lua;
    sbuf_init(&out);
    sbuf_init(&err);
    sbuf_init(&lua);
    jw w;
    jw_init(&w, &out);
    if (case_import(json_doc_root(d), body, &w, &err) != 0) {
        if (err.len == 0 || out.len != 0) {
            fprintf(stderr, "a refusal without a reason, or with output: %s\n", out.data);
            abort();
        }
    } else {
        json_doc *cat = NULL;
        json_error je;
        if (json_parse(out.data, out.len, &cat, &je) != 0) {
            fprintf(stderr, "case_import wrote what does not parse (%s at %zu): %s\n", je.message,
                    je.offset, out.data);
            abort();
        }
        case_lua_text(json_doc_root(cat), &lua);
        check_lua(&lua);
        json_doc_free(cat);
    }
    sbuf_free(&out);
    sbuf_free(&err);
    sbuf_free(&lua);
    json_doc_free(d);
    return 0;
}
