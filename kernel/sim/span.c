// SPDX-License-Identifier: GPL-2.0-only
/*
 * telsim E1/T1 spans: the card's firmware (framers, line codes, HDLC,
 * CAS) running on simulated line signals.
 *
 * Each millisecond, for each span, the core asks for what the line
 * delivered (rx) and hands over what DAHDI sends (tx):
 *
 *   tx: DAHDI chunks -> 8 frames of timeslots (the hardhdlc D-channel from
 *       the firmware's HDLC transmitter) -> fw_span_link_tx() -> TPOS/TNEG
 *       -> the far span's delay line (delay.h; or back to us in a local loopback)
 *   rx: our delay line -> the incoming cable (fw_cable: LOS, AIS, bit errors,
 *       slips) -> fw_span_link_rx() -> frames -> the receive elastic store
 *       and the D-channel's HDLC receiver -> 8 frames -> DAHDI chunks
 *
 * An unlinked span receives nothing: the line decoder sees no pulses (LOS).
 * Alarms, counters, CRC and FCS errors are what the firmware makes of the
 * signal; nothing is copied from one span to the other.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "telsim.h"

#define E1_DCHAN_TS	16
#define T1_DCHAN_TS	23	/* 0-based: TS24 */

static bool is_t1(const struct telsim_span *sp)
{
	return sp->sd->kind == TEL_SPAN_T1;
}

/* Octets of TPOS (or TNEG) in one millisecond: 8 frames. */
static unsigned int ms_octets(const struct telsim_span *sp)
{
	return is_t1(sp) ? TELSIM_FRAMES_MS * FW_T1_FRAME_BITS / 8 : TELSIM_FRAMES_MS * 32;
}

/* DAHDI channel (0-based) to the frame's timeslot index: E1 TS1..TS31, T1 TS1..TS24. */
static unsigned int chan_ts(const struct telsim_span *sp, unsigned int chan)
{
	return is_t1(sp) ? chan : chan + 1;
}

/* DAHDI channel (0-based) to the firmware's voice channel for CAS (0: none). */
static unsigned int chan_voice(const struct telsim_span *sp, unsigned int chan)
{
	unsigned int pos = chan + 1;

	if (is_t1(sp))
		return pos;
	if (pos == E1_DCHAN_TS)
		return 0;
	return pos < E1_DCHAN_TS ? pos : pos - 1;
}

/* --- configuration ------------------------------------------------------------ */

/* Framer, line code and D-channel for @cfg; under sp->lock or before the tick runs. */
static int span_reset(struct telsim_span *sp)
{
	int ret;

	ret = fw_span_link_init(&sp->link, &sp->cfg);
	if (ret)
		return -EINVAL;
	fw_span_link_set_rbs(&sp->link, sp->rbs);
	fw_lc_enc_init(&sp->lof_enc, sp->cfg.linecode);
	hdlc_ts_init(&sp->hdlc, is_t1(sp) && sp->cfg.linecode == FW_LINECODE_AMI ?
		     HDLC_TS_56K : HDLC_TS_64K, HDLC_TS_F_RX_FCS, 0);
	sp->st_len = 0;
	sp->st_primed = false;
	sp->loop_have = false;
	return 0;
}

static int span_config(void *priv, unsigned int span, const struct tel_span_config *c)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	struct fw_span_link_config cfg = { 0 };
	unsigned long flags;
	int ret;

	cfg.kind = is_t1(sp) ? FW_SPAN_T1 : FW_SPAN_E1;
	if (is_t1(sp)) {
		cfg.framing = c->esf ? FW_FRAMING_T1_ESF : FW_FRAMING_T1_SF;
		cfg.linecode = c->ami ? FW_LINECODE_AMI : FW_LINECODE_B8ZS;
	} else {
		cfg.framing = c->crc4 ? FW_FRAMING_E1_CRC4 : FW_FRAMING_E1;
		cfg.linecode = c->ami ? FW_LINECODE_AMI : FW_LINECODE_HDB3;
	}
	cfg.sig = c->cas ? FW_SIG_CAS : FW_SIG_CCS;
	spin_lock_irqsave(&sp->lock, flags);
	sp->cfg = cfg;
	sp->cas = c->cas;
	ret = span_reset(sp);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (ret)
		dev_err(&sd->dev, "span %u: the firmware refused the line configuration\n",
			span + 1);
	return ret;
}

