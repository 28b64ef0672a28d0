// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_calls - complete ISDN PRI calls per second, libtel against libpri.
 *
 * A complete call is SETUP ... CONNECT ... DISCONNECT, RELEASE, RELEASE
 * COMPLETE over a Q.921 data link, both ends in this process:
 *
 *   ours    the user side places calls, the network side answers on
 *           OFFERING, the caller drops on CONNECTED, the callee drops on
 *           DISCONNECTED, both deallocate on IDLE. Lines are tel_line_pair()
 *           (memory) or two tel_line_open_fd() over a socketpair (socket),
 *           all in one context.
 *   libpri  a PRI_CPE and a PRI_NETWORK struct pri (EuroISDN E1) per pair
 *           through pri_new_cb(), joined by queues in memory or by a
 *           socketpair; the same flow through pri_check_event() and
 *           pri_schedule_run().
 *
 * A pair carries at most 30 calls at once (one E1), so 1000 calls in flight
 * run on 34 pairs. A call is in flight from the caller's request until both
 * ends have finished with it; a finished call is replaced at once.
 *
 *   bench_calls [--time S] [--rounds N]      the table and the ratios: each row
 *                                            is N rounds (5) in which ours and
 *                                            libpri run S/N seconds each in turn;
 *                                            medians of calls/s and of the ratios
 *   bench_calls --one ours|libpri --calls N [--inflight K] [--socket]
 *                                            warm up, then N calls (for callgrind)
 *   bench_calls --many [--time S] [--rounds N]
 *                                            the many-lines case alone (see many_lines())
 */
#define _GNU_SOURCE	/* sendmmsg, recvmmsg */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/io_uring.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpri.h>
#include <libtel/tel.h>

#define CHANS_PER_PAIR	30
#define WARMUP_CALLS	100
#define FRAME_MAX	300	/* LAPD frame with N201 = 260 octets and FCS */
#define FCS_LEN		2	/* libpri writes and expects two FCS octets per frame */

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_calls: %s failed (%d%s%s)\n", what, rc,
		rc < 0 && rc >= -11 ? ": " : "", rc < 0 && rc >= -11 ? tel_strerror(rc) : "");
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int make_socketpair(int sv[2])
{
	int buf = 1 << 20;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return -errno;
	for (int i = 0; i < 2; i++) {
		setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
		setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	}
	return 0;
}

/*
 * The workload shared by both stacks: how many calls to place in all, how
 * many at most in flight on each pair, and the completions counted inside
 * the measuring window.
 */
struct load {
	unsigned long to_place;		/* calls still to be placed; ULONG_MAX: until stopped */
	unsigned long done;		/* calls completed on both ends */
	unsigned long in_flight;
	bool stopping;
};

static inline bool load_take(struct load *ld)
{
	if (ld->stopping || !ld->to_place)
		return false;
	if (ld->to_place != (unsigned long)-1)
		ld->to_place--;
	ld->in_flight++;
	return true;
}

static inline void load_give_back(struct load *ld)
{
	if (ld->to_place != (unsigned long)-1)
		ld->to_place++;
	ld->in_flight--;
}

/* =============================================================== ours === */

struct ours_pair;

/* what a line's tel_line_user() points at: its pair and side */
struct ours_end {
	struct ours_pair *pair;
	bool net;
};

struct ours_pair {
	tel_line *user, *net;
	struct ours_end end[2];		/* [0] user side, [1] network side */
	unsigned conc;			/* calls this pair may carry at once */
	unsigned placed, caller_done, callee_done;
};

struct ours {
	tel_ctx *ctx;
	struct ours_pair *pairs;
	unsigned npairs;
	struct load ld;
	unsigned lines_up;
	unsigned long backoffs;		/* tel_call_make() refused for now */
	unsigned long retries;		/* answers and drops refused for now */
	int err;
	enum tel_call_state err_state;

	/* answers and drops to try again: the call and the state it was in */
	struct ours_retry {
		tel_call *call;
		enum tel_call_state state;
	} *retry;
	unsigned nretry, retry_cap;

};

static void ours_call_finished(struct ours *o, struct ours_pair *p, bool net)
{
	unsigned before = p->caller_done < p->callee_done ? p->caller_done : p->callee_done;
	unsigned after;

	if (net)
		p->callee_done++;
	else
		p->caller_done++;
	after = p->caller_done < p->callee_done ? p->caller_done : p->callee_done;
	if (after != before) {
		o->ld.done++;
		o->ld.in_flight--;
	}
}

static void ours_retry_push(struct ours *o, tel_call *call, enum tel_call_state state)
{
	if (o->nretry == o->retry_cap) {
		o->retry_cap = o->retry_cap ? 2 * o->retry_cap : 64;
		o->retry = realloc(o->retry, o->retry_cap * sizeof(*o->retry));
		if (!o->retry)
			die("realloc", -1);
	}
	o->retry[o->nretry++] = (struct ours_retry){ call, state };
	o->retries++;
}

/* Answers and drops refused with TEL_EBUSY, in their order; those refused again stay. */
static void ours_retry_run(struct ours *o)
{
	unsigned n = o->nretry, keep = 0;

	for (unsigned i = 0; i < n; i++) {
		struct ours_retry r = o->retry[i];
		int rc = r.state == TEL_CS_OFFERING ? tel_call_answer(r.call, NULL, 0, 0) :
						       tel_call_drop(r.call, NULL);

		if (rc == TEL_EBUSY)
			o->retry[keep++] = r;
		else if (rc && !(rc == TEL_ESTATE && r.state == TEL_CS_DISCONNECTED) && !o->err)
			o->err = rc, o->err_state = r.state;
	}
	o->nretry = keep;
}

