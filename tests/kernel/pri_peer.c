// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pri_peer — Debian's libpri on a DAHDI D-channel, the far end of `tel call
 * --chan` / `tel answer --chan` in the kernel tests (test_tel_dahdi.sh).
 *
 *   pri_peer --chan /dev/dahdi/chan/SSS/CCC --node network|cpe
 *            [--answer | --call NUMBER] [--uui TEXT] [--hold MS] [--timeout S] [--debug]
 *
 * It opens the channel, sets DAHDI's buffer policy (DAHDI_SET_BUFINFO) and
 * hands the descriptor to libpri: pri_new_cb(fd, node,
 * PRI_SWITCH_EUROISDN_E1) with a read and a write that are libpri's own
 * (frames with DAHDI's FCS convention) except that they read DAHDI's events
 * (ELAST) and retry instead of losing the frame; events flagged by POLLPRI
 * are read and dropped too, as libpri leaves them to its application. --answer (default) answers
 * one incoming call (UUI in CONNECT) and waits for the far end to clear;
 * --call places one call on B-channel 1 and, after --hold MS connected
 * (0: wait for the far end to clear), hangs up with cause 16 and --uui.
 * Prints one line per event:
 *   link up | link down
 *   ring to NUMBER from NUMBER [uui TEXT]
 *   answer [uui TEXT]
 *   hangup cause N uui TEXT      (the far end cleared; TEXT empty: none)
 *   cleared cause 16             (we cleared)
 * and exits 0 once the call has ended and the far end has released the
 * data link (or 2 s later), 1 on a timeout (default 20 s) or an error.
 * A SETUP that leaves the channel to the network gets B-channel 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>
#include <libpri.h>

struct peer {
	struct pri *pri;
	q931_call *call;
	bool answer_mode;
	const char *to, *uui;
	long hold_ms;
	bool up, placed, connected, ended;
	double hangup_at;	/* --call with --hold: when to clear; 0: not yet */
	double ended_at;
	double down_at;		/* when the link went down after the call; 0: not yet */
	double call_at;		/* --call: when to send the SETUP; 0: not yet known */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: pri_peer --chan PATH --node network|cpe [--answer | --call NUMBER]\n"
		"                [--uui TEXT] [--hold MS] [--timeout S] [--debug]\n");
}

static void say(const char *fmt, const char *a, const char *b)
{
	printf(fmt, a, b);
	fflush(stdout);
}

/*
 * DAHDI's events (read() and write() fail with ELAST while one is pending):
 * libpri does not read them, its application must (chan_dahdi does). While
 * the far end's D-channel is closed, DAHDI's HDLC receiver sees no flags and
 * reports ABORT after ABORT; alarms come this way too.
 */
static void drain_events(int fd, bool debug)
{
	for (int i = 0; i < 64; i++) {
		int ev = DAHDI_EVENT_NONE;

		if (ioctl(fd, DAHDI_GETEVENT, &ev) < 0 || ev == DAHDI_EVENT_NONE)
			return;
		if (debug)
			fprintf(stderr, "pri_peer: DAHDI event %d\n", ev);
	}
}

/*
 * libpri's own read and write (pri_new()) drop a frame when the call fails,
 * and on DAHDI both fail with ELAST whenever an event is pending: an ABORT
 * left from while the far end was closed is enough to lose a UA and start
 * a re-establishment that loses the SETUP after it. These read the events
 * and try again, as chan_dahdi's event handling amounts to; the frames pass
 * as libpri wants them on DAHDI (2 FCS octets after each, both ways).
 */
static int dahdi_io(struct pri *pri, void *buf, int len, bool wr)
{
	int fd = pri_fd(pri);

	for (int i = 0; i < 8; i++) {
		ssize_t r = wr ? write(fd, buf, (size_t)len) : read(fd, buf, (size_t)len);

		if (r >= 0)
			return (int)r;
		if (errno != ELAST)
			break;
		drain_events(fd, pri_get_userdata(pri) != NULL);
	}
	if (errno != EAGAIN)
		fprintf(stderr, "pri_peer: %s: %s\n", wr ? "write" : "read", strerror(errno));
	return 0;
}

static int dahdi_read(struct pri *pri, void *buf, int len)
{
	return dahdi_io(pri, buf, len, false);
}

static int dahdi_write(struct pri *pri, void *buf, int len)
{
	return dahdi_io(pri, buf, len, true);
}

static int place_call(struct peer *p)
{
	struct pri_sr *sr = pri_sr_new();

	p->call = pri_new_call(p->pri);
	if (!sr || !p->call) {
		fprintf(stderr, "pri_peer: out of memory\n");
		return -1;
	}
	pri_sr_set_channel(sr, 1, 0, 0);	/* B-channel 1, preferred */
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ALAW);
	pri_sr_set_called(sr, (char *)p->to, PRI_UNKNOWN, 1);
	pri_sr_set_caller(sr, "200", NULL, PRI_UNKNOWN, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	if (pri_setup(p->pri, p->call, sr)) {
		fprintf(stderr, "pri_peer: pri_setup failed\n");
		pri_sr_free(sr);
		return -1;
	}
	pri_sr_free(sr);
	p->placed = true;
	return 0;
}

static int on_event(struct peer *p, pri_event *e)
{
	int ch;

	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		p->up = true;
		say("link up\n", "", "");
		/* the SETUP a moment later, after T200 (1 s): the far end may still
		 * retransmit its own SABME, and a SABME in the established state
		 * re-establishes the link, losing the I-frames in flight */
		if (!p->answer_mode && !p->placed && !p->call_at)
			p->call_at = now_s() + 1.2;
		break;
	case PRI_EVENT_DCHAN_DOWN:
		if (p->up)
			say("link down\n", "", "");
		p->up = false;
		break;
	case PRI_EVENT_RING:
		printf("ring to %s from %s", e->ring.callednum, e->ring.callingnum);
		if (e->ring.useruserinfo[0])
			printf(" uui %s", e->ring.useruserinfo);
		say("\n", "", "");
		if (!p->answer_mode || p->call) {
			pri_hangup(p->pri, e->ring.call, PRI_CAUSE_USER_BUSY);
			break;
		}
		p->call = e->ring.call;
		/* a SETUP without a Channel ID (any channel): the network picks one,
		 * B-channel 1; libpri would answer "any" (-1) as it is */
		ch = e->ring.channel > 0 && (e->ring.channel & 0xff) ? e->ring.channel : 1;
		pri_proceeding(p->pri, p->call, ch, 0);
		if (p->uui)
			pri_call_set_useruser(p->call, p->uui);
		pri_answer(p->pri, p->call, ch, 0);
		p->connected = true;
		break;
	case PRI_EVENT_ANSWER:
		say(e->answer.useruserinfo[0] ? "answer uui %s\n" : "answer\n",
		    e->answer.useruserinfo, "");
		p->connected = true;
		if (p->hold_ms > 0)
			p->hangup_at = now_s() + (double)p->hold_ms / 1000;
		break;
	case PRI_EVENT_HANGUP_REQ:
	case PRI_EVENT_HANGUP:
		if (e->hangup.call != p->call || p->ended)
			break;
		printf("hangup cause %d uui %s\n", e->hangup.cause, e->hangup.useruserinfo);
		fflush(stdout);
		pri_hangup(p->pri, p->call, e->hangup.cause);
		p->ended = true;
		p->ended_at = now_s();
		break;
	default:
		break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct peer p = { .answer_mode = true };
	struct dahdi_bufferinfo bi;
	const char *chan = NULL;
	int node = -1, debug = 0, fd;
	double timeout_s = 20, t_end;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--answer")) {
			p.answer_mode = true;
			continue;
		}
		if (!strcmp(a, "--debug")) {
			debug = PRI_DEBUG_Q921_STATE | PRI_DEBUG_Q931_DUMP | PRI_DEBUG_Q931_STATE;
			continue;
		}
		if (!v) {
			usage();
			return 2;
		}
		i++;
		if (!strcmp(a, "--chan")) {
			chan = v;
		} else if (!strcmp(a, "--node")) {
			node = !strcmp(v, "network") ? PRI_NETWORK : !strcmp(v, "cpe") ? PRI_CPE : -1;
		} else if (!strcmp(a, "--call")) {
			p.answer_mode = false;
			p.to = v;
		} else if (!strcmp(a, "--uui")) {
			p.uui = v;
		} else if (!strcmp(a, "--hold")) {
			p.hold_ms = atol(v);
		} else if (!strcmp(a, "--timeout")) {
			timeout_s = atof(v);
		} else {
			usage();
			return 2;
		}
	}
	if (!chan || node < 0) {
		usage();
		return 2;
	}
	fd = open(chan, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "pri_peer: %s: %s\n", chan, strerror(errno));
		return 1;
	}
	/* as chan_dahdi does for a D-channel: frames leave and arrive at once */
	memset(&bi, 0, sizeof(bi));
	bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.numbufs = 16;
	bi.bufsize = 1024;
	if (ioctl(fd, DAHDI_SET_BUFINFO, &bi) < 0) {
		fprintf(stderr, "pri_peer: %s: DAHDI_SET_BUFINFO: %s\n", chan, strerror(errno));
		return 1;
	}
	p.pri = pri_new_cb(fd, node, PRI_SWITCH_EUROISDN_E1, dahdi_read, dahdi_write,
			   debug ? &p : NULL);
	if (!p.pri) {
		fprintf(stderr, "pri_peer: pri_new failed\n");
		return 1;
	}
	if (debug || getenv("PRI_PEER_DEBUG"))
		pri_set_debug(p.pri, debug ? debug : PRI_DEBUG_Q931_DUMP | PRI_DEBUG_Q921_STATE);

	t_end = now_s() + timeout_s;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLPRI };
		struct timeval *next = pri_schedule_next(p.pri), tv;
		double t = now_s();
		int ms = 50;
		pri_event *e;

		if (t > t_end) {
			fprintf(stderr, "pri_peer: timeout after %g s (link %s, call %s)\n", timeout_s,
				p.up ? "up" : "down", p.ended ? "ended" : p.call ? "up" : "none");
			return 1;
		}
		/*
		 * over once the call ended and the far end released the link, or 2 s
		 * on; 0.3 s more for libpri's last frame (the UA) to leave: DAHDI
		 * drops what is still queued when the channel is closed
		 */
		if (p.ended && !p.up && !p.down_at)
			p.down_at = t;
		if (p.ended && ((p.down_at && t > p.down_at + 0.3) || t > p.ended_at + 2))
			return 0;
		if (p.call_at && t >= p.call_at && p.up && !p.placed && place_call(&p))
			return 1;
		if (p.hangup_at && t >= p.hangup_at && !p.ended) {
			if (p.uui)
				pri_call_set_useruser(p.call, p.uui);
			pri_hangup(p.pri, p.call, PRI_CAUSE_NORMAL_CLEARING);
			say("cleared cause 16\n", "", "");
			p.hangup_at = 0;
			p.ended = true;
			p.ended_at = t;
		}
		if (next) {
			gettimeofday(&tv, NULL);
			long d = (next->tv_sec - tv.tv_sec) * 1000 + (next->tv_usec - tv.tv_usec) / 1000;

			if (d < ms)
				ms = d < 0 ? 0 : (int)d;
		}
		if (poll(&pfd, 1, ms) < 0 && errno != EINTR) {
			perror("pri_peer: poll");
			return 1;
		}
		if (pfd.revents & POLLPRI)
			drain_events(fd, debug != 0);
		if (pfd.revents & POLLIN)
			e = pri_check_event(p.pri);
		else
			e = pri_schedule_run(p.pri);
		if (e && on_event(&p, e))
			return 1;
	}
}
