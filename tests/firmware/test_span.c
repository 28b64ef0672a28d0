// SPDX-License-Identifier: GPL-2.0-or-later
/* The span counters every framer fills (fw/span.h): saturation and G.826 seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fw/span.h"

static void test_counters_saturate(void **state)
{
	uint32_t c = UINT32_MAX - 2;

	(void)state;
	fw_count_add(&c, 1);
	assert_int_equal(c, UINT32_MAX - 1);
	fw_count_add(&c, 5);
	assert_int_equal(c, UINT32_MAX);
	fw_count_add(&c, 1);
	assert_int_equal(c, UINT32_MAX);
}

/* G.826: ES with one errored block or a defect; SES from 30% errored blocks or a defect. */
static void test_g826_seconds(void **state)
{
	struct fw_span_counters c = { 0 };
	struct fw_second s = { .blocks = 1000 };

	(void)state;
	fw_second_end(&s, &c);			/* clean */
	assert_int_equal(c.es, 0);
	assert_int_equal(c.ses, 0);
	assert_int_equal(c.blocks, 1000);
	s.blocks = 1000;
	s.errored_blocks = 1;
	fw_second_end(&s, &c);			/* one errored block: ES */
	assert_int_equal(c.es, 1);
	assert_int_equal(c.ses, 0);
	s.blocks = 1000;
	s.errored_blocks = 299;
	fw_second_end(&s, &c);			/* 29.9%: ES, not SES */
	assert_int_equal(c.es, 2);
	assert_int_equal(c.ses, 0);
	s.blocks = 1000;
	s.errored_blocks = 300;
	fw_second_end(&s, &c);			/* 30%: SES */
	assert_int_equal(c.es, 3);
	assert_int_equal(c.ses, 1);
	s.defects = FW_ALARM_LOF;		/* a defect: ES and SES, and a LOF second */
	fw_second_end(&s, &c);
	assert_int_equal(c.es, 4);
	assert_int_equal(c.ses, 2);
	assert_int_equal(c.lof_s, 1);
	s.defects = FW_ALARM_RAI;		/* RAI alone: an RAI second, no error */
	fw_second_end(&s, &c);
	assert_int_equal(c.es, 4);
	assert_int_equal(c.rai_s, 1);
	assert_int_equal(s.defects, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counters_saturate),
		cmocka_unit_test(test_g826_seconds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
