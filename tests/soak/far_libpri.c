// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * far_libpri — Debian's libpri as the soak's far end (soak-libpri): the
 * network side of the D-channel, with a random application of its own
 * (answers, rejects, lets ring, places calls, hangs up with random causes),
 * behind the same relay and fault model as the libtel pair.
 *
 * libpri reads the time with gettimeofday() to arm and run its timers; this
 * file defines gettimeofday() for the whole program, so libpri (a shared
 * library, whose reference the program's definition interposes) runs on the
 * soak's fake clock like libtel.
 *
 * libpri frames carry two FCS octets (DAHDI's framing): they are stripped
 * from what libpri writes and two are appended to what it reads, as
 * tests/integration/pri_peer.c does.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <libpri.h>

#include "soak.h"

#define FCS_LEN		2
#define FAR_CALLS	96

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	tv->tv_sec = (time_t)(now_ms / 1000);
	tv->tv_usec = (suseconds_t)(now_ms % 1000) * 1000;
	return 0;
}

enum fstate { FS_FREE, FS_OFFERED, FS_DIALING, FS_ACTIVE, FS_CLEARING };

struct fcall {
	q931_call *c;
	enum fstate st;
	bool outgoing;
	int chan;
	uint32_t serial;
	int cref;		/* call reference on the wire, -1: not seen yet */
	uint64_t next_at;
};

static struct {
	struct pri *pri;
	int fd;
	bool up, quiet, auto_answer;
	unsigned bchans;
	uint32_t busy;			/* bit n: B-channel n */
	uint32_t setup_serial;		/* the last SETUP that crossed: its number and cref */
	int setup_cref;
	uint8_t rx[FRAME_MAX + FCS_LEN];
	int rx_len;
	struct fcall calls[FAR_CALLS];
	uint64_t next_make_at;
	uint64_t made, offered, answered, rejected, hangups, completed, restarts, up_events,
		 outages, refused_chan;
} F;

const char *far_name(void)
{
	return "libpri";
}

static int pp_read(struct pri *pri, void *buf, int buflen)
{
	int n = F.rx_len;

	(void)pri;
	if (n <= 0 || n > buflen)
		return 0;
	memcpy(buf, F.rx, (size_t)n);
	F.rx_len = 0;
	return n;
}

static void fc_gone(struct fcall *f);

/*
 * libpri frees a call without an event in several cases (a hang-up before
 * it answered, RELEASE COMPLETE after its own RELEASE): a call is gone when
 * a RELEASE COMPLETE with its call reference crosses libpri's socket. A
 * SETUP's call reference is learnt from its called number.
 */
static void wire(const struct soak_q931_view *v, bool tx)
{
	bool ours;	/* the reference is libpri's own (it placed the call) */

	if (!v->is_q931 || !v->cref)
		return;
	ours = tx ? !v->cref_flag : v->cref_flag;
	if (v->type == 0x05) {
		uint32_t serial = serial_of(v->called);

		F.setup_serial = serial;
		F.setup_cref = v->cref;
		for (int i = 0; serial && i < FAR_CALLS; i++)
			if (F.calls[i].st != FS_FREE && F.calls[i].serial == serial &&
			    F.calls[i].cref < 0)
				F.calls[i].cref = v->cref;
		return;
	}
	if (v->type != 0x5a)
		return;
	for (int i = 0; i < FAR_CALLS; i++) {
		struct fcall *f = &F.calls[i];

		if (f->st != FS_FREE && f->cref == v->cref && f->outgoing == ours)
			fc_gone(f);
	}
}

static int pp_write(struct pri *pri, void *buf, int buflen)
{
	(void)pri;
	struct soak_q931_view v;

	if (buflen < FCS_LEN + 3)
		return -1;
	soak_q931_view(buf, (size_t)buflen - FCS_LEN, &v);
	wire(&v, true);
	/* a full socket loses the frame, as a line would */
	(void)send(F.fd, buf, (size_t)buflen - FCS_LEN, MSG_DONTWAIT | MSG_NOSIGNAL);
	return buflen;
}

static void libpri_quiet(struct pri *pri, char *s)
{
	(void)pri;
	if (opt.verbose)
		fprintf(stderr, "[libpri] %s", s);
}

static bool chan_valid(int ch)
{
	if (ch < 1 || ch > 31)
		return false;
	if (F.bchans == 30)
		return ch != 16;
	return ch <= (int)F.bchans;
}

static int chan_alloc(int want)
{
	if (chan_valid(want) && !(F.busy & (1u << want))) {
		F.busy |= 1u << want;
		return want;
	}
	for (int ch = 1; ch <= 31; ch++) {
		if (chan_valid(ch) && !(F.busy & (1u << ch))) {
			F.busy |= 1u << ch;
			return ch;
		}
	}
	return -1;
}

static struct fcall *fc_new(q931_call *c, bool outgoing, uint32_t serial)
{
	for (int i = 0; i < FAR_CALLS; i++) {
		struct fcall *f = &F.calls[i];

		if (f->st != FS_FREE)
			continue;
		memset(f, 0, sizeof(*f));
		f->c = c;
		f->outgoing = outgoing;
		f->serial = serial;
		f->st = outgoing ? FS_DIALING : FS_OFFERED;
		f->next_at = UINT64_MAX;
		f->cref = F.setup_serial == serial && serial ? F.setup_cref : -1;
		lc_far_seen(serial, 1, +1);
		return f;
	}
	return NULL;
}

static struct fcall *fc_find(q931_call *c)
{
	if (!c)
		return NULL;
	for (int i = 0; i < FAR_CALLS; i++)
		if (F.calls[i].st != FS_FREE && F.calls[i].c == c)
			return &F.calls[i];
	return NULL;
}

static void fc_gone(struct fcall *f)
{
	if (f->st == FS_FREE)
		return;		/* already gone inside pri_hangup() (wire()) */
	if (f->chan > 0 && f->chan < 32)
		F.busy &= ~(1u << f->chan);
	hist_add(f->serial, H_EVENT, 1, 0 /* idle */, 0, 0, f->chan);
	lc_far_seen(f->serial, 1, -1);
	F.completed++;
	f->st = FS_FREE;
	f->c = NULL;
}

static void fc_hangup(struct fcall *f, int cause)
{
	f->st = FS_CLEARING;		/* before: the call may be gone inside (wire()) */
	f->next_at = UINT64_MAX;
	pri_hangup(F.pri, f->c, cause);
}

static int rand_cause(void)
{
	static const int common[] = { 16, 16, 16, 17, 18, 19, 21, 31, 34, 41 };

	return prng_below(&rng, 4) ? common[prng_below(&rng, 10)] : (int)prng_range(&rng, 1, 127);
}

static void on_ring(pri_event *e)
{
	uint32_t serial = serial_of(e->ring.callednum);
	struct fcall *f;
	int ch;

	if (serial && !lc_get(serial))
		serial = 0;
	f = fc_new(e->ring.call, false, serial);
	if (!f) {
		pri_hangup(F.pri, e->ring.call, PRI_CAUSE_SWITCH_CONGESTION);
		return;
	}
	F.offered++;
	ch = chan_alloc(e->ring.channel > 0 ? e->ring.channel & 0xff : 0);
	if (ch < 0) {
		F.refused_chan++;
		fc_hangup(f, PRI_CAUSE_NORMAL_CIRCUIT_CONGESTION);
		return;
	}
	f->chan = ch;
	pri_proceeding(F.pri, f->c, ch, 0);
	if (F.auto_answer) {
		pri_answer(F.pri, f->c, ch, 0);
		f->st = FS_ACTIVE;
		F.answered++;
		f->next_at = UINT64_MAX;
		return;
	}
	if (prng_below(&rng, 2))
		pri_acknowledge(F.pri, f->c, ch, 0);
	uint32_t k = prng_below(&rng, 100);

	if (k < 90)
		f->next_at = now_ms + prng_range(&rng, 0, k < 70 ? 1500 : 10000);
	/* else: let it ring until the caller gives up */
}

static void handle_event(pri_event *e)
{
	struct fcall *f;

	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		if (!F.up)
			F.up_events++;
		F.up = true;
		return;
	case PRI_EVENT_DCHAN_DOWN:
		if (F.up)
			F.outages++;
		F.up = false;
		return;
	case PRI_EVENT_RING:
		on_ring(e);
		return;
	case PRI_EVENT_RESTART:
		for (int i = 0; i < FAR_CALLS; i++) {
			f = &F.calls[i];
			if (f->st != FS_FREE && (e->restart.channel < 0 ||
						 (e->restart.channel & 0xff) == 0xff ||
						 (e->restart.channel & 0xff) == f->chan)) {
				pri_destroycall(F.pri, f->c);
				fc_gone(f);
			}
		}
		return;
	case PRI_EVENT_ANSWER:
		f = fc_find(e->answer.call);
		if (!f)
			return;
		if (!f->chan && e->answer.channel > 0) {
			f->chan = e->answer.channel & 0xff;
			F.busy |= 1u << f->chan;
		}
		f->st = FS_ACTIVE;
		f->next_at = now_ms + (prng_below(&rng, 20) ? prng_exp(&rng, 1500) :
				       prng_range(&rng, 10000, 30000));
		return;
	case PRI_EVENT_HANGUP_REQ:
		f = fc_find(e->hangup.call);
		if (!f)
			return;
		fc_hangup(f, e->hangup.cause);
		return;
	case PRI_EVENT_HANGUP:
		f = fc_find(e->hangup.call);
		if (!f)
			return;
		pri_hangup(F.pri, f->c, e->hangup.cause);
		fc_gone(f);
		return;
	case PRI_EVENT_HANGUP_ACK:
		f = fc_find(e->hangup.call);
		if (f)
			fc_gone(f);
		return;
	default:
		return;
	}
}

