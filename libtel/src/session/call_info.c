// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a call's tel_call_info learns beyond its state: the calling name (sent
 * or received in SETUP's Display IE) and the last progress indicator. The
 * rules of who may send a name, and how it is coded per variant, are Q.931
 * call control's (q931/cc_variant.c); here are the checks of the public API.
 */
#include <string.h>

#include "session/call.h"
#include "session/line.h"

int session_name_check(const struct tel_line *line, const char *name, size_t *len)
{
	size_t n = name ? strnlen(name, TEL_NAME_MAX + 1) : 0;

	*len = 0;
	if (!n)
		return 0;
	if (n > TEL_NAME_MAX)
		return TEL_EINVAL;	/* never cut: too long is the caller's to fix */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] & 0x80)
			return TEL_EINVAL;	/* IA5 only */
	if (line_is_analog(line))
		return TEL_ENOTSUP;
	*len = n;
	return 0;
}
