/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The card backend interface of the tel DAHDI driver core.
 *
 * A backend (the simulated card in kernel/sim, later a PCI card) describes
 * its card with struct tel_card_desc and moves line data through struct
 * tel_card_ops; the core (kernel/core) owns everything DAHDI: the
 * dahdi_device, its spans and channels, the span ops and the 1 ms tick.
 * A backend never touches a DAHDI structure.
 */
#ifndef TEL_CARD_H
#define TEL_CARD_H

#include <linux/bits.h>
#include <linux/types.h>

struct device;
struct module;
struct tel_card;

/* What one span of a card is; an analog card is one span of N ports. */
enum tel_span_kind {
	TEL_SPAN_E1,
	TEL_SPAN_T1,
	TEL_SPAN_FXS,	/* ports that feed phones: FXO signalling */
	TEL_SPAN_FXO,	/* ports that face an exchange: FXS signalling */
};

#define TEL_CHUNK	8	/* octets per channel per 1 ms tick (DAHDI_CHUNKSIZE) */
#define TEL_MAX_SPANS	8
#define TEL_MAX_PORTS	24

/* Line alarms a backend reports; the core maps them onto DAHDI's. */
#define TEL_ALARM_LOS		BIT(0)	/* loss of signal */
#define TEL_ALARM_LFA		BIT(1)	/* loss of frame alignment */
#define TEL_ALARM_LMFA		BIT(2)	/* loss of multiframe alignment */
#define TEL_ALARM_AIS		BIT(3)	/* all ones received (BLUE) */
#define TEL_ALARM_RAI		BIT(4)	/* remote alarm indication (YELLOW) */
#define TEL_ALARM_LOOPBACK	BIT(5)	/* a loopback is active */

/* Maintenance commands (dahdi_maint), handed to the backend's maint op. */
enum tel_maint {
	TEL_MAINT_NONE,			/* loopbacks off */
	TEL_MAINT_LOCAL_LOOP,		/* what the span sends comes back to it */
	TEL_MAINT_NETWORK_LINE_LOOP,	/* the line's signal goes back to the far end */
	TEL_MAINT_NETWORK_PAYLOAD_LOOP,	/* the payload goes back, reframed */
	TEL_MAINT_INJECT_FAS,		/* one-shot errors in what the span sends */
	TEL_MAINT_INJECT_MULTI,		/* a multiframe alignment error */
	TEL_MAINT_INJECT_CRC,
	TEL_MAINT_INJECT_CAS,
	TEL_MAINT_INJECT_PRBS,
	TEL_MAINT_INJECT_BIPOLAR,
	TEL_MAINT_RESET_COUNTERS,
};

/* How a span is to run (from dahdi_cfg's span= line). */
struct tel_span_config {
	bool crc4;		/* E1: CRC-4 multiframe */
	bool esf;		/* T1: ESF, else SF (D4) */
	bool ami;		/* AMI, else HDB3 (E1) or B8ZS (T1) */
	bool cas;		/* E1: TS16 CAS; T1: robbed bits */
	int lbo;
};

/* What one channel carries (from dahdi_cfg's per-channel lines). */
enum tel_chan_mode {
	TEL_CHAN_CLEAR,		/* bearer data as DAHDI gives it */
	TEL_CHAN_HDLC,		/* hardware HDLC (hardhdlc=): frames through hdlc_rx/hdlc_tx */
	TEL_CHAN_CAS,		/* with signalling bits (rbs_tx / rbs_rx) */
};

/* Line counters a span keeps since the card started (saturating). */
struct tel_span_counters {
	u32 fas, crc4, ebit, bpv, cv, be, errsec, slips;
};

/* Status of a received HDLC frame: what was lost on the line before it. */
#define TEL_HDLC_LOST_FCS	BIT(0)
#define TEL_HDLC_LOST_ABORT	BIT(1)
#define TEL_HDLC_LOST_OVERRUN	BIT(2)
#define TEL_HDLC_MAX		266	/* longest received frame with its 2 FCS octets */

/* Hook signalling DAHDI sends to an analog port (DAHDI's txsig). */
enum tel_txsig {
	TEL_TXSIG_ONHOOK,	/* FXS port: stop ringing, idle; FXO port: hang up */
	TEL_TXSIG_OFFHOOK,	/* FXO port: seize / answer */
	TEL_TXSIG_START,	/* FXS port: ring */
	TEL_TXSIG_KEWL,		/* FXS port: drop battery (disconnect supervision) */
};

/* Received hook state of an analog port, as the core passes it to DAHDI. */
enum tel_rxsig {
	TEL_RXSIG_ONHOOK,	/* FXS port: phone on hook; FXO port: no ring, loop open */
	TEL_RXSIG_OFFHOOK,	/* FXS port: phone off hook */
	TEL_RXSIG_RING,		/* FXO port: ringing voltage on the line */
};

