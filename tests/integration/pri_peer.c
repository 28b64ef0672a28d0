// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pri_peer — libpri as the far end of a D-channel socket (see pri_peer.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <libpri.h>

#include "pri_peer.h"

#define FCS_LEN		2
#define FRAME_MAX	1024

struct pri_peer {
	struct pri *pri;
	int fd;
	struct pri_peer_cfg cfg;
	char name[32];
	bool up, eof, cut;
	unsigned dropped;

	/* the frame pri_check_event() asks the read callback for */
	uint8_t rx[FRAME_MAX + FCS_LEN];
	int rx_len;

	uint32_t busy;			/* bit n: B-channel n in use */
	struct pp_call *calls;		/* every call, index id - 1 */
	int ncalls, calls_cap;

	struct pp_msg *msgs;
	int nmsgs, msgs_cap;

	unsigned ev_count[PP_MAX_EVENT];
	int last_restart_chan, last_restart_ack_chan;
};

/*
 * libpri has no public destructor; a freed peer's controller is kept here so it
 * stays reachable (LeakSanitizer reports only unreachable blocks).
 */
static struct pri **parked;
static size_t nparked;

/* libpri's message and error hooks are process-wide. */
static bool hooks_set;
static bool debug_all;

static void pp_libpri_msg(struct pri *pri, char *s)
{
	struct pri_peer *p = pri ? pri_get_userdata(pri) : NULL;

	if (debug_all || (p && p->cfg.debug))
		fprintf(stderr, "[%s] %s", p ? p->name : "libpri", s);
}

static void pp_libpri_err(struct pri *pri, char *s)
{
	struct pri_peer *p = pri ? pri_get_userdata(pri) : NULL;

	if (debug_all || (p && p->cfg.debug))
		fprintf(stderr, "[%s] error: %s", p ? p->name : "libpri", s);
}

/* ------------------------------------------------------------ wire log --- */

static struct pp_msg *new_msg(struct pri_peer *p)
{
	if (p->nmsgs == p->msgs_cap) {
		int cap = p->msgs_cap ? 2 * p->msgs_cap : 64;
		struct pp_msg *m = realloc(p->msgs, (size_t)cap * sizeof(*m));

		if (!m)
			return NULL;
		p->msgs = m;
		p->msgs_cap = cap;
	}
	memset(&p->msgs[p->nmsgs], 0, sizeof(p->msgs[0]));
	return &p->msgs[p->nmsgs++];
}

