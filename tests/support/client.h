/* client — helpers for integration tests: connect to the daemon under test ($ASSESSD_SOCKET),
 * send raw bytes or JSON-RPC calls, read reply lines, and pick values out of replies. */
#ifndef ASSESSD_TEST_CLIENT_H
#define ASSESSD_TEST_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

int tc_connect(void);
void tc_close(int fd);
void tc_send(int fd, const char *data, size_t n);
void tc_sends(int fd, const char *s);
/* Next reply line (without '\n'), malloc'd; NULL on EOF or after timeout_ms. */
char *tc_readline(int fd, int timeout_ms);
/* True when the peer closed the connection within timeout_ms (after any pending lines). */
bool tc_closed(int fd, int timeout_ms);
/* Sends a call and returns the parsed reply (the test fails if none arrives). */
json_doc *tc_call(int fd, const char *method, const char *params_json);
/* One call on a fresh connection. */
json_doc *tc_call1(const char *method, const char *params_json);
/* Parses a line; the test fails if it is not JSON. */
json_doc *tc_parse(const char *line);
/* The next reply on fd, parsed; the test fails if none arrives within timeout_ms. */
json_doc *tc_reply(int fd, int timeout_ms);
const json_value *tc_result(json_doc *d);
/* The error code of a reply, or 0 when it succeeded. */
int64_t tc_error_code(json_doc *d);
const char *tc_error_reason(json_doc *d);
const char *tc_error_message(json_doc *d);
/* Walks "a.b.0.c" (numbers index arrays). */
const json_value *tc_path(const json_value *v, const char *path);
int64_t tc_int(const json_value *v, const char *path);
bool tc_bool(const json_value *v, const char *path);
const char *tc_str(const json_value *v, const char *path);
/* Value at path in the result; fails the test when the call failed. */
int64_t tc_rint(json_doc *d, const char *path);
const char *tc_rstr(json_doc *d, const char *path);
/* A number of system.stats ("store.group_commits"), asked on a connection of its own. */
int64_t tc_stat(const char *path);
/* A temporary directory for this test run ($ASSESSD_TMP). */
const char *tc_tmp(void);
/* The error a reminders.due or reminders.ics reply lists for job under failed (NULL: none). */
const json_value *tc_failed_job(json_doc *d, const char *job);
/* Writes text to, or removes, the file at rel under tc_tmp() (a script, a plugin's file). */
void tc_write(const char *rel, const char *text);
void tc_remove(const char *rel);
/* Path to the repository ($ASSESSD_SOURCE). */
const char *tc_source(void);

#endif
