/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.931 message codec (ITU-T Q.931, ETSI EN 300 403, NI-2), table-driven.
 *
 * One descriptor per message type (which IEs it may carry, which are
 * mandatory in each direction) and one per information element (its codec
 * functions). Decoding never copies: a received message is decoded into a
 * struct q931_msg on the caller's stack whose variable parts (digits, UUI,
 * diagnostics, opaque IEs) point into the message's bytes. Encoding writes
 * straight into the caller's transmit buffer, IEs in ascending order.
 *
 * Conditions of Q.931 §5.8 (missing mandatory IE, bad content, unknown
 * message type, out-of-sequence IE ...) are reported as data in msg->err[]
 * for the call control to act on; they do not stop the decode.
 */
#ifndef TEL_Q931_H
#define TEL_Q931_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define Q931_PD			0x08	/* protocol discriminator of Q.931 */
#define Q931_IE_MAX		255	/* contents octets of a variable-length IE */
#define Q931_UUI_MAX_DEFAULT	128	/* user data octets in user-user, PD excluded */

enum q931_msg_type {
	Q931_ALERTING = 0x01,
	Q931_CALL_PROCEEDING = 0x02,
	Q931_PROGRESS = 0x03,
	Q931_SETUP = 0x05,
	Q931_CONNECT = 0x07,
	Q931_SETUP_ACK = 0x0D,
	Q931_CONNECT_ACK = 0x0F,
	Q931_USER_INFORMATION = 0x20,
	Q931_DISCONNECT = 0x45,
	Q931_RESTART = 0x46,
	Q931_RELEASE = 0x4D,
	Q931_RESTART_ACK = 0x4E,
	Q931_RELEASE_COMPLETE = 0x5A,
	Q931_FACILITY = 0x62,
	Q931_NOTIFY = 0x6E,
	Q931_STATUS_ENQUIRY = 0x75,
	Q931_INFORMATION = 0x7B,
	Q931_STATUS = 0x7D,
};

/* Who sent a message: mandatory IEs differ per direction. */
enum q931_dir { Q931_NET_TO_USER, Q931_USER_TO_NET };

/* Codeset-0 variable-length IE identifiers this codec understands. */
enum q931_ie_id {
	Q931_IE_BEARER_CAP = 0x04,
	Q931_IE_CAUSE = 0x08,
	Q931_IE_CALL_STATE = 0x14,
	Q931_IE_CHANNEL_ID = 0x18,
	Q931_IE_FACILITY = 0x1C,
	Q931_IE_PROGRESS = 0x1E,
	Q931_IE_NOTIFY = 0x27,
	Q931_IE_DISPLAY = 0x28,
	Q931_IE_KEYPAD = 0x2C,
	Q931_IE_SIGNAL = 0x34,
	Q931_IE_CONNECTED_NUM = 0x4C,
	Q931_IE_CALLING_NUM = 0x6C,
	Q931_IE_CALLED_NUM = 0x70,
	Q931_IE_REDIRECTING_NUM = 0x74,
	Q931_IE_RESTART_IND = 0x79,
	Q931_IE_LLC = 0x7C,
	Q931_IE_HLC = 0x7D,
	Q931_IE_USER_USER = 0x7E,
	/* single-octet IEs (full octet for type-2, high nibble for type-1) */
	Q931_IE_SHIFT = 0x90,		/* 1001 L ccc: L=1 non-locking */
	Q931_IE_MORE_DATA = 0xA0,
	Q931_IE_SENDING_COMPLETE = 0xA1,
	Q931_IE_CONGESTION = 0xB0,	/* 1011 llll */
	Q931_IE_REPEAT = 0xD0,		/* 1101 rrrr */
};

/*
 * Index of each understood IE in the codec's tables and in msg->present.
 * Ascending IE identifier order, so encoding in index order is encoding in
 * ascending order.
 */