/* Record the Q.931 message (if any) in one LAPD frame without flags or FCS. */
static void log_frame(struct pri_peer *p, bool rx, const uint8_t *f, size_t len)
{
	const uint8_t *q, *end;
	struct pp_msg *m;
	int codeset = 0, next_codeset = -1;
	size_t crlen, i;

	if (len < 3 || (f[0] >> 2) != 0)	/* SAPI 0 only */
		return;
	if (!(f[2] & 1))			/* I frame: 2-octet control */
		q = f + 4;
	else if (f[2] == 0x03 || f[2] == 0x13)	/* UI */
		q = f + 3;
	else
		return;
	end = f + len;
	if (q + 3 > end || q[0] != 0x08)
		return;
	crlen = q[1] & 0x0f;
	if (q + 2 + crlen + 1 > end)
		return;
	m = new_msg(p);
	if (!m)
		return;
	m->rx = rx;
	m->cause = -1;
	m->cause_location = -1;
	m->chan = -1;
	m->uui_pd = -1;
	m->progress = -1;
	for (i = 0; i < crlen; i++) {
		uint8_t b = q[2 + i];

		if (i == 0) {
			m->cref_flag = b & 0x80;
			b &= 0x7f;
		}
		m->cref = (uint16_t)(m->cref << 8 | b);
	}
	m->type = q[2 + crlen];
	q += 3 + crlen;
	while (q < end) {
		uint8_t id = *q;
		int cs = next_codeset >= 0 ? next_codeset : codeset;
		const uint8_t *d;
		size_t l;

		if (id & 0x80) {	/* single octet IE */
			next_codeset = -1;
			if ((id & 0xf0) == 0x90) {
				if (id & 0x08)
					next_codeset = id & 7;
				else
					codeset = id & 7;
			}
			q++;
			continue;
		}
		next_codeset = -1;
		if (q + 2 > end || q + 2 + q[1] > end)
			break;
		l = q[1];
		d = q + 2;
		q += 2 + l;
		if (cs != 0)
			continue;
		if (id == 0x08 && l >= 2 && m->cause < 0) {
			size_t k = (d[0] & 0x80) ? 1 : 2;	/* octet 3a present? */

			m->cause_location = d[0] & 0x0f;
			if (k < l)
				m->cause = d[k] & 0x7f;
		} else if (id == 0x18 && l >= 1 && m->chan < 0) {
			/* PRI channel id: octet 3, [3.1 interface], 3.2, 3.3 channel number */
			size_t k = (d[0] & 0x40) ? 2 : 1;

			if ((d[0] & 0x03) == 0x01 && k + 1 < l)
				m->chan = d[k + 1] & 0x7f;
		} else if (id == 0x1e && l >= 2) {
			m->progress = d[1] & 0x7f;
			m->nprogress++;
		} else if (id == 0x1c) {
			m->has_facility = true;
		} else if (id == 0x28) {
			m->has_display = true;
			m->display_len = l < PP_UUI_MAX ? l : PP_UUI_MAX;
			memcpy(m->display, d, m->display_len);
		} else if (id == 0x7e && l >= 1) {
			m->uui_pd = d[0];
			m->uui_len = l - 1 < PP_UUI_MAX ? l - 1 : PP_UUI_MAX;
			memcpy(m->uui, d + 1, m->uui_len);
		}
	}
}

/* ------------------------------------------------------------------ I/O --- */

static int pp_read(struct pri *pri, void *buf, int buflen)
{
	struct pri_peer *p = pri_get_userdata(pri);
	int n = p->rx_len;

	if (n <= 0 || n > buflen)
		return 0;
	memcpy(buf, p->rx, (size_t)n);
	p->rx_len = 0;
	return n;
}

static int pp_write(struct pri *pri, void *buf, int buflen)
{
	struct pri_peer *p = pri_get_userdata(pri);
	size_t len;
	ssize_t n;

	if (buflen < FCS_LEN + 3)
		return -1;
	len = (size_t)buflen - FCS_LEN;	/* libpri appends room for the FCS */
	if (p->cut) {
		p->dropped++;
		return buflen;
	}
	log_frame(p, false, buf, len);
	if (p->eof)
		return buflen;
	n = send(p->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EPIPE || errno == ECONNRESET) {
			p->eof = true;
			return buflen;
		}
		return -1;
	}
	return buflen;
}

/* ---------------------------------------------------------------- calls --- */

static bool chan_valid(struct pri_peer *p, int ch)
{
	if (ch < 1 || ch > 31)
		return false;
	if (p->cfg.bchans == 30)
		return ch != 16;
	return ch <= (int)p->cfg.bchans;
}

static int chan_alloc(struct pri_peer *p, int want)
{
	if (chan_valid(p, want) && !(p->busy & (1u << want))) {
		p->busy |= 1u << want;
		return want;
	}
	for (int ch = 1; ch <= 31; ch++) {
		if (chan_valid(p, ch) && !(p->busy & (1u << ch))) {
			p->busy |= 1u << ch;
			return ch;
		}
	}
	return -1;
}

static void chan_free(struct pri_peer *p, int ch)
{
	if (ch > 0 && ch < 32)
		p->busy &= ~(1u << ch);
}

static struct pp_call *new_call(struct pri_peer *p, void *c, bool outgoing)
{
	struct pp_call *pc;

