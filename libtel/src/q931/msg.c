// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 messages: the message descriptor table and the decode/encode
 * drivers that walk a message's IEs through the IE table (ie.c).
 *
 * Decisions worth knowing (see also q931.h):
 * - A known IE that the message type does not allow is reported as
 *   Q931_ERR_UNEXPECTED_IE and still decoded and marked present, so call
 *   control and tools see what was sent; the encoder refuses such IEs.
 * - A message of unknown type is reported (Q931_ERR_UNKNOWN_MSG, decode
 *   returns 0) and its IEs are still decoded, all allowed, none mandatory.
 * - A bad or truncated IE that is mandatory is reported with mandatory set
 *   and not as missing, so the verdict is 100, not 96.
 * - Single-octet IEs of codeset 0 are accepted in any message and at any
 *   position; the encoder writes them at the place of their octet value in
 *   ascending order, i.e. after the variable-length IEs of codeset 0 (the
 *   sending complete 0xA1 comes after user-user 0x7E), before any shift.
 * - Opaque IEs (unknown codeset-0, other codesets) are written in ascending
 *   identifier order within their codeset; codesets 1..7 each follow one
 *   locking shift, in ascending codeset order.
 */
#include <stddef.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/q931.h"

#define B(x)	Q931_BIT(Q931_I_##x)
#define ALL_IES	(Q931_BIT(Q931_I_COUNT) - 1)

/* Display and facility may go nearly everywhere (Q.932, EN 300 403). */
#define DF	(B(DISPLAY) | B(FACILITY))

#define MSG(t, nm, allow, m_n2u, m_u2n) \
	{ .type = t, .name = nm, .allowed = (allow) | (m_n2u) | (m_u2n), \
	  .mandatory = { [Q931_NET_TO_USER] = (m_n2u), [Q931_USER_TO_NET] = (m_u2n) } }

/*
 * Every message type: X(type, name, IEs allowed, mandatory network to user,
 * mandatory user to network). Expanded into the descriptor table and into
 * the fast decoder's table by type.
 */
#define MSG_LIST(X) \
	X(Q931_ALERTING, "ALERTING", \
	    DF | B(BEARER_CAP) | B(CHANNEL_ID) | B(PROGRESS) | B(SIGNAL) | B(HLC) | \
	    B(USER_USER), 0, 0) \
	X(Q931_CALL_PROCEEDING, "CALL PROCEEDING", \
	    DF | B(BEARER_CAP) | B(CHANNEL_ID) | B(PROGRESS) | B(HLC), 0, 0) \
	X(Q931_PROGRESS, "PROGRESS", \
	    DF | B(BEARER_CAP) | B(CAUSE) | B(HLC) | B(USER_USER), B(PROGRESS), B(PROGRESS)) \
	X(Q931_SETUP, "SETUP", \
	    DF | B(PROGRESS) | B(KEYPAD) | B(SIGNAL) | B(CALLING_NUM) | B(CALLED_NUM) | \
	    B(REDIRECTING_NUM) | B(LLC) | B(HLC) | B(USER_USER) | B(CHANNEL_ID), \
	    B(BEARER_CAP) | B(CHANNEL_ID), B(BEARER_CAP)) \
	X(Q931_CONNECT, "CONNECT", \
	    DF | B(BEARER_CAP) | B(CHANNEL_ID) | B(PROGRESS) | B(SIGNAL) | B(CONNECTED_NUM) | \
	    B(LLC) | B(HLC) | B(USER_USER), 0, 0) \
	X(Q931_SETUP_ACK, "SETUP ACKNOWLEDGE", \
	    DF | B(CHANNEL_ID) | B(PROGRESS) | B(SIGNAL), 0, 0) \
	X(Q931_CONNECT_ACK, "CONNECT ACKNOWLEDGE", \
	    DF | B(CHANNEL_ID) | B(PROGRESS) | B(SIGNAL), 0, 0) \
	X(Q931_USER_INFORMATION, "USER INFORMATION", DF, B(USER_USER), B(USER_USER)) \
	X(Q931_DISCONNECT, "DISCONNECT", \
	    DF | B(PROGRESS) | B(SIGNAL) | B(USER_USER), B(CAUSE), B(CAUSE)) \
	X(Q931_RESTART, "RESTART", \
	    B(DISPLAY) | B(CHANNEL_ID), B(RESTART_IND), B(RESTART_IND)) \
	X(Q931_RELEASE, "RELEASE", \
	    DF | B(CAUSE) | B(SIGNAL) | B(USER_USER), 0, 0) \
	X(Q931_RESTART_ACK, "RESTART ACKNOWLEDGE", \
	    B(DISPLAY) | B(CHANNEL_ID), B(RESTART_IND), B(RESTART_IND)) \
	X(Q931_RELEASE_COMPLETE, "RELEASE COMPLETE", \
	    DF | B(CAUSE) | B(SIGNAL) | B(USER_USER), 0, 0) \
	X(Q931_FACILITY, "FACILITY", \
	    B(DISPLAY) | B(CALLING_NUM) | B(CALLED_NUM), B(FACILITY), B(FACILITY)) \
	X(Q931_NOTIFY, "NOTIFY", \
	    DF | B(BEARER_CAP), B(NOTIFY), B(NOTIFY)) \
	X(Q931_STATUS_ENQUIRY, "STATUS ENQUIRY", DF, 0, 0) \
	X(Q931_INFORMATION, "INFORMATION", \
	    DF | B(CAUSE) | B(KEYPAD) | B(SIGNAL) | B(CALLED_NUM), 0, 0) \
	X(Q931_STATUS, "STATUS", \
	    DF, B(CAUSE) | B(CALL_STATE), B(CAUSE) | B(CALL_STATE))