enum q931_ie_idx {
	Q931_I_BEARER_CAP,
	Q931_I_CAUSE,
	Q931_I_CALL_STATE,
	Q931_I_CHANNEL_ID,
	Q931_I_FACILITY,
	Q931_I_PROGRESS,
	Q931_I_NOTIFY,
	Q931_I_DISPLAY,
	Q931_I_KEYPAD,
	Q931_I_SIGNAL,
	Q931_I_CONNECTED_NUM,
	Q931_I_CALLING_NUM,
	Q931_I_CALLED_NUM,
	Q931_I_REDIRECTING_NUM,
	Q931_I_RESTART_IND,
	Q931_I_LLC,
	Q931_I_HLC,
	Q931_I_USER_USER,
	Q931_I_COUNT
};

#define Q931_BIT(idx)		(1u << (idx))
#define Q931_HAS(m, idx)	(((m)->present & Q931_BIT(idx)) != 0)

struct q931_bytes {
	const uint8_t *p;
	uint16_t len;
};

/* Bearer capability (0x04). Octets past those decoded are kept in @rest. */
struct q931_bearer {
	uint8_t coding;		/* octet 3 bits 7-6: 0 = ITU-T */
	uint8_t itc;		/* information transfer capability: 0 speech, 8 unrestricted digital, 16 3.1 kHz audio */
	uint8_t mode;		/* octet 4 bits 7-6: 0 circuit */
	uint8_t rate;		/* octet 4 bits 5-1: 0x10 = 64 kbit/s, 0x18 = multirate */
	bool has_mult;
	uint8_t mult;		/* octet 4.1 rate multiplier (multirate only) */
	bool has_l1;
	uint8_t l1;		/* octet 5 user information layer 1 protocol: 2 = G.711 mu-law, 3 = A-law */
	bool l1_cont;		/* octet 5 ext bit was 0: @rest opens with octet 5a */
	struct q931_bytes rest;	/* octets 5a.. 7 as received (opaque) */
};

#define Q931_MAX_CHANS 32

/* Channel identification (0x18), PRI and BRI codings. */
struct q931_chanid {
	bool pri;		/* interface type: 1 = other (primary rate) */
	bool exclusive;		/* 1 = only the indicated channel is acceptable */
	bool dchan;		/* the D-channel is indicated */
	uint8_t sel;		/* info channel selection (PRI: 0 none, 1 as indicated, 3 any) */
	bool has_int_id;	/* interface identifier present (octet 3.1) */
	uint8_t int_id;
	bool has_chans;		/* octets 3.2/3.3 present (PRI, sel = 1) */
	uint8_t coding;		/* octet 3.2 coding standard */
	bool map;		/* 1: slot map follows; 0: channel numbers */
	uint8_t chan_type;	/* 3 = B-channel units */
	uint8_t nchans;		/* channel numbers (map = 0) */
	uint8_t chans[Q931_MAX_CHANS];
	uint8_t map_octets;	/* slot map length: 3 on T1, 4 on E1 */
	uint32_t slotmap;	/* bit n = timeslot/channel n+1 (map = 1) */
};

/* Clear every field but the channel numbers, which count only up to nchans:
 * cheaper than clearing the whole struct for each message. */
static inline void q931_chanid_clear(struct q931_chanid *ch)
{
	memset(ch, 0, offsetof(struct q931_chanid, chans));
	ch->map_octets = 0;
	ch->slotmap = 0;
}

/* Called (0x70), calling (0x6C), connected (0x4C), redirecting (0x74) party number. */
struct q931_number {
	uint8_t type;		/* type of number, 0..7 */
	uint8_t plan;		/* numbering plan, 0..15 */
	bool has_pres;		/* octet 3a present (calling, connected, redirecting) */
	uint8_t pres;		/* presentation indicator, 0..3 */
	uint8_t screen;		/* screening indicator, 0..3 */
	bool has_reason;	/* octet 3b present (redirecting) */
	uint8_t reason;		/* reason for redirection, 0..15 */
	uint8_t len;
	const uint8_t *digits;	/* IA5 digits as bytes, not NUL-terminated */
};

