/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context over the fake DAHDI of fake_dahdi.h, with a fake clock,
 * recording every event (struct world), and run(). Include after <cmocka.h>
 * and "libtel/tel.h".
 */
#ifndef TEL_FAKE_DAHDI_WORLD_H
#define TEL_FAKE_DAHDI_WORLD_H

#include "fake_dahdi.h"
#include "session/session.h"	/* tel_ctx_set_dahdi_ops() */

#define FAKE_MAX_EV 256

struct world {
	struct fake_dahdi fd;
	tel_ctx *ctx;
	uint64_t now;
	struct tel_event ev[FAKE_MAX_EV];
	struct tel_call_info info[FAKE_MAX_EV];	/* the call's info when its event came */
	unsigned nev;
	tel_call *offered;			/* the last OFFERING call */
};

static inline uint64_t world_clock(void *user)
{
	return ((struct world *)user)->now;
}

static inline void world_on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;

	assert_true(w->nev < FAKE_MAX_EV);
	w->ev[w->nev] = *ev;
	if (ev->call)
		assert_int_equal(tel_call_info(ev->call, &w->info[w->nev]), 0);
	w->nev++;
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING)
		w->offered = ev->call;
}

/* A context on the fake DAHDI; time is w->now when @fake_time, else the real clock. */
static inline void world_open(struct world *w, bool fake_time)
{
	struct tel_ctx_opts o = { .on_event = world_on_event, .user = w,
				  .clock_ms = fake_time ? world_clock : NULL };
	struct tel_dahdi_ops ops;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	fake_init(&w->fd);
	ops = fake_ops(&w->fd);
	assert_int_equal(tel_ctx_new(&w->ctx, &o), 0);
	tel_ctx_set_dahdi_ops(w->ctx, &ops);
}

/* Runs the context until a turn finds nothing to do. */
static inline void run(struct world *w)
{
	for (int i = 0; i < 100 && tel_ctx_run(w->ctx, 0) > 0; i++)
		;
}

static inline void world_fini(struct world *w)
{
	tel_ctx_free(w->ctx);
	fake_fini(&w->fd);
}

#endif /* TEL_FAKE_DAHDI_WORLD_H */
