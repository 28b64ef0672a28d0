// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libtel inside an application's own poll() loop: two contexts (a user side
 * and a network side, joined by a socket pair), each giving the loop one
 * descriptor (tel_ctx_fd()) and the longest wait it allows (tel_ctx_timeout()).
 * The loop places a call, lets the far end answer, hangs up, and stops when
 * both drops are done. Only the public header is used.
 */
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>

#include <libtel/tel.h>

struct side {
	const char *name;
	tel_ctx *ctx;
	tel_line *line;
	int up, connected, drop_done;
};

static void on_event(const struct tel_event *ev, void *user)
{
	struct side *s = user;

	switch (ev->type) {
	case TEL_EV_LINE_STATE:
		s->up = ev->up;
		printf("%s: line %s\n", s->name, ev->up ? "up" : "down");
		break;
	case TEL_EV_CALL_STATE:
		printf("%s: call %u %s\n", s->name, tel_call_id(ev->call),
		       tel_call_state_name(ev->state));
		if (ev->state == TEL_CS_OFFERING)
			tel_call_answer(ev->call, NULL, 0, 0);
		else if (ev->state == TEL_CS_CONNECTED)
			s->connected = 1;
		else if (ev->state == TEL_CS_DISCONNECTED)
			tel_call_drop(ev->call, NULL);	/* the far end hung up: finish */
		break;
	case TEL_EV_DROP_DONE:	/* both ends drop here: the handle is done with */
		s->drop_done = 1;
		printf("%s: drop done\n", s->name);
		tel_call_dealloc(ev->call);
		break;
	default:
		break;
	}
}

/* One turn of the loop: wait for either context (or its timeout), then run both. */
static void turn(struct side *s)
{
	struct pollfd p[2];
	int wait = -1;

	for (int i = 0; i < 2; i++) {
		int t = tel_ctx_timeout(s[i].ctx);

		p[i].fd = tel_ctx_fd(s[i].ctx);
		p[i].events = POLLIN;
		if (t >= 0 && (wait < 0 || t < wait))
			wait = t;
	}
	poll(p, 2, wait);
	for (int i = 0; i < 2; i++)
		tel_ctx_run(s[i].ctx, 0);
}

int main(void)
{
	struct side s[2] = { { .name = "user" }, { .name = "network" } };
	struct tel_line_cfg cfg[2] = {
		{ .side = TEL_SIDE_USER, .bchans = 30 },
		{ .side = TEL_SIDE_NETWORK, .bchans = 30 },
	};
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	tel_call *c;
	int sp[2], turns = 0;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp))
		return 1;
	for (int i = 0; i < 2; i++) {
		struct tel_ctx_opts o = { .on_event = on_event, .user = &s[i] };

		if (tel_ctx_new(&s[i].ctx, &o) || tel_line_open_fd(s[i].ctx, &cfg[i], sp[i],
								   &s[i].line))
			return 1;
	}
	while (!(s[0].up && s[1].up) && turns++ < 1000)
		turn(s);
	if (tel_call_make(s[0].line, &p, &c))
		return 1;
	while (!s[0].connected && turns++ < 1000)
		turn(s);
	tel_call_drop(c, NULL);
	while (!(s[0].drop_done && s[1].drop_done) && turns++ < 1000)
		turn(s);
	printf("done in %d turns of one poll() loop\n", turns);
	tel_ctx_free(s[0].ctx);
	tel_ctx_free(s[1].ctx);
	return s[0].drop_done && s[1].drop_done ? 0 : 1;
}
