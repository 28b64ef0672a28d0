// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.921 LAPD frame codec: address and control fields, modulo 128.
 *
 * Decoding is canonical: a frame decodes to LAPD_OK only if encoding the result gives
 * back the same octets (reserved bits of S frames must be 0, etc.).
 */
#include "lapd/frame.h"

#include <string.h>

#include "libtel/tel.h"

/* Control field values with the P/F bit clear (frame.h). */
#define CTL_RR		LAPD_CTL_RR
#define CTL_RNR		LAPD_CTL_RNR
#define CTL_REJ		LAPD_CTL_REJ
#define CTL_SABME	LAPD_CTL_SABME
#define CTL_UA		LAPD_CTL_UA
#define CTL_DM		LAPD_CTL_DM
#define CTL_DISC	LAPD_CTL_DISC
#define CTL_FRMR	LAPD_CTL_FRMR
#define CTL_XID		LAPD_CTL_XID
#define CTL_UI		LAPD_CTL_UI
#define CTL_U_PF	LAPD_CTL_U_PF

#define FRMR_INFO_LEN	5	/* modulo 128: rejected control (2), V(S), V(R), W/X/Y/Z */

/* First (or only) control octet of each type, P/F bit clear; 0 for I frames. */
static const uint8_t ctl_octet[LAPD_FTYPE_COUNT] = {
	[LAPD_I] = 0x00,
	[LAPD_RR] = CTL_RR, [LAPD_RNR] = CTL_RNR, [LAPD_REJ] = CTL_REJ,
	[LAPD_SABME] = CTL_SABME, [LAPD_UA] = CTL_UA, [LAPD_DM] = CTL_DM,
	[LAPD_DISC] = CTL_DISC, [LAPD_FRMR] = CTL_FRMR, [LAPD_XID] = CTL_XID,
	[LAPD_UI] = CTL_UI,
};

static const char *const ftype_names[LAPD_FTYPE_COUNT] = {
	[LAPD_I] = "I",
	[LAPD_RR] = "RR", [LAPD_RNR] = "RNR", [LAPD_REJ] = "REJ",
	[LAPD_SABME] = "SABME", [LAPD_UA] = "UA", [LAPD_DM] = "DM", [LAPD_DISC] = "DISC",
	[LAPD_FRMR] = "FRMR", [LAPD_XID] = "XID", [LAPD_UI] = "UI",
};

static const char *const err_names[LAPD_ERR_COUNT] = {
	[LAPD_OK] = "success",
	[LAPD_ERR_SHORT] = "frame too short for address and control field",
	[LAPD_ERR_ADDR_EA] = "address field extension bits wrong (expected EA 0 then 1)",
	[LAPD_ERR_CONTROL] = "undefined control field",
	[LAPD_ERR_INFO_NOT_ALLOWED] = "information field on a frame type that has none",
	[LAPD_ERR_LENGTH] = "wrong length for the frame type",
	[LAPD_ERR_TOO_LONG] = "information field longer than N201 (260 octets)",
};

static inline bool is_s_frame(enum lapd_ftype t)
{
	return t == LAPD_RR || t == LAPD_RNR || t == LAPD_REJ;
}

/* Type of a U frame from its control octet (P/F cleared); LAPD_FTYPE_COUNT if undefined. */
static enum lapd_ftype u_type(uint8_t c)
{
	switch (c) {
	case CTL_SABME:	return LAPD_SABME;
	case CTL_UA:	return LAPD_UA;
	case CTL_DM:	return LAPD_DM;
	case CTL_DISC:	return LAPD_DISC;
	case CTL_FRMR:	return LAPD_FRMR;
	case CTL_XID:	return LAPD_XID;
	case CTL_UI:	return LAPD_UI;
	default:	return LAPD_FTYPE_COUNT;
	}
}

/* Information field of @n octets at @p, for types that may carry one (I, UI, XID). */
static enum lapd_err set_info(struct lapd_frame *f, const uint8_t *p, size_t n)
{
	/* Still point at it when too long, so a trace tool can show it. */
	f->info = n ? p : NULL;
	f->info_len = n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
	return n > LAPD_N201 ? LAPD_ERR_TOO_LONG : LAPD_OK;
}

enum lapd_err lapd_frame_decode(const uint8_t *buf, size_t len, struct lapd_frame *f)
{
	uint8_t c;

	/* One store of the whole struct is cheaper than clearing field by field. */
	*f = (struct lapd_frame){ .type = LAPD_FTYPE_COUNT };
	if (len < 2)
		return LAPD_ERR_SHORT;
	if ((buf[0] & 0x01) != 0 || (buf[1] & 0x01) != 1)
		return LAPD_ERR_ADDR_EA;
	f->sapi = buf[0] >> 2;
	f->cr = (buf[0] >> 1) & 1;
	f->tei = buf[1] >> 1;
	if (len < 3)
		return LAPD_ERR_SHORT;