static int chan_config(void *priv, unsigned int span, unsigned int chan, enum tel_chan_mode mode)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int dts = is_t1(sp) ? T1_DCHAN_TS : E1_DCHAN_TS;
	unsigned int ts = chan_ts(sp, chan);
	unsigned long flags;

	if (mode == TEL_CHAN_HDLC && ts != dts) {
		dev_err(&sd->dev, "span %u: hardhdlc on channel %u: the card's HDLC controller serves only the D-channel (channel %u)\n",
			span + 1, chan + 1, is_t1(sp) ? 24 : 16);
		return -EINVAL;
	}
	spin_lock_irqsave(&sp->lock, flags);
	if (mode == TEL_CHAN_CAS)
		sp->rbs |= BIT(chan);
	else
		sp->rbs &= ~BIT(chan);
	fw_span_link_set_rbs(&sp->link, sp->rbs);
	if (mode == TEL_CHAN_HDLC) {
		sp->dchan = ts;
		hdlc_ts_init(&sp->hdlc, is_t1(sp) && sp->cfg.linecode == FW_LINECODE_AMI ?
			     HDLC_TS_56K : HDLC_TS_64K, HDLC_TS_F_RX_FCS, 0);
	} else if (sp->dchan == ts) {
		sp->dchan = -1;
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	return 0;
}

/* --- clocks ------------------------------------------------------------------ */

static void span_tick(void *priv, u64 ms, unsigned int master)
{
	struct telsim_dev *sd = priv;

	sd->now = ms;
	WRITE_ONCE(sd->master, master);
}

/*
 * The rate the card's clock runs at, in ppm from nominal: its own
 * oscillator's while it runs free, the far end's while it takes its clock
 * from a span (following the chain; a timing loop runs on its own).
 * Under rcu_read_lock().
 */
static int clock_ppm(struct telsim_dev *sd)
{
	struct telsim_dev *at = sd;
	unsigned int depth;

	for (depth = 0; depth < 8; depth++) {
		unsigned int m = READ_ONCE(at->master);
		struct telsim_span *peer;

		if (!m || m > at->count)
			return READ_ONCE(at->ppm);
		peer = rcu_dereference(at->spans[m - 1]->peer);
		if (!peer)
			return READ_ONCE(at->ppm);
		at = peer->sd;
	}
	return READ_ONCE(sd->ppm);
}

/*
 * Clocks that differ: the far end's frames arrive a little faster or slower
 * than ours take them, and the receive elastic store slips a frame each
 * time the difference adds up to one (8000 frames/s x ppm x 1e-6).
 */
static void span_clock_slip(struct telsim_span *sp, struct telsim_span *peer)
{
	int d = clock_ppm(peer->sd) - clock_ppm(sp->sd);

	if (!d) {
		sp->drift = 0;
		return;
	}
	sp->drift += (s64)TELSIM_FRAMES_MS * d;
	if (sp->drift >= 1000000) {
		sp->drift -= 1000000;
		fw_cable_slip(&sp->cable, 1);	/* a frame more than we take: repeated */
	} else if (sp->drift <= -1000000) {
		sp->drift += 1000000;
		fw_cable_slip(&sp->cable, -1);
	}
}

/* --- receive ------------------------------------------------------------------ */

static bool span_aligned(const struct telsim_span *sp)
{
	return !(fw_span_link_alarms(&sp->link) & (FW_ALARM_LOS | FW_ALARM_LOF | FW_ALARM_AIS));
}

