/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtel — public API.
 *
 * Conventions: every function that can fail returns an int, 0 (or a count) on
 * success and one of the negative TEL_E* values below on failure; out-parameters
 * come last. No global state: everything hangs off objects the caller owns.
 */
#ifndef LIBTEL_TEL_H
#define LIBTEL_TEL_H

#ifdef __cplusplus
extern "C" {
#endif

/* Error values. They are negative, so `if (rc < 0)` catches every one. */
enum tel_error {
	TEL_OK = 0,
	TEL_EINVAL = -1,	/* an argument is out of range or NULL */
	TEL_ENOMEM = -2,	/* out of memory */
	TEL_ESTATE = -3,	/* not valid in the object's current state */
	TEL_EUUITOOBIG = -4,	/* user-user information larger than allowed */
	TEL_ENOTSUP = -5,	/* the line or object cannot do this */
	TEL_ELINK = -6,		/* the data link is down */
	TEL_EBUSY = -7,		/* resource busy */
	TEL_ENOCHAN = -8,	/* no B-channel available */
	TEL_EIO = -9,		/* I/O error on the transport or a file */
	TEL_ENOSPC = -10,	/* output buffer too small for the result */
	TEL_EPROTO = -11,	/* malformed data received (see the decoder's report) */
};

/*
 * tel_strerror() - describe an error value.
 * @err: a TEL_E* value (or 0).
 *
 * Returns a static, NUL-terminated English string; never NULL, also for
 * values that are not TEL_E* ("unknown error").
 */
const char *tel_strerror(int err);

/*
 * tel_version() - the library's version as "MAJOR.MINOR.PATCH".
 * Returns a static string.
 */
const char *tel_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBTEL_TEL_H */
