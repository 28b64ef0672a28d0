/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtel — public API.
 *
 * Conventions: every function that can fail returns an int, 0 (or a count) on
 * success and one of the negative TEL_E* values below on failure; out-parameters
 * come last. No global state: everything hangs off objects the caller owns.
 */
#ifndef LIBTEL_TEL_H
#define LIBTEL_TEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error values. They are negative, so `if (rc < 0)` catches every one. */
enum tel_error {
	TEL_OK = 0,
	TEL_EINVAL = -1,	/* an argument is out of range or NULL */
	TEL_ENOMEM = -2,	/* out of memory */
	TEL_ESTATE = -3,	/* not valid in the object's current state */
	TEL_EUUITOOBIG = -4,	/* user-user information larger than allowed */
	TEL_ENOTSUP = -5,	/* the line or object cannot do this */
	TEL_ELINK = -6,		/* the data link is down */
	TEL_EBUSY = -7,		/* resource busy */
	TEL_ENOCHAN = -8,	/* no B-channel available */
	TEL_EIO = -9,		/* I/O error on the transport or a file */
	TEL_ENOSPC = -10,	/* output buffer too small for the result */
	TEL_EPROTO = -11,	/* malformed data received (see the decoder's report) */
	TEL_ECALLS = -12,	/* the line's call pool is full: every call slot is in use */
	TEL_EFREED = -13,	/* the handle was already deallocated (detected misuse) */
};

/*
 * tel_strerror() - describe an error value.
 * @err: a TEL_E* value (or 0).
 *
 * Returns a static, NUL-terminated English string; never NULL, also for
 * values that are not TEL_E* ("unknown error").
 */
const char *tel_strerror(int err);

/*
 * tel_version() - the library's version as "MAJOR.MINOR.PATCH".
 * Returns a static string.
 */
const char *tel_version(void);


/* ------------------------------------------------------------------------
 * Context: owns lines, calls, timers and the event queue. One per thread of
 * use; several may exist in one process. Nothing here uses global state.
 */
typedef struct tel_ctx tel_ctx;
typedef struct tel_line tel_line;
typedef struct tel_call tel_call;
typedef struct tel_conf tel_conf;

enum tel_call_state {
	TEL_CS_IDLE,
	TEL_CS_OFFERING,	/* incoming call waiting for answer or reject */
	TEL_CS_DIALING,		/* SETUP sent */
	TEL_CS_PROCEEDING,	/* the network is routing the call */
	TEL_CS_RINGBACK,	/* the far end is alerting */
	TEL_CS_CONNECTED,
	TEL_CS_DISCONNECTED,	/* the far end cleared; drop (or the network) finishes */
};

enum tel_event_type {
	TEL_EV_LINE_STATE,	/* the line's data link went up or down: up, reason */
	TEL_EV_CALL_STATE,	/* a call changed state; a new incoming call arrives in OFFERING */
	TEL_EV_DROP_DONE,	/* a tel_call_drop() finished: result is 0 or a TEL_E* */
	TEL_EV_CHAN_STATE,	/* a B-channel changed service state: chan, chan_state */
};

/*
 * Why a line's data link is down (TEL_EV_LINE_STATE with up 0, and
 * tel_line_down_reason()). Except after CLOSED and SHUTDOWN the line keeps
 * trying to establish its data link by itself (SABME again after 1 s, then
 * 2, 4, ... at most 30 s apart) and reports up again when it is back.
 */
enum tel_line_reason {
	TEL_LR_NONE,		/* the link is up (or has not been tried yet) */
	TEL_LR_LOST,		/* no answer from the far end within T200 x N200 */
	TEL_LR_REFUSED,		/* the far end refused establishment (DM) */
	TEL_LR_RELEASED,	/* the far end released the data link (DISC) */
	TEL_LR_CLOSED,		/* the transport is closed (end of file, socket error): final */
	TEL_LR_ALARM,		/* layer 1 alarm on the D-channel */
	TEL_LR_SHUTDOWN,	/* tel_line_shutdown() completed: final */
};

