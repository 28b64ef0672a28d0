// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Differential test of the data link's fast paths (lapd/datalink_fast.c):
 * two links, one with the fast paths and one without (lapd_set_fast()),
 * take the same random sequences of frames from the peer, requests from
 * above, acknowledgement flushes and time, and must stay the same: state,
 * V(S), V(A), V(R), flags, send queue, timers, counters (the fast and slow
 * receive counts only in sum), every primitive that goes up and every frame
 * sent. The frames are biased towards what the fast paths take (in-sequence
 * I commands with P=0, RR responses with F=0, data requests in state 7), with
 * everything else mixed in: polls, REJ, RNR, resets, releases, timer expiry,
 * own receiver busy, a trace hook, an upper layer that answers from inside
 * DL-DATA-IND.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/timer.h"
#include "lapd/datalink.h"
#include "lapd/datalink_int.h"	/* struct lapd, lapd_set_fast() */
#include "lapd/frame.h"

#define SEQUENCES	3000
#define STEPS		250

struct side {
	struct tel_timers ts;
	struct lapd l;
	uint64_t h;		/* hash of every frame sent and primitive delivered, in order */
	unsigned long frames, prims;
	bool echo;		/* answer DL-DATA-IND with a data request at once */
};

static uint64_t hash(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;	/* FNV-1a */
	return h;
}

static int tx(void *io, const uint8_t *frame, size_t len)
{
	struct side *s = io;
	uint8_t tag = 'T';

	s->h = hash(hash(hash(s->h, &tag, 1), &len, sizeof(len)), frame, len);
	s->frames++;
	return 0;
}

static void dl_ind(void *upper, enum dl_prim prim, enum dl_reason reason,
		   const uint8_t *msg, size_t len)
{
	struct side *s = upper;
	uint8_t hdr[3] = { 'U', (uint8_t)prim, (uint8_t)reason };

	s->h = hash(hash(hash(s->h, hdr, 3), &len, sizeof(len)), msg, msg ? len : 0);
	s->prims++;
	if (prim == DL_DATA_IND && s->echo && len) {
		uint8_t ans[4] = { 0x08, 0x02, msg[0], (uint8_t)len };

		(void)lapd_dl_data_req(&s->l, ans, sizeof(ans));
	}
}

static void trace(void *tracer, enum lapd_dir dir, const uint8_t *frame, size_t len)
{
	struct side *s = tracer;
	uint8_t tag = dir == LAPD_DIR_RX ? 'r' : 't';

	s->h = hash(hash(s->h, &tag, 1), frame, len);
}

static const struct lapd_ops ops = { .tx = tx, .dl_ind = dl_ind };
static const struct lapd_ops ops_traced = { .tx = tx, .dl_ind = dl_ind, .trace = trace };

/* xorshift64* */
static uint64_t rnd_state;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (uint32_t)((rnd_state * 0x2545f4914f6cdd1dull) >> 32);
}

static unsigned int pick(unsigned int n)
{
	return rnd() % n;
}

struct run {
	struct side s[2];	/* [0] fast paths on, [1] off */
	uint64_t seed;
	int step;
	const char *what;
};

#define SAME(field) do { \
	if (a->field != b->field) { \
		fail_msg("seed %llu step %d (%s): " #field " fast %llu, generic %llu", \
			 (unsigned long long)r->seed, r->step, r->what, \
			 (unsigned long long)a->field, (unsigned long long)b->field); \
	} } while (0)

