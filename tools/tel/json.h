/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small streaming JSON writer for one-object-per-line output (JSON Lines). */
#ifndef TEL_TOOL_JSON_H
#define TEL_TOOL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH 16

struct jw {
	FILE *f;
	int depth;
	bool first[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, FILE *f);
/* key is NULL inside arrays and for the outermost object */
void jw_obj(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_arr(struct jw *w, const char *key);
void jw_end_arr(struct jw *w);
void jw_int(struct jw *w, const char *key, long long v);
void jw_double(struct jw *w, const char *key, double v, int decimals);
void jw_bool(struct jw *w, const char *key, bool v);
/* null: a value that exists but is not known */
void jw_null(struct jw *w, const char *key);
/* bytes as a JSON string; non-printable octets escaped as \u00XX */
void jw_str(struct jw *w, const char *key, const void *p, size_t len);
void jw_cstr(struct jw *w, const char *key, const char *s);
/* bytes as a lower-case hex string, no separators */
void jw_hex(struct jw *w, const char *key, const void *p, size_t len);
/* end the outermost object with a newline */
void jw_line_end(struct jw *w);

#endif