int far_open(struct side *s, int fd)
{
	(void)s;
	F.fd = fd;
	F.bchans = opt.ni2 ? 23 : 30;
	pri_set_message(libpri_quiet);
	pri_set_error(libpri_quiet);
	F.pri = pri_new_cb(fd, PRI_NETWORK, opt.ni2 ? PRI_SWITCH_NI2 : PRI_SWITCH_EUROISDN_E1,
			   pp_read, pp_write, NULL);
	if (!F.pri) {
		fprintf(stderr, "soak: pri_new_cb failed\n");
		exit(2);
	}
	return 1;
}

void far_service(void)
{
	struct timeval now;
	pri_event *e;

	for (;;) {
		ssize_t n = recv(F.fd, F.rx, FRAME_MAX, MSG_DONTWAIT);

		if (n <= 0)
			break;
		struct soak_q931_view v;

		soak_q931_view(F.rx, (size_t)n, &v);
		if (v.type == 0x05)
			wire(&v, false);	/* before RING makes the call */
		memset(F.rx + n, 0, FCS_LEN);
		F.rx_len = (int)n + FCS_LEN;
		e = pri_check_event(F.pri);
		F.rx_len = 0;
		if (e)
			handle_event(e);
		if (v.type != 0x05)
			wire(&v, false);	/* after libpri took it */
	}
	gettimeofday(&now, NULL);
	for (int guard = 0; guard < 1000; guard++) {
		struct timeval *tv = pri_schedule_next(F.pri);

		if (!tv || timercmp(tv, &now, >))
			break;
		e = pri_schedule_run(F.pri);
		if (e)
			handle_event(e);
	}
}