/* Service state of a B-channel (tel_line_chan_state(), TEL_EV_CHAN_STATE). */
enum tel_chan_state {
	TEL_CH_IDLE,		/* in service, free */
	TEL_CH_BUSY,		/* in service, carrying a call */
	TEL_CH_MAINT,		/* out of service (no RELEASE COMPLETE after T308 twice, or a
				 * RESTART that got no acknowledgement): a RESTART brings it back */
	TEL_CH_RESTARTING,	/* RESTART sent, waiting for RESTART ACKNOWLEDGE (T316) */
};

struct tel_event {
	enum tel_event_type type;
	tel_line *line;
	tel_call *call;			/* CALL_STATE, DROP_DONE */
	enum tel_call_state state;	/* CALL_STATE: the new state */
	int up;				/* LINE_STATE: 1 link up, 0 down */
	int result;			/* DROP_DONE: 0 or a TEL_E* */
	enum tel_line_reason reason;	/* LINE_STATE: why it is down (TEL_LR_NONE when up) */
	int chan;			/* CHAN_STATE: the B-channel number */
	enum tel_chan_state chan_state;	/* CHAN_STATE: its new state */
};

typedef void (*tel_event_cb)(const struct tel_event *ev, void *user);

struct tel_ctx_opts {
	tel_event_cb on_event;		/* called only from inside tel_ctx_run() */
	void *user;			/* passed to on_event and clock_ms */
	uint64_t (*clock_ms)(void *user);	/* NULL: CLOCK_MONOTONIC */
};

/*
 * tel_ctx_new() - create a context. @opts is copied.
 * Errors: TEL_EINVAL (NULL out or opts), TEL_ENOMEM.
 */
int tel_ctx_new(tel_ctx **out, const struct tel_ctx_opts *opts);

/*
 * tel_ctx_run() - do the work that is due: read frames from the lines, run
 * due timers, deliver events to on_event. Blocks up to @timeout_ms (-1:
 * until something happens, 0: not at all) when nothing is due.
 * Returns the number of frames and events handled (0: nothing was due), or
 * TEL_EIO when waiting for the lines' file descriptors failed, or TEL_ENOMEM
 * when the set of descriptors to wait on could not grow (a line was opened):
 * nothing is lost, the next call tries again.
 */
int tel_ctx_run(tel_ctx *ctx, int timeout_ms);

/*
 * Running a context inside the application's own event loop (poll, epoll,
 * libuv ...), instead of blocking in tel_ctx_run():
 *
 *	int fd = tel_ctx_fd(ctx);		// once
 *	for (;;) {
 *		struct pollfd p = { .fd = fd, .events = POLLIN };
 *
 *		poll(&p, 1, tel_ctx_timeout(ctx));	// with the application's own fds
 *		tel_ctx_run(ctx, 0);
 *	}
 *
 * tel_ctx_fd() - a file descriptor, owned by the context (closed by
 * tel_ctx_free()), that polls readable when a line has input (or room for
 * output the context waits to send) and, with the real clock (no
 * opts.clock_ms), when a timer is due. Errors: TEL_EINVAL, TEL_EIO,
 * TEL_ENOMEM (tel_ctx_last_error() says which system call failed).
 *
 * tel_ctx_timeout() - the most milliseconds the application may wait before
 * it calls tel_ctx_run(ctx, 0) even when the descriptor stays quiet: 0 when
 * the context has work now (events to deliver, frames queued by a call made
 * outside the run loop), -1 when nothing is scheduled. Call it before every
 * wait: requests made since the last run (a call placed arms a timer) are
 * taken into account only then. Errors: TEL_EINVAL.
 */
int tel_ctx_fd(tel_ctx *ctx);
int tel_ctx_timeout(tel_ctx *ctx);

/*
 * tel_ctx_free() - close every line and free every call and the context.
 * Called from inside on_event (that is, from inside tel_ctx_run()), the
 * context is freed when that tel_ctx_run() returns (which then returns 0);
 * no further event is delivered meanwhile. Nothing may use @ctx or its
 * handles after the call either way.
 */
void tel_ctx_free(tel_ctx *ctx);

enum tel_side { TEL_SIDE_USER, TEL_SIDE_NETWORK };
enum tel_variant { TEL_VARIANT_EUROISDN, TEL_VARIANT_NI2 };

