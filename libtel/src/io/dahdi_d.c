// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The D-channel of a PRI span on DAHDI: LAPD frames plus 2 FCS octets that
 * DAHDI computes (placeholders on write) and checks (dropped on read), and
 * the channel's events behind read()/write() failing with ELAST.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include <dahdi/user.h>

#include "io/dahdi.h"
#include "libtel/tel.h"

#define D_EVENTS_MAX	64	/* events handled per wake-up; the rest on the next */
#define D_READS_MAX	64	/* frames read per wake-up */

/* Frames wait in txq and leave at the end of the round, as on sockets. */
static int d_tx(void *io, const uint8_t *frame, size_t len)
{
	struct dahdi_io *d = io;

	if (d->io.dead)
		return TEL_ELINK;
	if (d->cnt.alarm) {
		d->cnt.tx_dropped++;	/* layer 1 is down: lost, LAPD's timers notice */
		return 0;
	}
	/* at the queue's bound: lost, as on a noisy line, and counted */
	return frameq_push(&d->io.txq, frame, len);
}

static void d_flush(struct io *io)
{
	struct dahdi_io *d = (struct dahdi_io *)io;
	uint8_t buf[FRAMEQ_FRAME_MAX + DAHDI_FCS_LEN];
	struct frameq_slot *s;

	while (!io->dead && (s = frameq_peek(&io->txq))) {
		size_t n = (size_t)s->len + DAHDI_FCS_LEN;
		ssize_t r;

		/* DAHDI computes the FCS into the two placeholder octets */
		memcpy(buf, s->data, s->len);
		buf[s->len] = buf[s->len + 1] = 0;
		r = d->ops.write(d->ops.user, io->fd, buf, n);
		if (r < 0 && (errno == EAGAIN || errno == ELAST || errno == EINTR))
			return;		/* on POLLOUT, or after the pending events */
		frameq_pop(&io->txq);
		if (r == (ssize_t)n)
			continue;
		d->cnt.tx_dropped++;
		if (r < 0 && (errno == ENODEV || errno == EBADF || errno == EIO)) {
			dahdi_io_errno(d, "write", errno);
			io_closed(io);
		}
	}
}

static void d_events(struct dahdi_io *d)
{
	for (int i = 0; i < D_EVENTS_MAX; i++) {
		int ev = DAHDI_EVENT_NONE;

		if (d->ops.ioctl(d->ops.user, d->io.fd, DAHDI_GETEVENT, &ev) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				dahdi_io_errno(d, "DAHDI_GETEVENT", errno);
				io_closed(&d->io);
			}
			return;
		}
		if (ev == DAHDI_EVENT_NONE)
			return;
		switch (ev) {
		case DAHDI_EVENT_BADFCS:
			d->cnt.badfcs++;	/* the frame is gone; LAPD recovers by retransmission */
			break;
		case DAHDI_EVENT_ABORT:
		case DAHDI_EVENT_OVERRUN:
			d->cnt.rx_errors++;
			break;
		default:	/* ALARM (Q.921 PH-DEACTIVATE above), NOALARM, REMOVED */
			if (dahdi_io_chan_event(d, ev) && ev == DAHDI_EVENT_REMOVED)
				return;
			break;
		}
	}
}

static void d_ready(struct io *io, short revents)
{
	struct dahdi_io *d = (struct dahdi_io *)io;
	uint8_t buf[DAHDI_D_BUFSIZE];

	(void)revents;	/* reads say what is there: frames, ELAST for events, EAGAIN */
	for (int i = 0; i < D_READS_MAX && !io->dead; i++) {
		ssize_t r = d->ops.read(d->ops.user, io->fd, buf, sizeof(buf));

		if (r > DAHDI_FCS_LEN) {
			io->up->rx(io->upper, buf, (size_t)r - DAHDI_FCS_LEN);
			continue;
		}
		if (r >= 0) {
			d->cnt.rx_errors++;	/* no room for address + control: not a frame */
			if (!r)
				break;
			continue;
		}
		if (errno == ELAST) {
			d_events(d);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			dahdi_io_errno(d, "read", errno);
			io_closed(io);
		}
		break;
	}
	if (io->txq.count)
		d_flush(io);
}

const struct io_ops dahdi_d_io_ops = {
	.name = "dahdi-d",
	.tx = d_tx,
	.flush = d_flush,
	.ready = d_ready,
	.close = dahdi_io_close,
	.conf_join = dahdi_io_conf_join,
	.conf_leave = dahdi_io_conf_leave,
};
