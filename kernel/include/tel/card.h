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
 * within the card, channel numbers 0-based within the span.
 *
 * rx and tx run every millisecond in the tick (hard interrupt context: they
 * must not sleep). rx fills one TEL_CHUNK-octet chunk per channel with what
 * the line delivered; tx takes what DAHDI wants to send. Both are required.
 * span_config, span_start, span_stop and hooksig run in process context and
 * may be NULL.
 */
struct tel_card_ops {
	struct module *owner;
	void (*rx)(void *priv, unsigned int span, u8 *const chunk[], unsigned int chans);
	void (*tx)(void *priv, unsigned int span, const u8 *const chunk[], unsigned int chans);
	int (*span_config)(void *priv, unsigned int span, int lineconfig, int lbo);
	int (*span_start)(void *priv, unsigned int span);
	void (*span_stop)(void *priv, unsigned int span);
	int (*hooksig)(void *priv, unsigned int span, unsigned int chan, int txsig);
};

struct tel_card *tel_card_create(struct device *parent, const struct tel_card_desc *desc,
				 const struct tel_card_ops *ops, void *priv);
void tel_card_destroy(struct tel_card *card);
/* Any context; the tick hands the new alarms to DAHDI within a millisecond. */
void tel_card_set_alarms(struct tel_card *card, unsigned int span, unsigned int alarms);

#endif /* TEL_CARD_H */
