// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every transport driven through struct io_ops alone, with no line, data
 * link or context above it: the in-memory pair, a socket (socketpair), and
 * the DAHDI D-channel and analog channel over the fake DAHDI of fake_dahdi.h.
 * What each sends, what it hands up (frames, events, "closed") and what it
 * writes into the caller's error buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "io/io.h"
#include "../fake_dahdi.h"

/* What a transport handed up. */
struct upper {
	unsigned nrx;
	uint8_t rx[8][32];
	size_t rxlen[8];
	unsigned closed;
	unsigned nev;
	enum io_event ev[16];
};

static void up_rx(void *u, const uint8_t *frame, size_t len)
{
	struct upper *up = u;

	assert_true(up->nrx < 8 && len <= 32);
	memcpy(up->rx[up->nrx], frame, len);
	up->rxlen[up->nrx++] = len;
}

static void up_closed(void *u)
{
	((struct upper *)u)->closed++;
}

static void up_event(void *u, enum io_event ev)
{
	struct upper *up = u;

	assert_true(up->nev < 16);
	up->ev[up->nev++] = ev;
}

static const struct io_upper upper_ops = { .rx = up_rx, .closed = up_closed, .event = up_event };

static void attach(struct io *io, struct upper *up)
{
	memset(up, 0, sizeof(*up));
	io->up = &upper_ops;
	io->upper = up;
}

/* A frame in a buffer readable for FRAMEQ_TX_READ octets, as the data link gives one. */
static const uint8_t sabme[FRAMEQ_TX_READ] = { 0x00, 0x01, 0x7f };
static const uint8_t info[FRAMEQ_TX_READ + 8] = { 0x02, 0x01, 0x00, 0x00, 0x08, 0x02, 0x00,
						  0x01, 0x05, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
						  0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab };

static void test_pair(void **state)
{
	char msg[128] = "";
	struct io_err err = { .msg = msg, .size = sizeof(msg) };
	struct upper ua, ub;
	struct io *a, *b;
	struct frameq_slot *s;

	(void)state;
	assert_int_equal(io_pair_new(&err, &a, &b), 0);
	assert_ptr_equal(a->ops, b->ops);
	assert_string_equal(a->ops->name, "pair");
	attach(a, &ua);
	attach(b, &ub);
	/* nothing to poll or flush: the owner takes frames from rxq */
	assert_int_equal(a->poll_fd, -1);
	assert_null(a->ops->flush);
	assert_null(a->ops->ready);
	assert_null(a->ops->hook);
	assert_null(a->ops->conf_join);

	assert_int_equal(a->ops->tx(a, sabme, 3), 0);
	assert_int_equal(a->ops->tx(a, info, sizeof(info)), 0);	/* over FRAMEQ_TX_READ */
	assert_int_equal(b->ops->tx(b, sabme, 3), 0);
	assert_int_equal(a->rxq.count, 1);
	assert_int_equal(b->rxq.count, 2);
	s = frameq_peek(&b->rxq);
	assert_int_equal(s->len, 3);
	assert_memory_equal(s->data, sabme, 3);
	frameq_pop(&b->rxq);
	s = frameq_peek(&b->rxq);
	assert_int_equal(s->len, sizeof(info));
	assert_memory_equal(s->data, info, sizeof(info));
	assert_int_equal(ua.nrx + ub.nrx, 0);	/* nothing is handed up: it waits in rxq */

	/* closing one end: the other sees its transport gone, once, and sends into nothing */
	a->ops->close(a);
	assert_int_equal(ub.closed, 1);
	assert_true(b->dead);
	assert_int_equal(b->ops->tx(b, sabme, 3), TEL_ELINK);
	b->ops->close(b);
	assert_int_equal(ub.closed, 1);
	assert_string_equal(msg, "");	/* nothing went wrong */
}