static void ours_on_event(const struct tel_event *ev, void *user)
{
	struct ours *o = user;
	const struct ours_end *s;
	int rc = 0;

	if (ev->type == TEL_EV_LINE_STATE) {
		o->lines_up += ev->up ? 1 : -1;
		return;
	}
	if (ev->type != TEL_EV_CALL_STATE)
		return;
	s = tel_line_user(ev->line);
	if (!s)
		return;
	switch (ev->state) {
	case TEL_CS_OFFERING:
		rc = tel_call_answer(ev->call, NULL, 0, 0);
		break;
	case TEL_CS_CONNECTED:
		if (!s->net)
			rc = tel_call_drop(ev->call, NULL);
		break;
	case TEL_CS_DISCONNECTED:
		rc = tel_call_drop(ev->call, NULL);
		if (rc == TEL_ESTATE)
			rc = 0;		/* the stack finishes clearing on its own */
		break;
	case TEL_CS_IDLE:
		for (unsigned i = 0; i < o->nretry; i++)
			if (o->retry[i].call == ev->call)
				o->retry[i] = o->retry[--o->nretry];
		rc = tel_call_dealloc(ev->call);
		ours_call_finished(o, s->pair, s->net);
		break;
	default:
		break;
	}
	if (rc == TEL_EBUSY) {
		/* the data link's send queue is full: ask again after this run */
		ours_retry_push(o, ev->call, ev->state);
	} else if (rc && !o->err) {
		o->err = rc;
		o->err_state = ev->state;
	}
}

static void ours_refill(struct ours *o)
{
	static const struct tel_call_params cp = { .to = "1234", .from = "5678" };

	for (unsigned i = 0; i < o->npairs; i++) {
		struct ours_pair *p = &o->pairs[i];
		unsigned done = p->caller_done < p->callee_done ? p->caller_done : p->callee_done;

		while (p->placed - done < p->conc && load_take(&o->ld)) {
			tel_call *c;
			int rc = tel_call_make(p->user, &cp, &c);

			/*
			 * No channel yet (the far end still clears the last
			 * call there) or the data link's send queue is full:
			 * try again on the next turn.
			 */
			if (rc == TEL_ENOCHAN || rc == TEL_EBUSY) {
				load_give_back(&o->ld);
				o->backoffs++;
				break;
			}
			if (rc)
				die("tel_call_make", rc);
			p->placed++;
		}
	}
}

static void ours_setup(struct ours *o, unsigned inflight, bool sock)
{
	struct tel_ctx_opts opts = { .on_event = ours_on_event, .user = o };
	struct tel_line_cfg ucfg = { .side = TEL_SIDE_USER, .bchans = CHANS_PER_PAIR };
	struct tel_line_cfg ncfg = { .side = TEL_SIDE_NETWORK, .bchans = CHANS_PER_PAIR };
	unsigned left = inflight;
	int rc;

	memset(o, 0, sizeof(*o));
	o->npairs = (inflight + CHANS_PER_PAIR - 1) / CHANS_PER_PAIR;
	o->pairs = calloc(o->npairs, sizeof(*o->pairs));
	if (!o->pairs)
		die("calloc", -1);
	rc = tel_ctx_new(&o->ctx, &opts);
	if (rc)
		die("tel_ctx_new", rc);
	for (unsigned i = 0; i < o->npairs; i++) {
		struct ours_pair *p = &o->pairs[i];

		p->conc = left < CHANS_PER_PAIR ? left : CHANS_PER_PAIR;
		left -= p->conc;
		p->end[0] = (struct ours_end){ p, false };
		p->end[1] = (struct ours_end){ p, true };
		ucfg.user = &p->end[0];
		ncfg.user = &p->end[1];
		if (sock) {
			int sv[2];

			if (make_socketpair(sv))
				die("socketpair", -1);
			rc = tel_line_open_fd(o->ctx, &ucfg, sv[0], &p->user);
			if (!rc)
				rc = tel_line_open_fd(o->ctx, &ncfg, sv[1], &p->net);
		} else {
			rc = tel_line_pair(o->ctx, &ucfg, &ncfg, &p->user, &p->net);
		}
		if (rc)
			die("opening a line", rc);
	}
	/* Both data links of every pair up before anything is counted. */
	for (double t0 = now_s(); o->lines_up < 2 * o->npairs;) {
		rc = tel_ctx_run(o->ctx, 10);
		if (rc < 0)
			die("tel_ctx_run", rc);
		if (now_s() - t0 > 10) {
			fprintf(stderr, "bench_calls: ours: %u of %u data links up after 10 s\n",
				o->lines_up, 2 * o->npairs);
			exit(1);
		}
	}
}

static void ours_teardown(struct ours *o)
{
	tel_ctx_free(o->ctx);
	free(o->retry);
	free(o->pairs);
}

/* One turn of the loop: place what may be placed, then let the stack work. */
static void ours_turn(struct ours *o)
{
	int rc;

	if (o->nretry)
		ours_retry_run(o);
	ours_refill(o);
	rc = tel_ctx_run(o->ctx, o->ld.in_flight && !o->nretry ? 100 : 0);
	if (rc < 0)
		die("tel_ctx_run", rc);
	if (o->err) {
		fprintf(stderr, "bench_calls: ours: %s in state %s\n",
			o->err_state == TEL_CS_OFFERING ? "tel_call_answer" :
			o->err_state == TEL_CS_IDLE ? "tel_call_dealloc" : "tel_call_drop",
			tel_call_state_name(o->err_state));
		die("a call request in the event handler", o->err);
	}
}