static u32 xorshift(u32 *s)
{
	u32 x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/*
 * The signal arriving in this millisecond into sp->rx: from the cable,
 * our own transmitter (local loopback), nothing (no cable), or an unframed
 * signal (the lof knob). Returns its length in slots.
 */
static unsigned int span_line_in(struct telsim_span *sp, bool linked)
{
	unsigned int ms = ms_octets(sp);
	unsigned int i;

	if (sp->faults.lof) {
		u8 nrz[TELSIM_MS_OCTETS_MAX];

		for (i = 0; i < ms; i++)
			nrz[i] = xorshift(&sp->lof_rng);
		fw_lc_encode(&sp->lof_enc, nrz, ms * 8, sp->rx.pos, sp->rx.neg);
		return ms * 8;
	}
	if (sp->loop == TEL_MAINT_LOCAL_LOOP) {
		if (!sp->loop_have)
			goto silence;
		memcpy(sp->rx.pos, sp->loop_pos, ms);
		memcpy(sp->rx.neg, sp->loop_neg, ms);
		return ms * 8;
	}
	if (linked && telsim_delay_get(&sp->in, sp->sd->now, &sp->rx))
		return ms * 8;
silence:
	memset(sp->rx.pos, 0, ms);
	memset(sp->rx.neg, 0, ms);
	return ms * 8;
}

static void store_push(struct telsim_span *sp, const u8 *ts)
{
	unsigned int at;

	if (sp->st_len == TELSIM_STORE_FRAMES) {
		/* frames repeated on the line: the oldest goes */
		sp->st_head = (sp->st_head + 1) % TELSIM_STORE_FRAMES;
		sp->st_len--;
	}
	at = (sp->st_head + sp->st_len) % TELSIM_STORE_FRAMES;
	memcpy(sp->store[at], ts, FW_E1_TIMESLOTS);
	sp->st_len++;
}

/* The next frame for DAHDI: from the store, or a repeat while it is dry. */
static const u8 *store_pop(struct telsim_span *sp, bool aligned)
{
	if (aligned && !sp->st_primed) {
		if (sp->st_len < TELSIM_STORE_TARGET)
			return sp->last;
		sp->st_primed = true;
	}
	if (!sp->st_len) {
		/* frames deleted on the line: the last one again, until the store refills */
		sp->st_primed = false;
		return sp->last;
	}
	memcpy(sp->last, sp->store[sp->st_head], FW_E1_TIMESLOTS);
	sp->st_head = (sp->st_head + 1) % TELSIM_STORE_FRAMES;
	sp->st_len--;
	return sp->last;
}

static void span_rx(void *priv, unsigned int span, u8 *const chunk[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int slots, nslots, i, k, dts;
	struct telsim_span *peer;
	bool linked, aligned;
	ptrdiff_t nf;

	rcu_read_lock();
	peer = rcu_dereference(sp->peer);
	linked = peer;
	spin_lock(&sp->lock);
	if (peer && sp->loop != TEL_MAINT_LOCAL_LOOP)
		span_clock_slip(sp, peer);
	rcu_read_unlock();
	slots = span_line_in(sp, linked);
	nslots = fw_cable_carry(&sp->cable, sp->rx.pos, sp->rx.neg, slots, sp->cpos, sp->cneg,
				sizeof(sp->cpos) * 8);
	nf = fw_span_link_rx(&sp->link, sp->cpos, sp->cneg, nslots, sp->frames,
			     ARRAY_SIZE(sp->frames));
	aligned = span_aligned(sp);
	dts = is_t1(sp) ? T1_DCHAN_TS : E1_DCHAN_TS;
	for (i = 0; nf > 0 && i < nf; i++) {
		const u8 *ts = is_t1(sp) ? sp->frames[i].t1.ts : sp->frames[i].e1.ts;
		u8 d = ts[dts];

		if (aligned)
			store_push(sp, ts);
		if (sp->dchan >= 0)
			hdlc_ts_rx(&sp->hdlc, aligned ? &d : (const u8 *)"\xff", 1);
	}
	if (sp->dchan >= 0 && nf <= 0 && !aligned) {
		static const u8 idle[TELSIM_FRAMES_MS] = {
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
		};

		hdlc_ts_rx(&sp->hdlc, idle, sizeof(idle));
	}
	if (!aligned) {
		sp->st_len = 0;
		sp->st_primed = false;
		memset(sp->last, sd->idle, sizeof(sp->last));
	}
	for (k = 0; k < TELSIM_FRAMES_MS; k++) {
		const u8 *ts = store_pop(sp, aligned);

		memcpy(sp->payload[k], ts, FW_E1_TIMESLOTS);
		for (i = 0; i < chans; i++)
			chunk[i][k] = ts[chan_ts(sp, i)];
	}
	spin_unlock(&sp->lock);
}

/* --- transmit ----------------------------------------------------------------- */

static void span_tx(void *priv, unsigned int span, const u8 *const chunk[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int ms = ms_octets(sp);
	struct telsim_span *peer;
	unsigned int i, k;
	u8 d[TELSIM_FRAMES_MS];

	spin_lock(&sp->lock);
	if (sp->loop == TEL_MAINT_NETWORK_PAYLOAD_LOOP) {
		memcpy(sp->txts, sp->payload, sizeof(sp->txts));
	} else {
		for (k = 0; k < TELSIM_FRAMES_MS; k++)
			for (i = 0; i < chans; i++)
				sp->txts[k][chan_ts(sp, i)] = chunk[i][k];
		if (sp->dchan >= 0) {
			hdlc_ts_tx(&sp->hdlc, d, sizeof(d));
			for (k = 0; k < TELSIM_FRAMES_MS; k++)
				sp->txts[k][sp->dchan] = d[k];
		}
	}
	if (is_t1(sp)) {
		/* fw_span_link_tx() takes T1 frames as TS1..TS24 */
		u8 t1[TELSIM_FRAMES_MS][FW_T1_TIMESLOTS];

		for (k = 0; k < TELSIM_FRAMES_MS; k++)
			memcpy(t1[k], sp->txts[k], FW_T1_TIMESLOTS);
		fw_span_link_tx(&sp->link, &t1[0][0], TELSIM_FRAMES_MS, sp->tx.pos, sp->tx.neg);
	} else {
		fw_span_link_tx(&sp->link, &sp->txts[0][0], TELSIM_FRAMES_MS, sp->tx.pos,
				sp->tx.neg);
	}
	if (sp->loop == TEL_MAINT_NETWORK_LINE_LOOP) {
		/* the line's signal goes back as it came (the first ms of it) */
		memcpy(sp->tx.pos, sp->rx.pos, ms);
		memcpy(sp->tx.neg, sp->rx.neg, ms);
	}
	if (sp->loop == TEL_MAINT_LOCAL_LOOP) {
		memcpy(sp->loop_pos, sp->tx.pos, ms);
		memcpy(sp->loop_neg, sp->tx.neg, ms);
		sp->loop_have = true;
	}
	spin_unlock(&sp->lock);
	rcu_read_lock();
	peer = rcu_dereference(sp->peer);
	if (peer)
		telsim_delay_put(&peer->in, sd->now, &sp->tx);
	rcu_read_unlock();
}

/* --- what the core pulls ------------------------------------------------------ */

static unsigned int span_alarms(void *priv, unsigned int span)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int a = fw_span_link_alarms(&sp->link);
	unsigned int t = 0;

	if (a & FW_ALARM_LOS)
		t |= TEL_ALARM_LOS;
	else if (a & FW_ALARM_AIS)
		t |= TEL_ALARM_AIS;
	else if (a & FW_ALARM_LOF)
		t |= TEL_ALARM_LFA;
	else if (a & FW_ALARM_LMFA)
		t |= TEL_ALARM_LMFA;
	if (a & FW_ALARM_RAI)
		t |= TEL_ALARM_RAI;
	if (READ_ONCE(sp->loop) != TEL_MAINT_NONE)
		t |= TEL_ALARM_LOOPBACK;
	return t;
}

static void span_counters(void *priv, unsigned int span, struct tel_span_counters *c)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	const struct fw_span_counters *f;
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	f = fw_span_link_counters(&sp->link);
	c->fas = f->fas;
	c->crc4 = f->crc;
	c->ebit = f->ebit;
	c->bpv = f->bpv;
	c->cv = f->bpv + f->exz;
	c->be = f->crc;
	c->errsec = f->es;
	c->slips = f->slips;
	spin_unlock_irqrestore(&sp->lock, flags);
}

static bool span_in_sync(void *priv, unsigned int span)
{
	struct telsim_dev *sd = priv;

	return span_aligned(sd->spans[span]);
}

static int span_hdlc_rx(void *priv, unsigned int span, unsigned int chan, u8 *buf,
			unsigned int cap, unsigned int *lost)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int status = 0;
	int len;

	*lost = 0;
	spin_lock(&sp->lock);
	len = hdlc_ts_rx_frame(&sp->hdlc, buf, cap, &status);
	if (len > 0 && sp->faults.bad_fcs) {
		/* the bad_fcs knob: this frame's FCS arrived corrupted */
		sp->faults.bad_fcs--;
		status |= HDLC_TS_RX_LOST_FCS;
		len = 0;
	}
	spin_unlock(&sp->lock);
	if (status & HDLC_TS_RX_LOST_FCS)
		*lost |= TEL_HDLC_LOST_FCS;
	if (status & (HDLC_TS_RX_LOST_ABORT | HDLC_TS_RX_LOST_LENGTH))
		*lost |= TEL_HDLC_LOST_ABORT;
	if (status & HDLC_TS_RX_LOST_OVERRUN)
		*lost |= TEL_HDLC_LOST_OVERRUN;
	if (len == HDLC_TS_ENOSPACE) {
		/* cannot happen: the core's buffer holds the longest frame */
		spin_lock(&sp->lock);
		hdlc_ts_rx_pop(&sp->hdlc);
		spin_unlock(&sp->lock);
		*lost |= TEL_HDLC_LOST_OVERRUN;
		return 0;
	}
	return len > 0 ? len : 0;
}

