/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal structures behind the public handles of libtel/tel.h: the context
 * (timers, event queue, lines), lines (transport + LAPD + Q.931 + trace) and
 * the session layer's calls.
 */
#ifndef TEL_SESSION_H
#define TEL_SESSION_H

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/timer.h"
#include "io/frameq.h"
#include "lapd/datalink.h"
#include "libtel/tel.h"
#include "q931/cc.h"
#include "trace/pcap.h"

struct tel_ctx {
	struct tel_timers timers;
	struct tel_ctx_opts opts;
	struct tel_line *lines;		/* all open lines */
	struct tel_call *calls;		/* every call handle not yet deallocated */
	struct tel_call *call_pool;	/* freed handles for reuse (linked by next) */
	unsigned next_call_id;

	/* events waiting for delivery: a ring that grows by doubling */
	struct tel_event *ev;
	uint32_t ev_head, ev_count, ev_cap;
	uint32_t ev_lost;		/* events lost to a failed growth */

	uint8_t *rxbuf;			/* receive scratch for socket lines (recvmmsg) */
	struct pollfd *pfd;		/* one per fd line, rebuilt when lines change */
	struct tel_line **pfd_line;
	unsigned npfd, pfd_cap;
	bool pfd_dirty;
};

enum line_kind { LINE_MEM, LINE_FD };

struct tel_line {
	struct tel_ctx *ctx;
	struct tel_line *prev, *next;
	enum line_kind kind;
	struct tel_line_cfg cfg;	/* pcap pointer not kept */
	bool up;

	struct lapd lapd;
	struct q931_cc *cc;

	/* transport */
	struct frameq rxq;		/* LINE_MEM: frames from the peer, not yet processed */
	struct tel_line *peer;		/* LINE_MEM */
	int fd;				/* LINE_FD */
	struct frameq txq;		/* LINE_FD: frames the socket could not take yet */
	bool fd_dead;

	FILE *pcap_f;
	struct pcap_writer pw;
};

struct tel_call {
	struct tel_ctx *ctx;
	struct tel_call *prev, *next;	/* ctx->calls */
	struct tel_line *line;		/* NULL once the line is closed */
	struct q931_call *qc;		/* NULL once Q.931 released the call */
	unsigned id;
	uint32_t nev;			/* events queued that name this call */
	bool zombie;			/* deallocated; freed once nev is 0 */
	bool drop_pending;
	struct tel_call_info info;
	/* bridged appearances: handles on the same Q.931 call form a ring */
	struct tel_call *share_next, *share_prev;
	struct tel_conf *conf;		/* the conference this call is a party of */
};

struct tel_conf {
	struct tel_ctx *ctx;
	struct tel_call **party;
	unsigned n, cap;
};

/* Queue an event for delivery from tel_ctx_run(). */
void ctx_event(struct tel_ctx *ctx, const struct tel_event *ev);
uint64_t ctx_now(struct tel_ctx *ctx);
/* session/call.c: give a deallocated call's memory back to the pool */
void call_release(struct tel_call *call);
/* Microseconds for trace timestamps: wall clock, or the fake clock when one is set. */
uint64_t ctx_trace_us(struct tel_ctx *ctx);

/* session/call.c: Q.931 indications to the session layer */
void session_cc_ind(void *line, const struct cc_ind *ind);
/* session/call.c: a line is going away; its calls end without signalling */
void session_line_gone(struct tel_line *line);
/* session/conf.c: @call leaves its conference (dealloc) */
void conf_remove(struct tel_call *call);
/* session/call.c: free every call (context teardown) */
void session_free_calls(struct tel_ctx *ctx);

/* session/line.c */
int line_pump(struct tel_line *line);		/* deliver queued frames and primitives */
void line_fd_ready(struct tel_line *line, short revents);
void line_fd_flush(struct tel_line *line);	/* send what socket lines queued */

#endif /* TEL_SESSION_H */
