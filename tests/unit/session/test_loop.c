// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel_ctx_fd() and tel_ctx_timeout(): two contexts driven from one plain
 * poll() loop of the test's own, with the real clock. No frame, timer or
 * event is missed that way, and an idle context does not wake the loop.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "libtel/tel.h"

struct side {
	tel_ctx *ctx;
	tel_line *line;
	tel_call *call;
	enum tel_call_state st;
	int drop_done;
	bool up;
};

static void on_event(const struct tel_event *ev, void *user)
{
	struct side *s = user;

	if (ev->type == TEL_EV_LINE_STATE)
		s->up = ev->up;
	if (ev->type == TEL_EV_DROP_DONE)
		s->drop_done++;
	if (ev->type != TEL_EV_CALL_STATE)
		return;
	s->call = ev->call;
	s->st = ev->state;
	if (ev->state == TEL_CS_OFFERING)
		assert_int_equal(tel_call_answer(ev->call, NULL, 0, 0), 0);
	if (ev->state == TEL_CS_DISCONNECTED)
		assert_int_equal(tel_call_drop(ev->call, NULL), 0);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* One turn of the application's loop: wait on both descriptors, run what woke. */
static int turn(struct side *s, unsigned n, int cap_ms)
{
	struct pollfd p[2];
	int t = -1, r;

	for (unsigned i = 0; i < n; i++) {
		p[i].fd = tel_ctx_fd(s[i].ctx);
		p[i].events = POLLIN;
		t = min_timeout(t, tel_ctx_timeout(s[i].ctx));
	}
	if (t < 0 || t > cap_ms)
		t = cap_ms;
	r = poll(p, n, t);
	assert_true(r >= 0);
	for (unsigned i = 0; i < n; i++)
		assert_true(tel_ctx_run(s[i].ctx, 0) >= 0);
	return r;
}

static void open_sides(struct side s[2], const struct tel_param *np, size_t nnp)
{
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	int sp[2];

	n.side = TEL_SIDE_NETWORK;
	n.params = np;
	n.nparams = nnp;
	memset(s, 0, 2 * sizeof(*s));
	for (int i = 0; i < 2; i++) {
		struct tel_ctx_opts o = { .on_event = on_event, .user = &s[i] };

		assert_int_equal(tel_ctx_new(&s[i].ctx, &o), 0);
		assert_true(tel_ctx_fd(s[i].ctx) >= 0);
		assert_int_equal(tel_ctx_fd(s[i].ctx), tel_ctx_fd(s[i].ctx));	/* the same one */
	}
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp), 0);
	assert_int_equal(tel_line_open_fd(s[0].ctx, &u, sp[0], &s[0].line), 0);
	assert_int_equal(tel_line_open_fd(s[1].ctx, &n, sp[1], &s[1].line), 0);
}