	if (p->ncalls == p->calls_cap) {
		int cap = p->calls_cap ? 2 * p->calls_cap : 32;
		struct pp_call *n = realloc(p->calls, (size_t)cap * sizeof(*n));

		if (!n)
			return NULL;
		p->calls = n;
		p->calls_cap = cap;
	}
	pc = &p->calls[p->ncalls++];
	memset(pc, 0, sizeof(*pc));
	pc->id = p->ncalls;
	pc->c = c;
	pc->outgoing = outgoing;
	pc->state = outgoing ? PP_CS_DIALING : PP_CS_OFFERED;
	return pc;
}

static struct pp_call *find_call(struct pri_peer *p, q931_call *c)
{
	if (!c)
		return NULL;
	for (int i = p->ncalls - 1; i >= 0; i--)
		if (p->calls[i].c == c)
			return &p->calls[i];
	return NULL;
}

static struct pp_call *live_call(struct pri_peer *p, int id)
{
	if (id < 1 || id > p->ncalls || !p->calls[id - 1].c)
		return NULL;
	return &p->calls[id - 1];
}

/* The call is gone from libpri (destroyed or about to be). */
static void call_gone(struct pri_peer *p, struct pp_call *pc)
{
	chan_free(p, pc->chan);
	pc->c = NULL;
	pc->state = PP_CS_IDLE;
}

/* The B-channel number in a libpri event's encoded channel; 0: none/any. */
static int ev_chan(int enc)
{
	int ch = enc & 0xff;

	if (enc < 0 || ch == 0xff)
		return 0;
	return ch;
}

static void set_uui(char *dst, const char *src)
{
	if (src && *src)
		snprintf(dst, PP_UUI_MAX, "%.259s", src);
}

static void note_cause(struct pp_call *pc, int e, int cause)
{
	if (!pc->cause && cause > 0) {
		pc->cause = cause;
		pc->cause_event = e;
	}
}

static void do_clear(struct pri_peer *p, struct pp_call *pc, int cause, const char *uui)
{
	if (!pc->local_cause && !pc->cause)
		pc->local_cause = cause;
	if (uui && *uui)
		pri_call_set_useruser(pc->c, uui);
	pri_hangup(p->pri, pc->c, cause);
	if (pc->state != PP_CS_IDLE)
		pc->state = PP_CS_DISCONNECTING;
}

static void on_ring(struct pri_peer *p, pri_event *e)
{
	struct pp_call *pc = new_call(p, e->ring.call, false);
	int want = ev_chan(e->ring.channel), ch;

	if (!pc) {
		pri_hangup(p->pri, e->ring.call, PRI_CAUSE_SWITCH_CONGESTION);
		return;
	}
	pc->events |= 1u << PRI_EVENT_RING;
	snprintf(pc->called, sizeof(pc->called), "%.63s", e->ring.callednum);
	snprintf(pc->calling, sizeof(pc->calling), "%.63s", e->ring.callingnum);
	snprintf(pc->calling_name, sizeof(pc->calling_name), "%.63s", e->ring.callingname);
	pc->ring_progressmask = e->ring.progressmask;
	set_uui(pc->uui_ring, e->ring.useruserinfo);

	if (p->cfg.node == PRI_NETWORK)
		ch = chan_alloc(p, want);
	else
		ch = want ? (p->busy |= 1u << want, want) : -1;
	if (ch < 0) {
		/* RELEASE COMPLETE, cause 34 */
		do_clear(p, pc, PRI_CAUSE_NORMAL_CIRCUIT_CONGESTION, NULL);
		return;
	}
	pc->chan = ch;
	if (p->cfg.on_ring == PP_REJECT || p->cfg.on_ring == PP_BUSY) {
		/*
		 * libpri sends nothing for a hangup of a call it has not yet
		 * answered with any message: CALL PROCEEDING, then DISCONNECT.
		 */
		pri_proceeding(p->pri, pc->c, ch, p->cfg.inband);
		do_clear(p, pc, p->cfg.on_ring == PP_BUSY ? PRI_CAUSE_USER_BUSY :
			 p->cfg.reject_cause ? p->cfg.reject_cause : PRI_CAUSE_CALL_REJECTED,
			 p->cfg.uui_reject);
		return;
	}
	pri_proceeding(p->pri, pc->c, ch, p->cfg.inband);
	pc->state = PP_CS_PROCEEDING;
	if (p->cfg.alert || p->cfg.on_ring == PP_ALERT) {
		if (p->cfg.uui_alert)
			pri_call_set_useruser(pc->c, p->cfg.uui_alert);
		pri_acknowledge(p->pri, pc->c, ch, p->cfg.inband);
		pc->state = PP_CS_ALERTING;
	}
	if (p->cfg.on_ring == PP_ANSWER) {
		pri_answer(p->pri, pc->c, ch, p->cfg.nonisdn);
		pc->state = PP_CS_ACTIVE;
		pc->answered = true;
	}
}

