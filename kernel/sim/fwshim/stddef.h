/* SPDX-License-Identifier: GPL-2.0-only */
/* <stddef.h> for the firmware sources built into telsim.ko: see stdint.h here. */
#ifndef TELSIM_FWSHIM_STDDEF_H
#define TELSIM_FWSHIM_STDDEF_H
#include <linux/stddef.h>
#include <linux/types.h>
#endif
