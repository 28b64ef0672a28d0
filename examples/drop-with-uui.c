// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * drop-with-uui: place a call between two lines wired back to back in memory,
 * answer it, then drop it with a cause and user-user information, and show
 * what the far end received — the TAPI lineDrop() pattern with libtel.
 *
 * Build: cc drop-with-uui.c $(pkg-config --cflags --libs libtel)
 */
#include <libtel/tel.h>
#include <stdio.h>
#include <string.h>

struct app {
	tel_call *caller, *callee;
	int connected, idle, drop_done;
};

static void on_event(const struct tel_event *ev, void *user)
{
	struct app *a = user;
	struct tel_call_info ci;

	switch (ev->type) {
	case TEL_EV_LINE_STATE:
		printf("line %s\n", ev->up ? "up" : "down");
		break;
	case TEL_EV_CALL_STATE:
		tel_call_info(ev->call, &ci);
		printf("call %u: %s", tel_call_id(ev->call), tel_call_state_name(ev->state));
		if (ci.cause)
			printf(" (cause %d, %s, from %s)", ci.cause, tel_disconnect_mode_name(ci.mode),
			       ci.cause_remote ? "the far end" : "us");
		printf("\n");
		if (ev->state == TEL_CS_OFFERING) {
			a->callee = ev->call;
			tel_call_answer(ev->call, NULL, 0, 0);
		} else if (ev->state == TEL_CS_CONNECTED) {
			a->connected++;
		} else if (ev->state == TEL_CS_DISCONNECTED) {
			/* the far end cleared: show its UUI, then finish with our own drop */
			printf("  received UUI (pd %d, %zu octets): %.*s\n", ci.uui_rx_pd,
			       ci.uui_rx_len, (int)ci.uui_rx_len, (const char *)ci.uui_rx);
			tel_call_drop(ev->call, NULL);
		} else if (ev->state == TEL_CS_IDLE) {
			a->idle++;
		}
		break;
	case TEL_EV_DROP_DONE:
		printf("call %u: drop done (%s)\n", tel_call_id(ev->call), tel_strerror(ev->result));
		a->drop_done++;
		break;
	default:	/* other events (B-channel service states, ...) */
		break;
	}
}

int main(void)
{
	static const char note[] = "ticket 4711 closed";
	struct app a = { 0 };
	struct tel_ctx_opts opts = { .on_event = on_event, .user = &a };
	struct tel_line_cfg user = { .side = TEL_SIDE_USER, .variant = TEL_VARIANT_EUROISDN,
				     .bchans = 30 };
	struct tel_line_cfg net = user;
	struct tel_call_params call = { .to = "5678", .from = "1234" };
	struct tel_drop_params drop = { .cause = 16, .uui = note, .uui_len = strlen(note),
					.uui_pd = 4 /* IA5 */ };
	struct tel_line_caps caps;
	tel_line *lu, *ln;
	tel_ctx *ctx;
	int rc;

	net.side = TEL_SIDE_NETWORK;
	if ((rc = tel_ctx_new(&ctx, &opts)) || (rc = tel_line_pair(ctx, &user, &net, &lu, &ln))) {
		fprintf(stderr, "setup failed: %s\n", tel_strerror(rc));
		return 1;
	}
	while (!tel_line_up(lu))
		tel_ctx_run(ctx, 100);
	tel_line_caps(lu, &caps);
	printf("line can carry %zu octets of UUI when dropping\n", caps.uui_drop_max);

	if ((rc = tel_call_make(lu, &call, &a.caller))) {
		fprintf(stderr, "call failed: %s\n", tel_strerror(rc));
		return 1;
	}
	while (a.connected < 2)
		tel_ctx_run(ctx, 100);
	rc = tel_call_drop(a.caller, &drop);	/* returns at once; DROP_DONE follows */
	printf("drop: %s\n", tel_strerror(rc));
	while (a.idle < 2 || a.drop_done < 2)
		tel_ctx_run(ctx, 100);

	/* after the drop the handle still answers, until we deallocate it */
	struct tel_call_info ci;

	tel_call_info(a.caller, &ci);
	printf("caller after drop: %s, cause %d, chan %d\n", tel_call_state_name(ci.state),
	       ci.cause, ci.bchan);
	tel_call_dealloc(a.caller);
	tel_call_dealloc(a.callee);
	tel_ctx_free(ctx);
	return 0;
}
