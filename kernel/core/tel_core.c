// SPDX-License-Identifier: GPL-2.0-only
/*
 * tel DAHDI driver core: registers a card's spans and channels with DAHDI,
 * implements the span ops and runs the card's 1 ms tick. Hardware-specific
 * work goes through the backend's struct tel_card_ops (see tel/card.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <dahdi/kernel.h>
#include <tel/card.h>
#include <tel/tap.h>

#include "tap.h"

static_assert(TEL_CHUNK == DAHDI_CHUNKSIZE);

#define TEL_TICK_NS		1000000	/* DAHDI moves one chunk per millisecond */
#define TEL_MAX_CATCHUP		1000	/* ms a tick may be late before it is skipped */
#define TEL_E1_CHANS		31
#define TEL_T1_CHANS		24
#define TEL_E1_DCHAN		16

struct tel_span {
	struct dahdi_span span;
	struct tel_card *card;
	unsigned int index;		/* 0-based within the card */
	enum tel_span_kind kind;
	int sync;			/* timing priority from spanconfig, 0: never */
	bool cas;			/* robbed-bit / TS16 signalling configured */
	struct dahdi_chan *hdlc;	/* the hardhdlc channel, if one is configured */
	struct dahdi_chan *hdlc_seen;	/* ... as the tick last saw it */
	struct tel_tap *tap;		/* its frames to debugfs readers (tap.c) */
	unsigned long hdlc_xmit;	/* bit 0: DAHDI has frames to send (hdlc_hard_xmit) */
	unsigned int hdlc_len;		/* octets in tx_frame */
	bool hdlc_whole;		/* tx_frame holds a whole frame */
	u8 hdlc_buf[TEL_HDLC_MAX];	/* a received frame on its way to DAHDI */
	u8 tx_frame[TEL_HDLC_MAX];	/* a frame from DAHDI on its way to the card */
	struct tel_span_counters base;	/* the card's counters at the last reset */
	u8 sig[TEL_E1_CHANS];		/* received ABCD bits / rxsig last given to DAHDI */
	u8 pol[TEL_E1_CHANS];		/* analog: battery polarity last seen (1 reversed) */
	u8 *rx[TEL_E1_CHANS];		/* readchunk of each channel, for the tick */
	const u8 *tx[TEL_E1_CHANS];	/* writechunk of each channel */
	struct dahdi_chan *chans[];	/* span.chans points here */
};

struct tel_card {
	struct dahdi_device *ddev;
	const struct tel_card_ops *ops;
	void *priv;
	struct dahdi_span_ops span_ops;	/* the core's ops with the backend's owner */
	struct hrtimer tick;
	unsigned int ms;		/* ticks this second, for the counters */
	unsigned int master;		/* 1 + the span giving the clock, 0: free running */
	unsigned int nspans;
	struct tel_span *spans[TEL_MAX_SPANS];
};

static struct tel_span *to_tel_span(struct dahdi_span *span)
{
	return container_of(span, struct tel_span, span);
}

static int tel_alarms_to_dahdi(unsigned int a)
{
	int d = 0;

	if (a & (TEL_ALARM_LOS | TEL_ALARM_LFA | TEL_ALARM_LMFA))
		d |= DAHDI_ALARM_RED;
	if (a & TEL_ALARM_LOS)
		d |= DAHDI_ALARM_LOS;
	if (a & TEL_ALARM_LFA)
		d |= DAHDI_ALARM_LFA;
	if (a & TEL_ALARM_LMFA)
		d |= DAHDI_ALARM_LMFA;
	if (a & TEL_ALARM_AIS)
		d |= DAHDI_ALARM_BLUE;
	if (a & TEL_ALARM_RAI)
		d |= DAHDI_ALARM_YELLOW;
	if (a & TEL_ALARM_LOOPBACK)
		d |= DAHDI_ALARM_LOOPBACK;
	return d;
}

