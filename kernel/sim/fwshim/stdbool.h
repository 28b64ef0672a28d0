/* SPDX-License-Identifier: GPL-2.0-only */
/* <stdbool.h> for firmware/ sources in a kernel module: bool, true, false. */
#ifndef TEL_FWSHIM_STDBOOL_H
#define TEL_FWSHIM_STDBOOL_H

#include <linux/types.h>
#include <linux/stddef.h>

#endif /* TEL_FWSHIM_STDBOOL_H */
