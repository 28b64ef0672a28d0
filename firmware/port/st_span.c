// SPDX-License-Identifier: GPL-2.0-only
/* Self-test of a span's counters (fw/span.h) on the card's CPU. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/span.h>

#include "selftest.h"

bool st_span_saturate(struct st_fail *f)
{
	uint32_t c = UINT32_MAX - 2;

	fw_count_add(&c, 1);
	ST_EQ(f, c, UINT32_MAX - 1, "counter after +1");
	fw_count_add(&c, 5);
	ST_EQ(f, c, UINT32_MAX, "counter after +5 past the top");
	fw_count_add(&c, UINT32_MAX);
	ST_EQ(f, c, UINT32_MAX, "counter after +UINT32_MAX at the top");
	return true;
}

bool st_span_g826(struct st_fail *f)
{
	struct fw_span_counters c = { 0 };
	struct fw_second s = { 0 };

	/* A second of E1 has 1,000 CRC-4 submultiframes: 29.9% errored is ES, 30% also SES. */
	s.blocks = 1000;
	s.errored_blocks = 299;
	fw_second_end(&s, &c);
	ST_EQ(f, c.es, 1, "ES after 299 of 1000 blocks errored");
	ST_EQ(f, c.ses, 0, "SES after 299 of 1000 blocks errored");
	s.blocks = 1000;
	s.errored_blocks = 300;
	fw_second_end(&s, &c);
	ST_EQ(f, c.ses, 1, "SES after 300 of 1000 blocks errored");
	s.blocks = 1000;
	fw_second_end(&s, &c);
	ST_EQ(f, c.es, 2, "ES after a clean second");
	s.blocks = 1000;
	s.defects = FW_ALARM_LOS;
	fw_second_end(&s, &c);
	ST_EQ(f, c.es, 3, "ES after a second of LOS");
	ST_EQ(f, c.ses, 2, "SES after a second of LOS");
	ST_EQ(f, c.los_s, 1, "LOS seconds");
	ST_EQ(f, c.blocks, 4000, "blocks");
	ST_EQ(f, s.blocks + s.errored_blocks + s.defects, 0, "second cleared after it ended");
	return true;
}