/* Run until @o->ld has placed and completed everything, or nothing moves for 5 s. */
static void ours_drain(struct ours *o)
{
	double t0 = now_s();
	unsigned long last = o->ld.done;

	while (o->ld.in_flight || (o->ld.to_place && !o->ld.stopping)) {
		ours_turn(o);
		if (o->ld.done != last) {
			last = o->ld.done;
			t0 = now_s();
		} else if (now_s() - t0 > 5) {
			fprintf(stderr, "bench_calls: ours: %lu calls stuck in flight\n",
				o->ld.in_flight);
			exit(1);
		}
	}
}

/* ============================================================= libpri === */

struct fq {
	struct fq_frame {
		uint16_t len;
		uint8_t data[FRAME_MAX];
	} *f;
	uint32_t head, count, cap;
};

static void fq_push(struct fq *q, const void *data, size_t len)
{
	struct fq_frame *s;

	if (q->count == q->cap) {
		uint32_t ncap = q->cap ? q->cap * 2 : 64;
		struct fq_frame *n = malloc(ncap * sizeof(*n));

		if (!n)
			die("malloc", -1);
		for (uint32_t i = 0; i < q->count; i++)
			n[i] = q->f[(q->head + i) & (q->cap - 1)];
		free(q->f);
		q->f = n;
		q->head = 0;
		q->cap = ncap;
	}
	s = &q->f[(q->head + q->count) & (q->cap - 1)];
	s->len = (uint16_t)len;
	memcpy(s->data, data, len);
	q->count++;
}

struct lp_end {
	struct pri *pri;
	struct lp_pair *pair;
	struct lp_end *peer;
	bool net, up;
	int fd;			/* socket mode; -1 in memory */
	bool rx_empty;		/* the last read found nothing */
	struct fq rxq;		/* memory mode: frames from the peer */
};

struct lp_pair {
	struct lp_end cpe, net;
	struct lp *lp;
	unsigned conc, active;
	uint32_t free_chans;	/* bit n: B-channel n+1 free on both ends */
	uint8_t holders[CHANS_PER_PAIR + 1];	/* ends still using the channel */
};

struct lp {
	struct lp_pair *pairs;
	unsigned npairs;
	struct load ld;
	unsigned ends_up;
	bool sock;
	struct pollfd *pfd;
	struct lp_end **pfd_end;
};

static void lp_quiet(struct pri *pri, char *s)
{
	(void)pri;
	(void)s;
}

/*
 * libpri's write callback gets the frame and two placeholder FCS octets; its
 * read path strips two FCS octets from what the read callback returns. On
 * the wire between the ends the frame travels without them, as between
 * libtel fd lines.
 */
static int lp_write_mem(struct pri *pri, void *buf, int len)
{
	struct lp_end *e = pri_get_userdata(pri);

	if (len < FCS_LEN + 2)
		return len;
	fq_push(&e->peer->rxq, buf, (size_t)len - FCS_LEN);
	return len;
}

static int lp_read_mem(struct pri *pri, void *buf, int len)
{
	struct lp_end *e = pri_get_userdata(pri);
	struct fq_frame *f;
	int n;

	if (!e->rxq.count) {
		e->rx_empty = true;
		return 0;
	}
	f = &e->rxq.f[e->rxq.head];
	n = f->len;
	if (n + FCS_LEN > len)
		n = len - FCS_LEN;
	memcpy(buf, f->data, n);
	memset((uint8_t *)buf + n, 0, FCS_LEN);
	e->rxq.head = (e->rxq.head + 1) & (e->rxq.cap - 1);
	e->rxq.count--;
	return n + FCS_LEN;
}

static int lp_write_sock(struct pri *pri, void *buf, int len)
{
	struct lp_end *e = pri_get_userdata(pri);

	if (len < FCS_LEN + 2)
		return len;
	for (;;) {
		ssize_t r = send(e->fd, buf, (size_t)len - FCS_LEN, MSG_NOSIGNAL);

		if (r >= 0)
			return len;
		if (errno != EINTR)
			die("send", -errno);
	}
}

static int lp_read_sock(struct pri *pri, void *buf, int len)
{
	struct lp_end *e = pri_get_userdata(pri);
	ssize_t r = recv(e->fd, buf, (size_t)len - FCS_LEN, MSG_DONTWAIT);

	if (r <= 0) {
		if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			die("recv", -errno);
		e->rx_empty = true;
		return 0;
	}
	memset((uint8_t *)buf + r, 0, FCS_LEN);
	return (int)r + FCS_LEN;
}

static void lp_end_finished(struct lp_end *e, int channel)
{
	struct lp_pair *p = e->pair;
	int ch = channel & 0xff;	/* B-channel number of libpri's encoding */

	if (ch < 1 || ch > CHANS_PER_PAIR || !p->holders[ch]) {
		fprintf(stderr, "bench_calls: libpri: hangup on unexpected channel %d\n", ch);
		exit(1);
	}
	if (--p->holders[ch])
		return;
	p->free_chans |= 1u << (ch - 1);
	p->active--;
	p->lp->ld.done++;
	p->lp->ld.in_flight--;
}

