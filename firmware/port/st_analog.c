// SPDX-License-Identifier: GPL-2.0-only
/* Self-test of the analog ports (fw/analog.h) on the card's CPU: an FXS and an
 * FXO port with their telephone and CO line models through two calls. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/analog_sim.h>

#include "selftest.h"

bool st_analog_calls(struct st_fail *f)
{
	const char *what = "";
	int step = fw_analog_selftest(&what);

	if (step)
		return st_failed(f, what, true, (uint32_t)step, 0, __FILE__, __LINE__);
	return true;
}