const struct q931_msg_desc q931_msg_table[] = {
#define MSG_X(t, nm, allow, m_n2u, m_u2n) MSG(t, nm, allow, m_n2u, m_u2n),
	MSG_LIST(MSG_X)
#undef MSG_X
};

#define msg_table	q931_msg_table
#define NMSG	(sizeof(msg_table) / sizeof(msg_table[0]))

/* Message type octet -> msg_table index + 1 (0: unknown). */
#define msg_index	q931_msg_index
const uint8_t q931_msg_index[256] = {
	[Q931_ALERTING] = 1, [Q931_CALL_PROCEEDING] = 2, [Q931_PROGRESS] = 3,
	[Q931_SETUP] = 4, [Q931_CONNECT] = 5, [Q931_SETUP_ACK] = 6, [Q931_CONNECT_ACK] = 7,
	[Q931_USER_INFORMATION] = 8, [Q931_DISCONNECT] = 9, [Q931_RESTART] = 10,
	[Q931_RELEASE] = 11, [Q931_RESTART_ACK] = 12, [Q931_RELEASE_COMPLETE] = 13,
	[Q931_FACILITY] = 14, [Q931_NOTIFY] = 15, [Q931_STATUS_ENQUIRY] = 16,
	[Q931_INFORMATION] = 17, [Q931_STATUS] = 18,
};

/* The lookup, inlined into the codec's drivers (the exported one is for tools). */
static inline const struct q931_msg_desc *msg_desc(uint8_t type)
{
	return q931_msg_desc_inline(type);
}

const struct q931_msg_desc *q931_msg_desc(uint8_t type)
{
	return msg_desc(type);
}

bool q931_msg_known(uint8_t type)
{
	return msg_index[type] != 0;
}

void q931_codec_init(struct q931_codec *c)
{
	c->uui_max = Q931_UUI_MAX_DEFAULT;
}

void q931_msg_init(struct q931_msg *m, uint8_t type, uint16_t cref, bool cref_flag)
{
	memset(m, 0, sizeof(*m));
	q931_msg_init_hdr(m, type, cref, cref_flag);
}

/* ---- Conditions and verdict ---------------------------------------------- */

/* Q.850 cause a condition asks for (0: none). */
static int err_cause(const struct q931_error *e)
{
	switch (e->kind) {
	case Q931_ERR_UNKNOWN_MSG:
		return 97;
	case Q931_ERR_MANDATORY_MISSING:
		return 96;
	case Q931_ERR_UNKNOWN_IE:
		return e->mandatory ? 96 : 99;
	case Q931_ERR_BAD_CONTENT:
	case Q931_ERR_IE_TRUNCATED:
		return e->mandatory ? 100 : 99;
	case Q931_ERR_UNEXPECTED_IE:
	case Q931_ERR_BAD_SHIFT:
		return 99;
	default:	/* message ignored, or handled by ignoring the extra octets */
		return 0;
	}
}

/* Priority of a cause for the verdict: 97 > 96 > 100 > 99 > none. */
static int cause_rank(int cause)
{
	switch (cause) {
	case 97:
		return 4;
	case 96:
		return 3;
	case 100:
		return 2;
	case 99:
		return 1;
	default:
		return 0;
	}
}

int q931_msg_verdict(const struct q931_msg *m)
{
	int best = 0;
	unsigned int i;

	for (i = 0; i < m->nerr && i < Q931_MAX_ERRORS; i++) {
		int c = err_cause(&m->err[i]);

		if (cause_rank(c) > cause_rank(best))
			best = c;
	}
	return best;
}

/*
 * Record a condition. When the list is full, err_overflow is set and the new
 * condition replaces the least important one kept if it matters more, so
 * the verdict stays right.
 */
static void add_err(struct q931_msg *m, enum q931_err_kind kind, uint8_t ie, uint8_t codeset,
		    bool mandatory)
{
	struct q931_error e = { kind, ie, codeset, mandatory };
	unsigned int i, low = 0;

	if (m->nerr < Q931_MAX_ERRORS) {
		m->err[m->nerr++] = e;
		return;
	}
	m->err_overflow = true;
	for (i = 1; i < Q931_MAX_ERRORS; i++)
		if (cause_rank(err_cause(&m->err[i])) < cause_rank(err_cause(&m->err[low])))
			low = i;
	if (cause_rank(err_cause(&e)) > cause_rank(err_cause(&m->err[low])))
		m->err[low] = e;
}

/* ---- Decoding ------------------------------------------------------------ */

struct dec_state {
	const struct q931_codec *c;
	struct q931_msg *m;
	uint32_t allowed;
	uint32_t mandatory;
	uint32_t seen;			/* known IEs met, well-formed or not */
	/*
	 * Occurrences met per known IE, defined only where @seen has the bit
	 * (set with it), so not cleared per message. A truncated IE sets the
	 * bit without a count, but ends the decoding.
	 */
	uint8_t count[Q931_I_COUNT];
};

