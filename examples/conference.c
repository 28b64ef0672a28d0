// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conference: three calls joined in a conference, one party dropped alone,
 * then the conference dropped as a whole — every call whose state changes
 * reports it.
 *
 * Build: cc conference.c $(pkg-config --cflags --libs libtel)
 */
#include <libtel/tel.h>
#include <stdio.h>

#define PARTIES 3

struct app {
	int connected, idle;
};

static void on_event(const struct tel_event *ev, void *user)
{
	struct app *a = user;

	if (ev->type != TEL_EV_CALL_STATE)
		return;
	printf("call %u: %s\n", tel_call_id(ev->call), tel_call_state_name(ev->state));
	switch (ev->state) {
	case TEL_CS_OFFERING:
		tel_call_answer(ev->call, NULL, 0, 0);
		break;
	case TEL_CS_CONNECTED:
		a->connected++;
		break;
	case TEL_CS_DISCONNECTED:
		tel_call_drop(ev->call, NULL);	/* the far end of a party finishes clearing */
		break;
	case TEL_CS_IDLE:
		a->idle++;
		tel_call_dealloc(ev->call);
		break;
	default:
		break;
	}
}

int main(void)
{
	struct app a = { 0 };
	struct tel_ctx_opts opts = { .on_event = on_event, .user = &a };
	struct tel_line_cfg user = { .side = TEL_SIDE_USER, .bchans = 30 }, net = user;
	struct tel_call_params p = { .to = "100" };
	tel_call *party[PARTIES];
	tel_line *lu, *ln;
	tel_conf *conf;
	tel_ctx *ctx;
	int rc;

	net.side = TEL_SIDE_NETWORK;
	if ((rc = tel_ctx_new(&ctx, &opts)) || (rc = tel_line_pair(ctx, &user, &net, &lu, &ln)) ||
	    (rc = tel_conf_new(ctx, &conf))) {
		fprintf(stderr, "setup failed: %s\n", tel_strerror(rc));
		return 1;
	}
	while (!tel_line_up(lu))
		tel_ctx_run(ctx, 100);
	for (int i = 0; i < PARTIES; i++) {
		if ((rc = tel_call_make(lu, &p, &party[i])) || (rc = tel_conf_add(conf, party[i]))) {
			fprintf(stderr, "party %d: %s\n", i, tel_strerror(rc));
			return 1;
		}
	}
	while (a.connected < 2 * PARTIES)
		tel_ctx_run(ctx, 100);

	printf("-- dropping one party\n");
	tel_call_drop(party[0], NULL);
	while (a.idle < 2)
		tel_ctx_run(ctx, 100);

	printf("-- dropping the conference\n");
	rc = tel_conf_drop(conf, NULL);
	printf("conference drop: %s\n", tel_strerror(rc));
	while (a.idle < 2 * PARTIES)
		tel_ctx_run(ctx, 100);
	printf("all %d calls idle\n", 2 * PARTIES);
	tel_conf_free(conf);
	tel_ctx_free(ctx);
	return 0;
}