struct tel_card_desc {
	enum tel_span_kind kind;
	unsigned int spans;	/* E1/T1: number of spans; analog: 1 */
	unsigned int ports;	/* analog: ports in the span; E1/T1: 0 */
	const char *name;	/* span and channel name prefix, e.g. "TELSIM/1" */
	const char *manufacturer;
	const char *devicetype;
	const char *location;
	const char *hardware_id;
};

/*
 * Called by the core with the card's priv pointer. Span numbers are 0-based
 * within the card, channel numbers 0-based within the span. A backend never
 * calls into the core from these: the core pulls what it needs (alarms,
 * counters, received frames and signalling) and pushes what DAHDI sends.
 *
 * In the tick (hard interrupt context: must not sleep), every millisecond:
 * first tick, with the tick's number (milliseconds of CLOCK_MONOTONIC:
 * every card's ticks fall on the same whole milliseconds; after a late
 * timer the cards run the missed ticks in turn, each card's tick N before
 * any card's N+1 on one CPU) and the card's timing source; then for each
 * span, in this order: rx fills one TEL_CHUNK-octet chunk per channel with
 * what the line delivered in the millisecond; then the core takes alarms,
 * rbs_rx or hook_rx, and hdlc_rx until it returns 0; DAHDI runs; then
 * hdlc_tx (while DAHDI has a frame and the backend takes it), tx with what
 * DAHDI sends. counters and in_sync are called once a second from the tick.
 * maint is called under DAHDI's span lock (atomic). span_config,
 * chan_config, span_start, span_stop, rbs_tx, hooksig, polarity, chan_open and
 * chan_close run in process
 * context or under a DAHDI lock (must not sleep). Only rx and tx are
 * required; a missing op means the card has no such thing.
 */
struct tel_card_ops {
	struct module *owner;
	/* @master: 1 + the span giving the card its clock, 0: free running */
	void (*tick)(void *priv, u64 ms, unsigned int master);
	void (*rx)(void *priv, unsigned int span, u8 *const chunk[], unsigned int chans);
	void (*tx)(void *priv, unsigned int span, const u8 *const chunk[], unsigned int chans);
	unsigned int (*alarms)(void *priv, unsigned int span);		/* TEL_ALARM_* */
	void (*counters)(void *priv, unsigned int span, struct tel_span_counters *c);
	/*
	 * the next received frame (FCS included) into @buf: its length, 0 if
	 * none; *@lost: TEL_HDLC_LOST_* seen on the line before it (also with
	 * 0 for a frame lost with nothing after it yet). Called until it gives
	 * neither a frame nor a loss.
	 */
	int (*hdlc_rx)(void *priv, unsigned int span, unsigned int chan, u8 *buf,
		       unsigned int cap, unsigned int *lost);
	/* queue a frame to send (no FCS: the card adds it): 0, or -EBUSY when full */
	int (*hdlc_tx)(void *priv, unsigned int span, unsigned int chan, const u8 *frame,
		       unsigned int len);
	/* received ABCD bits of each channel (low 4 bits) */
	void (*rbs_rx)(void *priv, unsigned int span, u8 abcd[], unsigned int chans);
	int (*rbs_tx)(void *priv, unsigned int span, unsigned int chan, unsigned int abcd);
	/* received hook state of each analog port (enum tel_rxsig) */
	void (*hook_rx)(void *priv, unsigned int span, u8 rxsig[], unsigned int chans);
	/* battery polarity each analog port sees (1: reversed); a change is an event */
	void (*polarity_rx)(void *priv, unsigned int span, u8 rev[], unsigned int chans);
	/* an FXS port drives reversed (1) or normal (0) battery (DAHDI_SETPOLARITY) */
	int (*polarity)(void *priv, unsigned int span, unsigned int chan, bool reversed);
	/* a channel opened / closed by a program (DAHDI's open/close) */
	int (*chan_open)(void *priv, unsigned int span, unsigned int chan);
	void (*chan_close)(void *priv, unsigned int span, unsigned int chan);
	int (*span_config)(void *priv, unsigned int span, const struct tel_span_config *cfg);
	int (*chan_config)(void *priv, unsigned int span, unsigned int chan,
			   enum tel_chan_mode mode);
	int (*span_start)(void *priv, unsigned int span);
	void (*span_stop)(void *priv, unsigned int span);
	int (*hooksig)(void *priv, unsigned int span, unsigned int chan, int txsig);
	int (*maint)(void *priv, unsigned int span, enum tel_maint cmd);
	/* is the span's receiver in sync (its clock usable as the card's timing source)? */
	bool (*in_sync)(void *priv, unsigned int span);
};

struct tel_card *tel_card_create(struct device *parent, const struct tel_card_desc *desc,
				 const struct tel_card_ops *ops, void *priv);
void tel_card_destroy(struct tel_card *card);
unsigned int tel_card_master(struct tel_card *card);
#endif /* TEL_CARD_H */
