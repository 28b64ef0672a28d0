// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tel_line_open_fd() takes only what can carry LAPD frames, one per message:
 * a connected SOCK_SEQPACKET or SOCK_DGRAM socket (e.g. a socketpair end).
 * A pipe, a regular file, a stream socket, an unconnected socket or an fd a
 * line of the context already owns is TEL_EINVAL, with a sentence naming the
 * fd and the fix, and the fd is left as it was (open, the caller's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "libtel/tel.h"

static const struct tel_line_cfg cfg = { .side = TEL_SIDE_USER, .bchans = 30 };

static tel_ctx *ctx_new(void)
{
	struct tel_ctx_opts o = { 0 };
	tel_ctx *ctx;

	assert_int_equal(tel_ctx_new(&ctx, &o), 0);
	return ctx;
}

/* Refused with TEL_EINVAL, a sentence naming fd @fd and containing @why; @fd still open. */
static void refused(tel_ctx *ctx, int fd, const char *why)
{
	tel_line *l = NULL;
	char name[32];
	const char *msg;

	assert_int_equal(tel_line_open_fd(ctx, &cfg, fd, &l), TEL_EINVAL);
	assert_null(l);
	msg = tel_ctx_last_error(ctx);
	snprintf(name, sizeof(name), "fd %d", fd);
	if (!strstr(msg, name) || !strstr(msg, why))
		fail_msg("error \"%s\" lacks \"%s\" or \"%s\"", msg, name, why);
	/* the fix is named too */
	assert_non_null(strstr(msg, "socketpair") ? msg : strstr(msg, "another fd"));
	assert_true(fcntl(fd, F_GETFD) >= 0);	/* not closed */
}

static void test_pipe_refused(void **state)
{
	tel_ctx *ctx = ctx_new();
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	refused(ctx, p[0], "not a socket");
	refused(ctx, p[1], "not a socket");
	close(p[0]);
	close(p[1]);
	tel_ctx_free(ctx);
}

static void test_regular_file_refused(void **state)
{
	tel_ctx *ctx = ctx_new();
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	refused(ctx, fileno(f), "not a socket");
	fclose(f);
	tel_ctx_free(ctx);
}

static void test_stream_socket_refused(void **state)
{
	tel_ctx *ctx = ctx_new();
	int sv[2], s;

	(void)state;
	/* connected, but a byte stream: no frame boundaries */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	refused(ctx, sv[0], "stream");
	close(sv[0]);
	close(sv[1]);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s >= 0);
	refused(ctx, s, "stream");
	close(s);
	tel_ctx_free(ctx);
}

static void test_unconnected_socket_refused(void **state)
{
	tel_ctx *ctx = ctx_new();
	int s;

	(void)state;
	s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	assert_true(s >= 0);
	refused(ctx, s, "not connected");
	close(s);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_true(s >= 0);
	refused(ctx, s, "not connected");
	close(s);
	tel_ctx_free(ctx);
}

static void test_closed_fd_refused(void **state)
{
	tel_ctx *ctx = ctx_new();
	tel_line *l;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	close(p[1]);
	assert_int_equal(tel_line_open_fd(ctx, &cfg, p[0], &l), TEL_EINVAL);
	assert_non_null(strstr(tel_ctx_last_error(ctx), "not an open"));
	tel_ctx_free(ctx);
}

static void test_fd_owned_twice_refused(void **state)
{
	tel_ctx *ctx = ctx_new();
	tel_line *a, *b = NULL;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	assert_int_equal(tel_line_open_fd(ctx, &cfg, sv[0], &a), 0);
	assert_int_equal(tel_line_open_fd(ctx, &cfg, sv[0], &b), TEL_EINVAL);
	assert_null(b);
	if (!strstr(tel_ctx_last_error(ctx), "already"))
		fail_msg("error \"%s\"", tel_ctx_last_error(ctx));
	/* once that line is closed (closing the fd) nothing is closed twice */
	tel_line_close(a);
	assert_true(fcntl(sv[0], F_GETFD) < 0);
	close(sv[1]);
	tel_ctx_free(ctx);
}

static void test_seqpacket_and_dgram_pairs_taken(void **state)
{
	tel_ctx *ctx = ctx_new();
	tel_line *a, *b;
	int sv[2], dv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, dv), 0);
	assert_int_equal(tel_line_open_fd(ctx, &cfg, sv[0], &a), 0);
	assert_int_equal(tel_line_open_fd(ctx, &cfg, dv[0], &b), 0);
	tel_line_close(a);
	tel_line_close(b);
	close(sv[1]);
	close(dv[1]);
	tel_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_refused),
		cmocka_unit_test(test_regular_file_refused),
		cmocka_unit_test(test_stream_socket_refused),
		cmocka_unit_test(test_unconnected_socket_refused),
		cmocka_unit_test(test_closed_fd_refused),
		cmocka_unit_test(test_fd_owned_twice_refused),
		cmocka_unit_test(test_seqpacket_and_dgram_pairs_taken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