/*
 * A protocol timer or counter of a PRI line, by the name the standards give
 * it (any case): Q.921 T200 (1000), T203 (10000) in ms, N200 (3, 1..255
 * retransmissions), k (7, window 1..127 frames); Q.931 T301 (0 = off), T303
 * (4000), T305 (30000), T306 (30000), T308 (4000), T309 (6000), T310 (30000),
 * T313 (4000), T316 (120000), T322 (4000) in ms, 1..3600000. An unknown name
 * or a value out of range fails the open with TEL_EINVAL and a sentence in
 * tel_ctx_last_error(); analog lines take none (TEL_ENOTSUP).
 */
struct tel_param {
	const char *name;
	unsigned long value;
};

struct tel_line_cfg {
	enum tel_side side;
	enum tel_variant variant;
	unsigned bchans;	/* 30 for E1, 23 for T1 */
	size_t uui_max;		/* 0: default 128 */
	const char *pcap;	/* NULL: no trace; else a file to write every frame to */
	void *user;		/* the application's, for tel_line_user() (e.g. from ev->line) */
	const struct tel_param *params;	/* protocol timers/counters to set; NULL: defaults */
	size_t nparams;
	/*
	 * 0 (default): a B-channel that goes out of service (TEL_CH_MAINT) is
	 * brought back by a RESTART libtel sends by itself. 1: it waits for the
	 * application's tel_line_restart() (a RESTART the far end sends still
	 * brings it back).
	 */
	int manual_restart;
};

/*
 * tel_line_pair() - two lines wired back to back in memory (for tests and
 * demos); their data links start establishing at once.
 * Errors: TEL_EINVAL (bad config: bchans not 1..30, uui_max > 254, same side
 * on both), TEL_ENOMEM, TEL_EIO (the pcap file could not be created).
 */
int tel_line_pair(tel_ctx *ctx, const struct tel_line_cfg *a, const struct tel_line_cfg *b,
		  tel_line **a_out, tel_line **b_out);

/*
 * tel_line_open_fd() - a line over a socket @fd that carries one LAPD frame
 * per message (address, control, information; no flags, no FCS), e.g. one end
 * of socketpair(AF_UNIX, SOCK_SEQPACKET). The line takes ownership of @fd
 * and closes it in tel_line_close(). Errors as tel_line_pair(), and
 * TEL_EINVAL, with a sentence in tel_ctx_last_error() naming the fd and the
 * fix, for an fd that cannot carry LAPD frames: not open, not a socket (a
 * pipe, a regular file), a socket that does not keep message boundaries
 * (only SOCK_SEQPACKET and SOCK_DGRAM do; SOCK_STREAM does not), a socket not
 * connected to its far end; or an fd a line of @ctx already owns. A refused
 * fd stays open and the caller's.
 */
int tel_line_open_fd(tel_ctx *ctx, const struct tel_line_cfg *cfg, int fd, tel_line **out);

/*
 * tel_line_open_dahdi() - a line on a DAHDI channel device, e.g.
 * "/dev/dahdi/chan/001/024". What the line is follows from the channel's
 * signalling (set in /etc/dahdi/system.conf, applied by dahdi_cfg):
 *
 *  - hardhdlc / HDLC with FCS: the D-channel of a PRI span. LAPD and Q.931
 *    run over it as on tel_line_open_fd(); @cfg is checked as for
 *    tel_line_pair(); the data link starts establishing at once (or when
 *    the span's alarm clears). Layer 1 alarms stop the frames, so the data
 *    link goes down through LAPD's timers and comes back after the alarm.
 *  - fxs* (an FXO port on a CO line; we are the phone side) or fxo* (an FXS
 *    port driving a phone): an analog line with one call at a time. Only
 *    @cfg's presence is checked. Calls use the same handles, states and
 *    events as on PRI: FXO ringing arrives as OFFERING, tel_call_answer()
 *    goes off hook, tel_call_drop() goes on hook (on an offered call it
 *    rejects: the port stays on hook, cause 21); loss of loop current is the
 *    far end hanging up (DISCONNECTED, cause 16 remote). On an FXS port
 *    tel_call_make() rings the phone (the number is not used), the phone
 *    lifting answers it, and lifting it unprompted offers a call. Caps: no
 *    UUI (make/answer/drop with UUI: TEL_ENOTSUP), no bridged appearances
 *    (tel_call_share(): TEL_ENOTSUP). Calls of analog lines in a conference
 *    (tel_conf_add()) are also joined in a DAHDI conference, so they hear
 *    each other. The line is up (tel_line_up()) while the channel has no alarm;
 *    an alarm ends the call (DISCONNECTED, cause 27). A drop always completes,
 *    also when the channel refuses to go on hook (then tel_ctx_last_error()
 *    says why).
 *
 * The line owns the channel's file descriptor and closes it in
 * tel_line_close(). On failure nothing stays open, and
 * tel_ctx_last_error() holds a sentence naming the channel and the fix.
 * Errors: TEL_EINVAL (NULL argument, bad @cfg for a D-channel, not a DAHDI
 * channel), TEL_EIO (no such channel: the span is not assigned; channel
 * not configured; permission denied; other open/ioctl failures; the pcap
 * file could not be created), TEL_EBUSY (another program has the channel
 * open), TEL_ENOTSUP (signalling that is neither a D-channel nor FXS/FXO,
 * e.g. clear or E&M), TEL_ENOMEM.
 */
