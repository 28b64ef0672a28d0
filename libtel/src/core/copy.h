/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copies of the short byte strings frames are made of, without a call.
 */
#ifndef TEL_CORE_COPY_H
#define TEL_CORE_COPY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Copy @n bytes; 4 <= n <= 64 without a call: fixed-size moves that overlap
 * at the end (what memcpy does inside, minus the call and its dispatch).
 * Tested in the order of how common the lengths are: 8-15 (most Q.931
 * messages in an I frame), 16-64 (SETUP), 4-7 (S frames).
 */
static inline void tel_copy_small(uint8_t *d, const uint8_t *p, size_t n)
{
	if (n >= 8 && n < 16) {
		memcpy(d, p, 8);
		memcpy(d + n - 8, p + n - 8, 8);
	} else if (n >= 16 && n <= 64) {
		for (size_t i = 0; i + 16 < n; i += 16)
			memcpy(d + i, p + i, 16);
		memcpy(d + n - 16, p + n - 16, 16);
	} else if (n >= 4 && n < 8) {
		memcpy(d, p, 4);
		memcpy(d + n - 4, p + n - 4, 4);
	} else {
		memcpy(d, p, n);
	}
}

#endif /* TEL_CORE_COPY_H */