/* Cause (0x08), Q.850. */
struct q931_cause {
	uint8_t coding;		/* 0 ITU-T */
	uint8_t location;	/* 0 user, 1 private local, 2 public local, ... */
	bool has_rec;
	uint8_t rec;		/* recommendation (octet 3a) */
	uint8_t value;		/* cause value, 1..127 */
	uint8_t diag_len;
	const uint8_t *diag;	/* diagnostics, kept verbatim */
};

/* User-user (0x7E). */
struct q931_uui {
	uint8_t pd;		/* protocol discriminator: 0 user-specific, 4 IA5 ... */
	uint16_t len;		/* data octets (PD excluded); 0x00 bytes allowed */
	const uint8_t *data;
};

struct q931_progress {
	uint8_t coding;
	uint8_t location;
	uint8_t desc;		/* 1 not end-to-end ISDN, 2 dest non-ISDN, 8 in-band info ... */
};

/*
 * Display (0x28): IA5 characters. NI-2 (and libpri on every switch but
 * EuroISDN and Q.SIG) puts one octet with bit 8 set before the text: the
 * display type, 0xB1 for a calling party name (libpri calls it a character
 * set indicator). EuroISDN (EN 300 403) has no such octet; IA5 text never has
 * bit 8 set, so a first octet with bit 8 set is a type octet in any variant.
 */
#define Q931_DISPLAY_CALLING_NAME	0xB1

struct q931_display {
	bool has_type;		/* the contents open with a display type octet */
	uint8_t type;		/* that octet (bit 8 set); 0 when none */
	struct q931_bytes text;	/* the characters, type octet excluded */
};

struct q931_notify {
	uint8_t desc;		/* notification description (7 bits) */
	struct q931_bytes rest;	/* further octets, opaque */
};

/* An IE kept opaque: unknown codeset-0 IE, or any IE of another codeset. */
struct q931_raw_ie {
	uint8_t codeset;	/* 0..7 */
	uint8_t id;		/* the identifier octet as received */
	bool single;		/* single-octet IE (id >= 0x80) */
	bool comprehension_required; /* codeset 0, id 0000 xxxx: Q.931 §5.8.7.1 */
	struct q931_bytes body;	/* contents (not id/length) */
};

/* Conditions found while decoding, Q.931 §5.8. */
enum q931_err_kind {
	Q931_ERR_TOO_SHORT,		/* fewer than 3 octets, or call reference cut: ignore message */
	Q931_ERR_BAD_PD,		/* protocol discriminator is not 0x08: ignore message */
	Q931_ERR_BAD_CREF,		/* call reference length field invalid (> 2 or spare bits): ignore */
	Q931_ERR_UNKNOWN_MSG,		/* message type not known: STATUS cause 97 */
	Q931_ERR_MANDATORY_MISSING,	/* @ie: mandatory IE absent: cause 96 */
	Q931_ERR_BAD_CONTENT,		/* @ie: content invalid; cause 100 (mandatory) or 99 */
	Q931_ERR_IE_TRUNCATED,		/* @ie: length runs past the end of the message */
	Q931_ERR_OUT_OF_SEQUENCE,	/* @ie: identifier lower than the one before in its codeset */
	Q931_ERR_UNKNOWN_IE,		/* @ie: not recognised; cause 96 if comprehension required, else 99 */
	Q931_ERR_UNEXPECTED_IE,		/* @ie: known but not allowed in this message type; cause 99.
					 * The IE is still decoded and marked present. */
	Q931_ERR_REPEATED_IE,		/* @ie: repeated where repetition is not allowed; extra ignored */
	Q931_ERR_UUI_TOO_BIG,		/* user-user data larger than the codec's maximum */
	Q931_ERR_BAD_SHIFT,		/* locking shift to a lower codeset or to codeset 0 */
	Q931_ERR_TOO_MANY,		/* @ie: more occurrences than the struct keeps (causes,
					 * progress, opaque IEs); the extra ones are not kept */
	Q931_ERR_KIND_COUNT
};

