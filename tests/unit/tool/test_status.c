// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel status / tel maint without DAHDI: argument parsing, the JSON document
 * of a span (field by field, as tel help status documents it), the text with
 * moved counters and changed alarms in reverse video, DAHDI's words, and the
 * messages when DAHDI is not there. The VM test (tests/kernel/test_tel_status.sh)
 * runs the same code against DAHDI's core.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dahdi/user.h>

#include "status.h"
#include "tel.h"

static int parse(struct status_args *a, const char *line)
{
	char buf[256], *argv[32], *tok;
	int argc = 0;

	snprintf(buf, sizeof(buf), "status %s", line);
	for (tok = strtok(buf, " "); tok && argc < 31; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return status_parse_args(argc, argv, a);
}

static void test_args(void **state)
{
	struct status_args a;

	(void)state;
	assert_int_equal(parse(&a, ""), 0);
	assert_int_equal(a.nspans, 0);
	assert_false(a.json);
	assert_false(a.watch);

	assert_int_equal(parse(&a, "3 1 3 --json"), 0);
	assert_int_equal(a.nspans, 2);	/* a span named twice is shown once */
	assert_int_equal(a.spans[0], 3);
	assert_int_equal(a.spans[1], 1);
	assert_true(a.json);

	assert_int_equal(parse(&a, "--watch"), 0);
	assert_true(a.watch);
	assert_int_equal(a.interval_ms, 1000);
	assert_int_equal(parse(&a, "--watch 2"), 0);	/* a number after --watch: SECONDS */
	assert_int_equal(a.nspans, 0);
	assert_int_equal(a.interval_ms, 2000);
	assert_int_equal(parse(&a, "2 --watch"), 0);	/* span 2, every second */
	assert_int_equal(a.nspans, 1);
	assert_int_equal(a.interval_ms, 1000);
	assert_int_equal(parse(&a, "--watch 0.5 1 --json"), 0);
	assert_int_equal(a.interval_ms, 500);
	assert_int_equal(a.spans[0], 1);
	assert_int_equal(parse(&a, "--watch=3"), 0);
	assert_int_equal(a.interval_ms, 3000);

	assert_int_equal(parse(&a, "--watch 0"), EXIT_USAGE);
	assert_int_equal(parse(&a, "--watch 3601"), EXIT_USAGE);
	assert_int_equal(parse(&a, "--watch=x"), EXIT_USAGE);
	assert_int_equal(parse(&a, "--watch --watch"), EXIT_USAGE);
	assert_int_equal(parse(&a, "--json --json"), EXIT_USAGE);
	assert_int_equal(parse(&a, "--jsn"), EXIT_USAGE);
	assert_int_equal(parse(&a, "span1"), EXIT_USAGE);
	assert_int_equal(parse(&a, "0"), EXIT_USAGE);
	assert_int_equal(parse(&a, "128"), EXIT_USAGE);
	assert_int_equal(parse(&a, "1x"), EXIT_USAGE);
	assert_int_equal(parse(&a, "127"), 0);
}

static struct dahdi_chan_info chans[3] = {
	{ .channo = 1, .spanno = 1, .chanpos = 1, .name = "X/1/1", .sigtype = DAHDI_SIG_CLEAR,
	  .master = 1, .in_use = 1 },
	{ .channo = 2, .spanno = 1, .chanpos = 2, .name = "X/1/2", .sigtype = DAHDI_SIG_SLAVE,
	  .master = 1, .in_use = 0 },
	{ .channo = 3, .spanno = 1, .chanpos = 3, .name = "X/1/3", .sigtype = DAHDI_SIG_HARDHDLC,
	  .master = 3, .in_use = -1, .offhook = true },
};

static void fill(struct status_span *s)
{
	memset(s, 0, sizeof(*s));
	s->si.spanno = 1;
	strcpy(s->si.name, "X/1");
	strcpy(s->si.desc, "an \"E1\"");
	strcpy(s->si.spantype, "E1");
	s->si.type = dahdi_span_type("E1", DAHDI_CONFIG_HDB3, 31);
	s->si.digital = true;
	s->si.alarms = DAHDI_ALARM_RED | DAHDI_ALARM_LOS;
	s->si.syncsrc = 1;
	s->si.master = -1;
	s->si.lineconfig = DAHDI_CONFIG_CCS | DAHDI_CONFIG_HDB3 | DAHDI_CONFIG_CRC4;
	s->si.linecompat = DAHDI_CONFIG_CCS | DAHDI_CONFIG_HDB3 | DAHDI_CONFIG_CRC4;
	s->si.totalchans = 3;
	s->si.numchans = 3;
	strcpy(s->si.lboname, "0 db");
	strcpy(s->si.manufacturer, "M");
	strcpy(s->si.devicetype, "D");
	strcpy(s->si.location, "L");
	s->si.count = (struct dahdi_counters){ .fas = 3, .crc4 = 4, .ebit = 5, .bpv = 6, .cv = 7,
					       .fe = 8, .be = 9, .prbs = 10, .errsec = 11,
					       .irqmisses = 12, .slips = -1 };
	s->chans = chans;
	s->nchans = 3;
}

static char *render_json(const struct status_span *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	assert_non_null(f);
	jw_init(&w, f);
	status_span_json(&w, NULL, s);
	fclose(f);
	return buf;
}

static void test_json(void **state)
{
	struct status_span s;
	char *j;

	(void)state;
	fill(&s);
	j = render_json(&s);
	assert_string_equal(j,
		"{\"span\":1,\"name\":\"X/1\",\"description\":\"an \\\"E1\\\"\",\"type\":\"E1\","
		"\"spantype\":\"E1\",\"framing\":\"CRC4\",\"coding\":\"HDB3\",\"signalling\":\"CCS\","
		"\"lineconfig\":\"CCS/HDB3/CRC4\",\"syncsrc\":1,\"master\":null,"
		"\"alarms\":[\"RED\",\"LOS\"],"
		"\"counters\":{\"fas\":3,\"crc4\":4,\"ebit\":5,\"bpv\":6,\"cv\":7,\"fe\":8,\"be\":9,"
		"\"prbs\":10,\"errsec\":11,\"irqmisses\":12,\"slips\":null},"
		"\"channels_total\":3,\"channels_configured\":3,\"manufacturer\":\"M\","
		"\"devicetype\":\"D\",\"location\":\"L\",\"lbo\":\"0 db\","
		"\"channels\":["
		"{\"channel\":1,\"position\":1,\"name\":\"X/1/1\",\"signalling\":\"CLEAR\","
		"\"in_use\":true,\"offhook\":false},"
		"{\"channel\":2,\"position\":2,\"name\":\"X/1/2\",\"signalling\":\"SLAVE\","
		"\"in_use\":false,\"offhook\":false,\"master\":1},"
		"{\"channel\":3,\"position\":3,\"name\":\"X/1/3\",\"signalling\":\"HARDHDLC\","
		"\"in_use\":null,\"offhook\":true}]}");
	free(j);

	/* no alarms: []; unconfigured: nulls; the simulated card's sim object; master known */
	s.si.alarms = 0;
	s.si.lineconfig = 0;
	s.si.master = 1;
	s.si.count.slips = 0;
	s.sim = true;
	s.tsim = (struct dahdi_telsim_info){ .card = 2, .span = 1, .firmware = "1.2.3",
					     .linked = 1, .slips = 0 };
	s.nchans = 0;
	j = render_json(&s);
	assert_non_null(strstr(j, "\"framing\":null,\"coding\":null,\"signalling\":null,"
				  "\"lineconfig\":\"\",\"syncsrc\":1,\"master\":true,\"alarms\":[],"));
	assert_non_null(strstr(j, "\"slips\":0}"));
	assert_non_null(strstr(j, "\"sim\":{\"card\":2,\"span\":1,\"firmware\":\"1.2.3\","
				  "\"linked\":true},\"channels\":[]}"));
	free(j);
}

static char *render_text(const struct status_span *s, const struct status_span *prev, bool hl)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	status_span_text(f, s, prev, hl, true);
	fclose(f);
	return buf;
}

