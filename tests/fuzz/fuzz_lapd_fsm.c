// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the Q.921 data link state machine (lapd/datalink*.c)
 * driven by a program. One struct lapd (user or network side, small k, N200
 * and send queue from the input) over a fake transport and a fake clock is
 * fed frames built from the input (SABME, UA, DM, DISC, FRMR, I, RR, RNR,
 * REJ, UI, raw octets; N(S), N(R), P/F, C/R from the input, or taken from
 * the link's own V(S)/V(A)/V(R) so that the fuzzer reaches the established
 * states), requests from above (establish, release, data, unit data) and
 * timer advances.
 *
 * After every step: the state is one of 4..8; V(A) <= V(S) <= V(A) + k
 * (mod 128); the send queue holds at least the frames outstanding and at
 * most its maximum; in 5, 6 and 8 T200 runs, in 7 T200 or T203 (unless a
 * timer could not be armed); every frame sent decodes, carries our address
 * and, for an I frame, an N(S) inside the window; no primitive goes up from
 * inside a request; DL-DATA indications carry 0..N201 octets. Any violation
 * aborts.
 *
 * Fast against generic: every input runs twice, with the fast paths of
 * lapd/datalink_fast.c and without them (lapd_set_fast()); after every step
 * the two runs must agree on the link (state, V(S), V(A), V(R), flags, queue,
 * timers, counters) and on everything sent and delivered so far.
 *
 * Input: byte 0 configuration (side, k, N200, queue), then opcodes; see op().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libtel/tel.h"
#include "core/timer.h"
#include "lapd/datalink.h"
#include "lapd/datalink_int.h"
#include "lapd/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t take(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

struct fz {
	struct tel_timers ts;
	struct lapd l;
	bool in_request;	/* inside a lapd_dl_*_req(): nothing may go up */
	bool echo;		/* answer DL-DATA-IND with a data request at once */
	bool established;	/* last primitive up was ESTABLISH (for the data check) */
	unsigned long sent, ups;
	uint64_t out;		/* hash of the frames sent and the primitives up, in order */
};

static uint64_t hash(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;	/* FNV-1a */
	return h;
}

static int fz_tx(void *io, const uint8_t *frame, size_t len)
{
	struct fz *z = io;
	struct lapd_frame f;
	volatile uint8_t last = frame[LAPD_TX_READ - 1];	/* readable as promised */

	(void)last;
	CHECK(lapd_frame_decode(frame, len, &f) == LAPD_OK);
	CHECK(f.sapi == z->l.sapi && f.tei == z->l.tei);
	if (f.type == LAPD_I) {
		/* an I frame we send is outstanding: V(A) <= N(S) < V(S) (N(S) = V(S) before
		 * the increment, which some paths do after the send) */
		CHECK(seq_diff(f.ns, z->l.va) < z->l.k);
		CHECK(f.info_len >= 1 && f.info_len <= z->l.n201);
		CHECK(lapd_is_command(&f, z->l.network));
	}
	z->sent++;
	z->out = hash(hash(z->out, &len, sizeof(len)), frame, len);
	return 0;
}

static void fz_dl_ind(void *upper, enum dl_prim prim, enum dl_reason reason,
		      const uint8_t *msg, size_t len)
{
	struct fz *z = upper;

	CHECK(!z->in_request);			/* layering: never up from a request */
	CHECK((unsigned)prim < DL_PRIM_COUNT && (unsigned)reason < DL_REASON_COUNT);
	z->ups++;
	{
		uint8_t h[2] = { (uint8_t)prim, (uint8_t)reason };

		z->out = hash(hash(hash(z->out, h, 2), &len, sizeof(len)), msg, msg ? len : 0);
	}
	switch (prim) {
	case DL_DATA_IND:
		/* an I frame may have an empty information field */
		CHECK(len <= z->l.n201 && (!len || msg));
		if (len)
			(void)*(volatile const uint8_t *)&msg[len - 1];
		if (z->echo && len && z->l.state == LAPD_ST_MF_EST) {
			uint8_t ans[3] = { 0x08, 0x01, msg[0] };
			int rc = lapd_dl_data_req(&z->l, ans, sizeof(ans));

			CHECK(rc == 0 || rc == TEL_EBUSY);
		}
		break;
	case DL_UNIT_DATA_IND:
		CHECK(!len || msg);
		break;
	case DL_ESTABLISH_IND:
	case DL_ESTABLISH_CONF:
		z->established = true;
		break;
	case DL_RELEASE_IND:
	case DL_RELEASE_CONF:
		z->established = false;
		break;
	default:
		break;
	}
}

