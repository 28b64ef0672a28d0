// SPDX-License-Identifier: LGPL-2.1-or-later
/* Error strings and version of libtel. */
#include "libtel/tel.h"

static const char *const errstr[] = {
	[0] = "success",
	[-TEL_EINVAL] = "invalid argument",
	[-TEL_ENOMEM] = "out of memory",
	[-TEL_ESTATE] = "operation not valid in the current state",
	[-TEL_EUUITOOBIG] = "user-user information too big for the line",
	[-TEL_ENOTSUP] = "operation not supported by the line",
	[-TEL_ELINK] = "data link is down",
	[-TEL_EBUSY] = "resource busy",
	[-TEL_ENOCHAN] = "no B-channel available",
	[-TEL_EIO] = "input/output error",
	[-TEL_ENOSPC] = "output buffer too small",
	[-TEL_EPROTO] = "malformed protocol data",
	[-TEL_ECALLS] = "too many calls: the line's call pool is full",
	[-TEL_EFREED] = "handle already deallocated",
};

const char *tel_strerror(int err)
{
	if (err > 0 || -err >= (int)(sizeof(errstr) / sizeof(errstr[0])) || !errstr[-err])
		return "unknown error";
	return errstr[-err];
}

const char *tel_version(void)
{
	return TEL_VERSION_STRING;
}