struct q931_error {
	uint8_t kind;		/* enum q931_err_kind */
	uint8_t ie;		/* IE identifier concerned (0 if none) */
	uint8_t codeset;
	bool mandatory;		/* the IE is mandatory in this message and direction */
};

#define Q931_MAX_CAUSES		4
#define Q931_MAX_PROGRESS	2
#define Q931_MAX_RAW		8
#define Q931_MAX_ERRORS		8

struct q931_msg {
	/*
	 * What q931_msg_init_hdr() sets, packed in the first 24 octets so that it
	 * is a few wide stores (the counters of the arrays below are here too).
	 */
	uint8_t pd;
	uint8_t cref_len;	/* 0 (dummy), 1 (BRI) or 2 (PRI) octets */
	bool cref_flag;		/* 1: sent by the side that did not allocate the cref */
	uint8_t type;		/* enum q931_msg_type (or the unknown octet) */
	uint16_t cref;		/* value without the flag; 0 with len 2 = global */
	uint8_t ncauses;	/* entries of cause[] */
	uint8_t nprogress;	/* entries of progress[] */
	uint32_t present;	/* Q931_BIT(Q931_I_*) of IEs present */
	bool sending_complete;
	bool more_data;
	bool has_congestion;
	uint8_t congestion;
	bool has_repeat;
	uint8_t repeat;
	uint8_t nraw;		/* entries of raw[] */
	uint8_t nerr;		/* entries of err[] */
	bool err_overflow;	/* more conditions than Q931_MAX_ERRORS */

	struct q931_bearer bearer;
	struct q931_cause cause[Q931_MAX_CAUSES];
	uint8_t call_state;	/* bits 6-1 value; coding standard in call_state_coding */
	uint8_t call_state_coding;
	struct q931_chanid chan;
	struct q931_bytes facility;
	struct q931_progress progress[Q931_MAX_PROGRESS];
	struct q931_notify notify;
	struct q931_display display;
	struct q931_bytes keypad;
	uint8_t signal;
	struct q931_number connected, calling, called, redirecting;
	uint8_t restart_class;		/* 0 indicated channels, 6 single interface, 7 all interfaces */
	struct q931_bytes llc, hlc;	/* opaque */
	struct q931_uui uui;

	struct q931_raw_ie raw[Q931_MAX_RAW];	/* unknown / other-codeset IEs, in received order */

	struct q931_error err[Q931_MAX_ERRORS];
};

/*
 * Per-instance settings (one per line). The codec functions accept a NULL
 * codec and then use the defaults of q931_codec_init().
 */
struct q931_codec {
	uint16_t uui_max;	/* maximum user-user data octets; default 128 */
};

void q931_codec_init(struct q931_codec *c);

/*
 * The most user-user data octets (discriminator excluded) codec @c takes
 * (NULL: the default): its uui_max, at most what one IE holds. The one limit
 * of the encoders and decoders; more is refused or reported, never cut.
 */
static inline size_t q931_uui_max(const struct q931_codec *c)
{
	size_t max = c ? c->uui_max : Q931_UUI_MAX_DEFAULT;

	return max < Q931_IE_MAX - 1 ? max : Q931_IE_MAX - 1;
}

static inline bool q931_uui_fits(const struct q931_codec *c, size_t len)
{
	return len <= q931_uui_max(c);
}

/* Clear @m for building a message to encode. */
void q931_msg_init(struct q931_msg *m, uint8_t type, uint16_t cref, bool cref_flag);

/*
 * q931_msg_init_hdr() - start a message like q931_msg_init(), but clear only
 * the header, the present mask, the single-octet IEs and the counters, not
 * the 600 octets of IE fields: the codec reads an IE's fields only when its
 * present bit is set. Whoever sets a present bit then writes every field of
 * that IE (a compound literal does). For call control's hot path; the
 * decoder clears the same way.
 */