static void fz_mgmt(void *upper, const struct lapd_frame *f)
{
	(void)upper;
	CHECK(f->sapi == LAPD_SAPI_MGMT);
}

static const struct lapd_ops fz_ops = { .tx = fz_tx, .dl_ind = fz_dl_ind, .mgmt = fz_mgmt };
static const struct lapd_ops fz_ops_nomgmt = { .tx = fz_tx, .dl_ind = fz_dl_ind };

static void invariants(const struct fz *z)
{
	const struct lapd *l = &z->l;
	unsigned out = seq_diff(l->vs, l->va);

	CHECK(l->state >= LAPD_ST_FIRST && l->state <= LAPD_ST_LAST);
	CHECK(l->vs < 128 && l->va < 128 && l->vr < 128);
	CHECK(out <= l->k);				/* V(A) <= V(S) <= V(A) + k */
	/* in 7 and 8 what is outstanding is queued (elsewhere V(S) and V(A) are
	 * reset by the next establishment and the queue may have been discarded) */
	if (l->state == LAPD_ST_MF_EST || l->state == LAPD_ST_TIMER_RECOVERY)
		CHECK(l->qcount >= out);
	CHECK(l->qcount <= l->qcap && l->qcap <= l->qmax);
	CHECK(l->qsent <= l->qcount);
	CHECK(l->qhead < l->qcap && l->qtail < l->qcap);
	CHECK(l->qtail == (l->qhead + l->qcount) % l->qcap);
	CHECK(l->upcount <= LAPD_UPQ_LEN);
	if (l->cnt.errors == 0) {	/* timers armed as they should be */
		if (l->state == LAPD_ST_AWAIT_EST || l->state == LAPD_ST_AWAIT_REL ||
		    l->state == LAPD_ST_TIMER_RECOVERY)
			CHECK(timer_armed(&l->t200));
		if (l->state == LAPD_ST_MF_EST)
			CHECK(timer_armed(&l->t200) || l->t203_on);
		if (l->state == LAPD_ST_TEI_ASSIGNED)
			CHECK(!timer_armed(&l->t200) && !l->t203_on);
	}
}

/* Runs the timers due up to now + @ms, one expiry at a time. */
static void advance(struct fz *z, uint64_t ms)
{
	uint64_t end = timers_now(&z->ts) + ms;

	for (int i = 0; i < 1000; i++) {
		uint64_t due = timers_next_due(&z->ts);

		if (due > end)
			break;
		timers_run(&z->ts, due);
		lapd_poll(&z->l);
		invariants(z);
	}
	timers_set_now(&z->ts, end);
}

/* A sequence number: raw from the input, or near one of the link's variables. */
static uint8_t seqno(struct fz *z, uint8_t b)
{
	switch (b >> 6) {
	case 0:
		return b & 127;
	case 1:
		return seq_add(z->l.va, b & 7);		/* V(A) .. V(A)+7: mostly valid N(R) */
	case 2:
		return seq_add(z->l.vr, b & 3);		/* V(R), or a little ahead */
	default:
		return z->l.vs;
	}
}

static void rx(struct fz *z, const struct lapd_frame *f)
{
	uint8_t buf[LAPD_MAX_FRAME + LAPD_TX_READ];
	int n = lapd_frame_encode(f, buf, LAPD_MAX_FRAME);

	CHECK(n > 0);
	lapd_rx_frame(&z->l, buf, (size_t)n);
}