int tel_line_open_dahdi(tel_ctx *ctx, const struct tel_line_cfg *cfg, const char *chan_path,
			tel_line **out);

/*
 * tel_ctx_last_error() - a sentence for a person about the last failure
 * that had more to say than its TEL_E* value (so far: a line's configuration
 * refused by tel_line_pair(), tel_line_open_fd() or tel_line_open_dahdi(),
 * e.g. an unknown parameter; DAHDI channel opens and I/O), e.g. "/dev/dahdi/chan/001/024: no such
 * channel (is the span assigned? try: dahdi_span_assignments auto)".
 * "" when there is none. Valid until the next call on @ctx.
 */
const char *tel_ctx_last_error(const tel_ctx *ctx);

/*
 * The most user-user data octets (protocol discriminator excluded) each
 * request can carry: tel_call_make() (SETUP), tel_call_answer() (CONNECT),
 * tel_call_drop() (DISCONNECT, RELEASE or RELEASE COMPLETE). Each is the
 * line's uui_max, or less where the message would not fit a LAPD frame (260
 * octets) with the longest other contents the request accepts: for SETUP,
 * numbers of 31 digits and, where the line sends names, a calling name of
 * TEL_NAME_MAX. Every request up to its maximum is sent; one octet more is
 * TEL_EUUITOOBIG.
 */
struct tel_line_caps {
	size_t uui_setup_max, uui_answer_max, uui_drop_max;	/* 0: no UUI */
	int can_reject, conf_drop_all, bridged;
};

/* tel_line_caps() - what the line can do. Errors: TEL_EINVAL. */
int tel_line_caps(tel_line *line, struct tel_line_caps *out);

/* tel_line_up() - 1 when the line's data link is established, else 0. */
int tel_line_up(tel_line *line);

/* tel_line_down_reason() - why the line's data link is down (TEL_LR_NONE while up). */
enum tel_line_reason tel_line_down_reason(tel_line *line);

/*
 * tel_line_shutdown() - release the line's data link cleanly: new calls are
 * refused (TEL_ELINK) from now on (incoming ones with cause 41); once every
 * frame sent has been acknowledged (or T200 x (N200 + 1) has passed), the
 * data link is released (DISC, answered by UA; again T200 x (N200 + 1) at
 * most), and TEL_EV_LINE_STATE (up 0, TEL_LR_SHUTDOWN) follows.
 * Calls still up are not cleared by it: drop them first. The line is not
 * re-established afterwards; close it with tel_line_close(). Errors:
 * TEL_EINVAL, TEL_ENOTSUP (analog line).
 */
int tel_line_shutdown(tel_line *line);

/*
 * tel_line_chan_state() - service state of B-channel @chan (as numbered in
 * channel identification: 1..bchans, E1 1..15 and 17..31) as an enum
 * tel_chan_state value, or TEL_EINVAL (no such channel), TEL_ENOTSUP (analog).
 */
int tel_line_chan_state(tel_line *line, int chan);