	c = buf[2];
	if ((c & 0x01) == 0) {			/* I frame: 0 N(S) | N(R) P */
		f->type = LAPD_I;
		if (len < 4)
			return LAPD_ERR_SHORT;
		f->ns = c >> 1;
		f->nr = buf[3] >> 1;
		f->pf = buf[3] & 0x01;
		if (len == 4)
			return LAPD_OK;		/* empty I frame: no info */
		f->info = buf + 4;
		if (len - 4 <= LAPD_N201) {	/* the usual case */
			f->info_len = (uint16_t)(len - 4);
			return LAPD_OK;
		}
		return set_info(f, buf + 4, len - 4);
	}

	if ((c & 0x03) == 0x01) {		/* S frame: 0000 SS01 | N(R) P/F */
		switch (c) {
		case CTL_RR:	f->type = LAPD_RR; break;
		case CTL_RNR:	f->type = LAPD_RNR; break;
		case CTL_REJ:	f->type = LAPD_REJ; break;
		default:	return LAPD_ERR_CONTROL;
		}
		if (len < 4)
			return LAPD_ERR_SHORT;
		f->nr = buf[3] >> 1;
		f->pf = buf[3] & 0x01;
		return len > 4 ? LAPD_ERR_INFO_NOT_ALLOWED : LAPD_OK;
	}

	/* U frame: MMM P/F MM11 */
	f->type = u_type((uint8_t)(c & ~CTL_U_PF));
	if (f->type == LAPD_FTYPE_COUNT)
		return LAPD_ERR_CONTROL;
	f->pf = c & CTL_U_PF;
	switch (f->type) {
	case LAPD_FRMR:
		f->info = len > 3 ? buf + 3 : NULL;
		f->info_len = len - 3 > UINT16_MAX ? UINT16_MAX : (uint16_t)(len - 3);
		return len - 3 == FRMR_INFO_LEN ? LAPD_OK : LAPD_ERR_LENGTH;
	case LAPD_XID:
	case LAPD_UI:
		return set_info(f, buf + 3, len - 3);
	default:				/* SABME, UA, DM, DISC */
		return len > 3 ? LAPD_ERR_INFO_NOT_ALLOWED : LAPD_OK;
	}
}

int lapd_frame_encode(const struct lapd_frame *f, uint8_t *buf, size_t cap)
{
	size_t hlen, total;
	uint8_t *p;

	if (!f || !buf || (unsigned)f->type >= LAPD_FTYPE_COUNT)
		return TEL_EINVAL;
	if (f->sapi > 63 || f->tei > 127)
		return TEL_EINVAL;
	if (f->info_len && !f->info)
		return TEL_EINVAL;

	switch (f->type) {
	case LAPD_I:
		if (f->ns > 127 || f->nr > 127 || f->info_len > LAPD_N201)
			return TEL_EINVAL;
		hlen = 4;
		break;
	case LAPD_RR:
	case LAPD_RNR:
	case LAPD_REJ:
		if (f->nr > 127 || f->info_len)
			return TEL_EINVAL;
		hlen = 4;
		break;
	case LAPD_FRMR:
		if (f->info_len != FRMR_INFO_LEN)
			return TEL_EINVAL;
		hlen = 3;
		break;
	case LAPD_XID:
	case LAPD_UI:
		if (f->info_len > LAPD_N201)
			return TEL_EINVAL;
		hlen = 3;
		break;
	default:				/* SABME, UA, DM, DISC */
		if (f->info_len)
			return TEL_EINVAL;
		hlen = 3;
		break;
	}

	total = hlen + f->info_len;
	if (cap < total)
		return TEL_ENOSPC;

	p = buf;
	*p++ = (uint8_t)(f->sapi << 2 | (f->cr ? 0x02 : 0x00));
	*p++ = (uint8_t)(f->tei << 1 | 0x01);
	if (f->type == LAPD_I) {
		*p++ = (uint8_t)(f->ns << 1);
		*p++ = (uint8_t)(f->nr << 1 | (f->pf ? 1 : 0));
	} else if (is_s_frame(f->type)) {
		*p++ = ctl_octet[f->type];
		*p++ = (uint8_t)(f->nr << 1 | (f->pf ? 1 : 0));
	} else {
		*p++ = ctl_octet[f->type] | (f->pf ? CTL_U_PF : 0);
	}
	if (f->info_len)
		memcpy(p, f->info, f->info_len);
	return (int)total;
}

const char *lapd_ftype_name(enum lapd_ftype t)
{
	if ((unsigned)t >= LAPD_FTYPE_COUNT)
		return "?";
	return ftype_names[t];
}

const char *lapd_strerror(enum lapd_err e)
{
	if ((unsigned)e >= LAPD_ERR_COUNT)
		return "unknown LAPD decode error";
	return err_names[e];
}
