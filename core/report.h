/* report — report.list and report.render: the core gathers a registration's (or a centre's)
 * records into one JSON value and hands it to the report a plugin declared with
 * assessd.report(); the plugin returns the page (html, text, csv) or a table (json).
 *
 * Owns the shape of the data a report receives (docs/plugins.md, "Reports").
 */
#ifndef ASSESSD_REPORT_H
#define ASSESSD_REPORT_H

#include "app.h"

void report_register_methods(app *a);

#endif