static void on_restart(struct pri_peer *p, int enc)
{
	int ch = ev_chan(enc);

	p->last_restart_chan = ch;
	for (int i = 0; i < p->ncalls; i++) {
		struct pp_call *pc = &p->calls[i];

		if (!pc->c || (ch && pc->chan != ch))
			continue;
		pri_destroycall(p->pri, pc->c);
		pc->restarted = true;
		call_gone(p, pc);
	}
	if (!ch)
		p->busy = 0;
	else
		chan_free(p, ch);
}

static void handle_event(struct pri_peer *p, pri_event *e)
{
	struct pp_call *pc = NULL;

	if (e->e >= 0 && e->e < PP_MAX_EVENT)
		p->ev_count[e->e]++;
	if (debug_all || p->cfg.debug)
		fprintf(stderr, "[%s] event %s\n", p->name, pri_event2str(e->e));

	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		p->up = true;
		return;
	case PRI_EVENT_DCHAN_DOWN:
		p->up = false;
		return;
	case PRI_EVENT_RING:
		on_ring(p, e);
		return;
	case PRI_EVENT_RESTART:
		on_restart(p, e->restart.channel);
		return;
	case PRI_EVENT_RESTART_ACK:
		p->last_restart_ack_chan = ev_chan(e->restartack.channel);
		return;
	case PRI_EVENT_PROCEEDING:
	case PRI_EVENT_PROGRESS:
		pc = find_call(p, e->proceeding.call);
		if (!pc)
			return;
		if (!pc->chan && ev_chan(e->proceeding.channel)) {
			pc->chan = ev_chan(e->proceeding.channel);
			p->busy |= 1u << pc->chan;
		}
		if (e->e == PRI_EVENT_PROCEEDING && pc->state == PP_CS_DIALING)
			pc->state = PP_CS_PROCEEDING;
		break;
	case PRI_EVENT_RINGING:
		pc = find_call(p, e->ringing.call);
		if (!pc)
			return;
		set_uui(pc->uui_ringing, e->ringing.useruserinfo);
		if (pc->state < PP_CS_ALERTING)
			pc->state = PP_CS_ALERTING;
		break;
	case PRI_EVENT_ANSWER:
		pc = find_call(p, e->answer.call);
		if (!pc)
			return;
		if (!pc->chan && ev_chan(e->answer.channel)) {
			pc->chan = ev_chan(e->answer.channel);
			p->busy |= 1u << pc->chan;
		}
		set_uui(pc->uui_answer, e->answer.useruserinfo);
		pc->state = PP_CS_ACTIVE;
		pc->answered = true;
		break;
	case PRI_EVENT_HANGUP_REQ:
		/* DISCONNECT received: go on with RELEASE */
		pc = find_call(p, e->hangup.call);
		if (!pc)
			return;
		pc->events |= 1u << e->e;
		note_cause(pc, e->e, e->hangup.cause);
		set_uui(pc->uui_hangup, e->hangup.useruserinfo);
		pc->state = PP_CS_DISCONNECTING;
		pri_hangup(p->pri, pc->c, e->hangup.cause);
		return;
	case PRI_EVENT_HANGUP:
		/* RELEASE or RELEASE COMPLETE received: libpri frees the call in pri_hangup() */
		pc = find_call(p, e->hangup.call);
		if (!pc)
			return;
		pc->events |= 1u << e->e;
		note_cause(pc, e->e, e->hangup.cause);
		set_uui(pc->uui_hangup, e->hangup.useruserinfo);
		pri_hangup(p->pri, pc->c, e->hangup.cause);
		call_gone(p, pc);
		return;
	case PRI_EVENT_HANGUP_ACK:
		/* our clearing finished; libpri has freed the call itself */
		pc = find_call(p, e->hangup.call);
		if (!pc)
			return;
		pc->events |= 1u << e->e;
		note_cause(pc, e->e, e->hangup.cause);
		set_uui(pc->uui_hangup, e->hangup.useruserinfo);
		call_gone(p, pc);
		return;
	default:
		return;
	}
	if (pc)
		pc->events |= 1u << e->e;
}