static void compare(const struct run *r)
{
	const struct lapd *a = &r->s[0].l, *b = &r->s[1].l;

	SAME(state); SAME(vs); SAME(va); SAME(vr);
	SAME(peer_busy); SAME(rej_exception); SAME(own_busy); SAME(ack_pending);
	SAME(l3_initiated); SAME(lost); SAME(rc); SAME(upcount); SAME(delivering);
	SAME(qhead); SAME(qcount); SAME(qsent); SAME(qtail); SAME(qcap);
	SAME(busy_at);
	SAME(t200.armed); SAME(t203_on);
	if (a->t200.armed)
		SAME(t200.due);
	if (a->t203_on)
		SAME(t203_start);
	if (a->cnt.rx_fast + a->cnt.rx_slow != b->cnt.rx_slow || b->cnt.rx_fast)
		fail_msg("seed %llu step %d (%s): frames received differ",
			 (unsigned long long)r->seed, r->step, r->what);
	SAME(cnt.tx_frames); SAME(cnt.rx_ignored); SAME(cnt.retransmits);
	SAME(cnt.errors); SAME(cnt.up_dropped); SAME(cnt.busy_set); SAME(cnt.busy_discarded);
	for (unsigned int i = 0; i < a->qcount; i++) {
		unsigned int sa = (a->qhead + i) % a->qcap, sb = (b->qhead + i) % b->qcap;

		if (a->qlen[sa] != b->qlen[sb] ||
		    memcmp(lapd_slot_info(a, sa), lapd_slot_info(b, sb), a->qlen[sa]))
			fail_msg("seed %llu step %d (%s): queued frame %u differs",
				 (unsigned long long)r->seed, r->step, r->what, i);
	}
	{
		const struct side *x = &r->s[0], *y = &r->s[1];

		if (x->h != y->h || x->frames != y->frames || x->prims != y->prims)
			fail_msg("seed %llu step %d (%s): frames sent or primitives up differ "
				 "(fast %lu frames %lu primitives, generic %lu, %lu)",
				 (unsigned long long)r->seed, r->step, r->what, x->frames,
				 x->prims, y->frames, y->prims);
	}
}

/* Runs the timers due up to now + @ms on both links, one expiry at a time. */
static void advance(struct run *r, uint64_t ms)
{
	for (int i = 0; i < 2; i++) {
		struct side *s = &r->s[i];
		uint64_t end = timers_now(&s->ts) + ms;

		for (int n = 0; n < 100; n++) {
			uint64_t due = timers_next_due(&s->ts);

			if (due > end)
				break;
			timers_run(&s->ts, due);
			lapd_poll(&s->l);
		}
		timers_set_now(&s->ts, end);
	}
}

/* A sequence number for a frame of the peer: mostly one the link takes. */
static uint8_t pick_nr(const struct lapd *l)
{
	unsigned int out = seq_diff(l->vs, l->va), p = pick(100);

	if (p < 85)
		return seq_add(l->va, pick(out + 1));	/* valid: V(A) .. V(S) */
	if (p < 95)
		return l->vs;
	return (uint8_t)pick(128);
}

static uint8_t pick_ns(const struct lapd *l)
{
	unsigned int p = pick(100);

	if (p < 85)
		return l->vr;				/* in sequence */
	if (p < 95)
		return seq_add(l->vr, 1 + pick(3));
	return (uint8_t)pick(128);
}

/* One frame, as the peer of the link sends it, to both links. */
static void rx_both(struct run *r, const struct lapd_frame *f)
{
	uint8_t buf[LAPD_MAX_FRAME + LAPD_TX_READ];
	int n = lapd_frame_encode(f, buf, LAPD_MAX_FRAME);

	assert_true(n > 0);
	for (int i = 0; i < 2; i++)
		lapd_rx_frame(&r->s[i].l, buf, (size_t)n);
}

static void rx_raw_both(struct run *r, const uint8_t *b, size_t n)
{
	for (int i = 0; i < 2; i++)
		lapd_rx_frame(&r->s[i].l, b, n);
}