/* Signalling a channel offers, as DAHDI's own boards set it (wct4xxp, wctdm24xxp). */
static void tel_set_sigcap(struct tel_span *ts, unsigned int i)
{
	struct dahdi_chan *chan = ts->chans[i];

	switch (ts->kind) {
	case TEL_SPAN_E1:
		chan->sigcap = DAHDI_SIG_CLEAR;
		if (ts->span.lineconfig & DAHDI_CONFIG_CCS) {
			chan->sigcap |= DAHDI_SIG_MTP2 | DAHDI_SIG_SF | DAHDI_SIG_HARDHDLC;
		} else if (i + 1 == TEL_E1_DCHAN) {
			/* timeslot 16 carries the CAS bits */
			chan->sigcap = 0;
			chan->sig = 0;
		} else {
			chan->sigcap |= DAHDI_SIG_EM_E1 | DAHDI_SIG_FXSLS | DAHDI_SIG_FXSGS |
					DAHDI_SIG_FXSKS | DAHDI_SIG_SF | DAHDI_SIG_FXOLS |
					DAHDI_SIG_FXOGS | DAHDI_SIG_FXOKS | DAHDI_SIG_CAS |
					DAHDI_SIG_DACS_RBS;
		}
		break;
	case TEL_SPAN_T1:
		chan->sigcap = DAHDI_SIG_CLEAR | DAHDI_SIG_EM | DAHDI_SIG_FXSLS |
			       DAHDI_SIG_FXSGS | DAHDI_SIG_FXSKS | DAHDI_SIG_MTP2 |
			       DAHDI_SIG_SF | DAHDI_SIG_FXOLS | DAHDI_SIG_FXOGS |
			       DAHDI_SIG_FXOKS | DAHDI_SIG_CAS | DAHDI_SIG_DACS_RBS |
			       DAHDI_SIG_HARDHDLC;
		break;
	case TEL_SPAN_FXS:
		chan->sigcap = DAHDI_SIG_FXOKS | DAHDI_SIG_FXOLS | DAHDI_SIG_FXOGS |
			       DAHDI_SIG_SF | DAHDI_SIG_EM | DAHDI_SIG_CLEAR;
		break;
	case TEL_SPAN_FXO:
		chan->sigcap = DAHDI_SIG_FXSKS | DAHDI_SIG_FXSLS | DAHDI_SIG_SF |
			       DAHDI_SIG_CLEAR;
		break;
	}
}

static int tel_spanconfig(struct file *file, struct dahdi_span *span,
			  struct dahdi_lineconfig *lc)
{
	struct tel_span *ts = to_tel_span(span);
	const struct tel_card_ops *ops = ts->card->ops;
	struct tel_span_config cfg = {
		.crc4 = lc->lineconfig & DAHDI_CONFIG_CRC4,
		.esf = lc->lineconfig & DAHDI_CONFIG_ESF,
		.ami = lc->lineconfig & DAHDI_CONFIG_AMI,
		.cas = !(lc->lineconfig & DAHDI_CONFIG_CCS),
		.lbo = lc->lbo,
	};
	unsigned int i;
	int ret;

	if (ops->span_config) {
		ret = ops->span_config(ts->card->priv, ts->index, &cfg);
		if (ret)
			return ret;
	}
	span->lineconfig = lc->lineconfig;
	span->lbo = lc->lbo;
	span->syncsrc = 0;
	ts->sync = lc->sync;
	ts->cas = cfg.cas && (ts->kind == TEL_SPAN_E1 || ts->kind == TEL_SPAN_T1);
	for (i = 0; i < span->channels; i++)
		tel_set_sigcap(ts, i);
	return 0;
}

/* Does a channel of signalling @sig use the ABCD bits (rather than clear data)? */
static bool tel_sig_rbs(int sig)
{
	return sig && (!(sig & DAHDI_SIG_CLEAR) || sig == DAHDI_SIG_CAS ||
		       sig == DAHDI_SIG_DACS_RBS);
}

static int tel_chanconfig(struct file *file, struct dahdi_chan *chan, int sigtype)
{
	struct tel_span *ts = to_tel_span(chan->span);
	const struct tel_card_ops *ops = ts->card->ops;
	enum tel_chan_mode mode = TEL_CHAN_CLEAR;
	unsigned long flags;
	int ret;

	if (sigtype == DAHDI_SIG_HARDHDLC)
		mode = TEL_CHAN_HDLC;
	else if (ts->cas && tel_sig_rbs(sigtype))
		mode = TEL_CHAN_CAS;
	if (mode == TEL_CHAN_HDLC && ts->hdlc && ts->hdlc != chan) {
		pr_err("%s: channel %d: span already has hardhdlc on channel %d (one D-channel per span)\n",
		       chan->span->name, chan->channo, ts->hdlc->channo);
		return -EBUSY;
	}
	if (ops->chan_config) {
		ret = ops->chan_config(ts->card->priv, ts->index, chan->chanpos - 1, mode);
		if (ret)
			return ret;
	}
	/* the tick notices the change and drops a frame half taken (tel_span_tick()) */
	spin_lock_irqsave(&chan->span->lock, flags);
	if (mode == TEL_CHAN_HDLC)
		WRITE_ONCE(ts->hdlc, chan);
	else if (ts->hdlc == chan)
		WRITE_ONCE(ts->hdlc, NULL);
	spin_unlock_irqrestore(&chan->span->lock, flags);
	return 0;
}

