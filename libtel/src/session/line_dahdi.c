// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tel_line_open_dahdi(): a line on a DAHDI channel. The channel's signalling
 * says what the line carries: a D-channel (io/dahdi_d.c) under LAPD and
 * Q.931, or an analog port (io/dahdi_analog.c, session/line_analog.c).
 */
#include <stdio.h>
#include <string.h>

#include "session/ctx.h"
#include "session/line.h"

static int open_d(tel_ctx *ctx, const struct tel_line_cfg *cfg, const char *path,
		  struct io *io, tel_line **out)
{
	int rc;

	if (line_check_cfg(ctx, cfg)) {
		char why[200];

		snprintf(why, sizeof(why), "%s", tel_ctx_last_error(ctx));
		ctx_set_error(ctx, "%s: %s", path, why);
		return TEL_EINVAL;
	}
	rc = io_dahdi_d_buffers(io);
	if (rc)
		return rc;
	rc = line_new(ctx, cfg, io, out);
	if (rc) {
		ctx_set_error(ctx, "%s: %s", path, rc == TEL_EIO ?
			      "cannot create the pcap file" : tel_strerror(rc));
		return rc;
	}
	return 0;
}

static int open_analog(tel_ctx *ctx, const struct tel_line_cfg *cfg, const char *path,
		       struct io *io, const struct dahdi_chan_info *ci, tel_line **out)
{
	struct tel_line_cfg acfg = *cfg;
	int rc;

	acfg.pcap = NULL;	/* no frames to trace */
	if (cfg->nparams) {
		ctx_set_error(ctx, "%s: an analog channel: line parameters (Q.921/Q.931 timers) "
			      "do not apply; open it without params", path);
		return TEL_ENOTSUP;
	}
	rc = analog_line_new(ctx, &acfg, io, ci->kind == DAHDI_KIND_FXO ? ANALOG_FXO : ANALOG_FXS,
			     ci->alarms != 0, out);
	if (rc) {
		ctx_set_error(ctx, "%s: %s", path, tel_strerror(rc));
		return rc;
	}
	return 0;
}

int tel_line_open_dahdi(tel_ctx *ctx, const struct tel_line_cfg *cfg, const char *chan_path,
			tel_line **out)
{
	struct dahdi_chan_info ci;
	struct tel_line *l = NULL;
	struct io_err err;
	struct io *io;
	char path[64];		/* for the messages below; cut if longer */
	int rc;

	if (!ctx)
		return TEL_EINVAL;
	if (!cfg || !chan_path || !out) {
		ctx_set_error(ctx, "tel_line_open_dahdi: NULL configuration, path or out");
		return TEL_EINVAL;
	}
	ctx->errmsg[0] = '\0';
	err = ctx_io_err(ctx);
	rc = io_dahdi_open(&ctx->dahdi_ops, chan_path, &err, &ci, &io);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s", chan_path);
	if (ci.kind == DAHDI_KIND_DCHAN)
		rc = open_d(ctx, cfg, path, io, &l);
	else
		rc = open_analog(ctx, cfg, path, io, &ci, &l);
	if (rc) {
		io->ops->close(io);
		return rc;
	}
	timers_set_now(&ctx->timers, ctx_now(ctx));
	if (!line_is_analog(l)) {
		q931_cc_alarm(l->cc, ci.alarms != 0);	/* in alarm: establish once it clears */
		q931_cc_start(l->cc);
		line_cc_owed(l);
	}
	*out = l;
	return 0;
}
