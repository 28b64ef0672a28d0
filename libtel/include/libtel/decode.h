/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtel — decoding LAPD frames and Q.931 messages for people and tools.
 *
 * tel_decode_frame() decodes one LAPD frame (address, control, information;
 * no flags, no FCS) and, when it is a SAPI 0 I or UI frame with an
 * information field, the Q.931 message it carries; tel_decode_q931() decodes
 * a Q.931 message alone. Both fill a struct tel_decoded that documents every
 * field, including the conditions of Q.931 §5.8 the decoder found (missing
 * mandatory IE, unrecognised IE, content error ...): a malformed message is
 * data, not a failure. tel_decode_print() writes it as text or as one JSON
 * line (what `tel decode` prints). tel_pcap_open() reads pcap traces of link
 * type 177 (LINKTYPE_LINUX_LAPD, what libtel writes) record by record.
 *
 * Lifetimes: the struct tel_decoded is the caller's; its byte fields (struct
 * tel_bytes: digits, diagnostics, UUI, display text, opaque IEs, the
 * information field) point into the input given to the decode call, and stay
 * valid as long as those input octets stay allocated and unchanged. A record
 * of tel_pcap_next() points into the reader's buffer, valid until the next
 * tel_pcap_next() or tel_pcap_close() on that reader. Name strings (const
 * char *) are static.
 *
 * ABI: every struct here has a fixed layout with fixed-width fields, array
 * bounds that do not change, and reserved room (zeroed by the decoder) where
 * later versions add fields; a field's meaning never changes.
 */
#ifndef LIBTEL_DECODE_H
#define LIBTEL_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tel.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Octets inside the decoded input (not NUL-terminated; may hold 0x00). */
struct tel_bytes {
	const uint8_t *p;	/* NULL when len is 0 */
	uint32_t len;
};

/* ------------------------------------------------------------------------
 * LAPD frame (Q.921, modulo 128).
 */
enum tel_frame_kind {
	TEL_FRAME_I,
	TEL_FRAME_RR, TEL_FRAME_RNR, TEL_FRAME_REJ,			/* supervisory */
	TEL_FRAME_SABME, TEL_FRAME_UA, TEL_FRAME_DM, TEL_FRAME_DISC,	/* unnumbered */
	TEL_FRAME_FRMR, TEL_FRAME_XID, TEL_FRAME_UI,
};

/* Why a frame is malformed (struct tel_lapd_frame.status). */
enum tel_frame_status {
	TEL_FRAME_OK,
	TEL_FRAME_ESHORT,	/* fewer octets than address and control need */
	TEL_FRAME_EADDR,	/* address EA bits not 0 then 1 */
	TEL_FRAME_ECONTROL,	/* the control field is no defined frame type */
	TEL_FRAME_EINFO,	/* an information field on a frame type that has none */
	TEL_FRAME_ELENGTH,	/* an S or U frame of the wrong length */
	TEL_FRAME_ETOOLONG,	/* information field over N201 (260): decoded all the same */
};

struct tel_lapd_frame {
	uint8_t status;		/* enum tel_frame_status */
	uint8_t has_addr;	/* sapi, tei, cr, command are valid */
	uint8_t has_control;	/* kind, ns, nr, pf and info are valid (status OK or ETOOLONG) */
	uint8_t sapi;		/* 0 call control, 63 management */
	uint8_t tei;		/* 0..127 (0 on PRI) */
	uint8_t cr;		/* the C/R bit as on the wire */
	uint8_t command;	/* 1 command, 0 response (from C/R and who sent it) */
	uint8_t kind;		/* enum tel_frame_kind */
	uint8_t has_ns;		/* I frames */
	uint8_t ns;		/* N(S), 0..127 */
	uint8_t has_nr;		/* I and S frames */
	uint8_t nr;		/* N(R), 0..127 */
	uint8_t pf;		/* poll (command) / final (response) bit */
	uint8_t reserved0[3];
	struct tel_bytes info;	/* information field (I, UI, XID, FRMR) */
	uint32_t reserved[4];
};

/* ------------------------------------------------------------------------
 * Q.931 message. Each optional information element has a `present` flag;
 * its other fields are valid (and zero otherwise) only when it is set.
 */
#define TEL_DECODE_MAX_CAUSES	4	/* more are reported as a condition */
#define TEL_DECODE_MAX_PROGRESS	2
#define TEL_DECODE_MAX_CHANS	32
#define TEL_DECODE_MAX_RAW	8
#define TEL_DECODE_MAX_CONDS	8

