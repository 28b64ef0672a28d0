/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * soak — what the soak's own files share (soak.h is what it shares with its
 * far ends): the logical calls and their histories, the application's call
 * records and the two sides, and each file's entry points.
 *
 *   soak.c        main, options, opening the lines, the figures at the end
 *   run.c         driving the fake clock: the relay, both contexts, the far end
 *   model.c       the random application: what a side does with a call in each state
 *   invariants.c  the invariants checked as it runs: every event, stale calls
 *   end_checks.c  the checks after a quiet period and the final B-channel check
 *   records.c     the application's record of each call handle
 *   history.c     logical calls, their histories, the frame log (relay hooks)
 *   violation.c   reporting violations; known defects (--known)
 *   far_libtel.c  the far end as a second libtel context (soak-libpri: far_libpri.c)
 */
#ifndef TESTS_SOAK_HARNESS_H
#define TESTS_SOAK_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libtel/tel.h>

#include "relay.h"
#include "soak.h"

extern struct relay relay;

/* ----------------------------------------------------------- histories --- */

enum api_op {
	OP_MAKE = SOAK_OP_MAKE, OP_ANSWER, OP_DROP, OP_DROP_AGAIN, OP_DROP_BIG, OP_DROP_BADCAUSE, OP_SHARE,
	OP_CONF_ADD, OP_CONF_DROP, OP_DEALLOC, OP_RESTART, OP_MAKE_BIG,
};

struct hist {
	uint64_t t;
	uint8_t kind, side, a, b;	/* FRAME: a type, b fault; EVENT: a state (0xff DROP_DONE)
					 * b handle; API: a op, b handle */
	int16_t c, d;			/* FRAME: cause, chan; EVENT: cause/result, bchan;
					 * API: rc, cause */
	int16_t e;			/* FRAME: UUI octets (-1 none); API: UUI octets */
};

#define HIST	48
struct lc {
	uint32_t serial;
	uint8_t nhist, head;
	bool corrupted;		/* a corrupted frame touched it */
	bool seen[2];		/* a handle existed on this side */
	int live[2];		/* handles on this side not IDLE */
	uint64_t idle_at[2];	/* when live[] last fell to 0 */
	struct hist h[HIST];
};

/* the logical calls' table: 0, or -1 when it cannot be allocated */
int lc_table_new(void);
void lc_table_free(void);
const char *side_name(int s);
/* a frame (@f, @len) or a line happening (H_LINK, H_CUT) into the frame log */
void glog_add(uint8_t kind, uint8_t dir, uint8_t fault, const uint8_t *f, size_t len,
	      uint64_t x);
/* a violation's report, on stderr: the call's history; the frame log */
void print_history(uint32_t serial);
void print_glog(void);
/* the relay's hooks: every frame goes into the frame log and its call's history */
void on_frame(void *user, int dir, const uint8_t *f, size_t len, enum fault what);
void on_cut(void *user, uint64_t dur);

/* ---------------------------------------------------------- violations --- */

/* --known FILE: 0, or -1 (said on stderr) when it cannot be read */
int read_known(const char *path);
/* violations so far, of every invariant */
unsigned violation_count(void);
/* the verdict line(s) of the figures; returns the violations not on the known list */
unsigned print_verdict(void);
/* names known defects no violation matched, and frees the list */
void known_print_unseen(void);

/* -------------------------------------------------------- call records --- */

struct rec {
	tel_call *h;
	struct rec *hnext;	/* hash chain */
	int side;
	uint32_t serial;	/* the logical call; 0: not one of ours */
	unsigned id;		/* the harness's number for this handle (for histories) */
	int ev_state;		/* the last CALL_STATE event's state, -1 none yet */
	bool outgoing, appearance, shared, idle_ev;
	int drops_acc, drops_done;
	uint64_t born, idle_at, next_at;
	int conf;		/* index into the side's confs, -1: none */
	int live_idx;
};

struct conf_rec {
	tel_conf *cf;
	struct rec *party[4];
	int n;
	uint64_t next_at;
};

#define CONFS 4
struct side {
	int idx;
	tel_ctx *ctx;
	tel_line *line;
	struct tel_line_caps caps;
	unsigned bchans;
	struct rec **live;
	int nlive, cap;
	uint64_t next_make_at;
	int up;
	uint64_t outages, down_since, down_ms, up_events;
	uint64_t made, offered, shared, created, deallocated, completed, connected;
	uint64_t drops, drop_dup, uui_big, rejects, answers, conf_drops, conf_frees, restarts;
	uint64_t chan_events[4];
	struct conf_rec confs[CONFS];
	bool auto_answer;	/* final phase: answer everything at once */
	bool idle_mode;		/* no new actions (final phase) */
};
extern struct side sides[2];
extern uint64_t live_total;	/* call records on both sides */

struct rec *rec_find(const tel_call *h);
struct rec *rec_add(struct side *s, tel_call *h, uint32_t serial);
void rec_del(struct side *s, struct rec *r);
/* frees the records kept for reuse (at the end) */
void rec_free_all(void);

/* ----------------------------------------------------------- the model --- */

extern bool quiet_now;		/* quiet period: no new calls, shares or conferences */
extern int max_inflight;	/* no new call while this many are live */
/* when the application acts next on a call that entered @state */
void schedule_for_state(struct rec *r, int state);
/* act on every call and conference that is due */
void act_side(struct side *s);
void maybe_make(struct side *s);
/* --restart: now and then, tel_line_restart() on a channel or the interface */
void maybe_restart(void);

/* ---------------------------------------------------------- invariants --- */

/* each context's event callback (user: its struct side) */
void on_event(const struct tel_event *ev, void *user);
/* once a second: no call stays CONNECTED long after its far end went IDLE */
void check_stale(void);

/* ---------------------------------------------------------- running it --- */

int far_is_libtel(void);
uint64_t calls_made(void);
/* @dur ms of fake time; @quiet: no new calls or restarts, a slower clock */
void run_for(uint64_t dur, bool quiet);
void run_calls(void);

/* ---------------------------------------------------------- end checks --- */

/* faults off, every timer run out: then nothing may be live */
void quiet_period(const char *when);
void check_all_channels(int from);
/* both links up after the last quiet period */
void check_links_up(void);
/* handles created == deallocated; no growth of handles or heap since the first mark */
void check_no_growth(size_t heap1, size_t heap2, uint64_t live1, uint64_t calls1);

#endif /* TESTS_SOAK_HARNESS_H */
