/* Unit tests of core/registration: the units a registration chooses, as registration.create,
 * registration.units and a bulk.import line give them. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "registration.h"

/* Found by fuzz/fuzz_bulk_line: a member name cut at 64 bytes in the refusal ended half-way
 * through a character, and bulk.status, which reports it, was not JSON. */
Test(registration, a_unit_item_refusal_is_utf8)
{
    char line[200];
    char name[80];
    memset(name, 'a', 63);
    strcpy(name + 63, "\xc3\xa9\xc3\xa9"); /* its 64th byte starts a character */
    snprintf(line, sizeof line, "{\"unit\": \"9\", \"%s\": \"x\"}", name);
    json_doc *d = NULL;
    json_error je;
    cr_assert(eq(int, json_parse(line, strlen(line), &d, &je), 0), "%s", je.message);
    const char *key, *bf;
    char why[200];
    cr_assert(eq(int, registration_unit_item(json_doc_root(d), 0, &key, &bf, why, sizeof why), -1));
    cr_assert(json_utf8_valid(why, strlen(why)), "%s", why);
    cr_assert(strstr(why, "aaa': it is") != NULL, "%s", why);
    json_doc_free(d);
}