static void test_socket(void **state)
{
	char msg[256] = "";
	struct io_err err = { .msg = msg, .size = sizeof(msg) };
	uint8_t *rxbuf = malloc(IO_SOCK_RXBUF);
	uint8_t buf[64];
	struct upper u;
	struct io *io;
	int sv[2], p[2];

	(void)state;
	assert_non_null(rxbuf);
	/* what cannot carry frames is refused with a sentence in the caller's buffer */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(io_sock_check(p[0], &err), TEL_EINVAL);
	assert_non_null(strstr(msg, "not a socket"));
	assert_non_null(strstr(msg, "socketpair"));
	close(p[0]);
	close(p[1]);

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	msg[0] = '\0';
	assert_int_equal(io_sock_check(sv[0], &err), 0);
	assert_string_equal(msg, "");
	assert_int_equal(io_sock_open(sv[0], rxbuf, &err, &io), 0);
	assert_string_equal(io->ops->name, "socket");
	attach(io, &u);
	assert_int_equal(io->poll_fd, sv[0]);
	assert_true(fcntl(sv[0], F_GETFL) & O_NONBLOCK);

	/* frames wait in txq (POLLOUT asked) until flush sends them, one per message */
	assert_int_equal(io->ops->tx(io, sabme, 3), 0);
	assert_int_equal(io->ops->tx(io, info, sizeof(info)), 0);
	assert_int_equal(io->txq.count, 2);
	assert_true(io_poll_events(io) & POLLOUT);
	assert_int_equal(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), -1);
	io->ops->flush(io);
	assert_int_equal(io->txq.count, 0);
	assert_false(io_poll_events(io) & POLLOUT);
	assert_int_equal(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), 3);
	assert_memory_equal(buf, sabme, 3);
	assert_int_equal(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), sizeof(info));
	assert_memory_equal(buf, info, sizeof(info));

	/* what arrives is handed up frame by frame */
	assert_int_equal(send(sv[1], info, 9, 0), 9);
	assert_int_equal(send(sv[1], sabme, 3, 0), 3);
	io->ops->ready(io, POLLIN);
	assert_int_equal(u.nrx, 2);
	assert_int_equal(u.rxlen[0], 9);
	assert_memory_equal(u.rx[0], info, 9);
	assert_int_equal(u.rxlen[1], 3);
	assert_int_equal(u.closed, 0);

	/* the far end goes: closed, once; nothing more is sent */
	close(sv[1]);
	io->ops->ready(io, POLLIN | POLLHUP);
	assert_int_equal(u.closed, 1);
	assert_true(io->dead);
	assert_int_equal(io->ops->tx(io, sabme, 3), TEL_ELINK);
	io->ops->ready(io, POLLIN | POLLHUP);
	assert_int_equal(u.closed, 1);
	io->ops->close(io);
	assert_true(fcntl(sv[0], F_GETFD) < 0);	/* the transport closed its fd */
	free(rxbuf);
}

/* A DAHDI transport on fake channel 0 at @path with signalling @sig. */
static struct io *dahdi_open(struct fake_dahdi *fd, struct tel_dahdi_ops *ops, int sig,
			     struct io_err *err, struct fake_chan **c)
{
	struct dahdi_chan_info ci;
	struct io *io = NULL;

	fake_init(fd);
	*ops = fake_ops(fd);
	*c = fake_add(fd, 0, "/dev/dahdi/chan/001/016", sig);
	assert_int_equal(io_dahdi_open(ops, "/dev/dahdi/chan/001/016", err, &ci, &io), 0);
	assert_int_equal(ci.chanpos, 1);
	assert_int_equal(io->poll_fd, (*c)->efd);
	return io;
}

