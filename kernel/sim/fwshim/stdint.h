/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <stdint.h> for the firmware sources (firmware/src) built into telsim.ko:
 * the kernel's own fixed-width types. The firmware needs nothing else.
 */
#ifndef TELSIM_FWSHIM_STDINT_H
#define TELSIM_FWSHIM_STDINT_H
#include <linux/types.h>
#include <linux/limits.h>
#ifndef UINT8_MAX
#define UINT8_MAX	U8_MAX
#define UINT16_MAX	U16_MAX
#define UINT32_MAX	U32_MAX
#define UINT64_MAX	U64_MAX
#define INT32_MAX	S32_MAX
#define INT32_MIN	S32_MIN
#define INT16_MAX	S16_MAX
#define INT16_MIN	S16_MIN
#define SIZE_MAX	(~(size_t)0)
#endif
#ifndef UINT64_C
#define UINT64_C(c)	c##ULL
#define UINT32_C(c)	c##U
#define INT64_C(c)	c##LL
#endif
#endif