/*
 * tel_line_restart() - Q.931 RESTART of B-channel @chan, or of the whole
 * interface with @chan 0: calls on the channel(s) end (IDLE, cause 41), the
 * channels go RESTARTING (TEL_EV_CHAN_STATE) and come back IDLE on RESTART
 * ACKNOWLEDGE; without one after T316 twice they stay MAINT (and are tried
 * again after another T316, unless cfg.manual_restart). libtel also
 * restarts by itself every channel that goes into MAINT, unless the line was
 * opened with cfg.manual_restart. Errors: TEL_EINVAL (no such channel),
 * TEL_ENOTSUP (analog), TEL_ELINK (link down), TEL_EBUSY (a restart is in
 * progress: retry after its CHAN_STATE events).
 */
int tel_line_restart(tel_line *line, int chan);

/* tel_line_param() - the value in force of timer/counter @name (see struct
 * tel_param). Errors: TEL_EINVAL (no such name, NULL argument), TEL_ENOTSUP
 * (analog line). */
int tel_line_param(const tel_line *line, const char *name, unsigned long *value);

/* tel_line_user() - the cfg->user the line was opened with; NULL for a NULL line. */
void *tel_line_user(const tel_line *line);

/*
 * tel_line_close() - close the line: calls on it end at once without
 * signalling (their handles stay valid, IDLE, until tel_call_dealloc()).
 */
void tel_line_close(tel_line *line);

/*
 * The longest calling name tel_call_make() sends, in octets: a Display IE
 * holds 80 octets (Q.931: 82 with identifier and length), and NI-2 spends one
 * on the display type. The same limit on every line.
 */
#define TEL_NAME_MAX	79

/*
 * User-user information, here and in tel_call_answer() and tel_call_drop():
 * NULL (and length 0) for none; a non-NULL pointer with length 0 sends a
 * user-user IE that holds only the protocol discriminator (received so, it
 * shows as uui_rx_len 0 with its uui_rx_pd).
 */
/* The longest number a Called/Calling party number IE can carry (its
 * contents are at most 255 octets, digits after the type and plan). */
#define TEL_NUMBER_MAX	255

struct tel_call_params {
	const char *to, *from;		/* digits; from may be NULL */
	const void *uui;		/* user-user information for SETUP; NULL: none */
	size_t uui_len;
	int uui_pd;			/* protocol discriminator, 0..255 (0 user-specific, 4 IA5) */
	/*
	 * Calling name, sent in SETUP's Display IE; NULL or "": none. IA5 text:
	 * 1..TEL_NAME_MAX octets, none with bit 8 set. Per variant: NI-2 sends it
	 * from either side (display type 0xB1, calling party name, before the
	 * text); EuroISDN only from the network side (EN 300 403: Display goes
	 * network to user), so a EuroISDN user side line refuses it (TEL_ENOTSUP).
	 */
	const char *from_name;
};

struct tel_drop_params {
	int cause;	/* 0: 16 (normal), or 21 (rejected) when dropping an offered call */
	const void *uui;
	size_t uui_len;
	int uui_pd;
};

enum tel_disconnect_mode {
	TEL_DM_NONE, TEL_DM_NORMAL, TEL_DM_REJECT, TEL_DM_BUSY, TEL_DM_NOANSWER,
	TEL_DM_UNREACHABLE, TEL_DM_CONGESTION, TEL_DM_UNAVAIL,
	TEL_DM_OUTOFORDER, TEL_DM_TEMPFAILURE, TEL_DM_UNKNOWN
};