static void test_dahdi_d(void **state)
{
	char msg[256] = "";
	struct io_err err = { .msg = msg, .size = sizeof(msg) };
	struct tel_dahdi_ops ops;
	struct fake_dahdi fd;
	struct fake_chan *c, *b;
	struct upper u;
	struct io *io;
	int confno = 0;

	(void)state;
	io = dahdi_open(&fd, &ops, DAHDI_SIG_HDLCFCS, &err, &c);
	assert_string_equal(io->ops->name, "dahdi-d");
	attach(io, &u);
	assert_int_equal(io_dahdi_d_buffers(io), 0);
	assert_int_equal(fake_count_ioctl(c, DAHDI_SET_BUFINFO), 1);

	/* a frame leaves on flush with two placeholder octets for the FCS */
	assert_int_equal(io->ops->tx(io, sabme, 3), 0);
	assert_int_equal(c->ntx, 0);
	io->ops->flush(io);
	assert_int_equal(c->ntx, 1);
	assert_int_equal(c->tx[0].len, 3 + DAHDI_FCS_LEN);
	assert_memory_equal(c->tx[0].data, sabme, 3);
	assert_int_equal(c->tx[0].data[3] | c->tx[0].data[4], 0);

	/* a frame read comes up without its FCS; events behind ELAST are counted or told */
	fake_rx(c, info, 9, true);
	fake_event(c, DAHDI_EVENT_BADFCS);
	io->ops->ready(io, POLLIN);
	assert_int_equal(io_dahdi_counters(io)->badfcs, 1);
	assert_int_equal(u.nrx, 1);
	assert_int_equal(u.rxlen[0], 9);
	assert_memory_equal(u.rx[0], info, 9);

	fake_event(c, DAHDI_EVENT_ALARM);
	io->ops->ready(io, POLLIN);
	assert_int_equal(u.nev, 1);
	assert_int_equal(u.ev[0], IO_EV_ALARM);
	assert_true(io_dahdi_counters(io)->alarm);
	/* in alarm a frame is dropped and counted, not queued */
	assert_int_equal(io->ops->tx(io, sabme, 3), 0);
	assert_int_equal(io->txq.count, 0);
	assert_int_equal(io_dahdi_counters(io)->tx_dropped, 1);
	fake_event(c, DAHDI_EVENT_NOALARM);
	io->ops->ready(io, POLLIN);
	assert_int_equal(u.ev[1], IO_EV_NOALARM);
	assert_false(io_dahdi_counters(io)->alarm);

	/* B-channel 5 of the span into a conference: opened next to the D-channel,
	 * in audio mode, on its own fd; out again and closed */
	b = fake_add_bchan(&fd, 1, "/dev/dahdi/chan/001/005", c, 5);
	assert_int_equal(io->ops->conf_join(io, 5, &confno), c->channo - c->chanpos + 5);
	assert_int_equal(confno, 1);
	assert_int_equal(b->open_now, 1);
	assert_int_equal(b->confno, 1);
	assert_int_equal(fake_count_ioctl(b, DAHDI_AUDIOMODE), 1);
	io->ops->conf_leave(io, c->channo - c->chanpos + 5);
	assert_int_equal(fake_count_ioctl(b, DAHDI_SETCONF), 2);
	assert_int_equal(fake_count_ioctl(c, DAHDI_SETCONF), 0);
	assert_int_equal(b->open_now, 0);
	assert_int_equal(b->confno, 0);
	/* one still in a conference when the transport closes is closed with it */
	assert_true(io->ops->conf_join(io, 5, &confno) > 0);
	assert_int_equal(b->open_now, 1);

	/* the channel removed: closed once, the reason in the caller's buffer */
	assert_string_equal(msg, "");
	fake_event(c, DAHDI_EVENT_REMOVED);
	io->ops->ready(io, POLLIN);
	assert_int_equal(u.closed, 1);
	assert_true(io->dead);
	assert_string_equal(msg, "/dev/dahdi/chan/001/016: channel removed: No such device");
	assert_int_equal(io->err.err, ENODEV);
	assert_int_equal(io->ops->tx(io, sabme, 3), TEL_ELINK);
	io->ops->close(io);
	assert_int_equal(c->closes, 1);
	assert_int_equal(b->open_now, 0);
	fake_fini(&fd);
}