static int tel_startup(struct file *file, struct dahdi_span *span)
{
	struct tel_span *ts = to_tel_span(span);
	const struct tel_card_ops *ops = ts->card->ops;
	int ret;

	if (ops->span_start) {
		ret = ops->span_start(ts->card->priv, ts->index);
		if (ret)
			return ret;
	}
	set_bit(DAHDI_FLAGBIT_RUNNING, &span->flags);
	return 0;
}

static int tel_shutdown(struct dahdi_span *span)
{
	struct tel_span *ts = to_tel_span(span);
	const struct tel_card_ops *ops = ts->card->ops;

	clear_bit(DAHDI_FLAGBIT_RUNNING, &span->flags);
	if (ops->span_stop)
		ops->span_stop(ts->card->priv, ts->index);
	return 0;
}

static int tel_hooksig(struct dahdi_chan *chan, enum dahdi_txsig txsig)
{
	struct tel_span *ts = to_tel_span(chan->span);
	const struct tel_card_ops *ops = ts->card->ops;
	static const u8 map[DAHDI_TXSIG_TOTAL] = {
		[DAHDI_TXSIG_ONHOOK] = TEL_TXSIG_ONHOOK,
		[DAHDI_TXSIG_OFFHOOK] = TEL_TXSIG_OFFHOOK,
		[DAHDI_TXSIG_START] = TEL_TXSIG_START,
		[DAHDI_TXSIG_KEWL] = TEL_TXSIG_KEWL,
	};

	if (!ops->hooksig || txsig >= DAHDI_TXSIG_TOTAL)
		return -EINVAL;
	return ops->hooksig(ts->card->priv, ts->index, chan->chanpos - 1, map[txsig]);
}

static int tel_rbsbits(struct dahdi_chan *chan, int bits)
{
	struct tel_span *ts = to_tel_span(chan->span);
	const struct tel_card_ops *ops = ts->card->ops;

	if (!ops->rbs_tx)
		return -EOPNOTSUPP;
	return ops->rbs_tx(ts->card->priv, ts->index, chan->chanpos - 1, bits & 0xf);
}

static int tel_open(struct dahdi_chan *chan)
{
	struct tel_span *ts = to_tel_span(chan->span);
	const struct tel_card_ops *ops = ts->card->ops;

	return ops->chan_open ? ops->chan_open(ts->card->priv, ts->index, chan->chanpos - 1) : 0;
}

static int tel_close(struct dahdi_chan *chan)
{
	struct tel_span *ts = to_tel_span(chan->span);
	const struct tel_card_ops *ops = ts->card->ops;

	if (ops->chan_close)
		ops->chan_close(ts->card->priv, ts->index, chan->chanpos - 1);
	return 0;
}

/* A channel's own ioctls that DAHDI's core hands to the board. */
static int tel_ioctl(struct dahdi_chan *chan, unsigned int cmd, unsigned long data)
{
	struct tel_span *ts = to_tel_span(chan->span);
	const struct tel_card_ops *ops = ts->card->ops;
	int x;

	switch (cmd) {
	case DAHDI_SETPOLARITY:
		if (!ops->polarity)
			return -ENOTTY;
		if (get_user(x, (int __user *)data))
			return -EFAULT;
		return ops->polarity(ts->card->priv, ts->index, chan->chanpos - 1, x != 0);
	default:
		return -ENOTTY;
	}
}

/* DAHDI has a frame for a hardhdlc channel: the next tick takes it. */
static void tel_hdlc_hard_xmit(struct dahdi_chan *chan)
{
	struct tel_span *ts = to_tel_span(chan->span);

	set_bit(0, &ts->hdlc_xmit);
}

