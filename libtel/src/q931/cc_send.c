// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, messages out through the codec: a call's messages as a
 * struct q931_msg (what the direct encoders of cc_send_fast.c must match
 * octet for octet), encoded by q931_encode() and handed to the data link;
 * STATUS; the data link's reserve for clearing messages.
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

/*
 * Messages are started with q931_msg_init_hdr(), not q931_msg_init(): no
 * clearing of the whole struct per message. So every IE set here is written
 * whole (compound literals), never field by field over old contents.
 */

/* Our messages carry flag = 1 on call references the far end allocated. */
void cc_msg_begin(const struct q931_call *c, struct q931_msg *m, uint8_t type)
{
	q931_msg_init_hdr(m, type, c->key & 0x7fff, !(c->key & CC_OURS));
}

void cc_msg_cause(const struct q931_cc *cc, struct q931_msg *m, uint8_t value)
{
	m->cause[0] = (struct q931_cause){ .location = cc->loc, .value = value };
	m->ncauses = 1;
	m->present |= Q931_BIT(Q931_I_CAUSE);
}

/* Channel identification, PRI coding, one B-channel by number. */
void cc_msg_chan(const struct q931_cc *cc, struct q931_msg *m, unsigned int chan, bool excl)
{
	struct q931_chanid *ch = &m->chan;

	q931_chanid_clear(ch);
	ch->pri = true;
	ch->exclusive = cc_chan_exclusive(cc, excl);
	ch->sel = 1;
	ch->has_chans = true;
	ch->chan_type = 3;
	ch->nchans = 1;
	ch->chans[0] = (uint8_t)chan;
	m->present |= Q931_BIT(Q931_I_CHANNEL_ID);
}

/* The small messages of a call (struct cc_small) as the codec gets them. */
void cc_small_msg(const struct q931_cc *cc, uint16_t key, uint8_t type, const struct cc_small *s,
		  struct q931_msg *m)
{
	q931_msg_init_hdr(m, type, key & 0x7fff, !(key & CC_OURS));
	if (s->cause)
		cc_msg_cause(cc, m, s->cause);
	if (s->chan)
		cc_msg_chan(cc, m, s->chan, s->excl);
	if (s->progress8) {
		m->progress[0] = (struct q931_progress){ .location = cc->loc, .desc = 8 };
		m->nprogress = 1;
		m->present |= Q931_BIT(Q931_I_PROGRESS);
	}
	if (s->has_uui) {
		m->uui = (struct q931_uui){ .pd = s->uui_pd, .len = s->uui_len, .data = s->uui };
		m->present |= Q931_BIT(Q931_I_USER_USER);
	}
}

/* The SETUP of request @r on B-channel @ch (0: none) as the codec gets it. */
void cc_setup_msg(const struct q931_cc *cc, uint16_t key, const struct cc_setup_req *r,
		  unsigned int ch, struct q931_msg *m)
{
	q931_msg_init_hdr(m, Q931_SETUP, key & 0x7fff, !(key & CC_OURS));
	m->present |= Q931_BIT(Q931_I_BEARER_CAP);
	m->bearer = (struct q931_bearer){
		.itc = 0,		/* speech */
		.rate = 0x10,		/* 64 kbit/s circuit mode */
		.has_l1 = true,
		.l1 = cc->cfg.bchans == 30 ? 3 : 2,	/* G.711 A-law on E1, mu-law on T1 */
	};
	if (ch)
		cc_msg_chan(cc, m, ch, r->exclusive);
	if (r->called_len) {
		m->called = (struct q931_number){
			.plan = 1, .len = r->called_len, .digits = r->called };
		m->present |= Q931_BIT(Q931_I_CALLED_NUM);
	}
	if (r->calling_len) {
		m->calling = (struct q931_number){
			.plan = 1, .len = r->calling_len, .digits = r->calling };
		m->present |= Q931_BIT(Q931_I_CALLING_NUM);
	}
	if (r->name_len)
		cc_msg_name(cc, m, r->name, r->name_len);
	if (r->uui || r->uui_len) {
		m->uui = (struct q931_uui){ .pd = r->uui_pd, .len = r->uui_len, .data = r->uui };
		m->present |= Q931_BIT(Q931_I_USER_USER);
	}
}

void cc_msg_flow_init(struct q931_cc *cc)
{
	lapd_set_flow(cc->cfg.link, CC_CLEAR_RESERVE * cc->cfg.max_calls);
}

int cc_send(struct q931_cc *cc, const struct q931_msg *m)
{
	uint8_t buf[CC_TXBUF];
	int n = q931_encode(&cc->codec, cc->txdir, m, buf, sizeof(buf));

	if (n < 0)
		return n;
	return lapd_dl_data_req_cl(cc->cfg.link, buf, (size_t)n, cc_msg_class(m->type));
}

/*
 * What the direct encoders decline, through the codec (which also gives the
 * error) into @buf (CC_TXBUF octets). Out of line, so that their struct
 * q931_msg (700 octets) weighs only on the rare message that needs it.
 */
__attribute__((noinline)) int cc_small_by_codec(const struct q931_cc *cc, uint16_t key,
						uint8_t type, const struct cc_small *s,
						uint8_t *buf)
{
	struct q931_msg m;

	cc_small_msg(cc, key, type, s, &m);
	return q931_encode(&cc->codec, cc->txdir, &m, buf, CC_TXBUF);
}

__attribute__((noinline)) int cc_setup_by_codec(const struct q931_cc *cc, uint16_t key,
						const struct cc_setup_req *r, unsigned int ch,
						uint8_t *buf)
{
	struct q931_msg m;

	cc_setup_msg(cc, key, r, ch, &m);
	return q931_encode(&cc->codec, cc->txdir, &m, buf, CC_TXBUF);
}

/* A message with at most a cause (0: none); errors are counted, not returned up. */
int cc_send_simple(struct q931_call *c, uint8_t type, uint8_t cause)
{
	int rc = cc_send_cause(c->cc, c->key, type, cause);

	if (rc < 0)
		c->cc->cnt.tx_errors++;
	return rc;
}

/* STATUS with @cause and, when @diag_ie is not NULL, that IE identifier as its diagnostic. */
int cc_send_status_diag(struct q931_call *c, uint8_t cause, const uint8_t *diag_ie)
{
	struct q931_msg m;
	int rc;

	cc_msg_begin(c, &m, Q931_STATUS);
	cc_msg_cause(c->cc, &m, cause);
	if (diag_ie) {
		m.cause[0].diag = diag_ie;
		m.cause[0].diag_len = 1;
	}
	m.call_state = c->state;
	m.call_state_coding = 0;
	m.present |= Q931_BIT(Q931_I_CALL_STATE);
	rc = cc_send(c->cc, &m);
	if (rc < 0)
		c->cc->cnt.tx_errors++;
	return rc;
}

int cc_send_status(struct q931_call *c, uint8_t cause)
{
	return cc_send_status_diag(c, cause, NULL);
}