static void lp_event(struct lp_end *e, pri_event *ev)
{
	struct pri *pri = e->pri;

	switch (ev->e) {
	case PRI_EVENT_DCHAN_UP:
		if (!e->up)
			e->pair->lp->ends_up++;
		e->up = true;
		break;
	case PRI_EVENT_DCHAN_DOWN:
		if (e->up)
			e->pair->lp->ends_up--;
		e->up = false;
		break;
	case PRI_EVENT_RING:
		pri_answer(pri, ev->ring.call, ev->ring.channel, 0);
		break;
	case PRI_EVENT_ANSWER:
		pri_hangup(pri, ev->answer.call, PRI_CAUSE_NORMAL_CLEARING);
		break;
	case PRI_EVENT_HANGUP_REQ:
		pri_hangup(pri, ev->hangup.call, ev->hangup.cause);
		break;
	case PRI_EVENT_HANGUP:
		/* the call is in the null state: this frees it */
		pri_hangup(pri, ev->hangup.call, ev->hangup.cause);
		lp_end_finished(e, ev->hangup.channel);
		break;
	case PRI_EVENT_HANGUP_ACK:
		/* libpri has freed the call already */
		lp_end_finished(e, ev->hangup.channel);
		break;
	default:
		break;
	}
}

static void lp_place(struct lp_pair *p)
{
	struct pri *pri = p->cpe.pri;

	while (p->active < p->conc && p->free_chans && load_take(&p->lp->ld)) {
		int ch = __builtin_ctz(p->free_chans) + 1;
		q931_call *c = pri_new_call(pri);
		struct pri_sr *sr = pri_sr_new();

		if (!c || !sr)
			die("pri_new_call", -1);
		pri_sr_set_channel(sr, ch, 1, 0);
		pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ALAW);
		pri_sr_set_called(sr, "1234", PRI_UNKNOWN, 1);
		pri_sr_set_caller(sr, "5678", NULL, PRI_UNKNOWN, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
		if (pri_setup(pri, c, sr))
			die("pri_setup", -1);
		pri_sr_free(sr);
		p->free_chans &= ~(1u << (ch - 1));
		p->holders[ch] = 2;
		p->active++;
	}
}

/* Due timers of one end, as an application's loop runs them. */
static int lp_timers(struct lp_end *e, const struct timeval *now)
{
	struct timeval *tv = pri_schedule_next(e->pri);
	pri_event *ev;
	int n = 0;

	if (!tv || tv->tv_sec > now->tv_sec ||
	    (tv->tv_sec == now->tv_sec && tv->tv_usec > now->tv_usec))
		return 0;
	while ((ev = pri_schedule_run(e->pri))) {
		lp_event(e, ev);
		n++;
	}
	return n + 1;
}

/* Every frame waiting for one end. */
static int lp_rx(struct lp_end *e)
{
	int n = 0;

	for (e->rx_empty = false; ; n++) {
		pri_event *ev = pri_check_event(e->pri);

		if (ev)
			lp_event(e, ev);
		else if (e->rx_empty)
			break;
	}
	return n;
}

static void lp_setup(struct lp *lp, unsigned inflight, bool sock)
{
	unsigned left = inflight;

	memset(lp, 0, sizeof(*lp));
	pri_set_error(lp_quiet);
	pri_set_message(lp_quiet);
	lp->sock = sock;
	lp->npairs = (inflight + CHANS_PER_PAIR - 1) / CHANS_PER_PAIR;
	lp->pairs = calloc(lp->npairs, sizeof(*lp->pairs));
	lp->pfd = calloc(2 * lp->npairs, sizeof(*lp->pfd));
	lp->pfd_end = calloc(2 * lp->npairs, sizeof(*lp->pfd_end));
	if (!lp->pairs || !lp->pfd || !lp->pfd_end)
		die("calloc", -1);
	for (unsigned i = 0; i < lp->npairs; i++) {
		struct lp_pair *p = &lp->pairs[i];
		pri_io_cb rd = sock ? lp_read_sock : lp_read_mem;
		pri_io_cb wr = sock ? lp_write_sock : lp_write_mem;
		int sv[2] = { -1, -1 };

		p->lp = lp;
		p->conc = left < CHANS_PER_PAIR ? left : CHANS_PER_PAIR;
		left -= p->conc;
		p->free_chans = (1u << CHANS_PER_PAIR) - 1;
		if (sock && make_socketpair(sv))
			die("socketpair", -1);
		p->cpe = (struct lp_end){ .pair = p, .peer = &p->net, .fd = sv[0] };
		p->net = (struct lp_end){ .pair = p, .peer = &p->cpe, .fd = sv[1], .net = true };
		/* libpri polls nothing itself with callbacks; the fd is ours */
		p->cpe.pri = pri_new_cb(sv[0], PRI_CPE, PRI_SWITCH_EUROISDN_E1, rd, wr, &p->cpe);
		p->net.pri = pri_new_cb(sv[1], PRI_NETWORK, PRI_SWITCH_EUROISDN_E1, rd, wr, &p->net);
		if (!p->cpe.pri || !p->net.pri)
			die("pri_new_cb", -1);
		pri_set_debug(p->cpe.pri, 0);
		pri_set_debug(p->net.pri, 0);
		lp->pfd[2 * i] = (struct pollfd){ .fd = sv[0], .events = POLLIN };
		lp->pfd[2 * i + 1] = (struct pollfd){ .fd = sv[1], .events = POLLIN };
		lp->pfd_end[2 * i] = &p->cpe;
		lp->pfd_end[2 * i + 1] = &p->net;
	}
}

