// SPDX-License-Identifier: GPL-2.0-only
/*
 * The image's main(): runs every boot self-test check on the Cortex-M4,
 * prints each result as a TAP line on UART0 and returns the exit status
 * (0 only when all passed). See selftest.h for adding a check.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "selftest.h"

#ifndef FW_VERSION_STRING
#define FW_VERSION_STRING "unknown"
#endif

int main(void);

static const struct {
	const char *name;
	st_check_fn run;
} checks[] = {
	{ "startup copied .data and zeroed .bss", st_startup },
	{ "hdlc frames over a loop, byte-exact", st_hdlc_loop },
	{ "hdlc bit errors give bad-FCS counts, no false frames", st_hdlc_errors },
	{ "hdlc abort and idle line detected", st_hdlc_abort_idle },
	{ "span counters saturate, never wrap", st_span_saturate },
	{ "span G.826 errored and severely errored seconds", st_span_g826 },
	{ "image header and CRC-32", st_image },
	{ "fxs/fxo ports with phone and CO line through two calls", st_analog_calls },
	{ "host protocol: span config and counters round trip, bad ones refused", st_proto },
	{ "E1 CRC-4 span looped through HDB3 and the cable: aligned, HDLC on TS16, CRC-4 errors and a slip counted",
	  st_span_e1_loop },
	{ "T1 ESF span looped through B8ZS and the cable: in frame, HDLC on TS24, CRC-6 errors and a slip counted",
	  st_span_t1_loop },
	/* last: it measures what all the checks above used */
	{ "stack stayed within its reserve", st_stack },
};

#define N_CHECKS (sizeof(checks) / sizeof(checks[0]))

/*
 * The only writable statics of the image, there to prove the reset handler:
 * .data must hold its initial value and .bss zeroes when main() starts.
 */
static volatile uint32_t st_data_word = 0x5AA5C33Cu;
static volatile uint32_t st_bss_words[4];

bool st_startup(struct st_fail *f)
{
	unsigned int i;

	ST_EQ(f, st_data_word, 0x5AA5C33Cu, ".data word after reset");
	for (i = 0; i < 4; i++)
		ST_EQ(f, st_bss_words[i], 0, ".bss word after reset");
	return true;
}

/* Fails when the stack came within 256 octets of its end: too close to trust. */
#define STACK_MARGIN	256u

bool st_stack(struct st_fail *f)
{
	uint32_t used = board_stack_used(), size = board_stack_size();

	board_puts("# stack used ");
	board_putu(used);
	board_puts(" of ");
	board_putu(size);
	board_puts(" octets\n");
	ST_TRUE(f, used + STACK_MARGIN <= size, "stack used within 256 octets of its end");
	return true;
}

static void report(unsigned int n, const char *name, bool ok, const struct st_fail *f)
{
	board_puts(ok ? "ok " : "not ok ");
	board_putu(n);
	board_puts(" - ");
	board_puts(name);
	if (!ok) {
		board_puts(" # ");
		board_puts(f->what ? f->what : "failed");
		if (f->numbers) {
			board_puts(": got ");
			board_putu(f->got);
			board_puts(", want ");
			board_putu(f->want);
		}
		if (f->file) {
			board_puts(" (");
			board_puts(f->file);
			board_putc(':');
			board_putu((uint32_t)f->line);
			board_putc(')');
		}
	}
	board_putc('\n');
}

int main(void)
{
	unsigned int i, passed = 0;

	board_init();
	board_puts("# tel-fw " FW_VERSION_STRING " boot self-test on mps2-an386 (Cortex-M4)\n");
	board_puts("1..");
	board_putu(N_CHECKS);
	board_putc('\n');
	for (i = 0; i < N_CHECKS; i++) {
		struct st_fail f = { 0 };
		bool ok = checks[i].run(&f);

		report(i + 1, checks[i].name, ok, &f);
		passed += ok;
	}
	board_puts("# ");
	board_putu(passed);
	board_puts(" of ");
	board_putu(N_CHECKS);
	board_puts(passed == N_CHECKS ? " passed\n" : " passed: SELF-TEST FAILED\n");
	return passed == N_CHECKS ? BOARD_EXIT_PASS : BOARD_EXIT_FAIL;
}