static int span_hdlc_tx(void *priv, unsigned int span, unsigned int chan, const u8 *frame,
			unsigned int len)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	int ret;

	spin_lock(&sp->lock);
	ret = hdlc_ts_tx_frame(&sp->hdlc, frame, len);
	spin_unlock(&sp->lock);
	if (ret == HDLC_TS_EFULL)
		return -EBUSY;
	if (ret)
		/* too short or too long for Q.921: dropped, as the controller would */
		dev_warn_ratelimited(&sd->dev, "span %u: HDLC frame of %u octets not sent: %s\n",
				     span + 1, len, hdlc_ts_strerror(ret));
	return 0;
}

static void span_rbs_rx(void *priv, unsigned int span, u8 abcd[], unsigned int chans)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int i, v;

	spin_lock(&sp->lock);
	for (i = 0; i < chans; i++) {
		v = chan_voice(sp, i);
		abcd[i] = v ? fw_span_link_rx_abcd(&sp->link, v) : 0;
	}
	spin_unlock(&sp->lock);
}

static int span_rbs_tx(void *priv, unsigned int span, unsigned int chan, unsigned int abcd)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	unsigned int v = chan_voice(sp, chan);
	unsigned long flags;

	if (!v)
		return -EINVAL;
	spin_lock_irqsave(&sp->lock, flags);
	fw_span_link_set_abcd(&sp->link, v, abcd);
	spin_unlock_irqrestore(&sp->lock, flags);
	return 0;
}

