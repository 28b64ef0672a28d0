// SPDX-License-Identifier: GPL-2.0-only
/* firmware/src/analog_sim.c built into telsim.ko: the card runs the firmware itself. */
#include "../../../firmware/src/analog_sim.c"