/* ------------------------------------------------------------- public --- */

struct pri_peer *pri_peer_new(int fd, const struct pri_peer_cfg *cfg)
{
	struct pri_peer *p = calloc(1, sizeof(*p));
	const char *dbg = getenv("PRI_PEER_DEBUG");

	if (!p)
		return NULL;
	p->fd = fd;
	p->cfg = *cfg;
	if (!p->cfg.bchans)
		p->cfg.bchans = cfg->switchtype == PRI_SWITCH_EUROISDN_E1 ? 30 : 23;
	snprintf(p->name, sizeof(p->name), "%s", cfg->name ? cfg->name : "pri");
	p->cfg.name = NULL;
	if (!hooks_set) {
		hooks_set = true;
		debug_all = dbg && *dbg && strcmp(dbg, "0");
		pri_set_message(pp_libpri_msg);
		pri_set_error(pp_libpri_err);
	}
	p->pri = pri_new_cb(fd, cfg->node, cfg->switchtype, pp_read, pp_write, p);
	if (!p->pri) {
		free(p);
		return NULL;
	}
	if (debug_all || cfg->debug)
		pri_set_debug(p->pri, PRI_DEBUG_Q921_STATE | PRI_DEBUG_Q931_DUMP |
			      PRI_DEBUG_Q931_STATE);
	return p;
}

void pri_peer_free(struct pri_peer *p)
{
	struct pri **np;

	if (!p)
		return;
	close(p->fd);
	np = realloc(parked, (nparked + 1) * sizeof(*np));
	if (np) {
		parked = np;
		parked[nparked++] = p->pri;
	}
	pri_set_userdata(p->pri, NULL);
	free(p->calls);
	free(p->msgs);
	free(p);
}

static int run_timers(struct pri_peer *p)
{
	struct timeval *tv, now;
	pri_event *e;
	int n = 0;

	tv = pri_schedule_next(p->pri);
	if (!tv)
		return 0;
	gettimeofday(&now, NULL);
	if (timercmp(tv, &now, >))
		return 0;
	while ((e = pri_schedule_run(p->pri))) {
		handle_event(p, e);
		n++;
	}
	return n + 1;
}

int pri_peer_service(struct pri_peer *p)
{
	int handled = 0;

	for (;;) {
		ssize_t n;
		pri_event *e;

		if (p->eof)
			break;
		n = recv(p->fd, p->rx, FRAME_MAX, MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				p->eof = true;
			break;
		}
		if (n == 0) {
			p->eof = true;
			break;
		}
		handled++;
		if (p->cut) {
			p->dropped++;
			continue;
		}
		log_frame(p, true, p->rx, (size_t)n);
		memset(p->rx + n, 0, FCS_LEN);	/* the FCS libpri expects and discards */
		p->rx_len = (int)n + FCS_LEN;
		e = pri_check_event(p->pri);
		p->rx_len = 0;
		if (e) {
			handle_event(p, e);
			handled++;
		}
	}
	handled += run_timers(p);
	return handled;
}

int pri_peer_next_timeout_ms(struct pri_peer *p)
{
	struct timeval *tv = pri_schedule_next(p->pri), now;
	long ms;

	if (!tv)
		return -1;
	gettimeofday(&now, NULL);
	ms = (tv->tv_sec - now.tv_sec) * 1000 + (tv->tv_usec - now.tv_usec) / 1000;
	return ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms + 1;
}