static void keep_raw(struct dec_state *s, uint8_t codeset, uint8_t id, const uint8_t *body,
		     size_t len)
{
	struct q931_msg *m = s->m;
	struct q931_raw_ie *r;

	if (m->nraw == Q931_MAX_RAW) {
		add_err(m, Q931_ERR_TOO_MANY, id, codeset, false);
		return;
	}
	r = &m->raw[m->nraw++];
	r->codeset = codeset;
	r->id = id;
	r->single = id & 0x80;
	r->comprehension_required = codeset == 0 && (id & 0xf0) == 0;
	r->body.p = body;
	r->body.len = (uint16_t)len;
}

/* A single-octet IE of codeset 0 other than shift. */
static void dec_single(struct dec_state *s, uint8_t id, const uint8_t *at)
{
	struct q931_msg *m = s->m;
	bool *flag;

	switch (id & 0xf0) {
	case 0xa0:
		if (id == Q931_IE_MORE_DATA)
			flag = &m->more_data;
		else if (id == Q931_IE_SENDING_COMPLETE)
			flag = &m->sending_complete;
		else
			goto unknown;
		break;
	case Q931_IE_CONGESTION:
		flag = &m->has_congestion;
		break;
	case Q931_IE_REPEAT:
		flag = &m->has_repeat;
		break;
	default:
		goto unknown;
	}
	if (*flag) {
		add_err(m, Q931_ERR_REPEATED_IE, id, 0, false);
		return;
	}
	*flag = true;
	if ((id & 0xf0) == Q931_IE_CONGESTION)
		m->congestion = id & 0x0f;
	else if ((id & 0xf0) == Q931_IE_REPEAT)
		m->repeat = id & 0x0f;
	return;
unknown:
	add_err(m, Q931_ERR_UNKNOWN_IE, id, 0, false);
	keep_raw(s, 0, id, at + 1, 0);
}

/* A variable-length IE of codeset 0. */
static void dec_var(struct dec_state *s, uint8_t id, const uint8_t *body, size_t len)
{
	struct q931_msg *m = s->m;
	const struct q931_ie_desc *d;
	int idx = (int)q931_ie_index_tab[id] - 1;
	uint32_t bit;
	int rc;

	if (idx < 0) {
		bool cr = (id & 0xf0) == 0;

		add_err(m, Q931_ERR_UNKNOWN_IE, id, 0, cr);
		keep_raw(s, 0, id, body, len);
		return;
	}
	d = &q931_ie_table[idx];
	bit = Q931_BIT(idx);
	if (!(s->seen & bit)) {
		/* the first occurrence (max_rep >= 1): count[idx] starts here */
		s->seen |= bit;
		s->count[idx] = 1;
	} else if (s->count[idx] >= d->max_rep) {
		add_err(m, d->max_rep == 1 ? Q931_ERR_REPEATED_IE : Q931_ERR_TOO_MANY, id, 0,
			false);
		return;
	} else {
		s->count[idx]++;
	}
	if (__builtin_expect(!(s->allowed & bit), 0))
		add_err(m, Q931_ERR_UNEXPECTED_IE, id, 0, false);
	/* min_len <= len <= max_len, one unsigned comparison */
	if (__builtin_expect(len - d->min_len > (size_t)(d->max_len - d->min_len), 0)) {
		add_err(m, Q931_ERR_BAD_CONTENT, id, 0, s->mandatory & bit);
		return;
	}
	rc = d->decode(s->c, m, body, len);
	if (__builtin_expect(rc != Q931_DEC_OK, 0)) {
		if (rc == Q931_DEC_BAD) {
			add_err(m, Q931_ERR_BAD_CONTENT, id, 0, s->mandatory & bit);
			return;
		}
		if (rc == Q931_DEC_UUI_BIG)
			add_err(m, Q931_ERR_UUI_TOO_BIG, id, 0, s->mandatory & bit);
	}
	m->present |= bit;
}

static int dec_header(struct q931_msg *m, const uint8_t *buf, size_t len, size_t *pos)
{
	unsigned int crl;

	if (len < 3) {
		add_err(m, Q931_ERR_TOO_SHORT, 0, 0, false);
		return TEL_EPROTO;
	}
	m->pd = buf[0];
	if (buf[0] != Q931_PD) {
		add_err(m, Q931_ERR_BAD_PD, 0, 0, false);
		return TEL_EPROTO;
	}
	crl = buf[1] & 0x0f;
	if ((buf[1] & 0xf0) || crl > 2) {
		add_err(m, Q931_ERR_BAD_CREF, 0, 0, false);
		return TEL_EPROTO;
	}
	if (len < 3 + crl) {
		add_err(m, Q931_ERR_TOO_SHORT, 0, 0, false);
		return TEL_EPROTO;
	}
	m->cref_len = (uint8_t)crl;
	if (crl) {
		m->cref_flag = buf[2] & 0x80;
		m->cref = buf[2] & 0x7f;
		if (crl == 2)
			m->cref = (uint16_t)(m->cref << 8 | buf[3]);
	}
	m->type = buf[2 + crl];
	*pos = 3 + crl;
	return 0;
}

/*
 * Not inlined into its callers (link-time optimisation would): it is the
 * rare path behind q931_decode_fast(), and inlined its frame and registers
 * would weigh on every message.
 */
__attribute__((noinline)) int q931_decode_generic(const struct q931_codec *c, enum q931_dir dir,
						  const uint8_t *buf, size_t len,
						  struct q931_msg *m)
{
	struct dec_state s;
	const struct q931_msg_desc *md;
	uint8_t last[8] = { 0 };	/* highest variable-length id so far, per codeset */
	unsigned int locked = 0, cs;
	int shifted = -1;		/* codeset of a pending non-locking shift */
	uint32_t missing;
	size_t i;
	int idx;