static void tel_counters_read(struct tel_span *ts, struct tel_span_counters *c)
{
	memset(c, 0, sizeof(*c));
	if (ts->card->ops->counters)
		ts->card->ops->counters(ts->card->priv, ts->index, c);
}

/* The card's counters since the last reset into span->count. */
static void tel_counters_update(struct tel_span *ts)
{
	struct dahdi_count *d = &ts->span.count;
	struct tel_span_counters c;

	tel_counters_read(ts, &c);
	d->fe = c.fas - ts->base.fas;
	d->fas = c.fas - ts->base.fas;
	d->crc4 = c.crc4 - ts->base.crc4;
	d->ebit = c.ebit - ts->base.ebit;
	d->bpv = c.bpv - ts->base.bpv;
	d->cv = c.cv - ts->base.cv;
	d->be = c.be - ts->base.be;
	d->errsec = c.errsec - ts->base.errsec;
	d->timingslips = c.slips - ts->base.slips;
}

static int tel_maint(struct dahdi_span *span, int cmd)
{
	struct tel_span *ts = to_tel_span(span);
	const struct tel_card_ops *ops = ts->card->ops;
	static const struct {
		int dahdi;
		enum tel_maint tel;
	} map[] = {
		{ DAHDI_MAINT_NONE, TEL_MAINT_NONE },
		{ DAHDI_MAINT_LOCALLOOP, TEL_MAINT_LOCAL_LOOP },
		{ DAHDI_MAINT_NETWORKLINELOOP, TEL_MAINT_NETWORK_LINE_LOOP },
		{ DAHDI_MAINT_NETWORKPAYLOADLOOP, TEL_MAINT_NETWORK_PAYLOAD_LOOP },
		{ DAHDI_MAINT_FAS_DEFECT, TEL_MAINT_INJECT_FAS },
		{ DAHDI_MAINT_MULTI_DEFECT, TEL_MAINT_INJECT_MULTI },
		{ DAHDI_MAINT_CRC_DEFECT, TEL_MAINT_INJECT_CRC },
		{ DAHDI_MAINT_CAS_DEFECT, TEL_MAINT_INJECT_CAS },
		{ DAHDI_MAINT_PRBS_DEFECT, TEL_MAINT_INJECT_PRBS },
		{ DAHDI_MAINT_BIPOLAR_DEFECT, TEL_MAINT_INJECT_BIPOLAR },
	};
	unsigned int i;

	if (cmd == DAHDI_RESET_COUNTERS) {
		tel_counters_read(ts, &ts->base);
		memset(&span->count, 0, sizeof(span->count));
		return 0;
	}
	if (!ops->maint)
		return -EOPNOTSUPP;
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].dahdi == cmd)
			return ops->maint(ts->card->priv, ts->index, map[i].tel);
	return -EOPNOTSUPP;
}

static const struct dahdi_span_ops tel_span_ops = {
	.spanconfig = tel_spanconfig,
	.chanconfig = tel_chanconfig,
	.startup = tel_startup,
	.shutdown = tel_shutdown,
	.hooksig = tel_hooksig,
	.rbsbits = tel_rbsbits,
	.open = tel_open,
	.close = tel_close,
	.ioctl = tel_ioctl,
	.hdlc_hard_xmit = tel_hdlc_hard_xmit,
	.maint = tel_maint,
};

/* Frames the card received on the hardhdlc channel, with their events, into DAHDI. */
static void tel_hdlc_rx(struct tel_span *ts, struct dahdi_chan *chan)
{
	const struct tel_card_ops *ops = ts->card->ops;
	unsigned int lost;
	int len;

	for (;;) {
		lost = 0;
		len = ops->hdlc_rx(ts->card->priv, ts->index, chan->chanpos - 1, ts->hdlc_buf,
				   sizeof(ts->hdlc_buf), &lost);
		if (lost & TEL_HDLC_LOST_FCS)
			dahdi_hdlc_abort(chan, DAHDI_EVENT_BADFCS);
		if (lost & TEL_HDLC_LOST_ABORT)
			dahdi_hdlc_abort(chan, DAHDI_EVENT_ABORT);
		if (lost & TEL_HDLC_LOST_OVERRUN)
			dahdi_hdlc_abort(chan, DAHDI_EVENT_OVERRUN);
		if (lost)
			tel_tap_frame(ts->tap, TEL_TAP_RX, lost, NULL, 0);
		if (len > 0) {
			tel_tap_frame(ts->tap, TEL_TAP_RX, 0, ts->hdlc_buf, len > 2 ? len - 2 : 0);
			dahdi_hdlc_putbuf(chan, ts->hdlc_buf, len);
			dahdi_hdlc_finish(chan);
		} else if (!lost) {
			break;
		}
	}
}

