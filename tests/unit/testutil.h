/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cmocka unit tests (include after <cmocka.h>). */
#ifndef TEL_TESTUTIL_H
#define TEL_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>

/* "08 02 00 01" -> octets; the test fails on anything but hex pairs and spaces. */
static inline size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned int v;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

#endif /* TEL_TESTUTIL_H */