/* Cause (IE 0x08), Q.850. */
struct tel_q931_cause {
	uint8_t coding;		/* coding standard, 0 ITU-T */
	uint8_t location;	/* 0 user, 1 private network local user, 2 public local, ... */
	uint8_t has_rec;
	uint8_t rec;		/* recommendation (octet 3a) */
	uint8_t value;		/* cause value 1..127, e.g. 16 normal call clearing */
	uint8_t reserved0[3];
	const char *name;	/* "Normal call clearing" ...; NULL for a value without a name */
	struct tel_bytes diag;	/* diagnostics, verbatim */
};

/* Called (0x70), calling (0x6C), connected (0x4C), redirecting (0x74) party number. */
struct tel_q931_number {
	uint8_t present;
	uint8_t type;		/* type of number, 0..7 */
	uint8_t plan;		/* numbering plan, 0..15 */
	uint8_t has_pres;	/* octet 3a (calling, connected, redirecting) */
	uint8_t pres;		/* presentation indicator, 0..3 */
	uint8_t screen;		/* screening indicator, 0..3 */
	uint8_t has_reason;	/* octet 3b (redirecting) */
	uint8_t reason;		/* reason for redirection */
	struct tel_bytes digits;	/* IA5 digits as sent */
};

/* Channel identification (0x18). */
struct tel_q931_chanid {
	uint8_t present;
	uint8_t pri;		/* interface type: 1 primary rate, 0 basic */
	uint8_t exclusive;	/* 1 only the indicated channel is acceptable, 0 preferred */
	uint8_t dchan;		/* the D-channel is indicated */
	uint8_t sel;		/* information channel selection (PRI: 0 none, 1 as indicated, 3 any) */
	uint8_t has_int_id;
	uint8_t int_id;		/* interface identifier */
	uint8_t has_chans;	/* channel numbers or a slot map follow */
	uint8_t coding;		/* coding standard of octet 3.2 */
	uint8_t map;		/* 1 slot map, 0 channel numbers */
	uint8_t chan_type;	/* 3 B-channel units */
	uint8_t nchans;		/* entries of chans[] (map 0) */
	uint8_t chans[TEL_DECODE_MAX_CHANS];
	uint8_t map_octets;	/* slot map length (3 T1, 4 E1) */
	uint8_t reserved0;
	int16_t bchan;		/* the one B-channel indicated, -1 when none or several */
	uint32_t slotmap;	/* bit n: channel n+1 (map 1) */
};

/* User-user (0x7E). */
struct tel_q931_uui {
	uint8_t present;
	uint8_t pd;		/* protocol discriminator: 0 user-specific, 4 IA5 characters, ... */
	uint8_t reserved0[2];
	struct tel_bytes data;	/* user data, discriminator excluded */
};

/* Progress indicator (0x1E). */
struct tel_q931_progress {
	uint8_t coding;
	uint8_t location;
	uint8_t desc;		/* 1 not end-to-end ISDN, 2 destination not ISDN, 8 in-band info ... */
	uint8_t reserved0;
};

/* Display (0x28); NI-2 puts a display type octet (0xB1 calling name) before the text. */
struct tel_q931_display {
	uint8_t present;
	uint8_t has_type;
	uint8_t type;
	uint8_t reserved0;
	struct tel_bytes text;
};

/* Bearer capability (0x04). */
struct tel_q931_bearer {
	uint8_t present;
	uint8_t coding;
	uint8_t itc;		/* 0 speech, 8 unrestricted digital, 16 3.1 kHz audio */
	uint8_t mode;		/* 0 circuit */
	uint8_t rate;		/* 0x10 64 kbit/s, 0x18 multirate */
	uint8_t has_mult;
	uint8_t mult;
	uint8_t has_l1;
	uint8_t l1;		/* 2 G.711 mu-law, 3 A-law */
	uint8_t l1_cont;
	uint8_t reserved0[2];
	struct tel_bytes rest;	/* octets 5a.. as received */
};

/* An IE kept opaque, or one understood but carried as octets (facility ...). */
struct tel_q931_opaque {
	uint8_t present;
	uint8_t reserved0[3];
	struct tel_bytes body;
};

/* An IE the decoder did not understand, or one of another codeset. */
struct tel_q931_raw {
	uint8_t codeset;	/* 0..7 */
	uint8_t id;		/* identifier octet */
	uint8_t single;		/* single-octet IE */
	uint8_t comprehension_required;	/* codeset 0, 0000 xxxx (Q.931 §5.8.7.1) */
	struct tel_bytes body;
};