_Static_assert(offsetof(struct q931_msg, ncauses) == offsetof(struct q931_msg, cref) + 2 &&
	       offsetof(struct q931_msg, err_overflow) < offsetof(struct q931_msg, bearer),
	       "q931_msg_init_hdr() clears ncauses .. err_overflow as one span");

static inline void q931_msg_init_hdr(struct q931_msg *m, uint8_t type, uint16_t cref,
				     bool cref_flag)
{
	/* in the order of the fields, for the compiler to merge the stores */
	m->pd = Q931_PD;
	m->cref_len = 2;
	m->cref_flag = cref_flag;
	m->type = type;
	m->cref = cref;
	/* ncauses .. err_overflow, 15 octets (counters, present mask,
	 * single-octet IEs, error count): two overlapping wide stores where
	 * the fields one by one took four. Addressed from @m: a span of
	 * fields, not one member. */
	memset((char *)m + offsetof(struct q931_msg, ncauses), 0,
	       offsetof(struct q931_msg, err_overflow) + 1 - offsetof(struct q931_msg, ncauses));
}

/*
 * q931_decode() - decode @len octets at @buf into @m (which is overwritten).
 * @dir: who sent the message (mandatory IEs depend on it).
 * Returns 0 when the header (PD, call reference, message type octet) could
 * be read, even if IE-level conditions were found (see m->err[]); or
 * TEL_EPROTO when the message must be ignored (too short, bad PD, bad call
 * reference), with the reason in m->err[0]. Never reads outside the buffer.
 * Pointers in @m point into @buf. The fields of an IE are defined only when
 * its present bit is set (m->present, or the counts ncauses/nprogress/nraw/
 * nerr); the others keep whatever @m held, since @m is not cleared whole.
 */
int q931_decode(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf, size_t len,
		struct q931_msg *m);

/*
 * The two halves of q931_decode(), for the tests that hold them against each
 * other. q931_decode_generic() is the table-driven decoder that handles (and
 * reports) everything. q931_decode_fast() takes only plain messages (known
 * type, two-octet call reference, known IEs of codeset 0 allowed in the
 * type, once each in ascending order, well formed, mandatory ones present)
 * and fills @m exactly as the generic decoder would, with no condition to
 * report; for anything else it returns false, having written @m partly,
 * and q931_decode() then runs the generic decoder.
 */
int q931_decode_generic(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
			size_t len, struct q931_msg *m);
bool q931_decode_fast(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
		      size_t len, struct q931_msg *m);
/* q931_decode_fast() for a frame's contents: @buf is never NULL (call control's
 * receive path, which saves the test on every message). */
bool q931_decode_fast_frame(const struct q931_codec *c, enum q931_dir dir, const uint8_t *buf,
			    size_t len, struct q931_msg *m);

/*
 * q931_encode() - encode @m into @buf (capacity @cap), IEs in ascending
 * order, other codesets after locking shifts.
 * Codeset 0 is written in ascending order of identifier octets, opaque
 * codeset-0 IEs merged in; single-octet IEs (sending complete 0xA1, more
 * data 0xA0, congestion 0xBx, repeat 0xDx) therefore come after the
 * variable-length IEs. Then, for each codeset 1..7 that has opaque IEs, a
 * locking shift and its IEs in ascending order. m->pd is not read (0x08 is
 * written); m->cref_len may be 0, 1 or 2. Single-octet IEs are not checked
 * against the message type. Validation errors win over TEL_ENOSPC; on
 * TEL_ENOSPC the first @cap octets may have been written, never more.
 * Returns the message length, or:
 *   TEL_EUUITOOBIG  user-user data longer than c->uui_max (nothing is cut)
 *   TEL_EINVAL      unknown message type, a mandatory IE for @dir missing,
 *                   an IE not allowed in the message, a field out of range
 *   TEL_ENOSPC      @cap too small
 */