static void step(struct run *r)
{
	static const enum lapd_ftype utype[] = { LAPD_SABME, LAPD_UA, LAPD_DM, LAPD_DISC };
	static const enum lapd_ftype stype[] = { LAPD_RR, LAPD_RNR, LAPD_REJ };
	const struct lapd *l = &r->s[0].l;
	struct lapd_frame f = { .sapi = l->sapi, .tei = l->tei };
	uint8_t info[LAPD_N201];
	unsigned int p = pick(1000), len;
	bool peer_net = !l->network;

	for (size_t i = 0; i < sizeof(info); i++)
		info[i] = (uint8_t)rnd();
	/* a released link is mostly established again, by the peer or by us */
	if (l->state == LAPD_ST_TEI_ASSIGNED && p < 300)
		p = 900 + pick(30);
	if (p < 350) {		/* I command, P=0: the receive fast path */
		r->what = "I";
		f.type = LAPD_I;
		f.cr = lapd_cr_bit(peer_net, true);
		f.pf = pick(50) == 0;
		f.ns = pick_ns(l);
		f.nr = pick_nr(l);
		len = pick(8) ? 1 + pick(40) : 0;
		f.info = len ? info : NULL;
		f.info_len = (uint16_t)len;
		rx_both(r, &f);
	} else if (p < 520) {	/* RR response, F=0: the receive fast path */
		r->what = "RR";
		f.type = LAPD_RR;
		f.cr = lapd_cr_bit(peer_net, pick(30) != 0 ? false : true);
		f.pf = pick(30) == 0;
		f.nr = pick_nr(l);
		rx_both(r, &f);
	} else if (p < 560) {	/* RNR, REJ, a poll */
		r->what = "S";
		f.type = stype[pick(3)];
		f.cr = lapd_cr_bit(peer_net, pick(2));
		f.pf = pick(2);
		f.nr = pick_nr(l);
		rx_both(r, &f);
	} else if (p < 720) {	/* data request: the send fast path */
		bool via_buf = pick(2), clearing = pick(4) == 0;

		r->what = via_buf ? "data buf" : "data req";
		len = pick(20) ? 1 + pick(60) : (pick(2) ? 0u : l->n201 + 1u);
		for (int i = 0; i < 2; i++) {
			struct lapd *li = &r->s[i].l;
			enum lapd_data_class cls = clearing ? LAPD_DATA_CLEARING : LAPD_DATA_NORMAL;
			int rc[2];

			if (via_buf) {
				uint8_t *b = lapd_dl_data_buf_cl(li, cls);

				if (b && len && len <= li->n201)
					memcpy(b, info, len);
				rc[i] = lapd_dl_data_commit(li, b ? len : 0);
			} else {
				rc[i] = lapd_dl_data_req_cl(li, info, len, cls);
			}
			if (i == 1 && rc[0] != rc[1])
				fail_msg("seed %llu step %d: data request returned %d fast, %d generic",
					 (unsigned long long)r->seed, r->step, rc[0], rc[1]);
		}
	} else if (p < 800) {	/* end of a processing round */
		r->what = "flush";
		for (int i = 0; i < 2; i++) {
			lapd_poll(&r->s[i].l);
			lapd_flush_ack(&r->s[i].l);
		}
	} else if (p < 880) {	/* time: mostly short, sometimes past T200 or T203 */
		r->what = "time";
		advance(r, pick(4) ? pick(300) : 900 + pick(11000));
	} else if (p < 890) {	/* the upper layer answers from inside DL-DATA-IND, or not */
		r->what = "echo";
		r->s[0].echo = r->s[1].echo = !r->s[0].echo;
	} else if (p < 935) {	/* U frames: SABME, UA, DM, DISC, FRMR */
		r->what = "U";
		if (pick(8) == 0) {
			f.type = LAPD_FRMR;
			f.cr = lapd_cr_bit(peer_net, false);
			f.info = info;
			f.info_len = 5;
		} else {
			f.type = utype[pick(4)];
			f.cr = lapd_cr_bit(peer_net, f.type == LAPD_SABME || f.type == LAPD_DISC);
			f.pf = pick(4) != 0;
		}
		if (l->state == LAPD_ST_TEI_ASSIGNED && pick(2)) {
			f.type = LAPD_SABME;
			f.cr = lapd_cr_bit(peer_net, true);
			f.info = NULL;
			f.info_len = 0;
		}
		rx_both(r, &f);
	} else if (p < 965) {	/* requests: establish, release, physical layer gone, UI */
		unsigned int q = pick(10);

		r->what = "request";
		for (int i = 0; i < 2; i++) {
			struct lapd *li = &r->s[i].l;

			if (q < 6)
				lapd_dl_establish_req(li);
			else if (q < 8)
				lapd_dl_release_req(li);
			else if (q < 9)
				lapd_ph_deactivate(li);
			else
				lapd_dl_unit_data_req(li, info, 3);
		}
	} else {		/* UI, another TEI, undecodable octets */
		r->what = "other";
		if (pick(2)) {
			f.type = LAPD_UI;
			f.cr = lapd_cr_bit(peer_net, true);
			f.info = info;
			f.info_len = 2;
			if (pick(2))
				f.tei = (uint8_t)((l->tei + 1) & 127);
			rx_both(r, &f);
		} else {
			rx_raw_both(r, info, pick(8));
		}
	}
}

