// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The in-memory pair: two transports in one process, each sending into the
 * other's rxq, from which the owner takes the frames in its own time (the
 * run loop, next round). Nothing to poll, nothing to flush.
 */
#include <stdlib.h>

#include "io/io.h"
#include "libtel/tel.h"

struct pair_io {
	struct io io;
	struct pair_io *peer;	/* NULL once the other end is closed */
};

/*
 * A frame the peer's queue cannot take (at its bound, or out of memory) is
 * lost, as on a noisy line, and counted (frameq.lost): LAPD's timers recover
 * I frames (they stay in its send queue until acknowledged) and the
 * supervisory frames are sent again when asked for.
 */
static int pair_tx(void *io, const uint8_t *frame, size_t len)
{
	struct pair_io *p = io;

	if (!p->peer)
		return TEL_ELINK;	/* the other end was closed: the frame is lost, as on a cut line */
	return frameq_push_tx(&p->peer->io.rxq, frame, len);
}

/* The far end sees its transport close. */
static void pair_close(struct io *io)
{
	struct pair_io *p = (struct pair_io *)io;
	struct pair_io *peer = p->peer;

	if (peer) {
		peer->peer = NULL;
		p->peer = NULL;
		io_closed(&peer->io);
	}
	io_free(io);
}

static const struct io_ops pair_ops = {
	.name = "pair",
	.tx = pair_tx,
	.close = pair_close,
};

int io_pair_new(const struct io_err *err, struct io **a, struct io **b)
{
	struct pair_io *pa = malloc(sizeof(*pa)), *pb = malloc(sizeof(*pb));

	if (!pa || !pb) {
		free(pa);
		free(pb);
		return TEL_ENOMEM;
	}
	io_init(&pa->io, &pair_ops, err);
	io_init(&pb->io, &pair_ops, err);
	/* the first frames come from the run loop: their slots are there already */
	if (frameq_reserve(&pa->io.rxq) || frameq_reserve(&pb->io.rxq)) {
		io_free(&pa->io);
		io_free(&pb->io);
		return TEL_ENOMEM;
	}
	pa->peer = pb;
	pb->peer = pa;
	*a = &pa->io;
	*b = &pb->io;
	return 0;
}