static int span_maint(void *priv, unsigned int span, enum tel_maint cmd)
{
	struct telsim_dev *sd = priv;
	struct telsim_span *sp = sd->spans[span];
	int ret = 0;

	spin_lock(&sp->lock);
	switch (cmd) {
	case TEL_MAINT_NONE:
	case TEL_MAINT_LOCAL_LOOP:
	case TEL_MAINT_NETWORK_LINE_LOOP:
	case TEL_MAINT_NETWORK_PAYLOAD_LOOP:
		sp->loop = cmd;
		sp->loop_have = false;
		break;
	default:
		ret = fw_span_link_inject(&sp->link, cmd == TEL_MAINT_INJECT_FAS ? FW_INJECT_FAS :
					  cmd == TEL_MAINT_INJECT_MULTI ? FW_INJECT_MFAS :
					  cmd == TEL_MAINT_INJECT_CRC ? FW_INJECT_CRC :
					  cmd == TEL_MAINT_INJECT_CAS ? FW_INJECT_CAS :
					  cmd == TEL_MAINT_INJECT_BIPOLAR ? FW_INJECT_BPV : 0) ?
		      -EOPNOTSUPP : 0;
		break;
	}
	spin_unlock(&sp->lock);
	return ret;
}

const struct tel_card_ops telsim_span_ops = {
	.owner = THIS_MODULE,
	.tick = span_tick,
	.rx = span_rx,
	.tx = span_tx,
	.alarms = span_alarms,
	.counters = span_counters,
	.in_sync = span_in_sync,
	.hdlc_rx = span_hdlc_rx,
	.hdlc_tx = span_hdlc_tx,
	.rbs_rx = span_rbs_rx,
	.rbs_tx = span_rbs_tx,
	.span_config = span_config,
	.chan_config = chan_config,
	.maint = span_maint,
};

