/* ctl_shortcuts — assessctl's commands for an assessor's common tasks, typed as a person says
 * them rather than as a method's parameters:
 *
 *   evidence add REGISTRATION --title T --method O --date D --location L --criteria A,B ...
 *   evidence map EVIDENCE REF [REF ...]
 *   progress REGISTRATION
 *
 * Owns the one table of the shortcuts' names: main asks it whether a word is a shortcut (whose
 * arguments keep options of their own, such as --title), runs one through it, and help prints
 * a shortcut's usage through it. A shortcut's usage error exits 2, the daemon's error exits with
 * the status of the reply printed. A new shortcut is a row of the table, and a line of usage()
 * in assessctl.c.
 */
#ifndef ASSESSD_CTL_SHORTCUTS_H
#define ASSESSD_CTL_SHORTCUTS_H

#include <stdbool.h>

#include "ctl_client.h"

/* Whether name (the first word after assessctl's options) is a shortcut. */
bool ctl_shortcut_is(const char *name);
/* Runs the shortcut name with the words after it; returns the exit status, or -1 when name is
 * not a shortcut. */
int ctl_shortcut_run(ctl_client *cl, const char *name, int argc, char **argv);
/* Prints the usage of the shortcut name (assessctl help NAME); false when name is not one. */
bool ctl_shortcut_help(const char *name);

#endif
