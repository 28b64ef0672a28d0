// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The protocol timers and counters a line's configuration may set
 * (tel_line_cfg.params), by the names the standards give them; the names and
 * defaults are the layers' own tables (lapd_param_name(), q931_timer_name()).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "session/session.h"

enum { P_LAPD, P_Q931 };

struct param_def {
	uint8_t layer;
	uint8_t id;
	unsigned long min, max;
	const char *unit;
};

#define MS_MAX	3600000ul	/* one hour */

static const struct param_def defs[] = {
	{ P_LAPD, LAPD_T200, 1, MS_MAX, "ms" },
	{ P_LAPD, LAPD_T203, 1, MS_MAX, "ms" },
	{ P_LAPD, LAPD_N200, 1, 255, "retransmissions" },
	{ P_LAPD, LAPD_K, 1, 127, "frames" },
	{ P_Q931, Q931_T301, 0, MS_MAX, "ms, 0 = off" },
	{ P_Q931, Q931_T303, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T305, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T306, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T308, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T309, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T310, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T313, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T316, 1, MS_MAX, "ms" },
	{ P_Q931, Q931_T322, 1, MS_MAX, "ms" },
};

#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

static const char *def_name(const struct param_def *d)
{
	return d->layer == P_LAPD ? lapd_param_name((enum lapd_param)d->id) :
				    q931_timer_name((enum q931_timer_id)d->id);
}

/* The definition called @name (any case: "t309" is T309), or NULL. */
static const struct param_def *find(const char *name)
{
	for (size_t i = 0; name && i < NDEFS; i++)
		if (!strcasecmp(def_name(&defs[i]), name))
			return &defs[i];
	return NULL;
}

int line_params_check(tel_ctx *ctx, const struct tel_line_cfg *cfg)
{
	char known[128];
	size_t n = 0;

	if (cfg->nparams && !cfg->params) {
		ctx_set_error(ctx, "line parameters: nparams is %zu but params is NULL",
			      cfg->nparams);
		return TEL_EINVAL;
	}
	for (size_t i = 0; i < cfg->nparams; i++) {
		const struct tel_param *p = &cfg->params[i];
		const struct param_def *d = find(p->name);

		if (!d) {
			known[0] = '\0';
			for (size_t k = 0; k < NDEFS && n < sizeof(known); k++)
				n += (size_t)snprintf(known + n, sizeof(known) - n, " %s",
						      def_name(&defs[k]));
			ctx_set_error(ctx, "line parameter \"%s\": no such timer or counter "
				      "(known:%s)", p->name ? p->name : "(null)", known);
			return TEL_EINVAL;
		}
		if (p->value < d->min || p->value > d->max) {
			ctx_set_error(ctx, "line parameter %s = %lu: out of range %lu..%lu (%s)",
				      def_name(d), p->value, d->min, d->max, d->unit);
			return TEL_EINVAL;
		}
	}
	return 0;
}

void line_params_apply(const struct tel_line_cfg *cfg, struct lapd_params *lp,
		       uint32_t timer_ms[Q931_TIMER_COUNT])
{
	lapd_params_default(lp);
	for (size_t i = 0; i < cfg->nparams; i++) {
		const struct param_def *d = find(cfg->params[i].name);

		if (d && d->layer == P_LAPD)
			lp->v[d->id] = (uint32_t)cfg->params[i].value;
		else if (d && d->layer == P_Q931)
			/* q931_cc_new() takes 0 as "the default": T301 0 (off) is its default */
			timer_ms[d->id] = (uint32_t)cfg->params[i].value;
	}
}

int tel_line_param(const tel_line *line, const char *name, unsigned long *value)
{
	const struct param_def *d = find(name);

	if (!line || !value || !d)
		return TEL_EINVAL;
	if (line_is_analog(line))
		return TEL_ENOTSUP;
	*value = d->layer == P_LAPD ? lapd_param(&line->lapd, (enum lapd_param)d->id) :
				      q931_cc_timer(line->cc, (enum q931_timer_id)d->id);
	return 0;
}