/* --- spans of a card, cables, knobs -------------------------------------------- */

int telsim_spans_create(struct telsim_dev *sd)
{
	unsigned int s;

	for (s = 0; s < sd->count; s++) {
		struct telsim_span *sp = kvzalloc(sizeof(*sp), GFP_KERNEL);

		if (!sp)
			return -ENOMEM;
		sd->spans[s] = sp;
		sp->sd = sd;
		sp->index = s;
		sp->dchan = -1;
		spin_lock_init(&sp->lock);
		if (telsim_delay_init(&sp->in, sizeof(struct telsim_pulses)))
			return -ENOMEM;
		sp->lof_rng = 0x2545f491u + sd->id * 31 + s;
		fw_cable_init(&sp->cable, is_t1(sp) ? FW_SPAN_T1 : FW_SPAN_E1,
			      sd->id * 1000 + s + 1);
		/* until dahdi_cfg says otherwise: the usual PRI line of the kind */
		sp->cfg.kind = is_t1(sp) ? FW_SPAN_T1 : FW_SPAN_E1;
		sp->cfg.framing = is_t1(sp) ? FW_FRAMING_T1_ESF : FW_FRAMING_E1_CRC4;
		sp->cfg.linecode = is_t1(sp) ? FW_LINECODE_B8ZS : FW_LINECODE_HDB3;
		sp->cfg.sig = FW_SIG_CCS;
		if (span_reset(sp))
			return -EINVAL;
		memset(sp->last, sd->idle, sizeof(sp->last));
	}
	return 0;
}

void telsim_spans_destroy(struct telsim_dev *sd)
{
	unsigned int s;

	for (s = 0; s < sd->count; s++) {
		if (sd->spans[s])
			telsim_delay_free(&sd->spans[s]->in);
		kvfree(sd->spans[s]);
		sd->spans[s] = NULL;
	}
}

struct telsim_span *telsim_span_peer(struct telsim_span *sp)
{
	return rcu_access_pointer(sp->peer);
}

/* Caller holds the bus's device lock (no other link change at the same time). */
int telsim_span_link(struct telsim_span *a, struct telsim_span *b)
{
	if (a == b || a->sd->kind != b->sd->kind)
		return -EINVAL;
	if (rcu_access_pointer(a->peer) || rcu_access_pointer(b->peer))
		return -EBUSY;
	telsim_delay_clear(&a->in);
	telsim_delay_clear(&b->in);
	rcu_assign_pointer(a->peer, b);
	rcu_assign_pointer(b->peer, a);
	return 0;
}

/* Caller holds the bus's device lock; after this neither tick touches the other span. */
void telsim_span_unlink(struct telsim_span *a)
{
	struct telsim_span *b = rcu_access_pointer(a->peer);

	if (!b)
		return;
	RCU_INIT_POINTER(a->peer, NULL);
	RCU_INIT_POINTER(b->peer, NULL);
	synchronize_rcu();
	telsim_delay_clear(&a->in);
	telsim_delay_clear(&b->in);
}

