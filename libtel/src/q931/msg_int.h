/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.931 message codec internals shared by msg.c (the message table),
 * msg_decode.c (the generic decoder), msg_fast.c (the fast decoder) and
 * msg_encode.c (the encoder): the one list of message types.
 */
#ifndef TEL_Q931_MSG_INT_H
#define TEL_Q931_MSG_INT_H

#include "q931/q931.h"

#define B(x)	Q931_BIT(Q931_I_##x)
#define ALL_IES	(Q931_BIT(Q931_I_COUNT) - 1)

/* Display and facility may go nearly everywhere (Q.932, EN 300 403). */
#define DF	(B(DISPLAY) | B(FACILITY))

/*
 * Every message type: X(type, name, IEs allowed, mandatory network to user,
 * mandatory user to network). Expanded into the descriptor table and its
 * index (msg.c) and into the fast decoder's table by type (msg_fast.c).
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
#endif /* TEL_Q931_MSG_INT_H */