/*
 * Frames DAHDI has for the hardhdlc channel, to the card while it takes
 * them. hdlc_buf is shared with receive: tel_hdlc_rx() runs first and
 * leaves it free, a frame the card did not take waits in tx_frame.
 */
static void tel_hdlc_tx(struct tel_span *ts, struct dahdi_chan *chan)
{
	const struct tel_card_ops *ops = ts->card->ops;

	while (ts->hdlc_whole || test_bit(0, &ts->hdlc_xmit)) {
		if (!ts->hdlc_whole) {
			unsigned int size = sizeof(ts->tx_frame) - ts->hdlc_len;
			int res = dahdi_hdlc_getbuf(chan, ts->tx_frame + ts->hdlc_len, &size);

			ts->hdlc_len += size;
			if (res == -1)
				clear_bit(0, &ts->hdlc_xmit);
			if (res == 0 && ts->hdlc_len < sizeof(ts->tx_frame))
				break;	/* DAHDI has no more of it yet */
			if (res == 0) {
				/* longer than any frame the card sends: drop the rest */
				pr_warn_ratelimited("%s: frame longer than %u octets dropped\n",
						    chan->name, TEL_HDLC_MAX);
				do {
					size = sizeof(ts->hdlc_buf);
					res = dahdi_hdlc_getbuf(chan, ts->hdlc_buf, &size);
				} while (res == 0);
				if (res == -1)
					clear_bit(0, &ts->hdlc_xmit);
				ts->hdlc_len = 0;
				continue;
			}
			ts->hdlc_whole = true;
		}
		if (ts->hdlc_len) {
			int ret = ops->hdlc_tx(ts->card->priv, ts->index, chan->chanpos - 1,
					       ts->tx_frame, ts->hdlc_len);

			if (ret == -EBUSY)
				break;	/* the card's queue is full: next tick */
			if (!ret)
				tel_tap_frame(ts->tap, TEL_TAP_TX, 0, ts->tx_frame, ts->hdlc_len);
		}
		ts->hdlc_whole = false;
		ts->hdlc_len = 0;
	}
}

/* Signalling the card received, into DAHDI where it changed. */
static void tel_sig_rx(struct tel_span *ts)
{
	const struct tel_card_ops *ops = ts->card->ops;
	struct dahdi_span *span = &ts->span;
	u8 now[TEL_E1_CHANS];
	unsigned int i;

	if (ts->cas && ops->rbs_rx) {
		ops->rbs_rx(ts->card->priv, ts->index, now, span->channels);
		for (i = 0; i < span->channels; i++) {
			if (now[i] == ts->sig[i] || !tel_sig_rbs(ts->chans[i]->sig))
				continue;
			ts->sig[i] = now[i];
			dahdi_rbsbits(ts->chans[i], now[i]);
		}
	} else if (ops->hook_rx) {
		static const int rxsig[] = {
			[TEL_RXSIG_ONHOOK] = DAHDI_RXSIG_ONHOOK,
			[TEL_RXSIG_OFFHOOK] = DAHDI_RXSIG_OFFHOOK,
			[TEL_RXSIG_RING] = DAHDI_RXSIG_RING,
		};

		ops->hook_rx(ts->card->priv, ts->index, now, span->channels);
		for (i = 0; i < span->channels; i++) {
			if (now[i] == ts->sig[i] || now[i] >= ARRAY_SIZE(rxsig) ||
			    !ts->chans[i]->sig)
				continue;
			ts->sig[i] = now[i];
			dahdi_hooksig(ts->chans[i], rxsig[now[i]]);
		}
	}
	if (ops->polarity_rx) {
		ops->polarity_rx(ts->card->priv, ts->index, now, span->channels);
		for (i = 0; i < span->channels; i++) {
			if (now[i] == ts->pol[i])
				continue;
			ts->pol[i] = now[i];
			if (ts->chans[i]->sig)
				dahdi_qevent_lock(ts->chans[i], DAHDI_EVENT_POLARITY);
		}
	}
}