void telsim_span_set_faults(struct telsim_span *sp, const struct telsim_faults *f)
{
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	sp->faults = *f;
	fw_cable_set_faults(&sp->cable, (f->los ? FW_CABLE_LOS : 0) | (f->ais ? FW_CABLE_AIS : 0));
	fw_cable_set_ber(&sp->cable, f->ber);
	spin_unlock_irqrestore(&sp->lock, flags);
}

void telsim_span_slip(struct telsim_span *sp, int n)
{
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	fw_cable_slip(&sp->cable, n);
	spin_unlock_irqrestore(&sp->lock, flags);
}

/* debugfs spanS/status: what the card's firmware sees on this span, for a person. */
int telsim_span_status(struct telsim_span *sp, char *buf, size_t len)
{
	const struct fw_span_counters *c;
	struct hdlc_ts_counters h;
	unsigned long flags;
	unsigned int a;
	int n;

	spin_lock_irqsave(&sp->lock, flags);
	a = fw_span_link_alarms(&sp->link);
	c = fw_span_link_counters(&sp->link);
	hdlc_ts_get_counters(&sp->hdlc, &h);
	n = scnprintf(buf, len,
		      "kind %s framing %s linecode %s sig %s dchan %d linked %s\n"
		      "alarms 0x%04x%s%s%s%s%s%s%s\n"
		      "crc4 %s\n"
		      "counters fas %u crc %u ebit %u bpv %u exz %u slips %u es %u ses %u\n"
		      "hdlc rx_frames %u rx_bad_fcs %u rx_aborts %u rx_overrun %u tx_frames %u tx_underrun %u\n"
		      "cable errors %u repeats %u deletions %u gaps %u store %u\n",
		      is_t1(sp) ? "T1" : "E1",
		      sp->cfg.framing == FW_FRAMING_E1_CRC4 ? "crc4" :
		      sp->cfg.framing == FW_FRAMING_T1_ESF ? "esf" :
		      sp->cfg.framing == FW_FRAMING_T1_SF ? "sf" : "basic",
		      sp->cfg.linecode == FW_LINECODE_AMI ? "ami" :
		      sp->cfg.linecode == FW_LINECODE_HDB3 ? "hdb3" : "b8zs",
		      sp->cas ? "cas" : "ccs", sp->dchan,
		      rcu_access_pointer(sp->peer) ? "yes" : "no", a,
		      a & FW_ALARM_LOS ? " LOS" : "", a & FW_ALARM_LOF ? " LOF" : "",
		      a & FW_ALARM_LMFA ? " LMFA" : "", a & FW_ALARM_AIS ? " AIS" : "",
		      a & FW_ALARM_RAI ? " RAI" : "", a & FW_ALARM_MFAIS ? " MFAIS" : "",
		      a & FW_ALARM_RMAI ? " RMAI" : "",
		      is_t1(sp) || sp->cfg.framing != FW_FRAMING_E1_CRC4 ? "-" :
		      sp->link.u.e1.rx.crc_mfa ? "aligned" :
		      fw_e1_crc4_fallback(&sp->link.u.e1) ? "fallen back (non-CRC-4 far end)" :
		      "searching",
		      c->fas, c->crc, c->ebit, c->bpv, c->exz, c->slips, c->es, c->ses,
		      h.rx_frames, h.rx_bad_fcs, h.rx_aborts, h.rx_overrun, h.tx_frames,
		      h.tx_underrun, sp->cable.errors, sp->cable.repeats, sp->cable.deletions,
		      sp->in.gaps, sp->st_len);
	spin_unlock_irqrestore(&sp->lock, flags);
	return n;
}

void telsim_span_cut_dchan(struct telsim_span *sp, u32 ms)
{
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	sp->faults.dchan_cut_ms = ms;
	fw_span_link_cut_dchan(&sp->link, ms * TELSIM_FRAMES_MS);
	spin_unlock_irqrestore(&sp->lock, flags);
}