/* Conditions of Q.931 §5.8 (struct tel_q931_cond.kind). */
enum tel_q931_cond_kind {
	TEL_Q931_TOO_SHORT,		/* under 3 octets, or call reference cut: ignore */
	TEL_Q931_BAD_PD,		/* protocol discriminator not 0x08: ignore */
	TEL_Q931_BAD_CREF,		/* call reference length invalid: ignore */
	TEL_Q931_UNKNOWN_MSG,		/* message type not known (cause 97) */
	TEL_Q931_MANDATORY_MISSING,	/* ie: mandatory IE absent (cause 96) */
	TEL_Q931_BAD_CONTENT,		/* ie: content error (cause 100, or 99) */
	TEL_Q931_IE_TRUNCATED,		/* ie: length runs past the end of the message */
	TEL_Q931_OUT_OF_SEQUENCE,	/* ie: identifier lower than the one before */
	TEL_Q931_UNKNOWN_IE,		/* ie: not recognised (cause 96 or 99) */
	TEL_Q931_UNEXPECTED_IE,		/* ie: not allowed in this message type (99) */
	TEL_Q931_REPEATED_IE,		/* ie: repeated where that is not allowed */
	TEL_Q931_UUI_TOO_BIG,		/* user-user data over the configured maximum */
	TEL_Q931_BAD_SHIFT,		/* locking shift to codeset 0 or a lower one */
	TEL_Q931_TOO_MANY,		/* ie: more occurrences than the struct keeps */
};

struct tel_q931_cond {
	uint8_t kind;		/* enum tel_q931_cond_kind */
	uint8_t ie;		/* IE identifier concerned, 0 if none */
	uint8_t codeset;
	uint8_t mandatory;	/* the IE is mandatory in this message and direction */
};

struct tel_q931 {
	int32_t status;		/* 0; or TEL_EPROTO: the message is to be ignored, conds[0] says why */
	uint8_t pd;		/* protocol discriminator (0x08) */
	uint8_t cref_len;	/* call reference octets: 0 dummy, 1 BRI, 2 PRI */
	uint8_t cref_flag;	/* 1: sent by the side that did not allocate it */
	uint8_t type;		/* message type octet, e.g. 0x05 SETUP */
	uint16_t cref;		/* call reference value without the flag */
	uint8_t sending_complete, more_data;
	const char *name;	/* "SETUP" ...; NULL for an unknown type */
	uint8_t ncauses, nprogress, nraw, nconds;
	uint8_t conds_overflow;	/* more conditions than TEL_DECODE_MAX_CONDS */
	uint8_t has_congestion, congestion, has_repeat, repeat;
	uint8_t has_call_state, call_state, call_state_coding;
	uint8_t has_notify, notify;	/* notification description */
	uint8_t has_signal, signal;
	uint8_t has_restart, restart_class;	/* 0 indicated channels, 6 interface, 7 all */
	uint8_t reserved0[2];
	struct tel_q931_cause causes[TEL_DECODE_MAX_CAUSES];
	struct tel_q931_progress progress[TEL_DECODE_MAX_PROGRESS];
	struct tel_q931_bearer bearer;
	struct tel_q931_chanid chan;
	struct tel_q931_number called, calling, connected, redirecting;
	struct tel_q931_display display;
	struct tel_q931_uui uui;
	struct tel_q931_opaque keypad, facility, llc, hlc;
	struct tel_bytes notify_rest;
	struct tel_q931_raw raw[TEL_DECODE_MAX_RAW];	/* in received order */
	struct tel_q931_cond conds[TEL_DECODE_MAX_CONDS];
	uint32_t reserved[16];
};

/* What a decode found. */
struct tel_decoded {
	uint8_t sender;		/* enum tel_side: who sent it */
	uint8_t has_frame;	/* decoded by tel_decode_frame(): @frame is filled */
	uint8_t has_q931;	/* a Q.931 message was decoded: @q931 is filled */
	uint8_t reserved0;
	uint32_t len;		/* octets of the input */
	const uint8_t *data;	/* the input */
	struct tel_lapd_frame frame;
	struct tel_q931 q931;
	uint32_t reserved[16];
};

/* Settings of a decode; NULL means the defaults. */
struct tel_decode_cfg {
	uint32_t uui_max;	/* user-user data octets beyond which the decoder reports
				 * TEL_Q931_UUI_TOO_BIG (default 128; at most 65535) */
	uint32_t reserved[7];	/* zero */
};
#define TEL_DECODE_CFG_DEFAULT	{ 128, { 0 } }

/*
 * tel_decode_frame() - decode the LAPD frame of @len octets at @frame, sent
 * by @sender, and the Q.931 message of a SAPI 0 I or UI frame. A malformed
 * frame or message is described in @out (frame.status, q931.status and
 * q931.conds), not an error. Never reads outside the input.
 * Errors: TEL_EINVAL (NULL @out, NULL @frame with @len, @len over 65535,
 * cfg->uui_max over 65535).
 */
