// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * relay — the soak's PRNG, fault model and frame decoder (see relay.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "relay.h"

/* ---------------------------------------------------------------- PRNG --- */

uint64_t prng_next(struct prng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t prng_below(struct prng *r, uint32_t n)
{
	return (uint32_t)(((prng_next(r) >> 32) * (uint64_t)n) >> 32);
}

uint32_t prng_range(struct prng *r, uint32_t lo, uint32_t hi)
{
	return lo + prng_below(r, hi - lo + 1);
}

bool prng_ppm(struct prng *r, uint32_t ppm)
{
	return ppm && prng_below(r, 1000000) < ppm;
}

uint64_t prng_exp(struct prng *r, uint64_t mean)
{
	/* -ln(u) * mean, u in (0, 1], by a 53-bit uniform; no libm needed */
	double u = ((double)(prng_next(r) >> 11) + 1.0) / 9007199254740992.0;
	double x = 0, t;
	int k = 0;

	/* ln(u) = ln(m) + k ln 2 with m in [0.5, 1) */
	while (u < 0.5) {
		u *= 2;
		k++;
	}
	t = (u - 1) / (u + 1);	/* ln(u) = 2 atanh(t) */
	for (int i = 1; i < 40; i += 2) {
		double p = 1;

		for (int j = 0; j < i; j++)
			p *= t;
		x += p / i;
	}
	x = -(2 * x - k * 0.6931471805599453);
	if (x * (double)mean < 1)
		return 1;
	return (uint64_t)(x * (double)mean);
}

/* ------------------------------------------------------- frame decoding --- */

void soak_q931_view(const uint8_t *f, size_t len, struct soak_q931_view *v)
{
	const uint8_t *q, *end = f + len;
	size_t crlen;
	int codeset = 0, shift = -1;

	memset(v, 0, sizeof(*v));
	v->cause = -1;
	v->chan = -1;
	v->uui_len = -1;
	if (len < 3 || (f[0] >> 2) != 0)	/* SAPI 0 only */
		return;
	if (!(f[2] & 1))			/* I frame: 2-octet control */
		q = f + 4;
	else if ((f[2] & 0xef) == 0x03)		/* UI */
		q = f + 3;
	else
		return;
	if (q + 3 > end || q[0] != 0x08)
		return;
	crlen = q[1] & 0x0f;
	if (crlen < 1 || crlen > 2 || q + 2 + crlen + 1 > end)
		return;
	v->is_q931 = true;
	v->cref_flag = q[2] & 0x80;
	v->cref = q[2] & 0x7f;
	if (crlen == 2)
		v->cref = (uint16_t)(v->cref << 8 | q[3]);
	v->type = q[2 + crlen];
	q += 3 + crlen;
	while (q < end) {
		uint8_t id = *q;
		int cs = shift >= 0 ? shift : codeset;
		const uint8_t *d;
		size_t l;

		if (id & 0x80) {
			shift = -1;
			if ((id & 0xf0) == 0x90) {
				if (id & 0x08)
					shift = id & 7;
				else
					codeset = id & 7;
			}
			q++;
			continue;
		}
		shift = -1;
		if (q + 2 > end || q + 2 + q[1] > end)
			break;
		l = q[1];
		d = q + 2;
		q += 2 + l;
		if (cs != 0)
			continue;
		if (id == 0x08 && l >= 2 && v->cause < 0) {
			size_t k = (d[0] & 0x80) ? 1 : 2;

			if (k < l)
				v->cause = d[k] & 0x7f;
		} else if (id == 0x18 && l >= 1 && v->chan < 0) {
			size_t k = (d[0] & 0x40) ? 2 : 1;

			if ((d[0] & 0x20) && (d[0] & 0x03) == 0x01 && k + 1 < l)
				v->chan = d[k + 1] & 0x7f;
			else if (!(d[0] & 0x20))
				v->chan = d[0] & 0x03;
		} else if (id == 0x70 && l >= 1) {
			size_t k = (d[0] & 0x80) ? 1 : 2, n = 0;

			for (; k < l && n + 1 < sizeof(v->called); k++) {
				uint8_t c = d[k] & 0x7f;

				v->called[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
			}
			v->called[n] = '\0';
		} else if (id == 0x7e && l >= 1) {
			v->uui_len = (int)l - 1;
		}
	}
}

const char *soak_msg_name(uint8_t type)
{
	static char other[8];

	switch (type) {
	case 0x01: return "ALERTING";
	case 0x02: return "CALL PROCEEDING";
	case 0x03: return "PROGRESS";
	case 0x05: return "SETUP";
	case 0x07: return "CONNECT";
	case 0x0d: return "SETUP ACK";
	case 0x0f: return "CONNECT ACK";
	case 0x20: return "USER INFORMATION";
	case 0x45: return "DISCONNECT";
	case 0x46: return "RESTART";
	case 0x4d: return "RELEASE";
	case 0x4e: return "RESTART ACK";
	case 0x5a: return "RELEASE COMPLETE";
	case 0x62: return "FACILITY";
	case 0x6e: return "NOTIFY";
	case 0x75: return "STATUS ENQUIRY";
	case 0x7b: return "INFORMATION";
	case 0x7d: return "STATUS";
	}
	snprintf(other, sizeof(other), "0x%02x", type);
	return other;
}

void soak_lapd_describe(const uint8_t *f, size_t len, char *out, size_t cap)
{
	const char *cr;

	if (len < 3) {
		snprintf(out, cap, "short frame (%zu octets)", len);
		return;
	}
	cr = (f[0] & 2) ? "c/r=1" : "c/r=0";
	if (!(f[2] & 1)) {
		if (len < 4)
			snprintf(out, cap, "I (truncated)");
		else
			snprintf(out, cap, "I ns=%u nr=%u%s %s sapi=%u", f[2] >> 1, f[3] >> 1,
				 (f[3] & 1) ? " P" : "", cr, f[0] >> 2);
	} else if ((f[2] & 3) == 1) {
		static const char *const s[] = { "RR", "RNR", "REJ", "S?" };

		snprintf(out, cap, "%s nr=%u%s %s", s[(f[2] >> 2) & 3], len > 3 ? f[3] >> 1 : 0,
			 len > 3 && (f[3] & 1) ? " P/F" : "", cr);
	} else {
		const char *n;

		switch (f[2] & 0xef) {
		case 0x6f: n = "SABME"; break;
		case 0x0f: n = "DM"; break;
		case 0x43: n = "DISC"; break;
		case 0x63: n = "UA"; break;
		case 0x87: n = "FRMR"; break;
		case 0xaf: n = "XID"; break;
		case 0x03: n = "UI"; break;
		default: n = "U?"; break;
		}
		snprintf(out, cap, "%s%s %s sapi=%u", n, (f[2] & 0x10) ? " P/F" : "", cr, f[0] >> 2);
	}
}

/* ---------------------------------------------------------------- relay --- */

static void schedule_cut(struct relay *r, uint64_t now)
{
	r->next_cut_at = r->cfg.cut_mean_ms ? now + prng_exp(r->rng, r->cfg.cut_mean_ms) :
			 UINT64_MAX;
}

void relay_init(struct relay *r, int fd0, int fd1, struct prng *rng, const struct fault_cfg *cfg,
		uint64_t now)
{
	r->fd[0] = fd0;
	r->fd[1] = fd1;
	r->rng = rng;
	r->cfg = *cfg;
	r->faults_on = true;
	r->cut_until = 0;
	r->nheld = 0;
	if (!r->t309_ms)
		r->t309_ms = 6000;
	if (!r->t200n200_ms)
		r->t200n200_ms = 3000;
	memset(&r->st, 0, sizeof(r->st));
	schedule_cut(r, now);
}

bool relay_cut(const struct relay *r, uint64_t now)
{
	return now < r->cut_until;
}

static void out(struct relay *r, int dir, const uint8_t *f, size_t len)
{
	if (send(r->fd[!dir], f, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		r->st.overflow++;
		if (r->on_frame)
			r->on_frame(r->user, dir, f, len, F_OVERFLOW);
	}
}

void relay_set_faults(struct relay *r, bool on, uint64_t now)
{
	r->faults_on = on;
	if (!on) {
		if (relay_cut(r, now) && r->on_cut)
			r->on_cut(r->user, 0);
		r->cut_until = 0;
		r->next_cut_at = UINT64_MAX;
		for (int i = 0; i < r->nheld; i++) {
			if (r->on_frame)
				r->on_frame(r->user, r->held[i].dir, r->held[i].buf, r->held[i].len,
					    F_RELEASED);
			out(r, r->held[i].dir, r->held[i].buf, r->held[i].len);
		}
		r->nheld = 0;
	} else {
		schedule_cut(r, now);
	}
}

/* How long the next cut lasts: short of T200 x N200, between it and T309, or past T309. */
static uint64_t cut_length(struct relay *r)
{
	uint32_t k = prng_below(r->rng, 10);
	uint64_t a = r->t200n200_ms, b = r->t309_ms;

	if (k < 4) {
		r->st.cuts_short++;
		return prng_range(r->rng, 200, (uint32_t)(a * 8 / 10));
	}
	if (k < 7 && b * 9 / 10 > a * 11 / 10 + 100) {
		r->st.cuts_mid++;
		return prng_range(r->rng, (uint32_t)(a * 11 / 10), (uint32_t)(b * 9 / 10));
	}
	r->st.cuts_long++;
	return prng_range(r->rng, (uint32_t)(b * 12 / 10), 45000);
}

static void one_frame(struct relay *r, int dir, uint8_t *f, size_t len, uint64_t now)
{
	r->st.frames++;
	if (relay_cut(r, now)) {
		r->st.cut_dropped++;
		if (r->on_frame)
			r->on_frame(r->user, dir, f, len, F_CUT);
		return;
	}
	if (r->faults_on) {
		if (prng_ppm(r->rng, r->cfg.loss_ppm)) {
			r->st.lost++;
			if (r->on_frame)
				r->on_frame(r->user, dir, f, len, F_LOST);
			return;
		}
		if (prng_ppm(r->rng, r->cfg.corrupt_ppm)) {
			size_t at = prng_below(r->rng, (uint32_t)len);

			f[at] ^= (uint8_t)prng_range(r->rng, 1, 255);
			r->st.corrupt++;
			if (r->on_frame)
				r->on_frame(r->user, dir, f, len, F_CORRUPT);
			out(r, dir, f, len);
			return;
		}
		if (prng_ppm(r->rng, r->cfg.dup_ppm)) {
			r->st.dup++;
			if (r->on_frame)
				r->on_frame(r->user, dir, f, len, F_DUP);
			out(r, dir, f, len);
			out(r, dir, f, len);
			return;
		}
		if (r->nheld < RELAY_HELD_MAX && prng_ppm(r->rng, r->cfg.hold_ppm)) {
			struct held *h = &r->held[r->nheld++];

			h->at = now + prng_range(r->rng, r->cfg.hold_min_ms, r->cfg.hold_max_ms);
			h->dir = dir;
			h->len = (uint16_t)len;
			memcpy(h->buf, f, len);
			r->st.held++;
			if (r->on_frame)
				r->on_frame(r->user, dir, f, len, F_HELD);
			return;
		}
	}
	if (r->on_frame)
		r->on_frame(r->user, dir, f, len, F_NONE);
	out(r, dir, f, len);
}

int relay_pump(struct relay *r, uint64_t now)
{
	uint8_t buf[FRAME_MAX];
	int n = 0;

	if (r->faults_on && now >= r->next_cut_at && !relay_cut(r, now)) {
		uint64_t d = cut_length(r);

		r->cut_until = now + d;
		r->st.cuts++;
		r->st.cut_ms += d;
		schedule_cut(r, r->cut_until);
		if (r->on_cut)
			r->on_cut(r->user, d);
	}
	for (int i = 0; i < r->nheld;) {
		if (r->held[i].at <= now) {
			struct held h = r->held[i];

			r->held[i] = r->held[--r->nheld];
			if (relay_cut(r, now)) {
				r->st.cut_dropped++;
				if (r->on_frame)
					r->on_frame(r->user, h.dir, h.buf, h.len, F_CUT);
				continue;
			}
			if (r->on_frame)
				r->on_frame(r->user, h.dir, h.buf, h.len, F_RELEASED);
			out(r, h.dir, h.buf, h.len);
		} else {
			i++;
		}
	}
	for (int dir = 0; dir < 2; dir++) {
		for (;;) {
			ssize_t got = recv(r->fd[dir], buf, sizeof(buf), MSG_DONTWAIT);

			if (got <= 0)
				break;
			n++;
			one_frame(r, dir, buf, (size_t)got, now);
		}
	}
	return n;
}