static void lp_teardown(struct lp *lp)
{
	for (unsigned i = 0; i < lp->npairs; i++) {
		struct lp_pair *p = &lp->pairs[i];

		/* libpri 1.6 has no public way to free a struct pri: it stays */
		if (lp->sock) {
			close(p->cpe.fd);
			close(p->net.fd);
		}
		free(p->cpe.rxq.f);
		free(p->net.rxq.f);
	}
	free(lp->pairs);
	free(lp->pfd);
	free(lp->pfd_end);
}

/* One turn: place calls, move every frame that waits, run due timers. */
static void lp_turn(struct lp *lp, int timeout_ms)
{
	struct timeval now;
	int n = 0;

	for (unsigned i = 0; i < lp->npairs; i++)
		if (lp->pairs[i].cpe.up && lp->pairs[i].net.up)
			lp_place(&lp->pairs[i]);
	if (lp->sock) {
		int r = poll(lp->pfd, 2 * lp->npairs, 0);

		if (!r)
			r = poll(lp->pfd, 2 * lp->npairs, timeout_ms);
		if (r < 0 && errno != EINTR)
			die("poll", -errno);
		for (unsigned i = 0; r > 0 && i < 2 * lp->npairs; i++)
			if (lp->pfd[i].revents)
				n += lp_rx(lp->pfd_end[i]);
	} else {
		do {
			n = 0;
			for (unsigned i = 0; i < lp->npairs; i++) {
				struct lp_pair *p = &lp->pairs[i];

				if (p->cpe.rxq.count)
					n += lp_rx(&p->cpe);
				if (p->net.rxq.count)
					n += lp_rx(&p->net);
			}
		} while (n);
	}
	gettimeofday(&now, NULL);
	for (unsigned i = 0; i < lp->npairs; i++) {
		lp_timers(&lp->pairs[i].cpe, &now);
		lp_timers(&lp->pairs[i].net, &now);
	}
}

static void lp_wait_up(struct lp *lp)
{
	for (double t0 = now_s(); lp->ends_up < 2 * lp->npairs;) {
		lp_turn(lp, 10);
		if (!lp->sock && lp->ends_up < 2 * lp->npairs)
			usleep(1000);
		if (now_s() - t0 > 10) {
			fprintf(stderr, "bench_calls: libpri: %u of %u data links up after 10 s\n",
				lp->ends_up, 2 * lp->npairs);
			exit(1);
		}
	}
}

static void lp_drain(struct lp *lp)
{
	double t0 = now_s();
	unsigned long last = lp->ld.done;

	while (lp->ld.in_flight || (lp->ld.to_place && !lp->ld.stopping)) {
		lp_turn(lp, 100);
		if (lp->ld.done != last) {
			last = lp->ld.done;
			t0 = now_s();
		} else if (now_s() - t0 > 5) {
			fprintf(stderr, "bench_calls: libpri: %lu calls stuck in flight\n",
				lp->ld.in_flight);
			exit(1);
		}
	}
}

/* ============================================================= floor === */

/*
 * The socket row at 1 call in flight is bound by the kernel, not by the
 * stacks: each message of a call waits for the one before it. This is what
 * a stack with no protocol work at all would reach: the hops of one call as
 * libtel makes them (what one end sends before it must wait for the other),
 * over a socketpair, one LAPD frame per message, without even a poll(). Two
 * ways into the kernel: sendmmsg() on one end and recvmmsg() on the other
 * (two system calls per hop), and io_uring with each hop's sends and
 * receives linked in one io_uring_enter() (one per hop).
 */
static const struct floor_hop {
	bool from_net;
	uint8_t nframes;
	uint8_t len[2];		/* octets: address, control and Q.931 message */
} floor_hops[] = {
	{ false, 1, { 20 } },		/* SETUP */
	{ true, 1, { 14 } },		/* CONNECT */
	{ false, 2, { 9, 13 } },	/* CONNECT ACKNOWLEDGE, DISCONNECT */
	{ true, 1, { 13 } },		/* RELEASE (acknowledges both) */
	{ false, 1, { 9 } },		/* RELEASE COMPLETE */
	{ true, 1, { 4 } },		/* RR */
};

#define FLOOR_HOPS (sizeof(floor_hops) / sizeof(floor_hops[0]))

static uint8_t floor_tx[2][32], floor_rx[2][FRAME_MAX];

static void floor_mmsg(const int sv[2], unsigned long calls)
{
	struct iovec tiov[2], riov[2];
	struct mmsghdr tm[2], rm[2];

	memset(tm, 0, sizeof(tm));
	memset(rm, 0, sizeof(rm));
	for (int i = 0; i < 2; i++) {
		tiov[i].iov_base = floor_tx[i];
		tm[i].msg_hdr.msg_iov = &tiov[i];
		tm[i].msg_hdr.msg_iovlen = 1;
		riov[i] = (struct iovec){ floor_rx[i], sizeof(floor_rx[i]) };
		rm[i].msg_hdr.msg_iov = &riov[i];
		rm[i].msg_hdr.msg_iovlen = 1;
	}
	for (unsigned long c = 0; c < calls; c++) {
		for (size_t h = 0; h < FLOOR_HOPS; h++) {
			const struct floor_hop *hp = &floor_hops[h];
			int n;

			for (int i = 0; i < hp->nframes; i++)
				tiov[i].iov_len = hp->len[i];
			if (sendmmsg(sv[hp->from_net], tm, hp->nframes, MSG_DONTWAIT) != hp->nframes)
				die("floor: sendmmsg", -errno);
			n = recvmmsg(sv[!hp->from_net], rm, 2, MSG_DONTWAIT, NULL);
			if (n != hp->nframes)
				die("floor: recvmmsg", n < 0 ? -errno : n);
		}
	}
}

