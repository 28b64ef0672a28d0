// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Out-of-memory sweep: a whole call scenario (context, line pair, call,
 * answer, drop with UUI, conference, dealloc, free) is run again and again,
 * with the N-th allocation made by libtel failing, for every N until the
 * scenario runs without meeting a failure. Each run must end cleanly: no
 * crash, errors reported as TEL_ENOMEM, and nothing leaked (LeakSanitizer).
 * Allocations are intercepted with the linker's --wrap (see the Makefile).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "libtel/tel.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static unsigned long nalloc, fail_at;
static bool failed;

static bool should_fail(void)
{
	if (fail_at && ++nalloc == fail_at) {
		failed = true;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t size)
{
	return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return should_fail() ? NULL : __real_realloc(p, size);
}

struct world {
	uint64_t now;
	tel_call *offered;
	unsigned idle;
};

static uint64_t clock_ms(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;

	if (ev->type != TEL_EV_CALL_STATE)
		return;
	if (ev->state == TEL_CS_OFFERING && !w->offered)
		w->offered = ev->call;
	if (ev->state == TEL_CS_IDLE)
		w->idle++;
}

static void run(tel_ctx *ctx, struct world *w)
{
	for (int i = 0; i < 50; i++) {
		if (tel_ctx_run(ctx, 0) <= 0) {
			w->now += 500;	/* let timers move things on after a lost frame */
			if (tel_ctx_run(ctx, 0) <= 0)
				break;
		}
	}
}

/*
 * An error from the API under an allocation failure is TEL_ENOMEM, or, when
 * the failure lost a frame or event inside tel_ctx_run() and the protocol
 * recovered by clearing a call or the link, the error that state calls for.
 */
#define CHECK(expr)                                                           \
	do {                                                                  \
		int rc_ = (expr);                                             \
		if (rc_) {                                                    \
			assert_true(rc_ == TEL_ENOMEM || rc_ == TEL_ESTATE || \
				    rc_ == TEL_ELINK);                        \
			assert_true(failed);                                  \
			goto out;                                             \
		}                                                             \
	} while (0)

/* Returns true when the scenario ran to its end. */
static bool scenario(void)
{
	static const unsigned char uui[] = { 0x00, 0x42, 0x00 };
	struct world w = { .now = 1000 };
	struct tel_ctx_opts o = { .on_event = on_event, .user = &w, .clock_ms = clock_ms };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	struct tel_drop_params dp = { .cause = 16, .uui = uui, .uui_len = sizeof(uui) };
	tel_ctx *ctx = NULL;
	tel_line *lu, *ln;
	tel_call *c1 = NULL, *c2 = NULL;
	tel_conf *cf = NULL;
	bool done = false;

	n.side = TEL_SIDE_NETWORK;
	CHECK(tel_ctx_new(&ctx, &o));
	CHECK(tel_line_pair(ctx, &u, &n, &lu, &ln));
	run(ctx, &w);
	if (!tel_line_up(lu))
		goto out;
	CHECK(tel_call_make(lu, &p, &c1));
	CHECK(tel_call_make(lu, &p, &c2));
	run(ctx, &w);
	if (!w.offered)
		goto out;
	CHECK(tel_call_answer(w.offered, NULL, 0, 0));
	run(ctx, &w);
	CHECK(tel_conf_new(ctx, &cf));
	CHECK(tel_conf_add(cf, c1));
	CHECK(tel_conf_add(cf, c2));
	CHECK(tel_call_drop(c1, &dp));
	run(ctx, &w);
	if (tel_conf_drop(cf, NULL) == TEL_ENOMEM)
		goto out;
	run(ctx, &w);
	done = !failed;
out:
	/* whatever happened, the handles can be dropped and everything freed */
	if (c1 && tel_call_dealloc(c1) == 0)
		c1 = NULL;
	tel_conf_free(cf);
	tel_ctx_free(ctx);
	return done;
}

static void test_oom_sweep(void **state)
{
	unsigned long n;

	(void)state;
	fail_at = 0;
	assert_true(scenario());	/* the scenario itself works */
	for (n = 1; n < 100000; n++) {
		nalloc = 0;
		failed = false;
		fail_at = n;
		if (scenario())
			break;		/* no allocation was left to fail */
	}
	fail_at = 0;
	print_message("oom sweep: %lu allocation points failed one by one\n", n - 1);
	assert_true(n > 5);		/* the sweep did meet allocations */
	assert_true(n < 100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
