/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.921 LAPD frame codec: address and control fields, modulo 128.
 *
 * A frame here is what travels between the flags, without the FCS:
 * address (2 octets), control (1 or 2 octets), information.
 * Decoding never copies: the information field points into the caller's buffer.
 */
#ifndef TEL_LAPD_FRAME_H
#define TEL_LAPD_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAPD_SAPI_CC	0	/* call control (Q.931) */
#define LAPD_SAPI_MGMT	63	/* layer 2 management (TEI procedures) */
#define LAPD_N201	260	/* maximum information field, octets */
#define LAPD_MAX_FRAME	(4 + LAPD_N201)

/*
 * First (or only) control octet of S and U frames, P/F bit clear; S frames
 * carry N(R) and P/F in a second octet. For code that builds the frames it
 * sends itself (datalink.c) instead of going through lapd_frame_encode().
 */
#define LAPD_CTL_RR	0x01
#define LAPD_CTL_RNR	0x05
#define LAPD_CTL_REJ	0x09
#define LAPD_CTL_SABME	0x6F
#define LAPD_CTL_UA	0x63
#define LAPD_CTL_DM	0x0F
#define LAPD_CTL_DISC	0x43
#define LAPD_CTL_FRMR	0x87
#define LAPD_CTL_XID	0xAF
#define LAPD_CTL_UI	0x03
#define LAPD_CTL_U_PF	0x10	/* P/F bit of a U frame */

enum lapd_ftype {
	LAPD_I,
	LAPD_RR, LAPD_RNR, LAPD_REJ,		/* supervisory */
	LAPD_SABME, LAPD_UA, LAPD_DM, LAPD_DISC,	/* unnumbered */
	LAPD_FRMR, LAPD_XID, LAPD_UI,
	LAPD_FTYPE_COUNT
};

/* Why a frame could not be decoded. Every one is specific; 0 is success. */
enum lapd_err {
	LAPD_OK = 0,
	LAPD_ERR_SHORT,		/* fewer octets than address + control need */
	LAPD_ERR_ADDR_EA,	/* address EA bits not 0 then 1 (only 2-octet addresses exist) */
	LAPD_ERR_CONTROL,	/* control field is not a defined frame type */
	LAPD_ERR_INFO_NOT_ALLOWED, /* information field on a frame type that has none */
	LAPD_ERR_LENGTH,	/* S or U frame of the wrong length (e.g. FRMR without its 5 octets) */
	LAPD_ERR_TOO_LONG,	/* information field longer than N201 */
	LAPD_ERR_COUNT
};

struct lapd_frame {
	uint8_t sapi;		/* 0..63 */
	uint8_t tei;		/* 0..127 */
	bool cr;		/* the C/R bit as on the wire */
	enum lapd_ftype type;
	uint8_t ns;		/* I frames: N(S), 0..127 */
	uint8_t nr;		/* I and S frames: N(R), 0..127 */
	bool pf;		/* poll/final bit */
	const uint8_t *info;	/* I, UI, XID, FRMR: the information field */
	uint16_t info_len;
};

/*
 * lapd_frame_decode() - parse address and control of @len octets at @buf.
 * On LAPD_OK, @f is filled and f->info points into @buf. On error, @f holds
 * what could be parsed (address fields when they were valid) and the
 * return value says what is wrong. Never reads outside [buf, buf+len).
 */
enum lapd_err lapd_frame_decode(const uint8_t *buf, size_t len, struct lapd_frame *f);

/*
 * lapd_frame_encode() - write @f into @buf (capacity @cap).
 * Returns the frame length, or TEL_EINVAL (a field out of range, or an
 * information field on a type without one), or TEL_ENOSPC.
 */
int lapd_frame_encode(const struct lapd_frame *f, uint8_t *buf, size_t cap);

/*
 * The C/R bit for a command or a response sent by one side (Q.921 §3.3.2):
 * the network sends commands with C/R=1, the user with C/R=0.
 */
static inline bool lapd_cr_bit(bool sender_is_network, bool command)
{
	return sender_is_network == command;
}

/* Whether a received frame is a command, given which side sent it. */
static inline bool lapd_is_command(const struct lapd_frame *f, bool sender_is_network)
{
	return f->cr == sender_is_network;
}

/* "I", "RR", "RNR", "REJ", "SABME", "UA", "DM", "DISC", "FRMR", "XID", "UI". */
const char *lapd_ftype_name(enum lapd_ftype t);
/* A short English description of a decode error. */
const char *lapd_strerror(enum lapd_err e);

#endif /* TEL_LAPD_FRAME_H */