static void test_text(void **state)
{
	struct status_span s, prev;
	char *t;

	(void)state;
	fill(&s);
	t = render_text(&s, NULL, false);
	assert_string_equal(t,
		"span 1  X/1  \"an \"E1\"\"  E1  CCS/HDB3/CRC4\n"
		"  timing: span 1 (this span)  alarms: RED LOS\n"
		"  counters:  fas 3  crc4 4  ebit 5  bpv 6  cv 7  errsec 11  slips -\n"
		"  channels 1: CLEAR (in use)\n"
		"  channels 2: SLAVE\n"
		"  channels 3: HARDHDLC\n");
	free(t);

	/* a redraw: fas moved, alarms changed -> reverse video; the rest plain */
	prev = s;
	prev.si.count.fas = 2;
	prev.si.alarms = 0;
	t = render_text(&s, &prev, true);
	assert_non_null(strstr(t, "alarms: \033[7mRED LOS\033[0m\n"));
	assert_non_null(strstr(t, "  \033[7mfas 3\033[0m  crc4 4  "));
	free(t);
	/* nothing moved: no escape at all */
	prev = s;
	t = render_text(&s, &prev, true);
	assert_null(strchr(t, '\033'));
	free(t);
}

static void test_words(void **state)
{
	const char *w[16];
	char buf[64];

	(void)state;
	assert_int_equal(dahdi_alarm_words(0, w, 16), 0);
	assert_int_equal(dahdi_alarm_words(DAHDI_ALARM_YELLOW | DAHDI_ALARM_LOOPBACK |
					   DAHDI_ALARM_LMFA | DAHDI_ALARM_LFA | DAHDI_ALARM_BLUE,
					   w, 16), 5);
	assert_string_equal(w[0], "YELLOW");
	assert_string_equal(w[1], "BLUE");
	assert_string_equal(w[2], "LFA");
	assert_string_equal(w[3], "LMFA");
	assert_string_equal(w[4], "LOOPBACK");
	assert_int_equal(dahdi_alarm_words(DAHDI_ALARM_RED | DAHDI_ALARM_LOS, w, 1), 1);

	dahdi_lineconfig_str(DAHDI_CONFIG_ESF | DAHDI_CONFIG_B8ZS, buf, sizeof(buf));
	assert_string_equal(buf, "ESF/B8ZS");
	dahdi_lineconfig_str(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	dahdi_lineconfig_str(DAHDI_CONFIG_CCS | DAHDI_CONFIG_HDB3 | DAHDI_CONFIG_CRC4, buf, 6);
	assert_string_equal(buf, "CCS");	/* no half word */

	assert_string_equal(dahdi_sig_name(DAHDI_SIG_FXOKS), "FXOKS");
	assert_string_equal(dahdi_sig_name(DAHDI_SIG_HDLCFCS), "HDLCFCS");
	assert_string_equal(dahdi_sig_name(0), "unconfigured");
	assert_string_equal(dahdi_sig_name(1 << 29), "unknown");

	assert_string_equal(dahdi_span_type("T1", 1, 24), "T1");
	assert_string_equal(dahdi_span_type("FXO", 0, 4), "FXO");
	assert_string_equal(dahdi_span_type("DYNAM", 0x7f0, 31), "E1");
	assert_string_equal(dahdi_span_type("DYNAM", 0x7f0, 24), "T1");
	assert_string_equal(dahdi_span_type("DYNAM", 0x7f0, 5), "unknown");
	assert_string_equal(dahdi_span_type("", 0, 4), "unknown");
	assert_string_equal(dahdi_span_type("TE", 1, 3), "BRI");
}

static void test_no_dahdi(void **state)
{
	struct dahdi_ctl c;

	(void)state;
	errno = 0;
	assert_int_equal(dahdi_ctl_open(&c, "/nonexistent/dahdi/ctl"), -1);
	assert_int_equal(errno, ENOENT);
	setenv("TEL_DAHDI_CTL", "/nonexistent/dahdi/ctl", 1);
	assert_int_equal(status_open(&c, "status"), EXIT_FAIL);
	assert_string_equal(c.path, "/nonexistent/dahdi/ctl");
	/* a file that is no DAHDI device: SPANSTAT fails, no span comes out */
	assert_int_equal(dahdi_ctl_open(&c, "/dev/null"), 0);
	{
		struct dahdi_span_info si;

		assert_int_equal(dahdi_span_next(&c, 0, &si), 0);
		assert_int_equal(dahdi_span_get(&c, 0, &si), -1);
		assert_int_equal(dahdi_span_get(&c, 200, &si), -1);
	}
	dahdi_ctl_close(&c);
	unsetenv("TEL_DAHDI_CTL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_no_dahdi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