struct tel_call_info {
	enum tel_call_state state;
	int bchan;				/* B-channel number, 0 = none yet */
	int cause, cause_location, cause_remote; /* 0 while up; cause_remote 1 = from far end */
	enum tel_disconnect_mode mode;
	/*
	 * The last user-user information received: uui_rx_len octets (0 for an
	 * IE holding only its discriminator) and the discriminator. An IE over
	 * the line's uui_max is not taken (nor cut): the far end is told with
	 * STATUS, cause 43 access information discarded.
	 */
	unsigned char uui_rx[255];
	size_t uui_rx_len;
	int uui_rx_pd;				/* -1: none received */
	/*
	 * Called and calling numbers, whole, NUL-terminated, "" when none: the
	 * ones given to tel_call_make(), or those of an offered call's SETUP
	 * (a number IE holds at most TEL_NUMBER_MAX digits, so every received
	 * number fits). to_len/from_len count their octets, also when a
	 * received number carries a NUL octet (bytes, not a C string, then).
	 */
	char to[TEL_NUMBER_MAX + 1], from[TEL_NUMBER_MAX + 1];
	size_t to_len, from_len;
	/*
	 * Calling name, NUL-terminated, "" when none: the one given to
	 * tel_call_make(), or the text of an offered call's Display IE (its
	 * NI-2 display type octet left out). Any received Display fits (a
	 * Display carries at most 82 octets); one holding a NUL octet is not
	 * taken, as it cannot be told apart from a shorter name.
	 */
	char from_name[83];
	/*
	 * The last progress description received (progress indicator IE in
	 * SETUP, CALL PROCEEDING, ALERTING, PROGRESS, CONNECT or DISCONNECT),
	 * -1 when none yet: 1 call not end-to-end ISDN, 2 destination not ISDN,
	 * 3 origin not ISDN, 8 in-band information now available, ... A PROGRESS
	 * message changes only this (no state change, so no event): read it with
	 * tel_call_info() when in-band tones matter.
	 */
	int progress;
};

/*
 * tel_call_make() - place a call. The handle is the caller's until
 * tel_call_dealloc(). Errors: TEL_EINVAL (no number, number over 31
 * digits, pd out of range, from_name over TEL_NAME_MAX octets or not IA5),
 * TEL_EUUITOOBIG (more than the line's uui_setup_max; nothing sent),
 * TEL_ENOTSUP (UUI on a line without UUI; from_name on an analog line or on
 * the user side of a EuroISDN line), TEL_ELINK (link down), TEL_ENOCHAN,
 * TEL_ENOMEM, TEL_ECALLS (the line's call pool is full: 2 x bchans + 8 calls
 * hold a call reference, counting those still being cleared; retry once one
 * has ended), TEL_EBUSY (the data link's send queue is congested: it holds
 * 1024 frames less the slots kept for clearing messages, 3 per call of the
 * line's pool; retry later), TEL_EFREED.
 */
int tel_call_make(tel_line *line, const struct tel_call_params *p, tel_call **out);

/*
 * An OFFERING call may ring for as long as the application likes: on a PRI
 * line libtel answers the far end's SETUP with ALERTING by itself when the
 * application has not answered or refused the call within 1 s (at most half
 * the line's T303), before the far end's T303 would clear it.
 */

/* tel_call_answer() - answer an OFFERING call, with optional UUI in CONNECT.
 * Errors: TEL_ESTATE (not offering), TEL_EUUITOOBIG (more than the line's
 * uui_answer_max; nothing sent), TEL_ENOTSUP, TEL_ELINK, TEL_EBUSY (send
 * queue congested, as for tel_call_make()), TEL_EFREED. */
int tel_call_answer(tel_call *call, const void *uui, size_t uui_len, int uui_pd);

/*
 * tel_call_drop() - end the call, asynchronously: returns at once, DROP_DONE
 * follows once clearing is complete (after the CALL_STATE event to IDLE).
 * Dropping an OFFERING call rejects it (cause 21 unless given). A drop is
 * accepted in every state but IDLE: also while libtel clears the call by
 * itself (the call went DISCONNECTED with a local cause, e.g. 102 after a
 * timer; the drop then completes with that clearing, and its cause and UUI
 * are not sent: the clearing message is out already), and while the data
 * link is down under T309 (DISCONNECT once the link is back, or the call
 * ends with 27 when T309 runs out).
 * @p may be NULL. Errors: TEL_ESTATE (IDLE, or a drop already in progress),
 * TEL_EUUITOOBIG (more than the line's uui_drop_max; nothing sent),
 * TEL_ENOTSUP (UUI on a line without UUI), TEL_EINVAL (cause not 1..127),
 * TEL_EBUSY (the data link's send queue holds all its 1024 frames: clearing
 * messages have slots of their own there, so only a far end that has
 * acknowledged none of them for that long gets this; retry later),
 * TEL_EFREED.
 */
int tel_call_drop(tel_call *call, const struct tel_drop_params *p);

/* tel_call_info() - the call's state and what is known of it; valid in every
 * state until tel_call_dealloc(). Errors: TEL_EINVAL, TEL_EFREED. */