/* A bare io_uring: the rings mapped, no library. */
struct floor_uring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static bool floor_uring_init(struct floor_uring *u)
{
	struct io_uring_params p;
	size_t sq_sz, cq_sz;
	uint8_t *sq, *cq;

	memset(&p, 0, sizeof(p));
	u->fd = (int)syscall(__NR_io_uring_setup, 8, &p);
	if (u->fd < 0)
		return false;
	sq_sz = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	cq_sz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (!(p.features & IORING_FEAT_SINGLE_MMAP))
		die("floor: io_uring without IORING_FEAT_SINGLE_MMAP", -1);
	if (cq_sz > sq_sz)
		sq_sz = cq_sz;
	sq = mmap(NULL, sq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, u->fd,
		  IORING_OFF_SQ_RING);
	u->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, u->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || u->sqes == MAP_FAILED)
		die("floor: mmap of the io_uring", -errno);
	cq = sq;
	u->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	u->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	u->sq_array = (unsigned *)(sq + p.sq_off.array);
	u->cq_head = (unsigned *)(cq + p.cq_off.head);
	u->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	u->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	u->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	return true;
}

static void floor_uring_push(struct floor_uring *u, unsigned *tail, int op, int fd, void *buf,
			     unsigned len, bool link)
{
	unsigned i = *tail & *u->sq_mask;
	struct io_uring_sqe *e = &u->sqes[i];

	memset(e, 0, sizeof(*e));
	e->opcode = (uint8_t)op;
	e->fd = fd;
	e->addr = (uintptr_t)buf;
	e->len = len;
	e->msg_flags = MSG_DONTWAIT;
	e->flags = link ? IOSQE_IO_LINK : 0;
	u->sq_array[i] = i;
	(*tail)++;
}

static void floor_uring(struct floor_uring *u, const int sv[2], unsigned long calls)
{
	for (unsigned long c = 0; c < calls; c++) {
		for (size_t h = 0; h < FLOOR_HOPS; h++) {
			const struct floor_hop *hp = &floor_hops[h];
			unsigned tail = *u->sq_tail, n = 2u * hp->nframes, head;

			/* the sends, then the receives, in one chain: each starts when
			 * the one before it has completed */
			for (int i = 0; i < hp->nframes; i++)
				floor_uring_push(u, &tail, IORING_OP_SEND, sv[hp->from_net],
						 floor_tx[i], hp->len[i], true);
			for (int i = 0; i < hp->nframes; i++)
				floor_uring_push(u, &tail, IORING_OP_RECV, sv[!hp->from_net],
						 floor_rx[i], sizeof(floor_rx[i]), i + 1 < hp->nframes);
			__atomic_store_n(u->sq_tail, tail, __ATOMIC_RELEASE);
			if (syscall(__NR_io_uring_enter, u->fd, n, n, IORING_ENTER_GETEVENTS,
				    NULL, 0) != (long)n)
				die("floor: io_uring_enter", -errno);
			head = *u->cq_head;
			if (__atomic_load_n(u->cq_tail, __ATOMIC_ACQUIRE) - head != n)
				die("floor: io_uring completions", -1);
			for (unsigned i = 0; i < n; i++)
				if (u->cqes[(head + i) & *u->cq_mask].res <= 0)
					die("floor: io_uring send/recv",
					    u->cqes[(head + i) & *u->cq_mask].res);
			__atomic_store_n(u->cq_head, head + n, __ATOMIC_RELEASE);
		}
	}
}

/*
 * Calls per second of the floor over a socketpair: io_uring when @u, else
 * sendmmsg/recvmmsg.
 */
static double floor_measure(struct floor_uring *u, double secs)
{
	unsigned long done = 0;
	double t0, t;
	int sv[2];

	if (make_socketpair(sv))
		die("socketpair", -1);
	t0 = now_s();
	do {
		if (u)
			floor_uring(u, sv, 256);
		else
			floor_mmsg(sv, 256);
		done += 256;
		t = now_s();
	} while (t - t0 < secs);
	close(sv[0]);
	close(sv[1]);
	return (double)done / (t - t0);
}

/* ============================================================ driver === */

enum impl { OURS, LIBPRI };

static const char *const impl_name[] = { [OURS] = "ours", [LIBPRI] = "libpri" };

/*
 * Calls per second in steady state: completions inside [warm, warm + secs].
 * @stalled: seconds inside the window in which no call completed for more
 * than 0.5 s at a time (a lost message waiting for a protocol timer).
 */
