// SPDX-License-Identifier: LGPL-2.1-or-later
/* What every transport shares: its common part, being closed, error sentences. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

void io_err_set(struct io_err *e, const char *call, int err, const char *fmt, ...)
{
	va_list ap;

	e->call = call;
	e->err = err;
	if (!e->msg || !e->size)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, e->size, fmt, ap);
	va_end(ap);
}

void io_init(struct io *io, const struct io_ops *ops, const struct io_err *err)
{
	memset(io, 0, sizeof(*io));
	io->ops = ops;
	io->fd = -1;
	io->poll_fd = -1;
	frameq_init(&io->rxq);
	frameq_init(&io->txq);
	if (err)
		io->err = *err;
}

void io_closed(struct io *io)
{
	if (io->dead)
		return;
	io->dead = true;
	frameq_fini(&io->txq);	/* nothing will take them */
	frameq_init(&io->txq);
	if (io->up && io->up->closed)
		io->up->closed(io->upper);
}

void io_free(struct io *io)
{
	if (!io)
		return;
	frameq_fini(&io->rxq);
	frameq_fini(&io->txq);
	free(io);
}

void io_event_up(struct io *io, enum io_event ev)
{
	if (io->up && io->up->event)
		io->up->event(io->upper, ev);
}