/* One millisecond of one span: line -> readchunk -> DAHDI -> writechunk -> line. */
static void tel_span_tick(struct tel_span *ts)
{
	const struct tel_card_ops *ops = ts->card->ops;
	struct dahdi_span *span = &ts->span;
	unsigned int n = span->channels;
	struct dahdi_chan *hdlc;
	unsigned int i;
	int alarms;

	if (!test_bit(DAHDI_FLAGBIT_REGISTERED, &span->flags))
		return;
	for (i = 0; i < n; i++)
		ts->rx[i] = ts->chans[i]->readchunk;
	ops->rx(ts->card->priv, ts->index, ts->rx, n);
	alarms = ops->alarms ? tel_alarms_to_dahdi(ops->alarms(ts->card->priv, ts->index)) : 0;
	if (alarms != span->alarms) {
		span->alarms = alarms;
		dahdi_alarm_notify(span);
	}
	tel_sig_rx(ts);
	hdlc = READ_ONCE(ts->hdlc);
	if (hdlc != ts->hdlc_seen) {
		/* chanconfig moved or removed the hardhdlc channel: start afresh */
		ts->hdlc_seen = hdlc;
		ts->hdlc_len = 0;
		ts->hdlc_whole = false;
	}
	if (hdlc && ops->hdlc_rx)
		tel_hdlc_rx(ts, hdlc);
	dahdi_ec_span(span);
	dahdi_receive(span);
	dahdi_transmit(span);
	if (hdlc && ops->hdlc_tx)
		tel_hdlc_tx(ts, hdlc);
	for (i = 0; i < n; i++)
		ts->tx[i] = ts->chans[i]->writechunk;
	ops->tx(ts->card->priv, ts->index, ts->tx, n);
}

/*
 * Timing: the span with the best (lowest, non-zero) priority whose receiver
 * is in sync gives the card its clock; none: the card runs free (0).
 */
static void tel_card_sync(struct tel_card *card)
{
	const struct tel_card_ops *ops = card->ops;
	struct tel_span *best = NULL;
	unsigned int s;
	int src;

	for (s = 0; s < card->nspans; s++) {
		struct tel_span *ts = card->spans[s];

		if (ts->sync <= 0 || !ops->in_sync || !ops->in_sync(card->priv, ts->index))
			continue;
		if (!best || ts->sync < best->sync)
			best = ts;
	}
	src = best ? best->span.spanno : 0;
	for (s = 0; s < card->nspans; s++)
		card->spans[s]->span.syncsrc = src;
	card->master = best ? best->index + 1 : 0;
}

/*
 * One tick per call, numbered by its millisecond of CLOCK_MONOTONIC. A late
 * timer is expired again at once for each tick it missed, so the kernel
 * runs the missed ticks of every card in turn (card A's tick N, card B's
 * tick N, A's N+1, ...) rather than one card's burst before the other's:
 * linked cards never drift apart by more than a tick. Ticks later than
 * TEL_MAX_CATCHUP ms are skipped (DAHDI's IRQ misses).
 */
static enum hrtimer_restart tel_tick(struct hrtimer *timer)
{
	struct tel_card *card = container_of(timer, struct tel_card, tick);
	u64 ms = div_u64(ktime_to_ns(hrtimer_get_expires(timer)), NSEC_PER_MSEC);
	u64 now = div_u64(ktime_get_ns(), NSEC_PER_MSEC);
	unsigned int s;

	if (now > ms + TEL_MAX_CATCHUP) {
		card->ddev->irqmisses += now - TEL_MAX_CATCHUP - ms;
		ms = now - TEL_MAX_CATCHUP;
	}
	if (card->ops->tick)
		card->ops->tick(card->priv, ms, card->master);
	for (s = 0; s < card->nspans; s++)
		tel_span_tick(card->spans[s]);
	if (++card->ms >= 1000) {
		card->ms = 0;
		for (s = 0; s < card->nspans; s++)
			tel_counters_update(card->spans[s]);
		tel_card_sync(card);
	}
	hrtimer_set_expires(timer, ms_to_ktime(ms + 1));
	return HRTIMER_RESTART;
}

