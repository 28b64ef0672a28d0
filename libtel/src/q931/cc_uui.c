// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, user-user information limits: how much UUI each kind of
 * request can carry on this line (what tel_line_caps() reports and the
 * requests enforce, cc_uui_check() in cc_int.h). The codec's own limit is
 * q931_uui_max() (q931.h).
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

/* The room an encoded message of @n octets (its user-user IE holding only the
 * discriminator) leaves for user-user data, within the codec's limit. */
static uint16_t uui_room(const struct q931_cc *cc, int n)
{
	size_t room = n < 0 || n > CC_TXBUF ? 0 : (size_t)(CC_TXBUF - n);
	size_t max = q931_uui_max(&cc->codec);

	return (uint16_t)(room < max ? room : max);
}

static uint16_t min16(uint16_t a, uint16_t b)
{
	return a < b ? a : b;
}

/*
 * Each message encoded once with the longest other contents its request may
 * give it and a UUI of no octets; what is left of N201 is the room. Through
 * the codec, whose octets the direct encoders match (test_cc_small.c).
 */
void cc_uui_limits_init(struct q931_cc *cc)
{
	static const uint8_t digits[CC_DIGITS_MAX] = {
		'1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1',
		'1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1',
	};
	uint8_t name[CC_NAME_MAX], buf[CC_TXBUF];
	unsigned int ch = (unsigned int)__builtin_ctz(cc->chan_valid);
	uint16_t key = 1 | CC_OURS;
	struct cc_setup_req r = {
		.called = digits, .called_len = CC_DIGITS_MAX,
		.calling = digits, .calling_len = CC_DIGITS_MAX,
		.exclusive = true, .uui = digits, .uui_len = 0,
	};
	struct cc_small s = { .chan = (uint8_t)ch, .excl = true, .has_uui = true, .uui = digits };
	uint16_t lim;

	memset(name, 'A', sizeof(name));
	if (cc_sends_display(cc)) {
		r.name = name;
		r.name_len = CC_NAME_MAX;
	}
	cc->uui_lim[CC_UUI_SETUP] = uui_room(cc, cc_setup_by_codec(cc, key, &r, ch, buf));
	/* ALERTING, CONNECT: the channel in our first response */
	lim = uui_room(cc, cc_small_by_codec(cc, key, Q931_ALERTING, &s, buf));
	lim = min16(lim, uui_room(cc, cc_small_by_codec(cc, key, Q931_CONNECT, &s, buf)));
	cc->uui_lim[CC_UUI_ANSWER] = lim;
	/* DISCONNECT (with progress #8 where the line plays tones), RELEASE, RELEASE COMPLETE */
	s.chan = 0;
	s.cause = 127;
	s.progress8 = cc->cfg.disc_inband && cc->cfg.side == Q931_SIDE_NETWORK;
	lim = uui_room(cc, cc_small_by_codec(cc, key, Q931_DISCONNECT, &s, buf));
	s.progress8 = false;
	lim = min16(lim, uui_room(cc, cc_small_by_codec(cc, key, Q931_RELEASE, &s, buf)));
	lim = min16(lim, uui_room(cc, cc_small_by_codec(cc, key, Q931_RELEASE_COMPLETE, &s,
							  buf)));
	cc->uui_lim[CC_UUI_CLEAR] = lim;
	s.cause = 0;
	cc->uui_lim[CC_UUI_INFO] = uui_room(cc, cc_small_by_codec(cc, key, Q931_USER_INFORMATION,
								   &s, buf));
}

uint16_t q931_cc_uui_max(const struct q931_cc *cc, enum cc_uui_kind k)
{
	return (unsigned int)k < CC_UUI_KINDS ? cc->uui_lim[k] : 0;
}