	/*
	 * Not a memset of the whole message (632 octets, per frame): the header,
	 * the counters and the single-octet IEs are cleared here, and each IE
	 * decoder clears its own fields before filling them, so every field of
	 * a present IE is defined; the others are not read.
	 */
	if (buf && len >= 5 && buf[0] == Q931_PD && buf[1] == 2) {
		/* the usual header: two-octet call reference */
		q931_msg_init_hdr(m, buf[4], (uint16_t)((buf[2] & 0x7f) << 8 | buf[3]),
				  buf[2] & 0x80);
		i = 5;
	} else {
		q931_msg_init_hdr(m, 0, 0, false);
		m->pd = 0;
		m->cref_len = 0;
		if (!buf)
			len = 0;
		if (dec_header(m, buf, len, &i) < 0)
			return TEL_EPROTO;
	}
	md = msg_desc(m->type);
	s.c = c;
	s.m = m;
	s.seen = 0;
	if (md) {
		s.allowed = md->allowed;
		s.mandatory = md->mandatory[dir == Q931_USER_TO_NET];
	} else {
		add_err(m, Q931_ERR_UNKNOWN_MSG, 0, 0, false);
		s.allowed = ALL_IES;
		s.mandatory = 0;
	}
	while (i < len) {
		uint8_t id = buf[i];
		size_t ielen;

		cs = shifted >= 0 ? (unsigned int)shifted : locked;
		if ((id & 0xf0) == Q931_IE_SHIFT) {
			i++;
			shifted = -1;
			if (id & 0x08) {
				shifted = id & 7;
			} else if ((id & 7) <= locked) {
				add_err(m, Q931_ERR_BAD_SHIFT, id, (uint8_t)locked, false);
			} else {
				locked = id & 7;
			}
			continue;
		}
		shifted = -1;
		if (id & 0x80) {		/* single octet: exempt from ordering */
			if (cs == 0)
				dec_single(&s, id, buf + i);
			else
				keep_raw(&s, (uint8_t)cs, id, buf + i + 1, 0);
			i++;
			continue;
		}
		if (len - i < 2 || len - i - 2 < buf[i + 1]) {
			idx = cs == 0 ? (int)q931_ie_index_tab[id] - 1 : -1;
			add_err(m, Q931_ERR_IE_TRUNCATED, id, (uint8_t)cs,
				idx >= 0 && (s.mandatory & Q931_BIT(idx)));
			if (idx >= 0)
				s.seen |= Q931_BIT(idx);
			break;
		}
		ielen = buf[i + 1];
		if (id < last[cs])
			add_err(m, Q931_ERR_OUT_OF_SEQUENCE, id, (uint8_t)cs, false);
		else
			last[cs] = id;
		if (cs == 0)
			dec_var(&s, id, buf + i + 2, ielen);
		else
			keep_raw(&s, (uint8_t)cs, id, buf + i + 2, ielen);
		i += 2 + ielen;
	}
	/* only the missing ones are visited, lowest index (= identifier) first */
	for (missing = s.mandatory & ~s.seen; missing; missing &= missing - 1)
		add_err(m, Q931_ERR_MANDATORY_MISSING,
			q931_ie_table[__builtin_ctz(missing)].id, 0, true);
	return 0;
}

/* ---- Decoding, the fast path --------------------------------------------- */

/*
 * The fast decoder's view of a message type, by the type octet itself: one
 * load and one test where the descriptor lookup takes two loads, a test and
 * the index arithmetic. FAST_KNOWN marks a known type (no IE has that bit,
 * so it never stands in the way of "present & ~allowed").
 */
#define FAST_KNOWN	(1u << 31)
_Static_assert(Q931_I_COUNT < 31, "FAST_KNOWN is an IE bit");

struct fast_type {
	uint32_t allowed;		/* as the descriptor's, | FAST_KNOWN; 0: unknown */
	uint32_t mandatory[2];		/* indexed by enum q931_dir */
};

static const struct fast_type fast_type[256] = {
#define FAST_X(t, nm, allow, m_n2u, m_u2n) \
	[t] = { .allowed = (allow) | (m_n2u) | (m_u2n) | FAST_KNOWN, \
		.mandatory = { [Q931_NET_TO_USER] = (m_n2u), [Q931_USER_TO_NET] = (m_u2n) } },
	MSG_LIST(FAST_X)
#undef FAST_X
};

/*
 * Most messages of a call are plain: a two-octet call reference, a known
 * type, a few known IEs each once, in ascending order, well formed, in
 * codeset 0 (plus perhaps sending complete). For those q931_decode_fast()
 * fills @m exactly as q931_decode_generic() would, without its per-IE
 * bookkeeping (order per codeset, occurrence counts, error list): any
 * condition at all (shift, unknown, unexpected, repeated, out-of-order,
 * truncated or bad IE, missing mandatory IE, UUI too big, unknown type,
 * unusual header) makes it give up, and q931_decode() starts again with the
 * generic decoder, which reports it. So the fast path never has to produce
 * an error, only the fields of a clean decode; and since it gives up on the
 * first doubt, what it wrote before does not matter (the generic decoder
 * starts from the header again).
 *
 * The shapes of the IEs a call usually carries are decoded inline, each into
 * exactly the fields the ie.c decoder writes (the same values, zeros where
 * it clears); any other shape of a known IE goes through the IE table's own
 * decoder. test_q931_fast.c compares the two decoders field by field.
 */

