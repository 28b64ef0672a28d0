// SPDX-License-Identifier: LGPL-2.1-or-later
/* Names of Q.931 messages, IEs, Q.850 causes and decoder conditions. */
#include "q931/q931.h"

const char *q931_msg_name(uint8_t type)
{
	const struct q931_msg_desc *d = q931_msg_desc(type);

	return d ? d->name : NULL;
}

const char *q931_ie_name(uint8_t id)
{
	int idx = q931_ie_index(id);

	if (idx >= 0)
		return q931_ie_table[idx].name;
	switch (id & 0xf0) {
	case Q931_IE_SHIFT:
		return id & 0x08 ? "Non-locking shift" : "Locking shift";
	case Q931_IE_CONGESTION:
		return "Congestion level";
	case Q931_IE_REPEAT:
		return "Repeat indicator";
	}
	if (id == Q931_IE_MORE_DATA)
		return "More data";
	if (id == Q931_IE_SENDING_COMPLETE)
		return "Sending complete";
	return NULL;
}

/* ITU-T Q.850 Table 1. */
static const char *const cause_names[128] = {
	[1] = "Unallocated (unassigned) number",
	[2] = "No route to specified transit network",
	[3] = "No route to destination",
	[4] = "Send special information tone",
	[5] = "Misdialled trunk prefix",
	[6] = "Channel unacceptable",
	[7] = "Call awarded and being delivered in an established channel",
	[8] = "Preemption",
	[9] = "Preemption - circuit reserved for reuse",
	[16] = "Normal call clearing",
	[17] = "User busy",
	[18] = "No user responding",
	[19] = "No answer from user (user alerted)",
	[20] = "Subscriber absent",
	[21] = "Call rejected",
	[22] = "Number changed",
	[23] = "Redirection to new destination",
	[25] = "Exchange routing error",
	[26] = "Non-selected user clearing",
	[27] = "Destination out of order",
	[28] = "Invalid number format (address incomplete)",
	[29] = "Facility rejected",
	[30] = "Response to STATUS ENQUIRY",
	[31] = "Normal, unspecified",
	[34] = "No circuit/channel available",
	[38] = "Network out of order",
	[39] = "Permanent frame mode connection out of service",
	[40] = "Permanent frame mode connection operational",
	[41] = "Temporary failure",
	[42] = "Switching equipment congestion",
	[43] = "Access information discarded",
	[44] = "Requested circuit/channel not available",
	[46] = "Precedence call blocked",
	[47] = "Resource unavailable, unspecified",
	[49] = "Quality of service not available",
	[50] = "Requested facility not subscribed",
	[53] = "Outgoing calls barred within CUG",
	[55] = "Incoming calls barred within CUG",
	[57] = "Bearer capability not authorized",
	[58] = "Bearer capability not presently available",
	[62] = "Inconsistency in designated outgoing access information and "
	       "subscriber class",
	[63] = "Service or option not available, unspecified",
	[65] = "Bearer capability not implemented",
	[66] = "Channel type not implemented",
	[69] = "Requested facility not implemented",
	[70] = "Only restricted digital information bearer capability is available",
	[79] = "Service or option not implemented, unspecified",
	[81] = "Invalid call reference value",
	[82] = "Identified channel does not exist",
	[83] = "A suspended call exists, but this call identity does not",
	[84] = "Call identity in use",
	[85] = "No call suspended",
	[86] = "Call having the requested call identity has been cleared",
	[87] = "User not member of CUG",
	[88] = "Incompatible destination",
	[90] = "Non-existent CUG",
	[91] = "Invalid transit network selection",
	[95] = "Invalid message, unspecified",
	[96] = "Mandatory information element is missing",
	[97] = "Message type non-existent or not implemented",
	[98] = "Message not compatible with call state or message type non-existent "
	       "or not implemented",
	[99] = "Information element/parameter non-existent or not implemented",
	[100] = "Invalid information element contents",
	[101] = "Message not compatible with call state",
	[102] = "Recovery on timer expiry",
	[103] = "Parameter non-existent or not implemented, passed on",
	[110] = "Message with unrecognized parameter, discarded",
	[111] = "Protocol error, unspecified",
	[127] = "Interworking, unspecified",
};

const char *q931_cause_name(uint8_t value)
{
	return value < 128 ? cause_names[value] : NULL;
}

static const char *const err_names[Q931_ERR_KIND_COUNT] = {
	[Q931_ERR_TOO_SHORT] = "message too short",
	[Q931_ERR_BAD_PD] = "protocol discriminator is not Q.931",
	[Q931_ERR_BAD_CREF] = "invalid call reference",
	[Q931_ERR_UNKNOWN_MSG] = "unknown message type",
	[Q931_ERR_MANDATORY_MISSING] = "missing mandatory IE",
	[Q931_ERR_BAD_CONTENT] = "invalid IE contents",
	[Q931_ERR_IE_TRUNCATED] = "IE runs past the end of the message",
	[Q931_ERR_OUT_OF_SEQUENCE] = "IE out of sequence",
	[Q931_ERR_UNKNOWN_IE] = "unknown IE",
	[Q931_ERR_UNEXPECTED_IE] = "IE not allowed in this message",
	[Q931_ERR_REPEATED_IE] = "repeated IE ignored",
	[Q931_ERR_UUI_TOO_BIG] = "user-user data too big for the line",
	[Q931_ERR_BAD_SHIFT] = "invalid locking shift",
	[Q931_ERR_TOO_MANY] = "too many occurrences, extra ones not kept",
};

const char *q931_err_name(enum q931_err_kind k)
{
	return (unsigned int)k < Q931_ERR_KIND_COUNT ? err_names[k] : "unknown condition";
}
