// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware's image checks (firmware/src/image.c) built into telsim:
 * the same code fwimage and the card use, with <stdint.h> and friends from
 * sim/fwshim (see Kbuild).
 */
#include "../../../firmware/src/image.c"