int pri_peer_fd(struct pri_peer *p)
{
	return p->fd;
}

bool pri_peer_up(struct pri_peer *p)
{
	return p->up;
}

bool pri_peer_eof(struct pri_peer *p)
{
	return p->eof;
}

void pri_peer_set_cut(struct pri_peer *p, bool cut)
{
	p->cut = cut;
}

void pri_peer_set_on_ring(struct pri_peer *p, enum pp_on_ring on_ring, int reject_cause)
{
	p->cfg.on_ring = on_ring;
	p->cfg.reject_cause = reject_cause;
}

void pri_peer_set_uui_alert(struct pri_peer *p, const char *uui)
{
	p->cfg.uui_alert = uui;
}

void pri_peer_set_caller_name(struct pri_peer *p, const char *name)
{
	p->cfg.caller_name = name;
}

void pri_peer_set_inband(struct pri_peer *p, bool inband)
{
	p->cfg.inband = inband;
}

void pri_peer_set_nonisdn(struct pri_peer *p, bool nonisdn)
{
	p->cfg.nonisdn = nonisdn;
}

void pri_peer_enable_facility(struct pri_peer *p)
{
	pri_facility_enable(p->pri);
}

int pri_peer_call(struct pri_peer *p, const char *to, const char *from, const char *uui)
{
	struct pri_sr *sr;
	struct pp_call *pc;
	q931_call *c;
	int ch, exclusive;
	char tobuf[64], frombuf[64], namebuf[64];

	if (!p->up)
		return -1;
	ch = chan_alloc(p, 0);
	exclusive = p->cfg.node == PRI_NETWORK;
	if (ch < 0) {
		if (exclusive)
			return -1;
		ch = 0xff;	/* any channel: the network decides (or refuses) */
	}
	c = pri_new_call(p->pri);
	sr = pri_sr_new();
	if (!c || !sr) {
		if (sr)
			pri_sr_free(sr);
		if (ch != 0xff)
			chan_free(p, ch);
		return -1;
	}
	snprintf(tobuf, sizeof(tobuf), "%s", to);
	snprintf(frombuf, sizeof(frombuf), "%s", from ? from : "");
	pri_sr_set_channel(sr, ch, exclusive, p->cfg.nonisdn);
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH,
			  p->cfg.switchtype == PRI_SWITCH_EUROISDN_E1 ? PRI_LAYER_1_ALAW :
			  PRI_LAYER_1_ULAW);
	pri_sr_set_called(sr, tobuf, PRI_UNKNOWN, 1);
	snprintf(namebuf, sizeof(namebuf), "%s", p->cfg.caller_name ? p->cfg.caller_name : "");
	if (from)
		pri_sr_set_caller(sr, frombuf, p->cfg.caller_name ? namebuf : NULL, PRI_UNKNOWN,
				  PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	if (uui)
		pri_sr_set_useruser(sr, uui);
	if (pri_setup(p->pri, c, sr)) {
		pri_sr_free(sr);
		pri_destroycall(p->pri, c);
		if (ch != 0xff)
			chan_free(p, ch);
		return -1;
	}
	pri_sr_free(sr);
	pc = new_call(p, c, true);
	if (!pc)
		return -1;
	pc->chan = ch == 0xff ? 0 : ch;
	snprintf(pc->called, sizeof(pc->called), "%s", to);
	snprintf(pc->calling, sizeof(pc->calling), "%s", from ? from : "");
	return pc->id;
}

int pri_peer_answer(struct pri_peer *p, int id)
{
	struct pp_call *pc = live_call(p, id);

	if (!pc || pc->outgoing || pc->state >= PP_CS_ACTIVE)
		return -1;
	if (pri_answer(p->pri, pc->c, pc->chan, p->cfg.nonisdn))
		return -1;
	pc->state = PP_CS_ACTIVE;
	pc->answered = true;
	return 0;
}