static void op(struct fz *z, struct in *in)
{
	static const enum lapd_ftype utype[] = { LAPD_SABME, LAPD_UA, LAPD_DM, LAPD_DISC };
	static const enum lapd_ftype stype[] = { LAPD_RR, LAPD_RNR, LAPD_REJ, LAPD_RR };
	uint8_t info[LAPD_N201];
	struct lapd_frame f = { .sapi = z->l.sapi, .tei = z->l.tei };
	uint8_t o = take(in), a = take(in);
	bool command = a & 1, pf = a & 2;
	size_t len;
	int rc;

	/* C/R as the far end would set it for a command or a response */
	f.cr = lapd_cr_bit(!z->l.network, command);
	f.pf = pf;
	switch (o % 12) {
	case 0:		/* U frame: SABME/UA/DM/DISC, C/R as the type wants unless a&4 */
		f.type = utype[(a >> 3) & 3];
		if (!(a & 4))
			f.cr = lapd_cr_bit(!z->l.network,
					   f.type == LAPD_SABME || f.type == LAPD_DISC);
		rx(z, &f);
		break;
	case 1:		/* S frame */
		f.type = stype[(a >> 3) & 3];
		f.nr = seqno(z, take(in));
		rx(z, &f);
		break;
	case 2:		/* I frame (a command unless a&4) */
	case 3:
		f.type = LAPD_I;
		if (!(a & 4))
			f.cr = lapd_cr_bit(!z->l.network, true);
		f.ns = seqno(z, take(in));
		f.nr = seqno(z, take(in));
		len = 1 + take(in) % 24;
		for (size_t i = 0; i < len; i++)
			info[i] = take(in);
		f.info = info;
		f.info_len = (uint16_t)len;
		rx(z, &f);
		break;
	case 4:		/* FRMR, 5 octets */
		f.type = LAPD_FRMR;
		f.cr = lapd_cr_bit(!z->l.network, false);
		for (int i = 0; i < 5; i++)
			info[i] = take(in);
		f.info = info;
		f.info_len = 5;
		rx(z, &f);
		break;
	case 5:		/* request: establish, release, unit data */
		z->in_request = true;
		switch ((a >> 2) % 3) {
		case 0:
			rc = lapd_dl_establish_req(&z->l);
			break;
		case 1:
			rc = lapd_dl_release_req(&z->l);
			break;
		default:
			info[0] = 0x08;
			rc = lapd_dl_unit_data_req(&z->l, info, 1);
			break;
		}
		z->in_request = false;
		CHECK(rc <= 0);
		break;
	case 6:		/* request: data, 1..N201 octets (sometimes 0 or over: refused) */
	case 7: {
		unsigned qbefore = z->l.qcount;

		len = take(in);
		if (len > z->l.n201 && !(a & 4))
			len = z->l.n201;
		memset(info, a, sizeof(info));
		z->in_request = true;
		if (a & 8) {
			uint8_t *p = lapd_dl_data_buf(&z->l);

			if (p && len && len <= z->l.n201)
				memset(p, 0x5a, len);
			rc = lapd_dl_data_commit(&z->l, p ? len : 0);
		} else {
			rc = lapd_dl_data_req(&z->l, info, len);
		}
		z->in_request = false;
		CHECK(rc == 0 || rc == TEL_EBUSY || rc == TEL_ELINK || rc == TEL_EINVAL);
		if (rc == 0)
			CHECK(z->l.qcount == qbefore + 1);
		else
			CHECK(z->l.qcount == qbefore);
		break;
	}
	case 8:		/* time passes */
		advance(z, (uint64_t)a * (a & 1 ? 200 : 10));
		break;
	case 9:		/* end of a processing round */
		lapd_poll(&z->l);
		lapd_flush_ack(&z->l);
		if (a & 4)
			z->echo = !z->echo;
		break;
	case 10:	/* raw octets: anything, also undecodable or for another TEI/SAPI */
		len = take(in) % 40;
		for (size_t i = 0; i < len; i++)
			info[i] = take(in);
		lapd_rx_frame(&z->l, info, len);
		break;
	default:	/* UI / XID, or a frame for another TEI or SAPI (63: management) */
		f.type = a & 4 ? LAPD_XID : LAPD_UI;
		info[0] = take(in);
		f.info = info;
		f.info_len = 1;
		if (a & 8)
			f.tei = (uint8_t)((z->l.tei + 1) & 127);
		if (a & 16)
			f.sapi = LAPD_SAPI_MGMT;
		rx(z, &f);
		break;
	}
}