static void tel_card_free(struct tel_card *card)
{
	struct dahdi_device *ddev = card->ddev;
	unsigned int s, i;

	for (s = 0; s < card->nspans; s++) {
		for (i = 0; i < card->spans[s]->span.channels; i++)
			kfree(card->spans[s]->chans[i]);
		kfree(card->spans[s]);
	}
	kfree(ddev->manufacturer);
	kfree(ddev->devicetype);
	kfree(ddev->location);
	kfree(ddev->hardware_id);
	dahdi_free_device(ddev);
	kfree(card);
}

static const char *const tel_kind_name[] = {
	[TEL_SPAN_E1] = "E1", [TEL_SPAN_T1] = "T1",
	[TEL_SPAN_FXS] = "FXS", [TEL_SPAN_FXO] = "FXO",
};

static int tel_span_add(struct tel_card *card, const struct tel_card_desc *desc,
			unsigned int index)
{
	unsigned int n, i;
	struct tel_span *ts;
	struct dahdi_span *span;

	switch (desc->kind) {
	case TEL_SPAN_E1:
		n = TEL_E1_CHANS;
		break;
	case TEL_SPAN_T1:
		n = TEL_T1_CHANS;
		break;
	default:
		n = desc->ports;
		break;
	}
	ts = kzalloc(struct_size(ts, chans, n), GFP_KERNEL);
	if (!ts)
		return -ENOMEM;
	card->spans[card->nspans++] = ts;
	ts->card = card;
	ts->index = index;
	ts->kind = desc->kind;
	span = &ts->span;
	span->chans = ts->chans;
	span->ops = &card->span_ops;
	snprintf(span->name, sizeof(span->name), "%s/%u", desc->name, index + 1);
	snprintf(span->desc, sizeof(span->desc), "%s %s %u", desc->name,
		 tel_kind_name[desc->kind], index + 1);
	switch (desc->kind) {
	case TEL_SPAN_E1:
		span->spantype = SPANTYPE_DIGITAL_E1;
		span->linecompat = DAHDI_CONFIG_AMI | DAHDI_CONFIG_HDB3 |
				   DAHDI_CONFIG_CCS | DAHDI_CONFIG_CRC4;
		span->deflaw = DAHDI_LAW_ALAW;
		set_bit(DAHDI_FLAGBIT_RBS, &span->flags);	/* CAS when configured so */
		break;
	case TEL_SPAN_T1:
		span->spantype = SPANTYPE_DIGITAL_T1;
		span->linecompat = DAHDI_CONFIG_AMI | DAHDI_CONFIG_B8ZS |
				   DAHDI_CONFIG_D4 | DAHDI_CONFIG_ESF;
		span->deflaw = DAHDI_LAW_MULAW;
		set_bit(DAHDI_FLAGBIT_RBS, &span->flags);
		break;
	case TEL_SPAN_FXS:
	case TEL_SPAN_FXO:
		span->spantype = desc->kind == TEL_SPAN_FXS ? SPANTYPE_ANALOG_FXS :
							      SPANTYPE_ANALOG_FXO;
		span->deflaw = DAHDI_LAW_MULAW;
		set_bit(DAHDI_FLAGBIT_RBS, &span->flags);
		break;
	}
	for (i = 0; i < n; i++) {
		struct dahdi_chan *chan = kzalloc(sizeof(*chan), GFP_KERNEL);

		if (!chan)
			return -ENOMEM;
		ts->chans[i] = chan;
		span->channels = i + 1;
		chan->pvt = ts;
		chan->chanpos = i + 1;
		snprintf(chan->name, sizeof(chan->name), "%s/%u", span->name, i + 1);
		tel_set_sigcap(ts, i);
	}
	list_add_tail(&span->device_node, &card->ddev->spans);
	return 0;
}

static int tel_card_desc_check(const struct tel_card_desc *desc, const struct tel_card_ops *ops)
{
	bool analog = desc->kind == TEL_SPAN_FXS || desc->kind == TEL_SPAN_FXO;

	if (!ops->rx || !ops->tx || !desc->name || desc->kind > TEL_SPAN_FXO)
		return -EINVAL;
	if (analog && (desc->spans != 1 || desc->ports < 1 || desc->ports > TEL_MAX_PORTS))
		return -EINVAL;
	if (!analog && (desc->spans < 1 || desc->spans > TEL_MAX_SPANS || desc->ports))
		return -EINVAL;
	return 0;
}

