// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control: what EuroISDN (ETSI EN 300 403) and NI-2 do differently
 * on the wire (T1 channels 1-23 aside, which go with the line's bchans).
 *
 * Channel identification: NI-2 always sends it exclusive (a preferred channel
 * is not offered by NI-2 switches); EuroISDN sends what the request asks.
 *
 * Display (0x28), the calling name in SETUP
 *  - EuroISDN: the Display IE goes from the network to the user only. Our user
 *    side never sends one: a name asked for is TEL_ENOTSUP. Our network side
 *    sends the calling name as IA5 text, nothing before it.
 *  - NI-2: either side sends it, the text after one display type octet, 0xB1
 *    (calling party name).
 *  libpri 1.6 does the same by default: pri.c pri_display_options_send_default()
 *  blocks sending on a EuroISDN CPE and sends the name in SETUP everywhere
 *  else; q931.c transmit_display() puts 0xB1 first on every switch but EuroISDN
 *  and Q.SIG.
 *  - Received, on either variant and side, the Display of a SETUP is the calling
 *    name, a first octet with bit 8 set (the type) not part of it: as libpri's
 *    receive_display(), which skips such an octet on any switch. A EuroISDN
 *    network side thus also takes a name a user should not have sent.
 *  - Not supported: names in a Facility IE (ROSE callingName). libpri sends one
 *    on NI-2 only after pri_facility_enable() (pri_facility.c
 *    add_callername_facility_ies(): a user side puts the invoke in SETUP, a
 *    network side an InformationFollowing in SETUP and the callingName in a
 *    FACILITY message after it), and then sends the Display all the same, so
 *    the name still arrives here; the Facility IE stays opaque.
 *
 * Progress indicator (0x1E)
 *  libpri 1.6 q931.c sends one in SETUP only on NI-2, #3 (origin not ISDN) for
 *  a caller the application marks non-ISDN; in CALL PROCEEDING, ALERTING and
 *  PROGRESS #8 (in-band information) when the application says it provides
 *  in-band tones, on every switch; in CONNECT #2 (destination not ISDN) for a
 *  non-ISDN answerer, on every switch but DMS-100; never in DISCONNECT. So the
 *  variants differ only in SETUP, for an origin that is not ISDN, and this
 *  stack is always the ISDN end itself: it has no #3 to send. What it does send
 *  is the same on both variants: #8 in DISCONNECT from a network side that
 *  plays tones (cfg.disc_inband, with T306). Received progress indicators of
 *  SETUP, CALL PROCEEDING, ALERTING, PROGRESS, CONNECT and DISCONNECT go up in
 *  the indication (cc_ind_progress(), the last one of the message).
 */
#include "libtel/tel.h"
#include "q931/cc_int.h"

bool cc_chan_exclusive(const struct q931_cc *cc, bool excl)
{
	return excl || cc->cfg.variant == Q931_V_NI2;
}

/* Whether this line may send a Display IE at all. */
bool cc_sends_display(const struct q931_cc *cc)
{
	return !(cc->cfg.variant == Q931_V_EUROISDN && cc->cfg.side == Q931_SIDE_USER);
}

/*
 * A request's calling name into @m's Display IE, coded for the variant: 0 (also
 * for no name: NULL or length 0), TEL_EINVAL (longer than CC_NAME_MAX, or an
 * octet that is not IA5: 0x00 or bit 8 set), TEL_ENOTSUP (a EuroISDN user side).
 */
int cc_name_check(const struct q931_cc *cc, const uint8_t *name, uint8_t len)
{
	unsigned int i;

	if (!len)
		return 0;
	if (!name || len > CC_NAME_MAX)
		return TEL_EINVAL;
	for (i = 0; i < len; i++)
		if (!name[i] || (name[i] & 0x80))
			return TEL_EINVAL;
	if (!cc_sends_display(cc))
		return TEL_ENOTSUP;
	return 1;
}

void cc_msg_name(const struct q931_cc *cc, struct q931_msg *m, const uint8_t *name, uint8_t len)
{
	bool ni2 = cc->cfg.variant == Q931_V_NI2;

	m->display = (struct q931_display){
		.has_type = ni2,
		.type = ni2 ? Q931_DISPLAY_CALLING_NAME : 0,
		.text = { name, len },
	};
	m->present |= Q931_BIT(Q931_I_DISPLAY);
}

/* A received SETUP's Display, the calling name, into its SETUP_IND. */
void cc_ind_setup_name(struct cc_ind *ind, const struct q931_msg *m)
{
	const struct q931_display *d = &m->display;

	if (!ind || !Q931_HAS(m, Q931_I_DISPLAY))
		return;
	ind->name_type = d->type;
	/* the codec keeps a Display within 82 octets; the text points into @m */
	ind->name_len = (uint8_t)d->text.len;
	ind->name = d->text.len ? d->text.p : NULL;
}