static void test_dahdi_analog(void **state)
{
	char msg[256] = "";
	struct io_err err = { .msg = msg, .size = sizeof(msg) };
	struct tel_dahdi_ops ops;
	struct fake_dahdi fd;
	struct fake_chan *c;
	struct upper u;
	struct io *io;
	int confno = 0, i;

	(void)state;
	/* FXS signalling: our port is an FXO port on a CO line */
	io = dahdi_open(&fd, &ops, DAHDI_SIG_FXSKS, &err, &c);
	assert_string_equal(io->ops->name, "dahdi-analog");
	attach(io, &u);
	assert_int_equal(io->ops->tx(io, sabme, 3), TEL_ENOTSUP);	/* no frames */

	/* requests out as DAHDI_HOOK and DAHDI_DIAL */
	assert_int_equal(io->ops->hook(io, IO_HOOK_OFF), 0);
	i = fake_find_ioctl(c, 0, DAHDI_HOOK, 0);
	assert_true(i >= 0);
	assert_int_equal(c->io[i].arg, DAHDI_OFFHOOK);
	assert_int_equal(io->ops->dial(io, "123"), 0);
	assert_int_equal(fake_count_ioctl(c, DAHDI_DIAL), 1);
	/* a ring started on a non-blocking fd: DAHDI answers EINPROGRESS, which is success */
	assert_int_equal(io->ops->hook(io, IO_HOOK_RING), 0);
	assert_int_equal(c->io[fake_find_ioctl(c, 0, DAHDI_HOOK, 1)].arg, DAHDI_RING);

	/* events in the words of an FXO port */
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	fake_event(c, DAHDI_EVENT_RINGBEGIN);
	fake_event(c, DAHDI_EVENT_DIALCOMPLETE);
	fake_event(c, DAHDI_EVENT_ONHOOK);
	io->ops->ready(io, POLLPRI);
	assert_int_equal(u.nev, 4);
	assert_int_equal(u.ev[0], IO_EV_RING);
	assert_int_equal(u.ev[1], IO_EV_RING);
	assert_int_equal(u.ev[2], IO_EV_DIALCOMPLETE);
	assert_int_equal(u.ev[3], IO_EV_ONHOOK);

	/* its own channel into a conference: DAHDI picks the number */
	assert_int_equal(io->ops->conf_join(io, 0, &confno), 0);
	assert_int_equal(confno, 1);
	io->ops->conf_leave(io, 0);

	/* the channel gone (DAHDI_GETEVENT fails): closed, then REMOVED, the call named */
	c->getevent_errno = ENODEV;
	io->ops->ready(io, POLLPRI);
	assert_int_equal(u.closed, 1);
	assert_int_equal(u.ev[u.nev - 1], IO_EV_REMOVED);
	assert_non_null(strstr(msg, "/dev/dahdi/chan/001/016: DAHDI_GETEVENT"));
	assert_string_equal(io->err.call, "DAHDI_GETEVENT");
	/* a hook request on a dead channel fails without a system call */
	i = (int)c->nio;
	assert_int_equal(io->ops->hook(io, IO_HOOK_OFF), TEL_EIO);
	assert_int_equal(c->nio, (unsigned)i);
	io->ops->close(io);
	assert_int_equal(c->closes, 1);
	fake_fini(&fd);

	/* FXO signalling: our port drives a phone, RINGOFFHOOK is the phone lifted */
	io = dahdi_open(&fd, &ops, DAHDI_SIG_FXOKS, &err, &c);
	attach(io, &u);
	fake_event(c, DAHDI_EVENT_RINGOFFHOOK);
	fake_event(c, DAHDI_EVENT_RINGBEGIN);	/* not ours to hear */
	io->ops->ready(io, POLLPRI);
	assert_int_equal(u.nev, 1);
	assert_int_equal(u.ev[0], IO_EV_OFFHOOK);
	io->ops->close(io);
	fake_fini(&fd);
}

/* An open that fails writes the sentence and the failing call into the caller's buffer. */
static void test_dahdi_open_error(void **state)
{
	char msg[256] = "";
	struct io_err err = { .msg = msg, .size = sizeof(msg) };
	struct tel_dahdi_ops ops;
	struct dahdi_chan_info ci;
	struct fake_dahdi fd;
	struct io *io = NULL;

	(void)state;
	fake_init(&fd);
	ops = fake_ops(&fd);
	assert_int_equal(io_dahdi_open(&ops, "/dev/dahdi/chan/009/009", &err, &ci, &io), TEL_EIO);
	assert_null(io);
	assert_string_equal(msg, "/dev/dahdi/chan/009/009: no such channel (is the span "
			    "assigned? try: dahdi_span_assignments auto)");
	assert_string_equal(err.call, "open");
	assert_int_equal(err.err, ENOENT);
	fake_fini(&fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pair),
		cmocka_unit_test(test_socket),
		cmocka_unit_test(test_dahdi_d),
		cmocka_unit_test(test_dahdi_analog),
		cmocka_unit_test(test_dahdi_open_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