static double measure(enum impl impl, bool sock, unsigned inflight, double secs,
		      double *stalled)
{
	struct ours o;
	struct lp lp;
	struct load *ld;
	unsigned long n0 = 0;
	double t0, t_start = 0, t_end, t_prog;
	double warm = secs / 5;
	unsigned long last = 0;

	if (impl == OURS) {
		ours_setup(&o, inflight, sock);
		ld = &o.ld;
	} else {
		lp_setup(&lp, inflight, sock);
		lp_wait_up(&lp);
		ld = &lp.ld;
	}
	ld->to_place = (unsigned long)-1;
	*stalled = 0;
	t0 = t_prog = now_s();
	for (unsigned turn = 0; ; turn++) {
		double t;

		if (impl == OURS)
			ours_turn(&o);
		else
			lp_turn(&lp, 100);
		if (turn & 7)
			continue;
		t = now_s();
		if (ld->done != last) {
			if (t_start && t - t_prog > 0.5)
				*stalled += t - t_prog;
			last = ld->done;
			t_prog = t;
		}
		if (!t_start && t - t0 >= warm) {
			t_start = t;
			n0 = ld->done;
		} else if (t_start && t - t_start >= secs) {
			break;
		}
	}
	t_end = now_s();
	if (t_end - t_prog > 0.5)
		*stalled += t_end - t_prog;
	n0 = ld->done - n0;
	ld->stopping = true;
	if (impl == OURS) {
		ours_drain(&o);
		ours_teardown(&o);
	} else {
		lp_drain(&lp);
		lp_teardown(&lp);
	}
	return (double)n0 / (t_end - t_start);
}

/* Warm up, then exactly @calls complete calls: the callgrind mode. */
static void run_one(enum impl impl, bool sock, unsigned inflight, unsigned long calls)
{
	struct ours o;
	struct lp lp;

	if (impl == OURS) {
		ours_setup(&o, inflight, sock);
		o.ld.to_place = WARMUP_CALLS;
		ours_drain(&o);
		o.ld.to_place = calls;
		ours_drain(&o);
		printf("ours: %lu calls after %u warm-up calls; TEL_ENOCHAN/TEL_EBUSY refusals:"
		       " %lu tel_call_make, %lu answer/drop\n", o.ld.done - WARMUP_CALLS,
		       WARMUP_CALLS, o.backoffs, o.retries);
		ours_teardown(&o);
	} else {
		lp_setup(&lp, inflight, sock);
		lp_wait_up(&lp);
		lp.ld.to_place = WARMUP_CALLS;
		lp_drain(&lp);
		lp.ld.to_place = calls;
		lp_drain(&lp);
		printf("libpri: %lu calls after %u warm-up calls\n", lp.ld.done - WARMUP_CALLS,
		       WARMUP_CALLS);
		lp_teardown(&lp);
	}
}


#define MAX_ROUNDS 50

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* ========================================================= many lines === */

/* Octets the heap holds now (glibc: in the arenas and in mmap()ed blocks). */
static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/*
 * What a line costs in memory, ours, 34 pairs in memory: octets per line
 * with its data link up and no call (the heap with 34 pairs up, less the
 * heap with one pair up, over the 66 lines between), and octets per call in
 * flight (the heap at its highest while 1000 calls are in flight, less the
 * idle lines, over the calls in flight: a turn places calls up to
 * @inflight, and the run that follows may finish them all).
 */
static void many_mem(unsigned inflight, double secs, double *per_line, double *per_call)
{
	struct ours o;
	size_t h1, hn, hmax = 0;
	unsigned lines;
	double t0;

	ours_setup(&o, CHANS_PER_PAIR, false);	/* one pair */
	h1 = heap_used();
	ours_teardown(&o);
	ours_setup(&o, inflight, false);
	hn = heap_used();
	lines = 2 * o.npairs;
	*per_line = lines > 2 ? (double)(hn - h1) / (lines - 2) : 0;
	o.ld.to_place = (unsigned long)-1;
	for (t0 = now_s(); now_s() - t0 < secs;) {
		size_t h;

		ours_turn(&o);
		h = heap_used();
		if (h > hmax)
			hmax = h;
	}
	*per_call = hmax > hn ? (double)(hmax - hn) / inflight : 0;
	o.ld.stopping = true;
	ours_drain(&o);
	ours_teardown(&o);
}

/*
 * The many-lines case: 1000 calls in flight over 34 pairs of 30 B-channels
 * (68 lines, both ends in this process, in memory) against one call in
 * flight on one pair, in turns as the table does; medians. It runs in a
 * child of its own, before anything else, so that the peak RSS reported is
 * this case's alone.
 */
