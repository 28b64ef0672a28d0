/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pri_peer — a libpri instance as the far end of a D-channel, for interop tests.
 *
 * The peer owns one end of a socket that carries one LAPD frame per message
 * (address, control, information; no flags, no FCS), the framing libtel's
 * tel_line_open_fd() uses. libpri expects DAHDI's framing, two FCS octets after
 * every frame: the peer strips them from what libpri writes and appends two
 * (unchecked) octets to what it hands libpri.
 *
 * Everything happens in pri_peer_service(), which the test calls from its own
 * loop: no threads, no blocking. The peer answers, rejects or ignores incoming
 * calls as configured, places and clears calls on request, and records what
 * libpri reported (events, causes, IA5 user-user text) and every Q.931 message
 * that crossed the wire in either direction (type, cause, UUI as bytes), so a
 * test can check binary UUI that libpri itself does not pass up.
 */
#ifndef TESTS_PRI_PEER_H
#define TESTS_PRI_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PP_UUI_MAX	260
#define PP_MAX_EVENT	32

/* What the peer does with an incoming SETUP (libpri PRI_EVENT_RING). */
enum pp_on_ring {
	PP_ANSWER,	/* CALL PROCEEDING, ALERTING (if alert), CONNECT */
	PP_ALERT,	/* CALL PROCEEDING, ALERTING; the test answers or hangs up */
	PP_REJECT,	/* CALL PROCEEDING, DISCONNECT with reject_cause (default 21) */
	PP_BUSY,	/* CALL PROCEEDING, DISCONNECT with cause 17 (libpri sends
			 * nothing for a hangup before its first answer message) */
};

struct pri_peer_cfg {
	int node;		/* PRI_NETWORK or PRI_CPE */
	int switchtype;		/* PRI_SWITCH_EUROISDN_E1 or PRI_SWITCH_NI2 */
	unsigned bchans;	/* 30 (E1: 1-15, 17-31) or 23 (T1: 1-23); 0: by switch */
	enum pp_on_ring on_ring;
	int reject_cause;	/* PP_REJECT; 0: 21 */
	bool alert;		/* PP_ANSWER: send ALERTING before CONNECT */
	const char *uui_alert;	/* IA5 text libpri sends in ALERTING; NULL: none */
	const char *uui_reject;	/* IA5 text in the DISCONNECT of a reject/busy */
	const char *name;	/* for debug output; NULL: "pri" */
	bool debug;		/* libpri's Q.921/Q.931 dumps to stderr (also env PRI_PEER_DEBUG) */
	const char *caller_name;	/* calling name of pri_peer_call()'s SETUP (libpri needs a
					 * calling number with it); NULL: none */
	bool inband;		/* CALL PROCEEDING and ALERTING say in-band information (#8) */
	bool nonisdn;		/* this end is not ISDN: libpri puts #3 in SETUP (NI-2 only)
				 * and #2 in CONNECT */
};

enum pp_call_state {
	PP_CS_OFFERED,		/* incoming, not answered yet */
	PP_CS_DIALING,		/* outgoing, SETUP sent */
	PP_CS_PROCEEDING,
	PP_CS_ALERTING,
	PP_CS_ACTIVE,
	PP_CS_DISCONNECTING,	/* DISCONNECT sent or received */
	PP_CS_IDLE,
};

struct pp_call {
	int id;				/* 1, 2, ... in order of creation */
	bool outgoing;			/* placed by this peer */
	enum pp_call_state state;
	int chan;			/* B-channel, 0: none yet */
	int cause;			/* first cause libpri reported (HANGUP_REQ/HANGUP/_ACK), 0: none */
	int cause_event;		/* the PRI_EVENT_* that carried it */
	int local_cause;		/* cause this peer cleared with, 0: it did not clear */
	bool restarted;			/* ended by RESTART */
	bool answered;			/* reached ACTIVE at some time */
	unsigned events;		/* bit mask of PRI_EVENT_* seen for this call */
	char called[64], calling[64];
	char calling_name[64];		/* PRI_EVENT_RING's callingname */
	int ring_progressmask;		/* PRI_EVENT_RING's progressmask (PRI_PROG_*) */
	char uui_ring[PP_UUI_MAX];	/* IA5 UUI libpri passed up, per event kind */
	char uui_ringing[PP_UUI_MAX];
	char uui_answer[PP_UUI_MAX];
	char uui_hangup[PP_UUI_MAX];
	void *c;			/* libpri's q931_call *, NULL once gone */
};

/* One Q.931 message seen on the wire (libpri's side of the socket). */
struct pp_msg {
	bool rx;			/* true: received by libpri (sent by the far end) */
	uint8_t type;			/* Q.931 message type */
	uint16_t cref;			/* call reference value, flag bit removed */
	bool cref_flag;
	int cause;			/* first cause IE's value, -1: none */
	int cause_location;
	int chan;			/* channel number in channel identification, -1: none */
	int uui_pd;			/* user-user IE protocol discriminator, -1: none */
	uint8_t uui[PP_UUI_MAX];
	size_t uui_len;
	int progress;			/* last progress description, -1: none */
	int nprogress;			/* progress indicator IEs */
	bool has_facility;		/* a Facility IE (codeset 0) */
	bool has_display;
	uint8_t display[PP_UUI_MAX];	/* Display IE contents as sent (type octet included) */
	size_t display_len;
};

