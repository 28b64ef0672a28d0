// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a scenario of two PRI stacks. The input is a program:
 * byte 0 chooses the wiring, then opcodes with their operands (see step()):
 *
 *  - API calls on either side: make (with UUI), answer, drop (cause, UUI of
 *    0..max+1 octets), dealloc (twice in a row: the second must be
 *    TEL_EFREED), share, conferences (new, add, drop, free), queries
 *    (tel_call_info, tel_line_caps, tel_line_up);
 *  - far-end frames injected towards one side: raw octets, or a Q.931
 *    message (type, call reference of a live call or any, IEs from a menu or
 *    raw) in an I frame numbered as the receiving link expects;
 *  - time steps on the fake clock shared by both contexts;
 *  - relay faults (socket wiring): lose, duplicate or hold back frames.
 *
 * Wiring: (a) one context, tel_line_pair() in memory (injection straight into
 * the receiving line's queue); (b) two contexts, each with a socket line
 * (tel_line_open_fd(), SOCK_SEQPACKET), joined by a relay in this program that
 * carries frames both ways and applies the faults.
 *
 * Invariants, abort() on violation:
 *  - a CONNECTED call has a B-channel;
 *  - a handle goes IDLE once and stays there (no state after IDLE);
 *  - DROP_DONE only for a drop that was accepted, once, after IDLE;
 *  - an event never names a handle that was deallocated or never existed;
 *  - at the end (faults off, every non-idle call dropped - drop accepted in
 *    every non-IDLE state not already dropping - and the clock run on until
 *    every call timer is out): every call is IDLE with a cause, has exactly
 *    one DROP_DONE per accepted drop, deallocates with 0; handles created ==
 *    handles deallocated; ASan/UBSan/LSan clean.
 * The API's documented errors are accepted where they can happen; any other
 * return value aborts.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libtel/tel.h"
#include "lapd/datalink_int.h"
#include "lapd/frame.h"
#include "q931/cc.h"
#include "session/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* SCEN_VERBOSE=1 in the environment: say which invariant failed (replay). */
static void fail(const char *what, int line)
{
	if (getenv("SCEN_VERBOSE"))
		fprintf(stderr, "fuzz_scenario: invariant violated at line %d: %s\n", line, what);
	abort();
}
#define CHECK(x)	do { if (!(x)) fail(#x, __LINE__); } while (0)

/*
 * The invariants of issue 13 that today's library is known to break (its
 * defects, being fixed). SCEN_LENIENT=1 in the environment turns each into a
 * note on stderr, printed once per invariant, so that a fuzzing session can
 * go on past them; without it (make check's replay) they abort like CHECK.
 */
static void fail_d(const char *what, int line)
{
	static int lenient = -1;
	static unsigned long seen[8];

	if (lenient < 0)
		lenient = getenv("SCEN_LENIENT") != NULL;
	if (!lenient)
		fail(what, line);
	if (!(seen[(line / 64) % 8] & 1ul << (line % 64))) {
		seen[(line / 64) % 8] |= 1ul << (line % 64);
		fprintf(stderr, "fuzz_scenario: (lenient) invariant violated at line %d: %s\n",
			line, what);
	}
}
#define CHECK_D(x)	do { if (!(x)) fail_d(#x, __LINE__); } while (0)

#define MAXREC	48	/* call handles tracked at once; more incoming ones are rejected */
#define RECCAP	(MAXREC + 2 * 68)	/* room: every call of both lines' pools offered at once */
#define MAXCONF	4
#define RELAYQ	64	/* frames held per direction in the relay */
#define MAXOPS	300

struct rec {
	tel_call *c;
	int side;
	bool idle;		/* IDLE event seen */
	unsigned drops;		/* drops accepted */
	unsigned done;		/* DROP_DONE events */
};

struct rframe {
	uint16_t len;
	uint8_t b[LAPD_MAX_FRAME];
};

struct rdir {			/* one direction of the relay */
	int in, out;		/* relay's ends: read from in, write to out */
	struct rframe q[RELAYQ];
	unsigned n;
	unsigned drop, dup, hold;	/* faults for the next frames */
};

struct world {
	uint64_t now;
	bool sockets;
	tel_ctx *ctx[2];	/* the same context twice in memory wiring */
	tel_line *line[2];	/* [0] user side, [1] network side */
	struct rec rec[RECCAP];
	unsigned nrec;
	tel_conf *conf[MAXCONF];
	int conf_side[MAXCONF];
	unsigned long created, deallocated;
	struct rdir dir[2];	/* [0]: user -> network, [1]: network -> user */
	int fds[4];
	bool faults;
};

static struct world *W;

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

static struct rec *find(tel_call *c)
{
	for (unsigned i = 0; i < W->nrec; i++)
		if (W->rec[i].c == c)
			return &W->rec[i];
	return NULL;
}

static struct rec *add(tel_call *c, int side)
{
	struct rec *r;

	CHECK(!find(c));	/* a live handle is never handed out twice */
	CHECK(W->nrec < RECCAP);
	r = &W->rec[W->nrec++];
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->side = side;
	W->created++;
	return r;
}

static void forget(struct rec *r)
{
	*r = W->rec[--W->nrec];
}

static int side_of(const tel_line *l)
{
	CHECK(l == W->line[0] || l == W->line[1]);
	return l == W->line[1];
}

static void check_call(struct rec *r)
{
	struct tel_call_info info;

	CHECK(tel_call_info(r->c, &info) == 0);
	if (info.state == TEL_CS_CONNECTED)
		CHECK_D(info.bchan > 0);	/* defect 3: CONNECTED on B-channel 0 */
	if (r->idle)
		CHECK_D(info.state == TEL_CS_IDLE);
	CHECK_D(r->done <= r->drops);
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct rec *r;

	(void)user;
	switch (ev->type) {
	case TEL_EV_CALL_STATE:
		r = find(ev->call);
		if (!r) {
			/* only a new incoming call may be unknown */
			CHECK(ev->state == TEL_CS_OFFERING);
			r = add(ev->call, side_of(ev->line));
			if (W->nrec > MAXREC) {	/* too many to follow: reject it */
				CHECK(tel_call_drop(r->c, NULL) == 0);
				r->drops++;
			}
		}
		CHECK_D(!r->idle);			/* nothing after IDLE */
		if (ev->state == TEL_CS_IDLE)
			r->idle = true;
		check_call(r);
		break;
	case TEL_EV_DROP_DONE:
		r = find(ev->call);
		CHECK(r);
		CHECK_D(r->idle);			/* after IDLE */
		CHECK(ev->result == 0 || ev->result < 0);
		r->done++;
		CHECK_D(r->done <= r->drops);		/* one per accepted drop */
		break;
	case TEL_EV_LINE_STATE:
		side_of(ev->line);
		break;
	default:
		break;
	}
}

static uint64_t clock_ms(void *user)
{
	(void)user;
	return W->now;
}

/* --- relay (socket wiring) ---------------------------------------------------- */

static bool relay_read(struct rdir *d)
{
	bool any = false;

	for (;;) {
		struct rframe f;
		ssize_t n = recv(d->in, f.b, sizeof(f.b), MSG_DONTWAIT);

		if (n <= 0)
			break;
		any = true;
		f.len = (uint16_t)n;
		if (W->faults && d->drop) {
			d->drop--;
			continue;
		}
		for (int copies = W->faults && d->dup ? 2 : 1; copies > 0; copies--) {
			if (d->n < RELAYQ)
				d->q[d->n++] = f;
		}
		if (W->faults && d->dup)
			d->dup--;
	}
	return any;
}

/* Sends what the relay holds, keeping back the frames @hold asks for. */
static bool relay_write(struct rdir *d)
{
	unsigned keep = W->faults ? d->hold : 0, i;
	bool any = false;

	if (d->n <= keep)
		return false;
	/* the first frame waits behind the others: reordering */
	for (i = keep; i < d->n; i++) {
		if (send(d->out, d->q[i].b, d->q[i].len, MSG_DONTWAIT) < 0 && errno == EAGAIN)
			break;
		any = true;
	}
	memmove(&d->q[keep], &d->q[i], (d->n - i) * sizeof(d->q[0]));
	d->n = keep + (d->n - i);
	if (keep && any)
		d->hold = 0;	/* released on the next write */
	return any;
}

static bool relay(void)
{
	bool any = false;

	if (!W->sockets)
		return false;
	for (int i = 0; i < 2; i++) {
		any |= relay_read(&W->dir[i]);
		any |= relay_write(&W->dir[i]);
	}
	return any;
}

/* Runs both stacks and the relay until nothing moves (bounded). */
static void settle(void)
{
	for (int i = 0; i < 200; i++) {
		int n = tel_ctx_run(W->ctx[0], 0);

		CHECK(n >= 0);
		if (W->sockets) {
			int m = tel_ctx_run(W->ctx[1], 0);

			CHECK(m >= 0);
			n += m;
		}
		if (!relay() && n == 0)
			break;
	}
}

static uint64_t next_due(void)
{
	uint64_t a = timers_next_due(&W->ctx[0]->timers);
	uint64_t b = timers_next_due(&W->ctx[1]->timers);

	return a < b ? a : b;
}

/* Time passes by @ms, timer by timer. */
static void advance(uint64_t ms)
{
	uint64_t end = W->now + ms;

	for (int i = 0; i < 400; i++) {
		uint64_t due = next_due();

		if (due > end)
			break;
		if (due > W->now)
			W->now = due;
		settle();
	}
	W->now = end;
	settle();
}

/* --- far-end frames ----------------------------------------------------------- */

static void inject(int to, const uint8_t *frame, size_t len)
{
	tel_line *l = W->line[to];

	if (!l)
		return;
	if (W->sockets) {
		/* as if the far end had sent it: into the relay's queue towards @to */
		struct rdir *d = &W->dir[!to];

		if (d->n < RELAYQ && len <= LAPD_MAX_FRAME) {
			d->q[d->n].len = (uint16_t)len;
			memcpy(d->q[d->n].b, frame, len);
			d->n++;
		}
	} else {
		frameq_push(&l->io->rxq, frame, len);
	}
}

static uint16_t some_cref(struct in *in, int to)
{
	uint8_t b = take(in);
	unsigned k = 0;

	if (b & 0x80)
		return (uint16_t)(b << 8 | take(in));	/* any value */
	/* a live call of the receiving side */
	for (unsigned i = 0; i < W->nrec; i++) {
		struct tel_call *c = W->rec[i].c;

		if (W->rec[i].side == to && c->qc && k++ == (b & 0x0f))
			return q931_call_cref(c->qc);
	}
	return b & 0x7f;
}

/* A Q.931 message for side @to, in an I frame with N(S) = its V(R). */
static void inject_q931(struct in *in, int to)
{
	static const uint8_t types[] = {
		0x05, 0x02, 0x01, 0x07, 0x0f, 0x45, 0x4d, 0x5a, 0x7d, 0x75, 0x7b, 0x03,
		0x46, 0x4e, 0x6e, 0x62, 0x20, 0x0d, 0x00, 0x60,
	};
	uint8_t m[LAPD_N201];
	struct lapd_frame f = { 0 };
	uint8_t frame[LAPD_MAX_FRAME];
	struct lapd *l = W->line[to]->lapd;
	uint8_t t = take(in), flags = take(in);
	size_t n = 0;
	uint16_t cref;
	int len, nie;

	m[n++] = flags & 0x40 ? take(in) : 0x08;		/* protocol discriminator */
	if (flags & 0x20) {
		m[n++] = 0;					/* dummy call reference */
	} else {
		cref = some_cref(in, to);
		m[n++] = 2;
		/* flag: 1 when the far end answers about a call @to started */
		m[n++] = (uint8_t)((flags & 0x10 ? 0x80 : 0) | ((cref >> 8) & 0x7f));
		m[n++] = (uint8_t)cref;
	}
	m[n++] = t & 0x80 ? take(in) : types[t % sizeof(types)];
	nie = flags & 0x0f;
	for (int i = 0; i < nie && n < sizeof(m) - 40; i++) {
		uint8_t ie = take(in), v = take(in);

		switch (ie % 10) {
		case 0:	/* bearer capability: speech, circuit 64k, A-law */
			m[n++] = 0x04; m[n++] = 3; m[n++] = 0x80; m[n++] = 0x90; m[n++] = 0xa3;
			break;
		case 1:	/* channel identification: PRI, exclusive or preferred, channel v */
			m[n++] = 0x18; m[n++] = 3; m[n++] = (uint8_t)(0xa1 | (v & 0x08));
			m[n++] = 0x83; m[n++] = (uint8_t)(0x80 | (v & 0x1f));
			break;
		case 2:	/* cause, location and value from v */
			m[n++] = 0x08; m[n++] = 2; m[n++] = (uint8_t)(0x80 | (ie >> 4));
			m[n++] = (uint8_t)(0x80 | (v & 0x7f));
			break;
		case 3:	/* called party number */
			m[n++] = 0x70; m[n++] = 5; m[n++] = 0x81;
			m[n++] = '5'; m[n++] = '6'; m[n++] = '7'; m[n++] = (uint8_t)('0' + v % 10);
			break;
		case 4: { /* user-user, v octets (0: protocol discriminator only) */
			unsigned ul = v % 40;

			m[n++] = 0x7e; m[n++] = (uint8_t)(ul + 1); m[n++] = 0x04;
			for (unsigned j = 0; j < ul; j++)
				m[n++] = take(in);
			break;
		}
		case 5:	/* call state */
			m[n++] = 0x14; m[n++] = 1; m[n++] = v & 0x3f;
			break;
		case 6:	/* restart indicator, class from v */
			m[n++] = 0x79; m[n++] = 1; m[n++] = (uint8_t)(0x80 | (v & 7));
			break;
		case 7:	/* progress indicator */
			m[n++] = 0x1e; m[n++] = 2; m[n++] = 0x82; m[n++] = (uint8_t)(0x80 | v);
			break;
		case 8:	/* display */
			m[n++] = 0x28; m[n++] = 3; m[n++] = 'a'; m[n++] = 'b'; m[n++] = v;
			break;
		default: { /* raw: identifier v, length and contents from the input */
			unsigned rl = take(in) % 12;

			m[n++] = v; m[n++] = (uint8_t)rl;
			for (unsigned j = 0; j < rl; j++)
				m[n++] = take(in);
			break;
		}
		}
	}
	f.sapi = 0;
	f.tei = 0;
	f.cr = lapd_cr_bit(!l->network, true);
	f.type = LAPD_I;
	f.ns = flags & 0x80 ? take(in) & 127 : l->vr;
	f.nr = l->va;
	f.info = m;
	f.info_len = (uint16_t)n;
	len = lapd_frame_encode(&f, frame, sizeof(frame));
	CHECK(len > 0);
	inject(to, frame, (size_t)len);
}

/* --- program ------------------------------------------------------------------ */

static struct rec *pick(struct in *in)
{
	uint8_t b = take(in);

	return W->nrec ? &W->rec[b % W->nrec] : NULL;
}

static void uui_of(struct in *in, uint8_t *buf, size_t *len, size_t max)
{
	uint8_t b = take(in);

	/* none, a few octets, the maximum, or one over it */
	switch (b & 3) {
	case 0: *len = 0; break;
	case 1: *len = 1 + (b >> 2) % 8; break;
	case 2: *len = max; break;
	default: *len = max + 1; break;
	}
	for (size_t i = 0; i < *len; i++)
		buf[i] = (uint8_t)(b + i);
}

static void op_make(struct in *in)
{
	uint8_t b = take(in);
	int side = b & 1;
	struct tel_line_caps caps;
	uint8_t uui[300];
	char to[8];
	struct tel_call_params p = { .to = to, .from = "100" };
	tel_call *c;
	int rc;

	if (W->nrec >= MAXREC - 2)
		return;
	snprintf(to, sizeof(to), "2%02u", (unsigned)(b >> 1) % 100);
	CHECK(tel_line_caps(W->line[side], &caps) == 0);
	if (b & 0x80) {
		uui_of(in, uui, &p.uui_len, caps.uui_setup_max);
		p.uui = uui;
		p.uui_pd = 4;
	}
	rc = tel_call_make(W->line[side], &p, &c);
	if (rc == 0) {
		add(c, side);
		return;
	}
	CHECK(rc == TEL_ELINK || rc == TEL_ENOCHAN || rc == TEL_EBUSY || rc == TEL_ECALLS ||
	      rc == TEL_ENOSPC || (rc == TEL_EUUITOOBIG && p.uui_len > caps.uui_setup_max));
}

static void op_drop(struct in *in, struct rec *r)
{
	struct tel_line_caps caps = { 0 };
	uint8_t uui[300], b = take(in);
	struct tel_drop_params p = { .cause = b & 0x7f };
	struct tel_call_info info;
	int rc;

	if (tel_call_line(r->c))
		tel_line_caps(tel_call_line(r->c), &caps);
	if (b & 0x80) {
		uui_of(in, uui, &p.uui_len, caps.uui_drop_max);
		p.uui = uui;
	}
	CHECK(tel_call_info(r->c, &info) == 0);
	rc = tel_call_drop(r->c, &p);
	if (rc == 0) {
		r->drops++;
		return;
	}
	CHECK(rc == TEL_ESTATE || rc == TEL_EBUSY || rc == TEL_ENOSPC ||
	      (rc == TEL_EUUITOOBIG && p.uui_len > caps.uui_drop_max));
}

static void op_answer(struct in *in, struct rec *r)
{
	uint8_t uui[300];
	size_t len = 0;
	struct tel_line_caps caps = { 0 };
	uint8_t b = take(in);
	int rc;

	if (tel_call_line(r->c))
		tel_line_caps(tel_call_line(r->c), &caps);
	if (b & 1)
		uui_of(in, uui, &len, caps.uui_answer_max);
	rc = tel_call_answer(r->c, b & 1 ? uui : NULL, len, 4);
	CHECK(rc == 0 || rc == TEL_ESTATE || rc == TEL_ELINK || rc == TEL_EBUSY ||
	      rc == TEL_ENOSPC || rc == TEL_ENOCHAN ||
	      (rc == TEL_EUUITOOBIG && len > caps.uui_answer_max));
}

static void op_dealloc(struct in *in, struct rec *r)
{
	uint8_t b = take(in);
	tel_call *c = r->c;
	int rc = tel_call_dealloc(c);

	if (rc == TEL_ESTATE) {
		CHECK(!r->idle);
		return;
	}
	CHECK(rc == 0);
	/* queued events may still name it: the library skips them (zombie) */
	forget(r);
	W->deallocated++;
	/* double dealloc detected (lenient: not tried, today it corrupts the pool) */
	if (b & 1 && !getenv("SCEN_LENIENT"))
		CHECK_D(tel_call_dealloc(c) == TEL_EFREED);
}

static void op_conf(struct in *in)
{
	uint8_t b = take(in);
	unsigned i = (b >> 2) % MAXCONF;
	struct rec *r;
	int rc;

	switch (b & 3) {
	case 0:
		if (!W->conf[i]) {
			CHECK(tel_conf_new(W->ctx[(b >> 4) & (W->sockets ? 1 : 0)], &W->conf[i]) == 0);
			W->conf_side[i] = (b >> 4) & 1;
		}
		break;
	case 1:
		r = pick(in);
		if (W->conf[i] && r) {
			rc = tel_conf_add(W->conf[i], r->c);
			CHECK(rc == 0 || rc == TEL_ESTATE || rc == TEL_EBUSY || rc == TEL_EINVAL);
		}
		break;
	case 2:
		if (W->conf[i]) {
			/* which parties it drops: those that go dropping or IDLE in it */
			bool was[RECCAP];

			for (unsigned j = 0; j < W->nrec; j++)
				was[j] = W->rec[j].c->drop_pending || W->rec[j].c->info.state == TEL_CS_IDLE;
			rc = tel_conf_drop(W->conf[i], NULL);
			CHECK(rc == 0 || rc == TEL_ESTATE || rc == TEL_EBUSY);
			for (unsigned j = 0; j < W->nrec; j++)
				if (!was[j] && (W->rec[j].c->drop_pending ||
						W->rec[j].c->info.state == TEL_CS_IDLE))
					W->rec[j].drops++;
		}
		break;
	default:
		tel_conf_free(W->conf[i]);
		W->conf[i] = NULL;
		break;
	}
}

static void step(struct in *in)
{
	uint8_t o = take(in);
	struct rec *r;
	tel_call *c;
	int rc;

	switch (o % 16) {
	case 0:
	case 1:
		op_make(in);
		break;
	case 2:
		if ((r = pick(in)))
			op_answer(in, r);
		break;
	case 3:
		if ((r = pick(in)))
			op_drop(in, r);
		break;
	case 4:
		if ((r = pick(in)))
			op_dealloc(in, r);
		break;
	case 5:
		if ((r = pick(in)) && W->nrec < MAXREC - 2) {
			rc = tel_call_share(r->c, &c);
			if (rc == 0)
				add(c, r->side);
			else
				CHECK(rc == TEL_ESTATE);
		}
		break;
	case 6:
		op_conf(in);
		break;
	case 7: {	/* queries */
		struct tel_line_caps caps;

		for (unsigned i = 0; i < W->nrec; i++)
			check_call(&W->rec[i]);
		CHECK(tel_line_caps(W->line[o >> 7], &caps) == 0);
		CHECK(caps.uui_drop_max <= 254);
		(void)tel_line_up(W->line[(o >> 6) & 1]);
		break;
	}
	case 8:
	case 9:
		settle();
		break;
	case 10: {	/* time: 0..255 x 10 ms, or x 1 s */
		uint8_t t = take(in);

		advance((uint64_t)t * (o & 0x80 ? 1000 : 10));
		break;
	}
	case 11:
		inject_q931(in, o >> 7);
		break;
	case 12: {	/* raw octets towards one side */
		uint8_t raw[64];
		size_t len = take(in) % sizeof(raw);

		for (size_t i = 0; i < len; i++)
			raw[i] = take(in);
		inject(o >> 7, raw, len);
		break;
	}
	case 13: {	/* relay faults for the next frames of one direction */
		struct rdir *d = &W->dir[o >> 7];
		uint8_t f = take(in);

		d->drop += f & 3;
		d->dup += (f >> 2) & 3;
		d->hold = (f >> 4) & 3;
		break;
	}
	default:
		settle();
		break;
	}
}

static int wire(uint8_t cfgb)
{
	struct tel_ctx_opts o = { .on_event = on_event, .clock_ms = clock_ms };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 1 + (cfgb >> 2) % 30,
				  .pcap = getenv("SCEN_PCAP_U") };
	struct tel_line_cfg n;
	int sp[2][2];

	u.variant = cfgb & 2 ? TEL_VARIANT_NI2 : TEL_VARIANT_EUROISDN;
	u.uui_max = cfgb & 0x80 ? 254 : 0;
	n = u;
	n.side = TEL_SIDE_NETWORK;
	W->sockets = cfgb & 1;
	CHECK(tel_ctx_new(&W->ctx[0], &o) == 0);
	if (!W->sockets) {
		W->ctx[1] = W->ctx[0];
		CHECK(tel_line_pair(W->ctx[0], &u, &n, &W->line[0], &W->line[1]) == 0);
		return 0;
	}
	CHECK(tel_ctx_new(&W->ctx[1], &o) == 0);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp[0]) ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp[1]))
		abort();	/* out of descriptors: not the library's fault, but no test */
	CHECK(tel_line_open_fd(W->ctx[0], &u, sp[0][0], &W->line[0]) == 0);
	CHECK(tel_line_open_fd(W->ctx[1], &n, sp[1][0], &W->line[1]) == 0);
	W->dir[0].in = sp[0][1];	/* user -> network */
	W->dir[0].out = sp[1][1];
	W->dir[1].in = sp[1][1];
	W->dir[1].out = sp[0][1];
	W->fds[0] = sp[0][1];
	W->fds[1] = sp[1][1];
	return 0;
}