int q931_encode(const struct q931_codec *c, enum q931_dir dir, const struct q931_msg *m,
		uint8_t *buf, size_t cap);

/* Q.850 cause the call control should answer a decoded message's conditions
 * with (§5.8): 96, 97, 99, 100, or 0 when there is nothing to answer. */
int q931_msg_verdict(const struct q931_msg *m);

/* Names: "SETUP", "DISCONNECT" ...; NULL for an unknown type. */
const char *q931_msg_name(uint8_t type);
/* "Cause", "User-user" ...; NULL for an IE identifier not understood. */
const char *q931_ie_name(uint8_t id);
/* "Normal call clearing" ...; NULL for a value without a name. */
const char *q931_cause_name(uint8_t value);
/* "missing mandatory IE" ... */
const char *q931_err_name(enum q931_err_kind k);
/* Whether a message type is known to the codec. */
bool q931_msg_known(uint8_t type);

/*
 * q931_msg_equal() - whether two decoded messages carry the same information:
 * every field compared, byte fields by content (not by pointer), opaque IEs
 * compared per codeset in ascending identifier order (the order the encoder
 * writes them in), error lists ignored.
 */
bool q931_msg_equal(const struct q931_msg *a, const struct q931_msg *b);

/*
 * Codec tables, exposed read-only for tools that list them and for tests.
 */

/* Return values of an IE decode function. */
enum q931_dec_rc {
	Q931_DEC_OK,		/* decoded, the IE is present */
	Q931_DEC_BAD,		/* content error: the IE is not present */
	Q931_DEC_UUI_BIG,	/* decoded and present, but larger than the codec's uui_max */
};

struct q931_ie_desc {
	uint8_t id;			/* codeset-0 identifier */
	uint8_t min_len, max_len;	/* contents octets (identifier and length excluded) */
	uint8_t max_rep;		/* occurrences kept; 1 = not repeatable */
	uint16_t count_off;		/* repeatable: offsetof the uint8_t count in q931_msg */
	const char *name;
	/* decode one occurrence's contents (len within min/max): enum q931_dec_rc */
	int (*decode)(const struct q931_codec *c, struct q931_msg *m, const uint8_t *p,
		      size_t len);
	/*
	 * encode occurrence @rep's contents into @out: their length (at most
	 * Q931_IE_MAX), or TEL_EINVAL or TEL_EUUITOOBIG. Writes only when all
	 * the contents fit in @room; otherwise nothing, and the length tells
	 * the caller how much room was missing.
	 */
	int (*encode)(const struct q931_codec *c, const struct q931_msg *m, unsigned int rep,
		      uint8_t *out, size_t room);
};

struct q931_msg_desc {
	uint8_t type;
	const char *name;
	uint32_t allowed;		/* Q931_BIT(Q931_I_*) the message may carry */
	uint32_t mandatory[2];		/* indexed by enum q931_dir; subset of @allowed */
};

/* The IE table, indexed by enum q931_ie_idx. */
extern const struct q931_ie_desc q931_ie_table[Q931_I_COUNT];
/* Q931_I_* of a codeset-0 IE identifier, or -1 when not understood. */
int q931_ie_index(uint8_t id);
/* The table behind it: IE identifier -> Q931_I_* + 1 (0: not understood). */
extern const uint8_t q931_ie_index_tab[256];
/* Descriptor of a message type, or NULL when unknown. */
const struct q931_msg_desc *q931_msg_desc(uint8_t type);

/* The tables behind it, for the inline lookup: message type -> table index + 1 (0: unknown). */
extern const struct q931_msg_desc q931_msg_table[];
extern const uint8_t q931_msg_index[256];

static inline const struct q931_msg_desc *q931_msg_desc_inline(uint8_t type)
{
	unsigned int i = q931_msg_index[type];

	return i ? &q931_msg_table[i - 1] : NULL;
}

#endif /* TEL_Q931_H */