int tel_call_info(tel_call *call, struct tel_call_info *out);

/*
 * tel_call_dealloc() - free an IDLE call handle. Errors: TEL_ESTATE (not
 * IDLE), TEL_EFREED (already deallocated).
 *
 * A deallocated handle's memory stays the context's (its call pool) until
 * tel_ctx_free(), so a use of it is detected until the pool hands that memory
 * out again for a new call (tel_call_make(), an offered call, tel_call_share()):
 * tel_call_dealloc(), tel_call_answer(), tel_call_drop(), tel_call_info(),
 * tel_call_share() and tel_conf_add() return TEL_EFREED and change nothing;
 * tel_call_id() returns 0 and tel_call_line() NULL. After that reuse the old
 * pointer names the new call, and after tel_ctx_free() it is freed memory:
 * neither can be detected, so drop the pointer when deallocating.
 */
int tel_call_dealloc(tel_call *call);

/*
 * tel_call_share() - another station's appearance of the same call (bridged
 * appearance). The new handle starts in the call's current state (announced
 * with a CALL_STATE event) and is the caller's until tel_call_dealloc().
 * Dropping one appearance while others remain moves only that handle to
 * IDLE (then DROP_DONE); the call stays up for the others, and the last
 * appearance's drop clears the call on the network.
 * Errors: TEL_EINVAL, TEL_ESTATE (call IDLE or being dropped), TEL_ENOMEM,
 * TEL_ENOTSUP (a line without bridged appearances: caps.bridged 0, analog),
 * TEL_EFREED.
 */
int tel_call_share(tel_call *call, tel_call **out);

/*
 * Conferences: tel_conf_new() makes an empty one (the caller's until
 * tel_conf_free(), which leaves the calls as they are); tel_conf_add() adds a
 * call (TEL_ESTATE if IDLE, TEL_EBUSY if in another conference, TEL_EFREED if
 * deallocated; a call that is deallocated leaves its conference);
 * tel_conf_drop() drops every party that is not already clearing, each with
 * its own clearing messages and state
 * events; it returns 0, TEL_ESTATE when no party could be dropped, or the
 * first other error of a party's drop (the others are dropped all the same).
 * On DAHDI lines the parties also hear each other: tel_conf_add() puts the
 * call's analog channel, or its PRI B-channel, into one DAHDI conference
 * (DAHDI_SETCONF), and a party leaves it when it is dropped, deallocated or
 * the conference is freed. A PRI call's B-channel is opened for that, in
 * audio mode, next to the D-channel (timeslot n of /dev/dahdi/chan/SSS/CCC
 * is /dev/dahdi/chan/SSS/00n), and closed when the call leaves. There
 * tel_conf_add() can also fail with TEL_EIO (the open or an ioctl failed;
 * tel_ctx_last_error() says which and why), TEL_EBUSY (another program has
 * the B-channel open), TEL_ENOTSUP (a D-channel opened by a path not ending
 * in its number) or TEL_ESTATE (a PRI call with no B-channel yet).
 */
int tel_conf_new(tel_ctx *ctx, tel_conf **out);
int tel_conf_add(tel_conf *conf, tel_call *call);
int tel_conf_drop(tel_conf *conf, const struct tel_drop_params *p);
void tel_conf_free(tel_conf *conf);

/* tel_call_id() - a small number naming the call in traces and tools (1, 2, ...); 0 for
 * NULL or a deallocated handle. */
unsigned tel_call_id(tel_call *call);

/* tel_call_line() - the line the call is on; NULL once the line is closed, for NULL and
 * for a deallocated handle. */
tel_line *tel_call_line(tel_call *call);

/* Names for output: "idle", "offering", "dialing", "proceeding", "alerting",
 * "connected", "disconnected"; "normal", "reject", "busy", ... */
const char *tel_call_state_name(enum tel_call_state s);
const char *tel_disconnect_mode_name(enum tel_disconnect_mode m);

/* tel_cause_to_mode() - the TAPI disconnect mode for a Q.850 cause value. */
enum tel_disconnect_mode tel_cause_to_mode(int cause);

#ifdef __cplusplus
}
#endif

#endif /* LIBTEL_TEL_H */