/**
 * tel_card_create() - register a card's spans and channels with DAHDI
 * @parent: the card's device (becomes the dahdi_device's parent)
 * @desc: what the card is; its strings are copied
 * @ops: the backend; must outlive the card
 * @priv: handed back to every @ops call
 *
 * Process context. The card starts ticking at once.
 *
 * Return: the card or an ERR_PTR().
 */
struct tel_card *tel_card_create(struct device *parent, const struct tel_card_desc *desc,
				 const struct tel_card_ops *ops, void *priv)
{
	struct dahdi_device *ddev;
	struct tel_card *card;
	unsigned int s;
	int ret;

	ret = tel_card_desc_check(desc, ops);
	if (ret)
		return ERR_PTR(ret);
	card = kzalloc(sizeof(*card), GFP_KERNEL);
	if (!card)
		return ERR_PTR(-ENOMEM);
	ddev = dahdi_create_device();
	if (!ddev) {
		kfree(card);
		return ERR_PTR(-ENOMEM);
	}
	card->ddev = ddev;
	card->ops = ops;
	card->priv = priv;
	card->span_ops = tel_span_ops;
	card->span_ops.owner = ops->owner;
	/*
	 * DAHDI sends hook states through .hooksig when a span has it, else as
	 * ABCD bits through .rbsbits: analog ports get the first, E1/T1 spans
	 * the second, as DAHDI's own analog and digital boards do.
	 */
	if (desc->kind == TEL_SPAN_FXS || desc->kind == TEL_SPAN_FXO) {
		card->span_ops.rbsbits = NULL;
		card->span_ops.hdlc_hard_xmit = NULL;
		card->span_ops.maint = NULL;
	} else {
		card->span_ops.hooksig = NULL;
	}
	ddev->manufacturer = kstrdup(desc->manufacturer ?: "", GFP_KERNEL);
	ddev->devicetype = kstrdup(desc->devicetype ?: "", GFP_KERNEL);
	ddev->location = kstrdup(desc->location ?: "", GFP_KERNEL);
	ddev->hardware_id = kstrdup(desc->hardware_id ?: "", GFP_KERNEL);
	ret = -ENOMEM;
	if (!ddev->manufacturer || !ddev->devicetype || !ddev->location || !ddev->hardware_id)
		goto err_free;
	for (s = 0; s < desc->spans; s++) {
		ret = tel_span_add(card, desc, s);
		if (ret)
			goto err_free;
	}
	ret = dahdi_register_device(ddev, parent);
	if (ret) {
		pr_err("%s: DAHDI refused the device (%d)\n", desc->name, ret);
		goto err_free;
	}
	for (s = 0; s < card->nspans; s++)
		if (desc->kind == TEL_SPAN_E1 || desc->kind == TEL_SPAN_T1)
			card->spans[s]->tap = tel_tap_create(card->spans[s]->span.name);
	hrtimer_init(&card->tick, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	card->tick.function = tel_tick;
	/* on the next whole millisecond: every card's ticks fall on the same instants */
	hrtimer_start(&card->tick,
		      ms_to_ktime(div_u64(ktime_to_ns(ktime_get()), NSEC_PER_MSEC) + 1),
		      HRTIMER_MODE_ABS);
	return card;

err_free:
	tel_card_free(card);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(tel_card_create);

/**
 * tel_card_destroy() - stop the tick and remove the card from DAHDI
 * @card: from tel_card_create()
 *
 * Process context. No @ops call is made after this returns.
 */
void tel_card_destroy(struct tel_card *card)
{
	unsigned int s;

	hrtimer_cancel(&card->tick);
	for (s = 0; s < card->nspans; s++)
		tel_tap_destroy(card->spans[s]->tap);
	dahdi_unregister_device(card->ddev);
	tel_card_free(card);
}
EXPORT_SYMBOL_GPL(tel_card_destroy);

/**
 * tel_card_master() - the span giving the card its clock
 * @card: from tel_card_create()
 *
 * Return: 1 + the span's index within the card, or 0 while the card runs
 * on its own clock. Re-evaluated once a second by the tick.
 */
unsigned int tel_card_master(struct tel_card *card)
{
	return READ_ONCE(card->master);
}
EXPORT_SYMBOL_GPL(tel_card_master);

MODULE_DESCRIPTION("tel DAHDI driver core: spans, channels and the 1 ms tick of a card");
MODULE_LICENSE("GPL");