struct pri_peer;

/*
 * pri_peer_new() - start libpri on @fd (one end of a SOCK_SEQPACKET pair); the
 * peer takes @fd and closes it in pri_peer_free(). Returns NULL on failure.
 */
struct pri_peer *pri_peer_new(int fd, const struct pri_peer_cfg *cfg);

/*
 * pri_peer_free() - close the socket. libpri has no public destructor: its
 * controller stays allocated (and reachable, so leak checkers stay quiet).
 */
void pri_peer_free(struct pri_peer *p);

/*
 * pri_peer_service() - read every pending frame into libpri, run libpri's due
 * timers, handle the events. Returns frames + events handled, 0 when idle.
 */
int pri_peer_service(struct pri_peer *p);

/* Milliseconds until libpri's next timer (-1: none), for a poll() timeout. */
int pri_peer_next_timeout_ms(struct pri_peer *p);
int pri_peer_fd(struct pri_peer *p);
bool pri_peer_up(struct pri_peer *p);
/* true once the far end closed the socket */
bool pri_peer_eof(struct pri_peer *p);

/* Drop every frame in both directions while @cut (a link outage). */
void pri_peer_set_cut(struct pri_peer *p, bool cut);
void pri_peer_set_on_ring(struct pri_peer *p, enum pp_on_ring on_ring, int reject_cause);
/* IA5 text for the ALERTING of calls answered from now on (a static string; NULL: none). */
void pri_peer_set_uui_alert(struct pri_peer *p, const char *uui);
/* As the cfg fields of the same names, from now on (@name: a static string). */
void pri_peer_set_caller_name(struct pri_peer *p, const char *name);
void pri_peer_set_inband(struct pri_peer *p, bool inband);
void pri_peer_set_nonisdn(struct pri_peer *p, bool nonisdn);
/* pri_facility_enable() (there is no way back): on NI-2 libpri then also sends a
 * calling name as a ROSE callingName invoke in a Facility IE. */
void pri_peer_enable_facility(struct pri_peer *p);

/*
 * pri_peer_call() - SETUP to @to (from @from, may be NULL) with IA5 user-user
 * text @uui (NULL: none). A network peer picks a free B-channel (exclusive);
 * a CPE peer prefers one, or asks for any when all are busy here.
 * Returns the call's id, or -1 (link down, no channel on the network side).
 */
int pri_peer_call(struct pri_peer *p, const char *to, const char *from, const char *uui);
/* Answer an offered (PP_ALERT) call. 0 or -1. */
int pri_peer_answer(struct pri_peer *p, int id);
/* PROGRESS with in-band information available (#8) on call @id. 0 or -1. */
int pri_peer_progress(struct pri_peer *p, int id);
/* Clear call @id with @cause, IA5 @uui (NULL: none) in the DISCONNECT. 0 or -1. */
int pri_peer_hangup(struct pri_peer *p, int id, int cause, const char *uui);
/* RESTART of B-channel @chan (libpri 1.6 sends only "indicated channel"). 0 or -1. */
int pri_peer_restart(struct pri_peer *p, int chan);

/* Call @id (NULL: no such call), the number of calls so far, and of calls not IDLE. */
const struct pp_call *pri_peer_get_call(struct pri_peer *p, int id);
int pri_peer_ncalls(struct pri_peer *p);
int pri_peer_live_calls(struct pri_peer *p);
/* Calls that are ACTIVE now. */
int pri_peer_active_calls(struct pri_peer *p);

/* How many PRI_EVENT_@e this peer received; the channel of the last RESTART / RESTART_ACK. */
unsigned pri_peer_event_count(struct pri_peer *p, int e);
int pri_peer_last_restart_chan(struct pri_peer *p);
int pri_peer_last_restart_ack_chan(struct pri_peer *p);
/* Frames dropped while cut. */
unsigned pri_peer_dropped(struct pri_peer *p);

/*
 * pri_peer_find_msg() - index of the first wire message at or after @from with
 * direction @rx and Q.931 type @type (-1: any type), or -1.
 */
int pri_peer_find_msg(struct pri_peer *p, int from, bool rx, int type);
const struct pp_msg *pri_peer_msg(struct pri_peer *p, int idx);
int pri_peer_nmsgs(struct pri_peer *p);

/* Q.931 message type names for messages ("DISCONNECT", ...; "0x.." otherwise). */
const char *pp_msg_name(uint8_t type);
const char *pp_state_name(enum pp_call_state s);

#endif /* TESTS_PRI_PEER_H */
