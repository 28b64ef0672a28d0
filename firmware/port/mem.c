// SPDX-License-Identifier: GPL-2.0-only
/*
 * The image links no C library, yet the compiler may emit calls to these for
 * struct copies and initialisers (GCC documents that it does, even with
 * -ffreestanding). Built with -fno-tree-loop-distribute-patterns, so the
 * loops below do not become calls to themselves.
 */
#include <stddef.h>
#include <stdint.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memset(void *d, int c, size_t n)
{
	uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	uint8_t *o = d;
	const uint8_t *i = s;

	while (n--)
		*o++ = *i++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	uint8_t *o = d;
	const uint8_t *i = s;

	if (o < i) {
		while (n--)
			*o++ = *i++;
	} else {
		while (n--)
			o[n] = i[n];
	}
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}