/*
 * The common shapes, each into exactly the fields its ie.c decoder writes;
 * false for any other shape (then the IE table's decoder takes it). @n is
 * within the table's bounds.
 */

/* Cause, octet 3 with ext: no recommendation. The first cause: ncauses is 0. */
static inline bool fast_cause(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	if (!(b[0] & b[1] & 0x80))
		return false;
	m->cause[0] = (struct q931_cause){
		.coding = (b[0] >> 5) & 3, .location = b[0] & 0x0f,
		.value = b[1] & 0x7f, .diag_len = (uint8_t)(n - 2), .diag = b + 2 };
	m->ncauses = 1;
	return true;
}

/* Channel identification: PRI, no interface identifier, one channel number. */
static inline bool fast_chanid(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	struct q931_chanid *ch = &m->chan;

	if (n != 3 || (b[0] & 0xf0) != 0xa0 || (b[1] & 0x90) != 0x80 || !(b[2] & 0x80))
		return false;
	q931_chanid_clear(ch);
	ch->pri = true;
	ch->exclusive = b[0] & 0x08;
	ch->dchan = b[0] & 0x04;
	ch->sel = b[0] & 0x03;
	ch->has_chans = true;
	ch->coding = (b[1] >> 5) & 3;
	ch->chan_type = b[1] & 0x0f;
	ch->nchans = 1;
	ch->chans[0] = b[2] & 0x7f;
	return true;
}

/* Bearer capability: octets 3, 4 (not multirate) and 5, which ends the IE. */
static inline bool fast_bearer(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	struct q931_bearer *bc = &m->bearer;

	if (n != 3 || !(b[0] & b[1] & 0x80) || (b[1] & 0x1f) == 0x18 || (b[2] & 0xe0) != 0xa0)
		return false;
	/* field by field: a compound literal would clear the padding too */
	bc->coding = (b[0] >> 5) & 3;
	bc->itc = b[0] & 0x1f;
	bc->mode = (b[1] >> 5) & 3;
	bc->rate = b[1] & 0x1f;
	bc->has_mult = false;
	bc->mult = 0;
	bc->has_l1 = true;
	bc->l1 = b[2] & 0x1f;
	bc->l1_cont = false;
	bc->rest = (struct q931_bytes){ b + 3, 0 };
	return true;
}

/* A party number whose octet 3 has ext set: no presentation octet. */
static inline bool fast_number(struct q931_number *num, const uint8_t *b, unsigned int n)
{
	if (!(b[0] & 0x80))
		return false;
	*num = (struct q931_number){ .type = (b[0] >> 4) & 7, .plan = b[0] & 0x0f,
				     .len = (uint8_t)(n - 1), .digits = b + 1 };
	return true;
}

/* Progress indicator (length 2). The first one: nprogress is 0. */
static inline bool fast_progress(struct q931_msg *m, const uint8_t *b)
{
	if (!(b[0] & b[1] & 0x80))
		return false;
	m->progress[0] = (struct q931_progress){
		.coding = (b[0] >> 5) & 3, .location = b[0] & 0x0f, .desc = b[1] & 0x7f };
	m->nprogress = 1;
	return true;
}

/* Display: any contents; a first octet with bit 8 set is the display type. */
static inline void fast_display(struct q931_msg *m, const uint8_t *b, unsigned int n)
{
	unsigned int k = b[0] >> 7;

	m->display.has_type = k;
	m->display.type = k ? b[0] : 0;
	m->display.text = (struct q931_bytes){ b + k, (uint16_t)(n - k) };
}

/* User-user within the line's limit (too big: the generic decoder reports it). */
static inline bool fast_uui(const struct q931_codec *c, struct q931_msg *m, const uint8_t *b,
			    unsigned int n)
{
	if (n - 1 > (c ? c->uui_max : Q931_UUI_MAX_DEFAULT))
		return false;
	m->uui = (struct q931_uui){ .pd = b[0], .len = (uint16_t)(n - 1), .data = b + 1 };
	return true;
}

/* @n contents octets within the table's bounds of IE @idx (constants folded). */
static inline bool fast_len_ok(unsigned int idx, unsigned int n)
{
	return n >= q931_ie_table[idx].min_len && n <= q931_ie_table[idx].max_len;
}

/*
 * Whether IE @id, in the table at @idx, comes next at @p (p < end) and fits
 * in the message and in the table's bounds: its contents length, or 0 (every
 * IE looked for this way has at least one octet of contents).
 */
static inline unsigned int fast_next(const uint8_t *p, const uint8_t *end, unsigned int id,
				     unsigned int idx)
{
	size_t room;
	unsigned int n;

	/* the identifier alone first: where it differs (most tests) that is all */
	if (p[0] != id)
		return 0;
	room = (size_t)(end - p);
	if (room < 2)
		return 0;
	n = p[1];
	return fast_len_ok(idx, n) && n <= room - 2 ? n : 0;
}