static void test_two_contexts_one_poll_loop(void **state)
{
	struct side s[2];
	struct tel_call_params p = { .to = "5678" };
	tel_call *c;
	uint64_t t0 = mono_ms();
	unsigned turns = 0, idle_wakeups = 0;

	(void)state;
	open_sides(s, NULL, 0);
	while (!(s[0].up && s[1].up) && turns++ < 100)
		turn(s, 2, 1000);
	assert_true(s[0].up && s[1].up);
	/* a call made outside the run loop: its SETUP leaves from the loop */
	assert_int_equal(tel_call_make(s[0].line, &p, &c), 0);
	while (s[0].st != TEL_CS_CONNECTED && turns++ < 200)
		turn(s, 2, 1000);
	assert_int_equal(s[0].st, TEL_CS_CONNECTED);
	assert_int_equal(s[1].st, TEL_CS_CONNECTED);
	assert_int_equal(tel_call_drop(c, NULL), 0);
	while (!(s[0].drop_done && s[1].drop_done) && turns++ < 300)
		turn(s, 2, 1000);
	assert_int_equal(s[0].drop_done, 1);
	assert_int_equal(s[1].drop_done, 1);
	assert_int_equal(s[0].st, TEL_CS_IDLE);
	assert_true(turns < 100);		/* a few turns per message, no spinning */
	assert_true(mono_ms() - t0 < 2000);	/* no turn waited for its cap */
	/*
	 * Idle. Timers stopped lazily (the call's, a T200 of the last frames)
	 * may wake the loop once each, early and cheaply; then nothing is due
	 * for seconds (T203) and the descriptors stay quiet.
	 */
	for (unsigned k = 0; k < 20; k++) {
		if (tel_ctx_timeout(s[0].ctx) > 5000 && tel_ctx_timeout(s[1].ctx) > 5000)
			break;
		turn(s, 2, 3000);
		assert_true(k < 10);
	}
	for (int i = 0; i < 2; i++) {
		int t = tel_ctx_timeout(s[i].ctx);
		struct pollfd q = { .fd = tel_ctx_fd(s[i].ctx), .events = POLLIN };

		assert_true(t > 5000);
		idle_wakeups += poll(&q, 1, 50) != 0;
	}
	assert_int_equal(idle_wakeups, 0);
	assert_int_equal(tel_call_dealloc(s[0].call), 0);
	assert_int_equal(tel_call_dealloc(s[1].call), 0);
	tel_ctx_free(s[0].ctx);
	tel_ctx_free(s[1].ctx);
}

/*
 * A timer alone wakes the descriptor: a line whose far end never answers
 * (the network side here has no context running it) sends SABME again each
 * T200 (100 ms here) only if the loop wakes for it, with no other traffic.
 */
static void test_timer_wakes_descriptor(void **state)
{
	const struct tel_param t200 = { "T200", 100 };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30, .params = &t200,
				  .nparams = 1 };
	struct tel_ctx_opts o = { .on_event = on_event };
	struct side s = { 0 };
	int sp[2], fd, t;
	unsigned sabme = 0;
	uint8_t f[64];
	uint64_t t0;

	(void)state;
	o.user = &s;
	assert_int_equal(tel_ctx_new(&s.ctx, &o), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp), 0);
	assert_int_equal(tel_line_open_fd(s.ctx, &u, sp[0], &s.line), 0);
	fd = tel_ctx_fd(s.ctx);
	t0 = mono_ms();
	for (int k = 0; k < 3; k++) {
		struct pollfd q = { .fd = fd, .events = POLLIN };

		t = tel_ctx_timeout(s.ctx);
		assert_true(t >= 0 && t <= 100);
		/* wait on the descriptor only, with no timeout of our own */
		assert_int_equal(poll(&q, 1, 5000), 1);
		assert_true(tel_ctx_run(s.ctx, 0) >= 0);
		while (recv(sp[1], f, sizeof(f), MSG_DONTWAIT) > 0)
			sabme++;
	}
	assert_true(sabme >= 3);		/* the first SABME and the retries */
	assert_true(mono_ms() - t0 < 1000);
	tel_ctx_free(s.ctx);
	close(sp[1]);
}

/* Bad arguments, and a context with nothing scheduled. */
static void test_loop_api_edges(void **state)
{
	struct tel_ctx_opts o = { 0 };
	tel_ctx *ctx;

	(void)state;
	assert_int_equal(tel_ctx_fd(NULL), TEL_EINVAL);
	assert_int_equal(tel_ctx_timeout(NULL), TEL_EINVAL);
	assert_int_equal(tel_ctx_new(&ctx, &o), 0);
	assert_int_equal(tel_ctx_timeout(ctx), -1);	/* no line: nothing scheduled */
	assert_true(tel_ctx_fd(ctx) >= 0);
	assert_int_equal(tel_ctx_timeout(ctx), -1);
	tel_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_contexts_one_poll_loop),
		cmocka_unit_test(test_timer_wakes_descriptor),
		cmocka_unit_test(test_loop_api_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