int pri_peer_progress(struct pri_peer *p, int id)
{
	struct pp_call *pc = live_call(p, id);

	if (!pc)
		return -1;
	return pri_progress(p->pri, pc->c, pc->chan, 1) ? -1 : 0;
}

int pri_peer_hangup(struct pri_peer *p, int id, int cause, const char *uui)
{
	struct pp_call *pc = live_call(p, id);

	if (!pc)
		return -1;
	do_clear(p, pc, cause, uui);
	return 0;
}

int pri_peer_restart(struct pri_peer *p, int chan)
{
	if (!chan_valid(p, chan))
		return -1;
	/* the restarted channel's call ends here at once, as an upper layer would do it */
	for (int i = 0; i < p->ncalls; i++) {
		struct pp_call *pc = &p->calls[i];

		if (pc->c && pc->chan == chan) {
			pri_destroycall(p->pri, pc->c);
			pc->restarted = true;
			call_gone(p, pc);
		}
	}
	return pri_reset(p->pri, chan) ? -1 : 0;
}

const struct pp_call *pri_peer_get_call(struct pri_peer *p, int id)
{
	if (id < 1 || id > p->ncalls)
		return NULL;
	return &p->calls[id - 1];
}

int pri_peer_ncalls(struct pri_peer *p)
{
	return p->ncalls;
}

int pri_peer_live_calls(struct pri_peer *p)
{
	int n = 0;

	for (int i = 0; i < p->ncalls; i++)
		n += p->calls[i].c != NULL;
	return n;
}

int pri_peer_active_calls(struct pri_peer *p)
{
	int n = 0;

	for (int i = 0; i < p->ncalls; i++)
		n += p->calls[i].c && p->calls[i].state == PP_CS_ACTIVE;
	return n;
}

unsigned pri_peer_event_count(struct pri_peer *p, int e)
{
	return e >= 0 && e < PP_MAX_EVENT ? p->ev_count[e] : 0;
}

int pri_peer_last_restart_chan(struct pri_peer *p)
{
	return p->last_restart_chan;
}

int pri_peer_last_restart_ack_chan(struct pri_peer *p)
{
	return p->last_restart_ack_chan;
}

unsigned pri_peer_dropped(struct pri_peer *p)
{
	return p->dropped;
}

int pri_peer_find_msg(struct pri_peer *p, int from, bool rx, int type)
{
	for (int i = from < 0 ? 0 : from; i < p->nmsgs; i++)
		if (p->msgs[i].rx == rx && (type < 0 || p->msgs[i].type == type))
			return i;
	return -1;
}

const struct pp_msg *pri_peer_msg(struct pri_peer *p, int idx)
{
	return idx >= 0 && idx < p->nmsgs ? &p->msgs[idx] : NULL;
}

int pri_peer_nmsgs(struct pri_peer *p)
{
	return p->nmsgs;
}

const char *pp_msg_name(uint8_t type)
{
	static const struct { uint8_t t; const char *n; } names[] = {
		{ 0x01, "ALERTING" }, { 0x02, "CALL PROCEEDING" }, { 0x03, "PROGRESS" },
		{ 0x05, "SETUP" }, { 0x07, "CONNECT" }, { 0x0d, "SETUP ACK" },
		{ 0x0f, "CONNECT ACK" }, { 0x20, "USER INFORMATION" }, { 0x45, "DISCONNECT" },
		{ 0x46, "RESTART" }, { 0x4d, "RELEASE" }, { 0x4e, "RESTART ACK" },
		{ 0x5a, "RELEASE COMPLETE" }, { 0x62, "FACILITY" }, { 0x6e, "NOTIFY" },
		{ 0x75, "STATUS ENQUIRY" }, { 0x7b, "INFORMATION" }, { 0x7d, "STATUS" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].t == type)
			return names[i].n;
	return "?";
}

const char *pp_state_name(enum pp_call_state s)
{
	static const char *const names[] = {
		"offered", "dialing", "proceeding", "alerting", "active", "disconnecting", "idle",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
