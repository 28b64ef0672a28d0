/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR LGPL-2.1-or-later */
/*
 * The D-channel tap of the tel DAHDI driver core: what a reader of
 * /sys/kernel/debug/tel_core/<span>/dchan gets. <span> is the DAHDI span's
 * name with each '/' as '_' (span "TELSIM/1/1": tel_core/TELSIM_1_1/dchan);
 * digital spans only. Shared by the kernel (kernel/core/tap.c) and tools
 * (tools/tel/trace.c): fixed-width fields, host byte order.
 *
 * A reader gets every frame of the span's hardhdlc channel, both ways,
 * from the moment it opens the file: read() returns whole records only, as
 * many as fit (a buffer smaller than the next record: EINVAL; at least
 * TEL_TAP_REC_MAX octets always does), blocks while there are none (EAGAIN
 * with O_NONBLOCK; poll() says POLLIN), and returns 0 (end of file) once
 * the span is gone. Each reader has its own ring of TEL_TAP_RING records;
 * when a slow reader lets it fill, new frames are dropped for that reader
 * and counted in the next record it gets.
 */
#ifndef TEL_TAP_H
#define TEL_TAP_H

#include <linux/types.h>

#define TEL_TAP_RX		0	/* received from the line */
#define TEL_TAP_TX		1	/* sent on the line */

/* flags: a frame the card lost on the line (len 0: no octets come with it) */
#define TEL_TAP_BADFCS		0x01
#define TEL_TAP_ABORT		0x02
#define TEL_TAP_OVERRUN		0x04

#define TEL_TAP_FRAME_MAX	266	/* longest frame (no FCS) a span sends or receives */
#define TEL_TAP_RING		512	/* records a reader's ring holds */

struct tel_tap_rec {
	__u64 ts_ns;	/* CLOCK_REALTIME when the core saw it, nanoseconds */
	__u32 dropped;	/* frames this reader lost (ring full) just before this one */
	__u16 len;	/* octets of the frame that follow the record (no FCS) */
	__u8 dir;	/* TEL_TAP_RX or TEL_TAP_TX */
	__u8 flags;	/* TEL_TAP_BADFCS | TEL_TAP_ABORT | TEL_TAP_OVERRUN, or 0 */
};

#define TEL_TAP_REC_MAX		(sizeof(struct tel_tap_rec) + TEL_TAP_FRAME_MAX)

#endif
