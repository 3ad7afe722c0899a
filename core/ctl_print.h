/* ctl_print — assessctl's printing of the daemon's replies for a person: objects as indented
 * fields, lists of objects as tables (cells cut at 48 characters), an error as its code, reason,
 * message and violations on stderr; with --json, the result as JSON.
 *
 * Replies are shaped by the body's plugin as much as by the daemon: nothing here trusts a member
 * to exist or to have a type.
 */
#ifndef ASSESSD_CTL_PRINT_H
#define ASSESSD_CTL_PRINT_H

#include <stdio.h>

#include "ctl_client.h"
#include "json.h"

/* Prints the reply (its result on stdout, its error on stderr); returns the exit status: 0,
 * EXIT_RPC for an error, or EXIT_FAILED for a result whose "ok" is false. */
int ctl_print_reply(ctl_client *cl, json_doc *doc);
/* Prints v for a person, each line indented by indent spaces. */
void ctl_print_value(FILE *out, const json_value *v, int indent);
/* Member key of o as text, or dflt when it is absent or not a string (a plugin shapes these
 * answers: the client prints what is there and never trusts a member to exist). */
const char *ctl_text_of(const json_value *o, const char *key, const char *dflt);

#endif