static void many_lines(double secs, int rounds)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork", -errno);
	if (pid == 0) {
		double one[MAX_ROUNDS], many[MAX_ROUNDS], ratio[MAX_ROUNDS], stalled = 0;
		double per_line, per_call, x;
		struct rusage ru;

		for (int n = 0; n < rounds; n++) {
			double s1, s2;

			one[n] = measure(OURS, false, 1, secs / rounds, &s1);
			many[n] = measure(OURS, false, 1000, secs / rounds, &s2);
			ratio[n] = many[n] / one[n];
			stalled += s1 + s2;
		}
		many_mem(1000, secs / rounds, &per_line, &per_call);
		getrusage(RUSAGE_SELF, &ru);
		x = median(ratio, rounds);
		printf("many lines (ours, memory): 1000 calls in flight over %u pairs of %u"
		       " B-channels\n", (1000 + CHANS_PER_PAIR - 1) / CHANS_PER_PAIR,
		       CHANS_PER_PAIR);
		printf("  calls/s   1 in flight, 1 pair %12.0f\n", median(one, rounds));
		printf("  calls/s   1000 in flight      %12.0f\n", median(many, rounds));
		printf("  1000/1 in flight              %12.2f  (target >= 0.85)%s%s\n", x,
		       x >= 0.85 ? "" : "  MISSED",
		       stalled > 0 ? "  (a call stalled: lost frame?)" : "");
		printf("  bytes per idle line           %12.0f\n", per_line);
		printf("  bytes per call in flight      %12.0f\n", per_call);
		printf("  peak RSS, this case           %9.1f MB\n\n", ru.ru_maxrss / 1024.0);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		die("the many-lines case", -1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_calls [--time SECONDS] [--rounds N]\n"
		"       bench_calls --one ours|libpri --calls N [--inflight K] [--socket]\n"
		"       bench_calls --many [--time SECONDS] [--rounds N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const unsigned inflights[] = { 1, 100, 1000 };
	double secs = 1.0, r[2][2][3], q[2][3], floor_r[2] = { 0, 0 }, floor_q[2] = { 0, 0 };
	struct floor_uring ring;
	bool have_uring;
	int rounds = 5;
	const char *one = NULL;
	unsigned long calls = 0;
	unsigned inflight = 1;
	bool sock = false, many_only = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--one") && i + 1 < argc)
			one = argv[++i];
		else if (!strcmp(argv[i], "--calls") && i + 1 < argc)
			calls = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--inflight") && i + 1 < argc)
			inflight = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			secs = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--socket"))
			sock = true;
		else if (!strcmp(argv[i], "--many"))
			many_only = true;
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else
			usage();
	}
	if (one) {
		if (!calls || !inflight)
			usage();
		if (!strcmp(one, "ours"))
			run_one(OURS, sock, inflight, calls);
		else if (!strcmp(one, "libpri"))
			run_one(LIBPRI, sock, inflight, calls);
		else
			usage();
		return 0;
	}
	if (secs <= 0 || rounds < 1 || rounds > MAX_ROUNDS)
		usage();
	many_lines(secs, rounds);
	if (many_only)
		return 0;

	have_uring = floor_uring_init(&ring);
	printf("complete calls per second (SETUP..CONNECT..DISCONNECT/RELEASE/RELEASE COMPLETE),\n"
	       "%d rounds of %.2f s steady state each (after %.2f s warm-up), ours and libpri\n"
	       "taking turns; medians; %d B-channels per pair\n\n",
	       rounds, secs / rounds, secs / rounds / 5, CHANS_PER_PAIR);
	printf("%-8s %-7s %10s %12s %12s\n", "impl", "link", "in flight", "pairs", "calls/s");
	for (int s = 0; s < 2; s++) {
		for (int k = 0; k < 3; k++) {
			double v[2][MAX_ROUNDS], ratio[MAX_ROUNDS], stalled[2] = { 0, 0 };
			double fl[2][MAX_ROUNDS], flq[2][MAX_ROUNDS];

			/* Turns, not one long run each: a machine that speeds up or slows
			 * down (other tenants, clock changes) moves both the same way,
			 * and the ratio is taken within each round. */
			for (int n = 0; n < rounds; n++) {
				for (int im = 0; im < 2; im++) {
					double st;

					v[im][n] = measure(im, s, inflights[k], secs / rounds, &st);
					stalled[im] += st;
				}
				ratio[n] = v[OURS][n] / v[LIBPRI][n];
				for (int f = 0; s && k == 0 && f < 1 + have_uring; f++) {
					fl[f][n] = floor_measure(f ? &ring : NULL, secs / rounds);
					flq[f][n] = fl[f][n] / v[LIBPRI][n];
				}
			}
			for (int f = 0; s && k == 0 && f < 1 + have_uring; f++) {
				floor_r[f] = median(fl[f], rounds);
				floor_q[f] = median(flq[f], rounds);
			}
			q[s][k] = median(ratio, rounds);
			for (int im = 0; im < 2; im++) {
				r[im][s][k] = median(v[im], rounds);
				printf("%-8s %-7s %10u %12u %12.0f", impl_name[im],
				       s ? "socket" : "memory", inflights[k],
				       (inflights[k] + CHANS_PER_PAIR - 1) / CHANS_PER_PAIR,
				       r[im][s][k]);
				if (stalled[im] > 0)
					printf("  (no call completed for %.1f s: lost frame?)",
					       stalled[im]);
				printf("\n");
				fflush(stdout);
			}
		}
	}
	printf("\nratios (median of the rounds' ratios)\n");
	for (int s = 0; s < 2; s++) {
		for (int k = 0; k < 3; k++) {
			double x = q[s][k];

			printf("  ours/libpri   %-6s %4u in flight: %6.2fx  (target >= 5x)%s\n",
			       s ? "socket" : "memory", inflights[k], x, x >= 5 ? "" : "  MISSED");
		}
	}
	printf("  kernel floor  socket    1 in flight: %6.2fx  (%.0f calls/s: the same 6 hops, no protocol\n"
	       "                                               work, a sendmmsg and a recvmmsg each)\n",
	       floor_q[0], floor_r[0]);
	if (have_uring)
		printf("  kernel floor  socket    1 in flight: %6.2fx  (%.0f calls/s: the same, one\n"
		       "                                               io_uring_enter per hop)\n",
		       floor_q[1], floor_r[1]);
	else
		printf("  kernel floor  socket    1 in flight: io_uring not available here\n");
	for (int s = 0; s < 2; s++) {
		for (int im = 0; im < 2; im++) {
			double x = r[im][s][2] / r[im][s][0];

			printf("  %-6s 1000/1 in flight %-6s: %6.2f%s\n", impl_name[im],
			       s ? "socket" : "memory", x,
			       im == OURS ? (x >= 0.8 ? "  (target >= 0.80)" :
					     "  (target >= 0.80)  MISSED") : "");
		}
	}
	return 0;
}