/* The program is over: faults off, drop what is up, run every timer out, check. */
static void finish(void)
{
	W->faults = false;
	settle();
	/*
	 * As an application does, also for calls that arrive or are disconnected
	 * by the far end meanwhile (a SETUP the relay held back, a raw far end's
	 * DISCONNECT): drop what is not IDLE, run time on, again until none is left.
	 */
	for (int round = 0; round < 16; round++) {
		bool pending = false, left = false;

		for (unsigned i = 0; i < W->nrec; i++) {
			struct tel_call_info info;

			CHECK(tel_call_info(W->rec[i].c, &info) == 0);
			left |= info.state != TEL_CS_IDLE && !W->rec[i].c->drop_pending;
		}
		if (round && !left)
			break;

		for (unsigned i = 0; i < W->nrec; i++) {
			struct rec *r = &W->rec[i];
			struct tel_call_info info;
			int rc;

			CHECK(tel_call_info(r->c, &info) == 0);
			if (info.state == TEL_CS_IDLE || r->c->drop_pending)
				continue;
			rc = tel_call_drop(r->c, NULL);
			if (rc == TEL_EBUSY) {		/* send queue full: later */
				pending = true;
				continue;
			}
			CHECK_D(rc == 0);	/* defect 4: TEL_ESTATE on a call being cleared */
			r->drops++;
		}
		/* T316 x 2 (RESTART), T309, T308 x 2, T305, T310: 10 minutes is more than enough */
		advance(pending ? 60000 : 10 * 60 * 1000);
	}
	for (unsigned i = 0; i < W->nrec; i++) {
		struct rec *r = &W->rec[i];
		struct tel_call_info info;

		CHECK(tel_call_info(r->c, &info) == 0);
		if (info.state != TEL_CS_IDLE && getenv("SCEN_VERBOSE"))
			fprintf(stderr, "call %u side %d: %s, cause %d, drop pending %d, q931 %s, "
				"line up %d/%d\n", tel_call_id(r->c), r->side,
				tel_call_state_name(info.state), info.cause, r->c->drop_pending,
				r->c->qc ? q931_state_name(q931_call_state(r->c->qc)) : "-",
				tel_line_up(W->line[0]), tel_line_up(W->line[1]));
		CHECK_D(info.state == TEL_CS_IDLE);	/* every call ends */
		CHECK_D(r->idle);			/* ... and the application heard it */
		CHECK_D(info.cause > 0);		/* ... with a cause */
		CHECK_D(r->done == r->drops);		/* one DROP_DONE per accepted drop */
	}
	while (W->nrec) {
		int rc = tel_call_dealloc(W->rec[0].c);

		CHECK_D(rc == 0);
		forget(&W->rec[0]);
		W->deallocated += rc == 0;
	}
	CHECK_D(W->created == W->deallocated);
	for (int i = 0; i < MAXCONF; i++)
		tel_conf_free(W->conf[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct world w = { .now = 1000, .faults = true };
	int steps = 0;

	W = &w;
	wire(take(&in));
	advance(100);		/* the data links come up */
	while (in.n && steps++ < MAXOPS)
		step(&in);
	finish();
	tel_ctx_free(w.ctx[0]);
	if (w.sockets) {
		tel_ctx_free(w.ctx[1]);
		close(w.fds[0]);
		close(w.fds[1]);
	}
	W = NULL;
	return 0;
}
