// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers shared by tel's subcommands. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tel.h"

void tel_err(const char *fmt, ...)
{
	va_list ap;

	fputs("tel: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void print_text_bytes(FILE *f, const uint8_t *p, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
	fputc('"', f);
}

long parse_hex(const char *s, uint8_t *out, size_t cap, char *why, size_t whylen)
{
	size_t n = 0;
	int hi = -1;

	for (const char *p = s; *p; p++) {
		int v;

		if (isspace((unsigned char)*p) || *p == ':' || *p == ',' || *p == '-') {
			if (hi >= 0) {
				snprintf(why, whylen, "odd number of hex digits before column %zu",
					 (size_t)(p - s) + 1);
				return -1;
			}
			continue;
		}
		if (hi < 0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			p++;
			continue;
		}
		v = hexval((unsigned char)*p);
		if (v < 0) {
			snprintf(why, whylen, "'%c' at column %zu is not a hex digit", *p,
				 (size_t)(p - s) + 1);
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap) {
			snprintf(why, whylen, "more than %zu octets", cap);
			return -1;
		}
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0) {
		snprintf(why, whylen, "odd number of hex digits (the last octet has one digit)");
		return -1;
	}
	if (n == 0) {
		snprintf(why, whylen, "no hex octets given");
		return -1;
	}
	return (long)n;
}
