/* methods — the registration functions of the method files (methods_*.c), one per noun group.
 *
 * Each file owns its handlers and their parameter tables; assessd.c calls every register
 * function once at start.
 */
#ifndef ASSESSD_METHODS_H
#define ASSESSD_METHODS_H

#include "app.h"
#include "json.h"

void methods_system_register(app *a);
void methods_system_start(app *a);
void methods_system_stop(app *a);
void methods_people_register(app *a);
/* Extra members for system.stats (record counts). */
void methods_stats_extra(app *a, jw *w);

#endif
