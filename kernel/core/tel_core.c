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

static_assert(TEL_CHUNK == DAHDI_CHUNKSIZE);

#define TEL_TICK_NS		1000000	/* DAHDI moves one chunk per millisecond */
#define TEL_MAX_CATCHUP		4	/* ticks run at once after a late timer */
#define TEL_E1_CHANS		31
#define TEL_T1_CHANS		24
#define TEL_E1_DCHAN		16

struct tel_span {
	struct dahdi_span span;
	struct tel_card *card;
	unsigned int index;		/* 0-based within the card */
	enum tel_span_kind kind;
	int sync;			/* timing priority from spanconfig, 0: never */
	unsigned int alarms;		/* TEL_ALARM_*, written by the backend */
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
			chan->sigcap |= DAHDI_SIG_MTP2 | DAHDI_SIG_SF;
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
			       DAHDI_SIG_FXOKS | DAHDI_SIG_CAS | DAHDI_SIG_DACS_RBS;
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
	unsigned int i;
	int ret;

	if (ops->span_config) {
		ret = ops->span_config(ts->card->priv, ts->index, lc->lineconfig, lc->lbo);
		if (ret)
			return ret;
	}
	span->lineconfig = lc->lineconfig;
	span->lbo = lc->lbo;
	ts->sync = lc->sync;
	for (i = 0; i < span->channels; i++)
		tel_set_sigcap(ts, i);
	return 0;
}

static int tel_chanconfig(struct file *file, struct dahdi_chan *chan, int sigtype)
{
	/* The core checked sigtype against sigcap; nothing on the card changes yet. */
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

	if (!ops->hooksig)
		return 0;
	return ops->hooksig(ts->card->priv, ts->index, chan->chanpos - 1, txsig);
}

static const struct dahdi_span_ops tel_span_ops = {
	.spanconfig = tel_spanconfig,
	.chanconfig = tel_chanconfig,
	.startup = tel_startup,
	.shutdown = tel_shutdown,
	.hooksig = tel_hooksig,
};

/* One millisecond of one span: line -> readchunk -> DAHDI -> writechunk -> line. */
static void tel_span_tick(struct tel_span *ts)
{
	const struct tel_card_ops *ops = ts->card->ops;
	struct dahdi_span *span = &ts->span;
	unsigned int n = span->channels;
	unsigned int i;
	int alarms;

	if (!test_bit(DAHDI_FLAGBIT_REGISTERED, &span->flags))
		return;
	alarms = tel_alarms_to_dahdi(READ_ONCE(ts->alarms));
	if (alarms != span->alarms) {
		span->alarms = alarms;
		dahdi_alarm_notify(span);
	}
	for (i = 0; i < n; i++)
		ts->rx[i] = ts->chans[i]->readchunk;
	ops->rx(ts->card->priv, ts->index, ts->rx, n);
	dahdi_ec_span(span);
	dahdi_receive(span);
	dahdi_transmit(span);
	for (i = 0; i < n; i++)
		ts->tx[i] = ts->chans[i]->writechunk;
	ops->tx(ts->card->priv, ts->index, ts->tx, n);
}

static enum hrtimer_restart tel_tick(struct hrtimer *timer)
{
	struct tel_card *card = container_of(timer, struct tel_card, tick);
	u64 ticks = hrtimer_forward_now(timer, ns_to_ktime(TEL_TICK_NS));
	unsigned int s;

	if (ticks > TEL_MAX_CATCHUP) {
		card->ddev->irqmisses += ticks - TEL_MAX_CATCHUP;
		ticks = TEL_MAX_CATCHUP;
	}
	while (ticks--)
		for (s = 0; s < card->nspans; s++)
			tel_span_tick(card->spans[s]);
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
		break;
	case TEL_SPAN_T1:
		span->spantype = SPANTYPE_DIGITAL_T1;
		span->linecompat = DAHDI_CONFIG_AMI | DAHDI_CONFIG_B8ZS |
				   DAHDI_CONFIG_D4 | DAHDI_CONFIG_ESF;
		span->deflaw = DAHDI_LAW_MULAW;
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
 * Process context. The card starts ticking at once; spans report no alarm
 * until the backend calls tel_card_set_alarms().
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
	hrtimer_init(&card->tick, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	card->tick.function = tel_tick;
	hrtimer_start(&card->tick, ns_to_ktime(TEL_TICK_NS), HRTIMER_MODE_REL);
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
	hrtimer_cancel(&card->tick);
	dahdi_unregister_device(card->ddev);
	tel_card_free(card);
}
EXPORT_SYMBOL_GPL(tel_card_destroy);

void tel_card_set_alarms(struct tel_card *card, unsigned int span, unsigned int alarms)
{
	if (span < card->nspans)
		WRITE_ONCE(card->spans[span]->alarms, alarms);
}
EXPORT_SYMBOL_GPL(tel_card_set_alarms);

MODULE_DESCRIPTION("tel DAHDI driver core: spans, channels and the 1 ms tick of a card");
MODULE_LICENSE("GPL");