/*
 * What the fast and the generic run must agree on after a step: the link's
 * state, variables, flags, queue, timers and counters (the frames received by
 * the fast and the slow path only in sum), and the output so far.
 */
static uint64_t digest(const struct fz *z)
{
	const struct lapd *l = &z->l;
	uint64_t v[] = {
		l->state, l->vs, l->va, l->vr, l->peer_busy, l->rej_exception, l->own_busy,
		l->ack_pending, l->l3_initiated, l->lost, l->rc, l->upcount, l->qhead,
		l->qcount, l->qsent, l->qtail, l->qcap, l->busy_at, timer_armed(&l->t200),
		timer_armed(&l->t200) ? l->t200.due : 0, l->t203_on,
		l->t203_on ? l->t203_start : 0, l->cnt.rx_fast + l->cnt.rx_slow,
		l->cnt.tx_frames, l->cnt.rx_ignored, l->cnt.retransmits, l->cnt.errors,
		l->cnt.up_dropped, l->cnt.busy_set, l->cnt.busy_discarded, z->sent, z->ups,
		z->out,
	};

	return hash(0xcbf29ce484222325ull, v, sizeof(v));
}

#define MAX_STEPS	4000

/* One run of the input; @fast: with the fast paths. digests[i]: after step i. */
static void run(const uint8_t *data, size_t size, bool fast, uint64_t *digests, int *nsteps)
{
	struct in in = { data, size };
	struct fz z = { 0 };
	struct lapd_params p;
	struct lapd_cfg cfg = { 0 };
	uint8_t c = take(&in);
	int steps = 0;

	timers_init(&z.ts);
	timers_set_now(&z.ts, 1000);
	lapd_params_default(&p);
	p.v[LAPD_K] = 1 + (c >> 1) % 7;				/* 1..7 */
	p.v[LAPD_N200] = 1 + (c >> 4) % 3;			/* 1..3 */
	p.v[LAPD_QLEN] = c & 0x40 ? 1024 : p.v[LAPD_K] + 2;	/* tiny or the largest */
	cfg.network = c & 1;
	cfg.params = &p;
	cfg.ops = c & 0x80 ? &fz_ops_nomgmt : &fz_ops;
	cfg.io = &z;
	cfg.upper = &z;
	cfg.timers = &z.ts;
	CHECK(lapd_init(&z.l, &cfg) == 0);
	lapd_set_fast(&z.l, fast);
	invariants(&z);
	while (in.n && steps < MAX_STEPS) {
		op(&z, &in);
		invariants(&z);
		digests[steps++] = digest(&z);
	}
	/* the end: time runs out every timer; the link settles in a stable state */
	advance(&z, 10 * 60 * 1000);
	lapd_poll(&z.l);
	invariants(&z);
	digests[steps++] = digest(&z);
	if (!fast)
		CHECK(z.l.cnt.rx_fast == 0);
	lapd_fini(&z.l);
	timers_fini(&z.ts);
	*nsteps = steps;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t fast[MAX_STEPS + 1], generic[MAX_STEPS + 1];
	int nfast, ngeneric;

	run(data, size, true, fast, &nfast);
	run(data, size, false, generic, &ngeneric);
	CHECK(nfast == ngeneric);
	for (int i = 0; i < nfast; i++)
		CHECK(fast[i] == generic[i]);	/* the first step where they part */
	return 0;
}
