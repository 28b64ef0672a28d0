/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * telsim internals: a simulated card (struct telsim_dev) on the telsim bus,
 * its E1/T1 spans (span.c) wired to each other by cables (link.c), its
 * analog ports (analog.c) and the fault knobs in debugfs (debugfs.c).
 */
#ifndef TELSIM_H
#define TELSIM_H

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <tel/card.h>
#include <fw/cable.h>
#include <fw/hdlc_ts.h>
#include <fw/linecode.h>
#include <fw/span_link.h>
#include "delay.h"

#define TELSIM_NAME_MAX		24
#define TELSIM_FRAMES_MS	8			/* frames in a 1 ms tick */
#define TELSIM_MS_OCTETS_MAX	(TELSIM_FRAMES_MS * FW_E1_TIMESLOTS)	/* E1: 256, T1: 193 */
/*
 * A cable's delay, and how much signal one direction holds. The two cards
 * tick on their own timers, on the same whole milliseconds; after a late
 * timer the core runs every card's missed ticks in turn (tel_core.c), so
 * one card is never more than a tick or so ahead of the other. The
 * receiver takes the millisecond the far end sent TELSIM_CABLE_MS before
 * its own tick: the line's frames arrive exactly on time (no slips but
 * the injected ones). A millisecond not there in time (a stall longer
 * than the core's catch-up, a new cable) arrives as no signal.
 */
#define TELSIM_CABLE_MS		8
/* slots one fw_span_link_rx() call may get: a millisecond plus a cable slip */
#define TELSIM_RX_SLOTS_MAX	(8 * TELSIM_MS_OCTETS_MAX + FW_E1_FRAME_BITS)
/* The receive elastic store (frames): absorbs the frame a slip adds or removes. */
#define TELSIM_STORE_FRAMES	32
#define TELSIM_STORE_TARGET	4

/* A millisecond of line signal: TPOS/TNEG octets (E1 256 each, T1 193). */
struct telsim_pulses {
	u8 pos[TELSIM_MS_OCTETS_MAX];
	u8 neg[TELSIM_MS_OCTETS_MAX];
};

/* Faults on the signal a span receives (debugfs), as if its incoming cable were bad. */
struct telsim_faults {
	bool los, ais, lof;
	u32 ber;		/* bit errors per million */
	u32 dchan_cut_ms;	/* last value written */
	u32 bad_fcs;		/* received frames still to corrupt */
};

struct telsim_dev;
struct telsim_span;

/* A debugfs knob file's private data: its span and which knob (debugfs.c). */
struct telsim_knob {
	struct telsim_span *sp;
	int k;
};

#define TELSIM_KNOBS	7

struct telsim_span {
	struct telsim_dev *sd;
	unsigned int index;		/* 0-based in the card */
	spinlock_t lock;		/* the tick against config, knobs and maint */
	struct telsim_span __rcu *peer;	/* the span at the other end of the cable */
	struct telsim_delay in;		/* what the far end sent us: struct telsim_pulses */
	struct fw_span_link link;	/* framer and line code, both directions */
	struct fw_span_link_config cfg;
	struct fw_cable cable;		/* the incoming cable's faults */
	struct fw_lc_enc lof_enc;	/* lof: an unframed signal in place of the line's */
	u32 lof_rng;
	s64 drift;			/* far end's clock against ours, in frames x 1e-6 */
	struct hdlc_ts hdlc;		/* the hardhdlc D-channel */
	int dchan;			/* its timeslot, -1: none */
	bool cas;
	u32 rbs;			/* T1: channels configured with robbed bits */
	enum tel_maint loop;		/* TEL_MAINT_NONE or a loopback */
	unsigned int inject;		/* TEL_MAINT_INJECT_* bits pending (1 << cmd) */
	struct telsim_faults faults;
	/* receive elastic store: frames' timeslots between the framer and DAHDI */
	u8 store[TELSIM_STORE_FRAMES][FW_E1_TIMESLOTS];
	unsigned int st_head, st_len;
	bool st_primed;			/* filled to the target once since sync */
	u8 last[FW_E1_TIMESLOTS];	/* the last frame given to DAHDI */
	/* per-tick work areas (the tick is not reentrant for a span) */
	struct telsim_pulses rx;	/* the millisecond arriving */
	u8 cpos[TELSIM_RX_SLOTS_MAX / 8 + 1], cneg[TELSIM_RX_SLOTS_MAX / 8 + 1];
	struct telsim_pulses tx;	/* the millisecond sent */
	u8 loop_pos[TELSIM_MS_OCTETS_MAX], loop_neg[TELSIM_MS_OCTETS_MAX];
	bool loop_have;
	u8 txts[TELSIM_FRAMES_MS][FW_E1_TIMESLOTS];
	u8 payload[TELSIM_FRAMES_MS][FW_E1_TIMESLOTS];	/* received, for a payload loop */
	union fw_span_frame frames[FW_SPAN_RX_FRAMES_MAX(TELSIM_RX_SLOTS_MAX)];
	struct dentry *dir;
	struct telsim_knob knobs[TELSIM_KNOBS];
};

struct telsim_port;

struct telsim_dev {
	struct device dev;
	struct list_head list;
	unsigned int id;
	enum tel_span_kind kind;
	unsigned int count;		/* spans (E1/T1) or ports (FXS/FXO) */
	u8 idle;			/* what a silent channel receives */
	int probe_err;
	u64 now;			/* the tick being run (ms), set by the tick op */
	unsigned int master;		/* 1 + the span the card takes its clock from, 0: none */
	int ppm;			/* its own oscillator's offset (debugfs clock_ppm) */
	struct tel_card *card;
	struct telsim_span *spans[TEL_MAX_SPANS];
	struct telsim_port *ports;	/* analog.c */
	struct dentry *dir;		/* debugfs telsim/ID */
	char name[TELSIM_NAME_MAX];	/* "TELSIM/ID", prefix of span names */
	char type[48];
	char location[32];
	char hwid[24];
};

/* span.c */
extern const struct tel_card_ops telsim_span_ops;
int telsim_spans_create(struct telsim_dev *sd);
void telsim_spans_destroy(struct telsim_dev *sd);
int telsim_span_link(struct telsim_span *a, struct telsim_span *b);
void telsim_span_unlink(struct telsim_span *a);
struct telsim_span *telsim_span_peer(struct telsim_span *sp);
void telsim_span_set_faults(struct telsim_span *sp, const struct telsim_faults *f);
void telsim_span_slip(struct telsim_span *sp, int n);
void telsim_span_cut_dchan(struct telsim_span *sp, u32 ms);
int telsim_span_status(struct telsim_span *sp, char *buf, size_t len);

/* analog.c */
extern const struct tel_card_ops telsim_analog_ops;
int telsim_ports_create(struct telsim_dev *sd);
void telsim_ports_destroy(struct telsim_dev *sd);
int telsim_port_link(struct telsim_dev *a, unsigned int pa, struct telsim_dev *b,
		     unsigned int pb);
int telsim_port_unlink(struct telsim_dev *sd, unsigned int port);
void telsim_ports_unlink_all(struct telsim_dev *sd);
void telsim_ports_debugfs_add(struct telsim_dev *sd);

/* debugfs.c */
void telsim_debugfs_init(void);
void telsim_debugfs_exit(void);
void telsim_debugfs_dev_add(struct telsim_dev *sd);
void telsim_debugfs_dev_del(struct telsim_dev *sd);

#endif /* TELSIM_H */
