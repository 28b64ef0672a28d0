/* SPDX-License-Identifier: GPL-2.0-only */
/* <stddef.h> for firmware/ sources in a kernel module: size_t, ptrdiff_t, NULL, offsetof. */
#ifndef TEL_FWSHIM_STDDEF_H
#define TEL_FWSHIM_STDDEF_H

#include <linux/types.h>
#include <linux/stddef.h>

#endif /* TEL_FWSHIM_STDDEF_H */