bool q931_decode_fast_frame(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
			    size_t len, struct q931_msg *m)
{
	const struct fast_type *ft;
	const uint8_t *p, *end;
	uint32_t present = 0, allowed, mandatory;
	unsigned int last = 0, n;

	/* the protocol discriminator and a two-octet call reference, in one test */
	if (len < 5 || (buf[0] | buf[1] << 8) != (Q931_PD | 2 << 8))
		return false;
	ft = &fast_type[buf[4]];
	allowed = ft->allowed;
	if (!allowed)			/* unknown type */
		return false;
	/* an index, not a branch: any other @dir counts as Q931_NET_TO_USER */
	mandatory = ft->mandatory[dir == Q931_USER_TO_NET];
	q931_msg_init_hdr(m, buf[4], (uint16_t)((buf[2] << 8 | buf[3]) & 0x7fff), buf[2] & 0x80);
	p = buf + 5;
	end = buf + len;

	/*
	 * First the IEs of a call in the order they come in (ascending), each
	 * looked for once, no loop and no dispatch: most messages end here. An
	 * IE that is not the one looked for, or not in its common shape, is
	 * left to the loop below, which takes the rest of the message.
	 */
	if (p < end && (n = fast_next(p, end, Q931_IE_BEARER_CAP, Q931_I_BEARER_CAP)) &&
	    fast_bearer(m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_BEARER_CAP);
		last = Q931_IE_BEARER_CAP;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CAUSE, Q931_I_CAUSE)) &&
	    fast_cause(m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CAUSE);
		last = Q931_IE_CAUSE;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CHANNEL_ID, Q931_I_CHANNEL_ID)) &&
	    fast_chanid(m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CHANNEL_ID);
		last = Q931_IE_CHANNEL_ID;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_PROGRESS, Q931_I_PROGRESS)) &&
	    fast_progress(m, p + 2)) {
		present |= Q931_BIT(Q931_I_PROGRESS);
		last = Q931_IE_PROGRESS;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_DISPLAY, Q931_I_DISPLAY))) {
		fast_display(m, p + 2, n);
		present |= Q931_BIT(Q931_I_DISPLAY);
		last = Q931_IE_DISPLAY;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CALLING_NUM, Q931_I_CALLING_NUM)) &&
	    fast_number(&m->calling, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CALLING_NUM);
		last = Q931_IE_CALLING_NUM;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_CALLED_NUM, Q931_I_CALLED_NUM)) &&
	    fast_number(&m->called, p + 2, n)) {
		present |= Q931_BIT(Q931_I_CALLED_NUM);
		last = Q931_IE_CALLED_NUM;
		p += 2 + n;
	}
	if (p < end && (n = fast_next(p, end, Q931_IE_USER_USER, Q931_I_USER_USER)) &&
	    fast_uui(c, m, p + 2, n)) {
		present |= Q931_BIT(Q931_I_USER_USER);
		last = Q931_IE_USER_USER;
		p += 2 + n;
	}

	/* The rest, any order the generic decoder finds no fault with. */
	while (p < end) {
		unsigned int id = p[0], idx;
		const uint8_t *b;

		if (id & 0x80) {
			/* sending complete, once; shifts and the rest are the generic's */
			if (id != Q931_IE_SENDING_COMPLETE || m->sending_complete)
				return false;
			m->sending_complete = true;
			p++;
			continue;
		}
		/* strictly ascending: no repetition, nothing out of sequence */
		if (id <= last || end - p < 2 || (n = p[1]) > (size_t)(end - p - 2))
			return false;
		last = id;
		b = p + 2;
		p = b + n;
		idx = (unsigned int)q931_ie_index_tab[id] - 1;	/* unknown: huge */
		if (idx >= Q931_I_COUNT || !fast_len_ok(idx, n))
			return false;
		switch (id) {
		case Q931_IE_CAUSE:
			if (fast_cause(m, b, n))
				goto next;
			break;
		case Q931_IE_CHANNEL_ID:
			if (fast_chanid(m, b, n))
				goto next;
			break;
		case Q931_IE_BEARER_CAP:
			if (fast_bearer(m, b, n))
				goto next;
			break;
		case Q931_IE_CALLING_NUM:
			if (fast_number(&m->calling, b, n))
				goto next;
			break;
		case Q931_IE_CALLED_NUM:
			if (fast_number(&m->called, b, n))
				goto next;
			break;
		case Q931_IE_PROGRESS:
			if (fast_progress(m, b))
				goto next;
			return false;
		case Q931_IE_DISPLAY:
			fast_display(m, b, n);
			goto next;
		case Q931_IE_USER_USER:
			if (fast_uui(c, m, b, n))
				goto next;
			return false;
		}
		/* any other known IE, or another shape: the IE table's own decoder */
		if (q931_ie_table[idx].decode(c, m, b, n) != Q931_DEC_OK)
			return false;
next:
		present |= Q931_BIT(idx);
	}
	/* an IE the type does not allow, or a mandatory one missing: the generic's */
	if ((present & ~allowed) | (mandatory & ~present))
		return false;
	m->present = present;
	return true;
}

bool q931_decode_fast(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
		      size_t len, struct q931_msg *m)
{
	return buf && q931_decode_fast_frame(c, dir, buf, len, m);
}

int q931_decode(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf, size_t len,
		struct q931_msg *m)
{
	if (q931_decode_fast(c, dir, buf, len, m))
		return 0;
	return q931_decode_generic(c, dir, buf, len, m);
}

/* ---- Encoding ------------------------------------------------------------ */

/* Encoder output: nothing is written past @cap; @len keeps counting, so
 * len > cap after the fact means "too small". */
struct q931_wbuf {
	uint8_t *p;
	size_t len;
	size_t cap;
};

/* @n octets at @p; those that do not fit are counted, not written. */
static inline void put_bytes(struct q931_wbuf *w, const uint8_t *p, size_t n)
{
	size_t room = w->len < w->cap ? w->cap - w->len : 0;

	if (n < room ? n : room)
		memcpy(w->p + w->len, p, n < room ? n : room);
	w->len += n;
}

