/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <stdint.h> for firmware/ sources compiled into a kernel module: the
 * fixed-width types come from <linux/types.h>; the limits and constant
 * macros are plain literals as in C11 (usable in #if, unlike the kernel's
 * casted U32_MAX).
 */
#ifndef TEL_FWSHIM_STDINT_H
#define TEL_FWSHIM_STDINT_H

#include <linux/types.h>
#include <linux/limits.h>

#define INT8_MIN	(-128)
#define INT8_MAX	127
#define UINT8_MAX	255
#define INT16_MIN	(-32767 - 1)
#define INT16_MAX	32767
#define UINT16_MAX	65535
#define INT32_MIN	(-2147483647 - 1)
#define INT32_MAX	2147483647
#define UINT32_MAX	4294967295U
#define INT64_MIN	(-9223372036854775807LL - 1)
#define INT64_MAX	9223372036854775807LL
#define UINT64_MAX	18446744073709551615ULL

#define INT8_C(c)	c
#define UINT8_C(c)	c
#define INT16_C(c)	c
#define UINT16_C(c)	c
#define INT32_C(c)	c
#define UINT32_C(c)	c ## U
#define INT64_C(c)	c ## LL
#define UINT64_C(c)	c ## ULL

#endif /* TEL_FWSHIM_STDINT_H */
