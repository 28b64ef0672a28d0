// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Events are delivered in place from the context's ring, and received frames
 * are copied into the line's frame queue without a call to memcpy for small
 * frames. Checked here: the event an application holds stays intact while
 * its callback queues enough events to grow the ring several times (under
 * AddressSanitizer a freed ring would be caught), nothing is lost or
 * reordered; and the frame queue keeps every length 0..LAPD_MAX_FRAME intact
 * across growth and wrap-around.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "io/frameq.h"
#include "lapd/frame.h"
#include "libtel/tel.h"

#define NSHARE 300	/* events queued from one callback: the ring grows 64 -> 512 */

struct world {
	tel_ctx *ctx;
	tel_line *user, *net;
	uint64_t now;
	tel_call *shared[NSHARE];
	unsigned nshared, announced, total;
	bool did_share;
};

static uint64_t fake_clock(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;

	w->total++;
	if (ev->type != TEL_EV_CALL_STATE)
		return;
	if (ev->state == TEL_CS_OFFERING && !w->did_share && tel_call_line(ev->call) == w->net) {
		struct tel_event before = *ev;

		w->did_share = true;
		for (unsigned i = 0; i < NSHARE; i++)
			assert_int_equal(tel_call_share(ev->call, &w->shared[w->nshared++]), 0);
		/* the event handed to us is unchanged after the ring grew under it */
		assert_int_equal(ev->type, before.type);
		assert_ptr_equal(ev->line, before.line);
		assert_ptr_equal(ev->call, before.call);
		assert_int_equal(ev->state, before.state);
		assert_int_equal(ev->up, before.up);
		assert_int_equal(ev->result, before.result);
		return;
	}
	if (ev->state == TEL_CS_OFFERING && w->did_share) {
		/* the appearances are announced in the order they were made */
		assert_true(w->announced < w->nshared);
		assert_ptr_equal(ev->call, w->shared[w->announced]);
		assert_ptr_equal(ev->line, w->net);
		assert_int_equal(ev->up, 0);
		assert_int_equal(ev->result, 0);
		w->announced++;
	}
}

static void run(struct world *w)
{
	for (int i = 0; i < 100 && tel_ctx_run(w->ctx, 0) > 0; i++)
		;
}

static void test_ring_grows_during_delivery(void **state)
{
	struct world w;
	struct tel_ctx_opts o = { .on_event = on_event, .user = &w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	tel_call *c;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.now = 1000;
	n.side = TEL_SIDE_NETWORK;
	assert_int_equal(tel_ctx_new(&w.ctx, &o), 0);
	assert_int_equal(tel_line_pair(w.ctx, &u, &n, &w.user, &w.net), 0);
	run(&w);
	assert_int_equal(tel_line_up(w.user), 1);
	assert_int_equal(tel_call_make(w.user, &p, &c), 0);
	run(&w);
	assert_true(w.did_share);
	assert_int_equal(w.nshared, NSHARE);
	assert_int_equal(w.announced, NSHARE);
	/* a second burst from outside a callback: ring reused, nothing lost */
	for (unsigned i = 0; i < NSHARE; i++)
		assert_int_equal(tel_call_drop(w.shared[i], NULL), 0);
	run(&w);
	for (unsigned i = 0; i < NSHARE; i++) {
		struct tel_call_info info;

		assert_int_equal(tel_call_info(w.shared[i], &info), 0);
		assert_int_equal(info.state, TEL_CS_IDLE);
		assert_int_equal(tel_call_dealloc(w.shared[i]), 0);
	}
	tel_ctx_free(w.ctx);
}

static void fill(uint8_t *b, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(seed * 131 + i * 7 + 1);
}

static void test_frameq_every_length(void **state)
{
	struct frameq q;
	uint8_t src[LAPD_MAX_FRAME + 16], want[LAPD_MAX_FRAME];
	unsigned pushed = 0, popped = 0;

	(void)state;
	frameq_init(&q);
	assert_int_equal(frameq_push(&q, src, LAPD_MAX_FRAME + 1), TEL_EINVAL);
	/* every length, several at a time so the ring grows and wraps */
	for (unsigned round = 0; round < 3; round++) {
		for (size_t len = 0; len <= LAPD_MAX_FRAME; len++) {
			/* canaries after the frame: only len bytes are read */
			memset(src, 0xee, sizeof(src));
			fill(src, len, pushed);
			assert_int_equal(frameq_push(&q, src, len), 0);
			pushed++;
			if (len % 5 == 4) {
				while (popped + 2 < pushed) {
					struct frameq_slot *s = frameq_peek(&q);
					size_t wl = (popped % (LAPD_MAX_FRAME + 1));

					assert_non_null(s);
					assert_int_equal(s->len, wl);
					fill(want, wl, popped);
					assert_memory_equal(s->data, want, wl);
					frameq_pop(&q);
					popped++;
				}
			}
		}
	}
	while (popped < pushed) {
		struct frameq_slot *s = frameq_peek(&q);
		size_t wl = (popped % (LAPD_MAX_FRAME + 1));

		assert_non_null(s);
		assert_int_equal(s->len, wl);
		fill(want, wl, popped);
		assert_memory_equal(s->data, want, wl);
		frameq_pop(&q);
		popped++;
	}
	assert_null(frameq_peek(&q));
	frameq_fini(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_grows_during_delivery),
		cmocka_unit_test(test_frameq_every_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
