// SPDX-License-Identifier: GPL-2.0-only
/* firmware/src/hdlc_ref.c built into telsim.ko: the bit-level decoder hdlc.c falls back on. */
#include "../../../firmware/src/hdlc_ref.c"
