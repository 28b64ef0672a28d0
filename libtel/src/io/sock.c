// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Socket transport: one frame per message on a socket that keeps message
 * boundaries. Frames wait in txq and leave together, many per sendmmsg(),
 * when the owner flushes at the end of each round; they are read many per
 * recvmmsg().
 */
#define _GNU_SOURCE	/* sendmmsg, recvmmsg */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "io/io.h"
#include "libtel/tel.h"

struct sock_io {
	struct io io;
	uint8_t *rxbuf;		/* IO_SOCK_RXBUF octets, the owner's */
};

/* The txq holds what its owner set as its maximum: what does not fit is lost and counted. */
static int sock_tx(void *io, const uint8_t *frame, size_t len)
{
	struct io *s = io;

	if (s->dead)
		return TEL_ELINK;
	return frameq_push(&s->txq, frame, len);	/* counts what it cannot take */
}

static void sock_flush(struct io *s)
{
	struct mmsghdr mm[IO_SOCK_BATCH];
	struct iovec iov[IO_SOCK_BATCH];

	while (s->txq.count && !s->dead) {
		unsigned int n = s->txq.count < IO_SOCK_BATCH ? s->txq.count : IO_SOCK_BATCH;
		int r;

		for (unsigned int i = 0; i < n; i++) {
			struct frameq_slot *f = &s->txq.slot[(s->txq.head + i) & (s->txq.cap - 1)];

			iov[i].iov_base = f->data;
			iov[i].iov_len = f->len;
			memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(s->fd, mm, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS ||
			    errno == EINTR)
				return;		/* the rest leaves on POLLOUT */
			io_closed(s);
			return;
		}
		while (r-- > 0)
			frameq_pop(&s->txq);
	}
}

static void sock_ready(struct io *s, short revents)
{
	const size_t fsz = IO_SOCK_FRAME_ROOM;
	struct mmsghdr mm[IO_SOCK_BATCH];
	struct iovec iov[IO_SOCK_BATCH];
	uint8_t *buf = ((struct sock_io *)s)->rxbuf;

	if (revents & POLLOUT)
		sock_flush(s);
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	for (int round = 0; round < 4; round++) {
		int r;

		for (unsigned int i = 0; i < IO_SOCK_BATCH; i++) {
			iov[i].iov_base = buf + i * fsz;
			iov[i].iov_len = fsz;
			memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		r = recvmmsg(s->fd, mm, IO_SOCK_BATCH, MSG_DONTWAIT, NULL);
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (r <= 0) {
			/* end of stream or error: the far end is gone for good */
			io_closed(s);
			return;
		}
		for (int i = 0; i < r; i++) {
			if (mm[i].msg_len) {
				s->up->rx(s->upper, buf + i * fsz, mm[i].msg_len);
				continue;
			}
			/*
			 * A SEQPACKET socket whose peer has gone reads as empty
			 * messages for ever, with POLLHUP: end of stream. (An empty
			 * message is no frame either way.)
			 */
			if (revents & (POLLHUP | POLLRDHUP)) {
				io_closed(s);
				return;
			}
		}
		if (r < IO_SOCK_BATCH)
			return;
	}
}

static void sock_close(struct io *s)
{
	close(s->fd);
	io_free(s);
}

static const struct io_ops sock_ops = {
	.name = "socket",
	.tx = sock_tx,
	.flush = sock_flush,
	.ready = sock_ready,
	.close = sock_close,
};

int io_sock_check(int fd, struct io_err *err)
{
	static const char fix[] = "give one end of socketpair(AF_UNIX, SOCK_SEQPACKET)";
	struct sockaddr_storage sa;
	socklen_t len = sizeof(int);
	struct stat st;
	int type;

	if (fstat(fd, &st) < 0) {
		io_err_set(err, "fstat", errno, "fd %d is not an open descriptor: %s; %s", fd,
			   strerror(errno), fix);
		return TEL_EINVAL;
	}
	if (!S_ISSOCK(st.st_mode)) {
		io_err_set(err, NULL, 0, "fd %d is not a socket (%s) and cannot carry LAPD "
			   "frames: %s", fd, S_ISFIFO(st.st_mode) ? "a pipe" :
			   S_ISREG(st.st_mode) ? "a regular file" : "another kind of file", fix);
		return TEL_EINVAL;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    (type != SOCK_SEQPACKET && type != SOCK_DGRAM)) {
		io_err_set(err, NULL, 0, "fd %d is a %s socket, which does not keep one LAPD "
			   "frame per message: %s (or SOCK_DGRAM)", fd,
			   type == SOCK_STREAM ? "stream" : "non-datagram", fix);
		return TEL_EINVAL;
	}
	len = sizeof(sa);
	if (getpeername(fd, (struct sockaddr *)&sa, &len) < 0) {
		io_err_set(err, "getpeername", errno, "fd %d is a socket not connected to a far "
			   "end (%s): connect it first, or %s", fd, strerror(errno), fix);
		return TEL_EINVAL;
	}
	return 0;
}

int io_sock_open(int fd, uint8_t *rxbuf, const struct io_err *err, struct io **out)
{
	struct sock_io *s;
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return TEL_EINVAL;	/* not an open descriptor */
	s = malloc(sizeof(*s));
	if (!s)
		return TEL_ENOMEM;
	io_init(&s->io, &sock_ops, err);
	/* the first frames come from the run loop: their slots are there already */
	if (frameq_reserve(&s->io.txq)) {
		io_free(&s->io);
		return TEL_ENOMEM;
	}
	s->io.fd = fd;
	s->io.poll_fd = fd;
	s->io.poll_events = POLLIN;
	s->rxbuf = rxbuf;
	*out = &s->io;
	return 0;
}
