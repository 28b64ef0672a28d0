/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The image's boot self-test: a table of checks (selftest.c), each one
 * function in an st_*.c file, run in order and reported TAP-style on UART0:
 *
 *   1..7
 *   ok 1 - startup copied .data and zeroed .bss
 *   not ok 2 - hdlc frames over a loop, byte-exact # frames delivered: got 0, want 24 (st_hdlc.c:101)
 *
 * The image exits 0 only when every check passed. To add a module's check:
 * write `bool st_xxx(struct st_fail *f)` in st_xxx.c, declare it below, and
 * add one row to the table in selftest.c.
 */
#ifndef FW_PORT_SELFTEST_H
#define FW_PORT_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>

/* Why a check failed: what was compared, the two values, where. */
struct st_fail {
	const char *what;
	uint32_t got, want;
	bool numbers;		/* got/want mean something */
	const char *file;
	int line;
};

typedef bool (*st_check_fn)(struct st_fail *f);

static inline bool st_failed(struct st_fail *f, const char *what, bool numbers, uint32_t got,
			     uint32_t want, const char *file, int line)
{
	f->what = what;
	f->numbers = numbers;
	f->got = got;
	f->want = want;
	f->file = file;
	f->line = line;
	return false;
}

/* In a check: return failure unless @got equals @want (both as uint32_t). */
#define ST_EQ(f, got_, want_, what_) do {						\
		uint32_t st_g_ = (uint32_t)(got_), st_w_ = (uint32_t)(want_);		\
		if (st_g_ != st_w_)							\
			return st_failed((f), (what_), true, st_g_, st_w_, __FILE__, __LINE__); \
	} while (0)

/* In a check: return failure unless @cond holds. */
#define ST_TRUE(f, cond, what_) do {							\
		if (!(cond))								\
			return st_failed((f), (what_), false, 0, 0, __FILE__, __LINE__); \
	} while (0)

/* The checks. */
bool st_startup(struct st_fail *f);		/* selftest.c */
bool st_stack(struct st_fail *f);		/* selftest.c */
bool st_hdlc_loop(struct st_fail *f);		/* st_hdlc.c */
bool st_hdlc_errors(struct st_fail *f);
bool st_hdlc_abort_idle(struct st_fail *f);
bool st_span_saturate(struct st_fail *f);	/* st_span.c */
bool st_span_g826(struct st_fail *f);
bool st_image(struct st_fail *f);		/* st_image.c */
bool st_analog_calls(struct st_fail *f);	/* st_analog.c */
bool st_proto(struct st_fail *f);		/* st_proto.c */
bool st_span_e1_loop(struct st_fail *f);	/* st_spanlink.c */
bool st_span_t1_loop(struct st_fail *f);

/*
 * Bits the HDLC loop's cable flips in every frame of the clean loop check: 0
 * in a real image. make firmware FW_DEFS=-DFW_SELFTEST_CABLE_FLIPS=1 builds
 * an image whose self-test must fail (tests/checks/firmware_image.sh does).
 */
#ifndef FW_SELFTEST_CABLE_FLIPS
#define FW_SELFTEST_CABLE_FLIPS 0
#endif

#endif /* FW_PORT_SELFTEST_H */