/* One IE to write in codeset 0: known (index), opaque (raw index) or single octet. */
struct enc_item {
	uint8_t key;		/* identifier octet: the sort key */
	uint8_t kind;
	uint8_t n;
};

enum { IT_KNOWN, IT_RAW, IT_SINGLE };

static void sort_items(struct enc_item *it, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {		/* insertion sort: stable, n <= 30 */
		struct enc_item x = it[i];

		for (j = i; j > 0 && it[j - 1].key > x.key; j--)
			it[j] = it[j - 1];
		it[j] = x;
	}
}

/* An opaque variable-length IE: identifier, length, contents (check_raw() bounds them). */
static void enc_raw(const struct q931_raw_ie *raw, struct q931_wbuf *w)
{
	uint8_t hdr[2] = { raw->id, (uint8_t)raw->body.len };

	put_bytes(w, hdr, 2);
	put_bytes(w, raw->body.p, raw->body.len);
}

/*
 * An IE of @n contents octets that did not fit: encoded once more aside, so
 * that every octet that fits is written all the same. Only on the way to
 * TEL_ENOSPC, kept out of line so that enc_ie() needs no 257-octet frame.
 */
static __attribute__((noinline)) void enc_ie_cut(const struct q931_codec *c,
						 const struct q931_msg *m,
						 const struct q931_ie_desc *d, unsigned int rep,
						 size_t n, struct q931_wbuf *w)
{
	uint8_t tmp[2 + Q931_IE_MAX];

	tmp[0] = d->id;
	tmp[1] = (uint8_t)n;
	d->encode(c, m, rep, tmp + 2, Q931_IE_MAX);
	put_bytes(w, tmp, n + 2);
}

/*
 * Occurrence @rep of known IE @d: identifier, length, contents. The encoder
 * writes straight into the buffer, with no check per octet, when the whole
 * IE fits.
 */
static int enc_ie(const struct q931_codec *c, const struct q931_msg *m,
		  const struct q931_ie_desc *d, unsigned int rep, struct q931_wbuf *w)
{
	size_t room = w->len < w->cap ? w->cap - w->len : 0;
	uint8_t *o = room >= 2 ? w->p + w->len : NULL;
	int n;

	n = d->encode(c, m, rep, o ? o + 2 : NULL, o ? room - 2 : 0);
	if (n < 0)
		return n;
	if (n < d->min_len || n > d->max_len)
		return TEL_EINVAL;
	if ((size_t)n + 2 > room) {
		enc_ie_cut(c, m, d, rep, (size_t)n, w);
		return 0;
	}
	o[0] = d->id;
	o[1] = (uint8_t)n;
	w->len += (size_t)n + 2;
	return 0;
}

static int check_raw(const struct q931_msg *m)
{
	unsigned int i;

	if (m->nraw > Q931_MAX_RAW)
		return TEL_EINVAL;
	for (i = 0; i < m->nraw; i++) {
		const struct q931_raw_ie *r = &m->raw[i];
		bool single = r->id & 0x80;

		if (r->codeset > 7 || (r->id & 0xf0) == Q931_IE_SHIFT || r->single != single)
			return TEL_EINVAL;
		if (single ? r->body.len != 0 : r->body.len > 255 || (r->body.len && !r->body.p))
			return TEL_EINVAL;
		/* an opaque codeset-0 IE must not be one the decoder understands */
		if (r->codeset == 0 && (q931_ie_index(r->id) >= 0 ||
					r->id == Q931_IE_MORE_DATA ||
					r->id == Q931_IE_SENDING_COMPLETE ||
					(r->id & 0xf0) == Q931_IE_CONGESTION ||
					(r->id & 0xf0) == Q931_IE_REPEAT))
			return TEL_EINVAL;
	}
	return 0;
}

static int check_msg(enum q931_dir dir, const struct q931_msg *m,
		     const struct q931_msg_desc *md)
{
	if (!md || (m->present & ~ALL_IES) || (m->present & ~md->allowed))
		return TEL_EINVAL;
	if ((md->mandatory[dir == Q931_USER_TO_NET] & m->present) !=
	    md->mandatory[dir == Q931_USER_TO_NET])
		return TEL_EINVAL;
	if (m->cref_len > 2 || (m->cref_len == 0 && (m->cref || m->cref_flag)) ||
	    (m->cref_len == 1 && m->cref > 0x7f) || m->cref > 0x7fff)
		return TEL_EINVAL;
	if ((Q931_HAS(m, Q931_I_CAUSE) && (!m->ncauses || m->ncauses > Q931_MAX_CAUSES)) ||
	    (Q931_HAS(m, Q931_I_PROGRESS) &&
	     (!m->nprogress || m->nprogress > Q931_MAX_PROGRESS)))
		return TEL_EINVAL;
	if (m->congestion > 15 || m->repeat > 15)
		return TEL_EINVAL;
	return check_raw(m);
}

/* Every occurrence of known IE @idx (repeatable ones: as many as their count). */
static int enc_known(const struct q931_codec *c, const struct q931_msg *m, unsigned int idx,
		     struct q931_wbuf *w)
{
	const struct q931_ie_desc *d = &q931_ie_table[idx];
	unsigned int count = 1, rep;
	int rc;