int tel_decode_frame(const struct tel_decode_cfg *cfg, enum tel_side sender, const void *frame,
		     size_t len, struct tel_decoded *out);

/*
 * tel_decode_q931() - decode a Q.931 message alone (has_frame 0). As
 * tel_decode_frame() otherwise.
 */
int tel_decode_q931(const struct tel_decode_cfg *cfg, enum tel_side sender, const void *msg,
		    size_t len, struct tel_decoded *out);

/* ------------------------------------------------------------------------
 * pcap traces (link type 177), read from a file descriptor record by record:
 * a file of any size, a pipe or a FIFO costs one record of memory.
 */
typedef struct tel_pcap tel_pcap;

struct tel_pcap_rec {
	uint32_t recno;		/* 1, 2, ... */
	uint8_t sent_by_network;	/* direction, from the LAPD pseudo-header */
	uint8_t capturer_is_network;
	uint8_t reserved0[2];
	uint64_t ts_us;		/* timestamp, microseconds */
	uint64_t offset;	/* file offset of the record header */
	const uint8_t *frame;	/* the LAPD frame, in the reader's buffer */
	uint32_t len;
	uint32_t orig_len;	/* length on the wire; more than len if the capture cut it */
	uint32_t reserved[4];
};

/*
 * tel_pcap_open() - a reader of the pcap on @fd (not closed by the reader;
 * blocking reads). @pre holds @pre_len (at most 24) octets already read from
 * the start of the stream, or is NULL. Reads and checks the global header.
 * On failure (TEL_EINVAL, TEL_ENOMEM, TEL_EIO: read failed, TEL_EPROTO: not a
 * pcap of link type 177, cut short) *@out is NULL and @why (if not NULL)
 * holds a sentence, e.g. "link type 1 (not LAPD; expected 177)".
 */
int tel_pcap_open(int fd, const void *pre, size_t pre_len, tel_pcap **out, char *why,
		  size_t why_len);

/*
 * tel_pcap_next() - the next record: 1 with @rec filled, 0 at a clean end,
 * or TEL_EIO / TEL_EPROTO with tel_pcap_error() naming the record, its file
 * offset and what is wrong (truncated, captured length over the snap length,
 * shorter than the pseudo-header). Valid pointers: see the top of this file.
 */
int tel_pcap_next(tel_pcap *r, struct tel_pcap_rec *rec);

/* tel_pcap_error() - the sentence of the last failure of @r, "" when none. */
const char *tel_pcap_error(const tel_pcap *r);

/* tel_pcap_close() - free the reader (not the fd). NULL is allowed. */
void tel_pcap_close(tel_pcap *r);

/* ------------------------------------------------------------------------
 * Output.
 */
#define TEL_DECODE_JSON	0x1	/* one JSON object per line (JSON Lines) instead of text */

/*
 * tel_decode_print() - write @d to @f as `tel decode` does: text (a line for
 * the frame or message, then one indented line per information element and
 * per condition, "    ! ...") or, with TEL_DECODE_JSON, one JSON object and
 * a newline. @rec, when not NULL, is the pcap record @d was decoded from:
 * its number and timestamp lead the text, its timestamp the JSON.
 * Errors: TEL_EINVAL (NULL @f or @d), TEL_EIO (writing to @f failed).
 */
int tel_decode_print(FILE *f, const struct tel_decoded *d, const struct tel_pcap_rec *rec,
		     unsigned flags);

/*
 * tel_decode_cond_text() - a condition as a sentence, e.g. "missing
 * mandatory IE: Cause (0x08), mandatory", into @buf (always NUL-terminated
 * when @len > 0). Returns the length the whole sentence needs (as snprintf).
 */
int tel_decode_cond_text(const struct tel_q931_cond *c, char *buf, size_t len);

/* Names (static strings; never NULL): "I", "RR", ... "UI" ("?" for another
 * value); a frame status ("frame too short for ..."); a Q.850 location ("user", ..., "reserved"); a
 * user-user protocol discriminator ("IA5 characters", ..., "other"). */
const char *tel_frame_kind_name(unsigned kind);
const char *tel_frame_status_text(unsigned status);
const char *tel_cause_location_name(unsigned location);
const char *tel_uui_pd_name(unsigned pd);

/* Names that may be unknown (NULL then): a message type ("SETUP"), a cause
 * value ("Normal call clearing"), a codeset-0 IE identifier ("Cause"). */
const char *tel_q931_msg_name(unsigned type);
const char *tel_q931_cause_name(unsigned value);
const char *tel_q931_ie_name(unsigned id);

#ifdef __cplusplus
}
#endif

#endif /* LIBTEL_DECODE_H */