static void run_one(uint64_t seed, unsigned long *fast_rx, unsigned long *fast_tx)
{
	struct run *r = calloc(1, sizeof(*r));
	struct lapd_params p;
	bool traced = seed % 5 == 0;
	unsigned int reserve = seed % 3 ? 2 + (unsigned int)(seed % 7) : 0;

	assert_non_null(r);
	r->seed = seed;
	rnd_state = seed * 0x9e3779b97f4a7c15ull + 1;
	lapd_params_default(&p);
	p.v[LAPD_K] = 1 + pick(7);
	p.v[LAPD_N200] = 1 + pick(3);
	p.v[LAPD_QLEN] = pick(2) ? 1024 : p.v[LAPD_K] + 2 + pick(20);
	for (int i = 0; i < 2; i++) {
		struct side *s = &r->s[i];
		struct lapd_cfg cfg = {
			.network = seed & 1, .params = &p, .ops = traced ? &ops_traced : &ops,
			.io = s, .upper = s, .tracer = s, .timers = &s->ts,
		};

		s->h = 0xcbf29ce484222325ull;
		timers_init(&s->ts);
		timers_set_now(&s->ts, 1000);
		assert_int_equal(lapd_init(&s->l, &cfg), 0);
		if (reserve)	/* own receiver busy when the queue fills */
			lapd_set_flow(&s->l, reserve);
	}
	lapd_set_fast(&r->s[1].l, false);
	for (r->step = 0; r->step < STEPS; r->step++) {
		unsigned long before = r->s[0].frames;
		uint16_t qbefore = r->s[0].l.qcount;
		uint32_t fast_before = r->s[0].l.cnt.rx_fast;

		step(r);
		compare(r);
		*fast_rx += r->s[0].l.cnt.rx_fast - fast_before;
		/* a data request in state 7 that queued and sent at once */
		if (!strncmp(r->what, "data", 4) && r->s[0].l.qcount > qbefore &&
		    r->s[0].frames > before)
			++*fast_tx;
	}
	assert_int_equal(r->s[1].l.cnt.rx_fast, 0);
	for (int i = 0; i < 2; i++) {
		lapd_fini(&r->s[i].l);
		timers_fini(&r->s[i].ts);
	}
	free(r);
}

static void test_fast_equals_generic(void **state)
{
	unsigned long fast_rx = 0, fast_tx = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= SEQUENCES; seed++)
		run_one(seed, &fast_rx, &fast_tx);
	/* the comparison means something only if the fast paths ran, and often */
	print_message("%d sequences of %d steps: %lu frames by the receive fast path, "
		      "%lu data requests sent at once\n", SEQUENCES, STEPS, fast_rx, fast_tx);
	assert_true(fast_rx > SEQUENCES * 20ul);
	assert_true(fast_tx > SEQUENCES * 5ul);
}

/* lapd_set_fast() turns the shortcuts off and on again, and only them. */
static void test_set_fast(void **state)
{
	struct tel_timers ts;
	struct lapd l;
	struct side s = { 0 };
	struct lapd_cfg cfg = { .ops = &ops, .io = &s, .upper = &s, .timers = &ts };
	uint8_t sabme[3] = { 0x02, 0x01, 0x7f };	/* from the network side: C/R=1 */
	uint8_t i0[5] = { 0x02, 0x01, 0x00, 0x00, 0x55 };	/* I(0,0) command, P=0 */
	uint8_t i1[5] = { 0x02, 0x01, 0x02, 0x00, 0x56 };	/* I(1,0) */

	(void)state;
	timers_init(&ts);
	assert_int_equal(lapd_init(&l, &cfg), 0);
	assert_int_equal(lapd_rx_frame(&l, sabme, sizeof(sabme)), 1);
	assert_int_equal(l.state, LAPD_ST_MF_EST);
	lapd_set_fast(&l, false);
	assert_int_equal(l.qroom, 0);
	assert_int_equal(lapd_rx_frame(&l, i0, sizeof(i0)), 1);
	assert_int_equal(l.cnt.rx_fast, 0);
	assert_int_equal(l.vr, 1);
	lapd_set_fast(&l, true);
	assert_true(l.qroom > 0);
	assert_int_equal(lapd_rx_frame(&l, i1, sizeof(i1)), 1);
	assert_int_equal(l.cnt.rx_fast, 1);
	assert_int_equal(l.vr, 2);
	lapd_fini(&l);
	timers_fini(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_fast),
		cmocka_unit_test(test_fast_equals_generic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