	if (d->count_off)
		count = *((const uint8_t *)m + d->count_off);
	for (rep = 0; rep < count; rep++) {
		rc = enc_ie(c, m, d, rep, w);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The single-octet IEs of codeset 0, in ascending order of their octets. */
static void enc_singles(const struct q931_msg *m, struct q931_wbuf *w)
{
	uint8_t o[4];
	size_t n = 0;

	if (!(m->more_data | m->sending_complete | m->has_congestion | m->has_repeat))
		return;		/* the usual case: one test */
	if (m->more_data)
		o[n++] = Q931_IE_MORE_DATA;
	if (m->sending_complete)
		o[n++] = Q931_IE_SENDING_COMPLETE;
	if (m->has_congestion)
		o[n++] = Q931_IE_CONGESTION | m->congestion;
	if (m->has_repeat)
		o[n++] = Q931_IE_REPEAT | m->repeat;
	if (n)
		put_bytes(w, o, n);
}

/*
 * The common case, no opaque IEs: nothing to sort. Known IEs in index order
 * are in identifier order, and every single-octet IE (0xA0..0xDF) sorts
 * after them; only the present ones are visited.
 */
static int enc_plain(const struct q931_codec *c, const struct q931_msg *m,
		     struct q931_wbuf *w)
{
	uint32_t bits;
	int rc;

	for (bits = m->present; bits; bits &= bits - 1) {
		rc = enc_known(c, m, (unsigned int)__builtin_ctz(bits), w);
		if (rc < 0)
			return rc;
	}
	enc_singles(m, w);
	return 0;
}

/* With opaque IEs: codeset 0 merged by identifier, then one locking shift per codeset. */
static int enc_with_raw(const struct q931_codec *c, const struct q931_msg *m,
			struct q931_wbuf *w)
{
	struct enc_item it[Q931_I_COUNT + 4 + Q931_MAX_RAW];
	unsigned int n = 0, i, cs;
	uint8_t shift;
	uint32_t bits;
	int rc;

	for (bits = m->present; bits; bits &= bits - 1) {
		i = (unsigned int)__builtin_ctz(bits);
		it[n++] = (struct enc_item){ q931_ie_table[i].id, IT_KNOWN, (uint8_t)i };
	}
	if (m->more_data)
		it[n++] = (struct enc_item){ Q931_IE_MORE_DATA, IT_SINGLE, 0 };
	if (m->sending_complete)
		it[n++] = (struct enc_item){ Q931_IE_SENDING_COMPLETE, IT_SINGLE, 0 };
	if (m->has_congestion)
		it[n++] = (struct enc_item){ Q931_IE_CONGESTION | m->congestion, IT_SINGLE, 0 };
	if (m->has_repeat)
		it[n++] = (struct enc_item){ Q931_IE_REPEAT | m->repeat, IT_SINGLE, 0 };
	for (i = 0; i < m->nraw; i++)
		if (m->raw[i].codeset == 0)
			it[n++] = (struct enc_item){ m->raw[i].id, IT_RAW, (uint8_t)i };
	sort_items(it, n);

	for (i = 0; i < n; i++) {
		switch (it[i].kind) {
		case IT_SINGLE:
			put_bytes(w, &it[i].key, 1);
			break;
		case IT_RAW:
			if (m->raw[it[i].n].single)
				put_bytes(w, &it[i].key, 1);
			else
				enc_raw(&m->raw[it[i].n], w);
			break;
		default:
			rc = enc_known(c, m, it[i].n, w);
			if (rc < 0)
				return rc;
		}
	}

	for (cs = 1; cs < 8; cs++) {
		n = 0;
		for (i = 0; i < m->nraw; i++)
			if (m->raw[i].codeset == cs)
				it[n++] = (struct enc_item){ m->raw[i].id, IT_RAW, (uint8_t)i };
		if (!n)
			continue;
		sort_items(it, n);
		shift = (uint8_t)(Q931_IE_SHIFT | cs);
		put_bytes(w, &shift, 1);
		for (i = 0; i < n; i++) {
			if (m->raw[it[i].n].single)
				put_bytes(w, &it[i].key, 1);
			else
				enc_raw(&m->raw[it[i].n], w);
		}
	}
	return 0;
}

int q931_encode(const struct q931_codec *c, enum q931_dir dir, const struct q931_msg *m,
		uint8_t *buf, size_t cap)
{
	const struct q931_msg_desc *md = msg_desc(m->type);
	struct q931_wbuf w = { buf, 0, buf ? cap : 0 };
	uint8_t hdr[5], *o = cap >= sizeof(hdr) && buf ? buf : hdr;
	size_t n = 0;
	int rc;

	rc = check_msg(dir, m, md);
	if (rc < 0)
		return rc;
	/* the header straight into @buf when it surely fits, else through @hdr */
	o[n++] = Q931_PD;
	o[n++] = m->cref_len;
	if (m->cref_len == 1)
		o[n++] = (m->cref_flag ? 0x80 : 0) | m->cref;
	if (m->cref_len == 2) {
		o[n++] = (m->cref_flag ? 0x80 : 0) | m->cref >> 8;
		o[n++] = m->cref & 0xff;
	}
	o[n++] = m->type;
	if (o == hdr)
		put_bytes(&w, hdr, n);
	else
		w.len = n;

	rc = m->nraw ? enc_with_raw(c, m, &w) : enc_plain(c, m, &w);
	if (rc < 0)
		return rc;
	if (w.len > w.cap)
		return TEL_ENOSPC;
	return (int)w.len;
}
