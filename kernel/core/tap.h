/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The D-channel tap of a span (kernel/core/tap.c): every frame of the
 * span's hardhdlc channel, both ways, to the readers of a debugfs file.
 * The record format readers get is <tel/tap.h>.
 */
#ifndef TEL_CORE_TAP_H
#define TEL_CORE_TAP_H

#include <linux/types.h>

struct tel_tap;

/*
 * The tap of the span named @span_name (process context): NULL when debugfs
 * cannot have it (the span works on without one, and the log says why).
 */
struct tel_tap *tel_tap_create(const char *span_name);

/* Ends every reader (end of file) and frees the tap once they close it. NULL is allowed. */
void tel_tap_destroy(struct tel_tap *tap);

/*
 * A frame (@data, @len octets without FCS; at most TEL_TAP_FRAME_MAX) or a
 * frame lost on the line (@flags TEL_TAP_BADFCS...; @len 0) in direction
 * @dir, to every reader. Any context, the tick's hard interrupt included:
 * never sleeps or allocates. NULL @tap is allowed.
 */
void tel_tap_frame(struct tel_tap *tap, unsigned int dir, unsigned int flags, const u8 *data,
		   unsigned int len);

#endif
