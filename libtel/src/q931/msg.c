// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 messages: the descriptor of every message type (which IEs it may
 * carry, which are mandatory per direction) and the lookup by type octet,
 * both generated from MSG_LIST (msg_int.h).
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/msg_int.h"

/* Each type's position in q931_msg_table, from the list itself. */
enum {
#define POS_X(t, nm, allow, m_n2u, m_u2n) MSG_POS_##t,
	MSG_LIST(POS_X)
#undef POS_X
	MSG_COUNT
};
_Static_assert(MSG_COUNT < 256, "q931_msg_index holds a position + 1 in one octet");

const struct q931_msg_desc q931_msg_table[MSG_COUNT] = {
#define DESC_X(t, nm, allow, m_n2u, m_u2n) \
	[MSG_POS_##t] = { .type = t, .name = nm, .allowed = (allow) | (m_n2u) | (m_u2n), \
			  .mandatory = { [Q931_NET_TO_USER] = (m_n2u), \
					 [Q931_USER_TO_NET] = (m_u2n) } },
	MSG_LIST(DESC_X)
#undef DESC_X
};

/* Message type octet -> q931_msg_table position + 1 (0: unknown). A type
 * listed twice is a duplicate initializer, which the build refuses. */
const uint8_t q931_msg_index[256] = {
#define INDEX_X(t, nm, allow, m_n2u, m_u2n) [t] = MSG_POS_##t + 1,
	MSG_LIST(INDEX_X)
#undef INDEX_X
};

const struct q931_msg_desc *q931_msg_desc(uint8_t type)
{
	return q931_msg_desc_inline(type);
}

bool q931_msg_known(uint8_t type)
{
	return q931_msg_index[type] != 0;
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
