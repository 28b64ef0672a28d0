/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * All of the session layer's internal structures at once, for the tests that
 * look behind the public handles. The library's own files include the header
 * of each concept they use instead: session/ctx.h (the context, its event
 * ring), session/line.h, session/call.h and session/conf.h.
 */
#ifndef TEL_SESSION_H
#define TEL_SESSION_H

#include "session/call.h"
#include "session/conf.h"
#include "session/ctx.h"
#include "session/line.h"

#endif /* TEL_SESSION_H */