static void far_make(void)
{
	struct pri_sr *sr;
	q931_call *c;
	struct fcall *f;
	char to[16];
	uint32_t serial;
	int ch;

	if (!F.up)
		return;
	ch = chan_alloc(0);
	if (ch < 0)
		return;
	c = pri_new_call(F.pri);
	sr = pri_sr_new();
	if (!c || !sr) {
		if (sr)
			pri_sr_free(sr);
		F.busy &= ~(1u << ch);
		return;
	}
	serial = lc_alloc();
	snprintf(to, sizeof(to), "1%07u", serial % 10000000);
	pri_sr_set_channel(sr, ch, 1, 0);
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, opt.ni2 ? PRI_LAYER_1_ULAW : PRI_LAYER_1_ALAW);
	pri_sr_set_called(sr, to, PRI_UNKNOWN, 1);
	pri_sr_set_caller(sr, "200", NULL, PRI_UNKNOWN, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	if (pri_setup(F.pri, c, sr)) {
		pri_sr_free(sr);
		pri_destroycall(F.pri, c);
		F.busy &= ~(1u << ch);
		return;
	}
	pri_sr_free(sr);
	F.made++;
	f = fc_new(c, true, serial);	/* the SETUP may have gone out already */
	if (!f) {
		pri_hangup(F.pri, c, 16);
		return;
	}
	f->chan = ch;
	hist_add(serial, H_API, 1, SOAK_OP_MAKE, 0, 0, 0);
	f->next_at = now_ms + (prng_below(&rng, 8) ? prng_range(&rng, 15000, 60000) :
			       prng_range(&rng, 0, 1500));
}

