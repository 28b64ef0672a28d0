// SPDX-License-Identifier: GPL-2.0-only
/* firmware/src/framer_e1.c built into telsim.ko: the card runs the firmware itself. */
#include "../../../firmware/src/framer_e1.c"