void far_act(void)
{
	for (int i = 0; i < FAR_CALLS; i++) {
		struct fcall *f = &F.calls[i];

		if (f->st == FS_FREE || f->st == FS_CLEARING || f->next_at > now_ms)
			continue;
		f->next_at = UINT64_MAX;
		if (f->st == FS_OFFERED && !F.quiet && prng_below(&rng, 100) < 75) {
			pri_answer(F.pri, f->c, f->chan, 0);
			f->st = FS_ACTIVE;
			F.answered++;
			f->next_at = now_ms + prng_exp(&rng, 1500);
		} else {
			if (f->st == FS_OFFERED)
				F.rejected++;
			F.hangups++;
			fc_hangup(f, rand_cause());
		}
	}
	if (F.quiet || now_ms < F.next_make_at)
		return;
	F.next_make_at = now_ms + prng_exp(&rng, opt.make_mean_ms);
	if (far_live() < (int)F.bchans / 2 && far_made() < opt.calls)
		far_make();
}

uint64_t far_made(void)
{
	return F.made;
}

int far_live(void)
{
	int n = 0;

	for (int i = 0; i < FAR_CALLS; i++)
		n += F.calls[i].st != FS_FREE;
	return n;
}

int far_up(struct side *s)
{
	(void)s;
	return F.up;
}

void far_quiet(bool quiet)
{
	F.quiet = quiet;
	if (!quiet)
		return;
	/* finish what is up: hang up every active call soon */
	for (int i = 0; i < FAR_CALLS; i++)
		if (F.calls[i].st != FS_FREE && F.calls[i].st != FS_CLEARING &&
		    F.calls[i].next_at == UINT64_MAX)
			F.calls[i].next_at = now_ms + prng_range(&rng, 0, 30000);
}

void far_auto_answer(bool on)
{
	F.auto_answer = on;
}

void far_check_all_ended(const char *when)
{
	for (int i = 0; i < FAR_CALLS; i++) {
		struct fcall *f = &F.calls[i];

		if (f->st == FS_FREE)
			continue;
		violation(f->serial, "every call ends at the far end too (libpri)",
			  "%s: libpri still has call %u (state %d, channel %d, %s)", when, f->serial,
			  f->st, f->chan, f->outgoing ? "placed by libpri" : "placed by libtel");
	}
}

void far_print_figures(void)
{
	printf("  %-7s made %" PRIu64 ", offered %" PRIu64 " (no channel: %" PRIu64
	       "), answered %" PRIu64 ", rejected %" PRIu64 ", hangups %" PRIu64
	       ", completed %" PRIu64 ", D-channel outages %" PRIu64 "\n", far_name(), F.made,
	       F.offered, F.refused_chan, F.answered, F.rejected, F.hangups, F.completed,
	       F.outages);
}

void far_close(void)
{
	close(F.fd);
	/* libpri has no destructor: its controller stays allocated */
}
