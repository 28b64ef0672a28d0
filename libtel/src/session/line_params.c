// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The protocol timers and counters a line's configuration may set
 * (tel_line_cfg.params), by the names the standards give them; names, defaults,
 * units and ranges are the layers' own tables (lapd_tdef_table(), q931_tdef_table()).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "session/ctx.h"
#include "session/line.h"

enum { P_LAPD, P_Q931 };

struct param_def {
	uint8_t layer;
	const struct tel_tdef *t;	/* the layer's row: name, unit, settable range */
};

/* The definition called @name (any case: "t309" is T309) that a line may set. */
static bool find(const char *name, struct param_def *out)
{
	for (uint8_t layer = P_LAPD; name && layer <= P_Q931; layer++) {
		size_t n;
		const struct tel_tdef *t = layer == P_LAPD ? lapd_tdef_table(&n) :
							     q931_tdef_table(&n);

		for (size_t i = 0; i < n; i++) {
			if (t[i].max && !strcasecmp(t[i].name, name)) {
				out->layer = layer;
				out->t = &t[i];
				return true;
			}
		}
	}
	return false;
}

/* " T200 T203 ...": the names a line may set, into @buf. */
static void known_names(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (uint8_t layer = P_LAPD; layer <= P_Q931; layer++) {
		size_t n;
		const struct tel_tdef *t = layer == P_LAPD ? lapd_tdef_table(&n) :
							     q931_tdef_table(&n);

		for (size_t i = 0; i < n && off < len; i++)
			if (t[i].max)
				off += (size_t)snprintf(buf + off, len - off, " %s", t[i].name);
	}
}

int line_params_check(tel_ctx *ctx, const struct tel_line_cfg *cfg)
{
	char known[128];

	if (cfg->nparams && !cfg->params) {
		ctx_set_error(ctx, "line parameters: nparams is %zu but params is NULL",
			      cfg->nparams);
		return TEL_EINVAL;
	}
	for (size_t i = 0; i < cfg->nparams; i++) {
		const struct tel_param *p = &cfg->params[i];
		struct param_def d;

		if (!find(p->name, &d)) {
			known_names(known, sizeof(known));
			ctx_set_error(ctx, "line parameter \"%s\": no such timer or counter "
				      "(known:%s)", p->name ? p->name : "(null)", known);
			return TEL_EINVAL;
		}
		if (p->value < d.t->min || p->value > d.t->max) {
			ctx_set_error(ctx, "line parameter %s = %lu: out of range %lu..%lu (%s)",
				      d.t->name, p->value, (unsigned long)d.t->min,
				      (unsigned long)d.t->max, d.t->unit);
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
		struct param_def d;

		if (!find(cfg->params[i].name, &d))
			continue;
		if (d.layer == P_LAPD)
			lp->v[d.t->id] = (uint32_t)cfg->params[i].value;
		else
			/* q931_cc_new() takes 0 as "the default": T301 0 (off) is its default */
			timer_ms[d.t->id] = (uint32_t)cfg->params[i].value;
	}
}

int tel_line_param(const tel_line *line, const char *name, unsigned long *value)
{
	struct param_def d;

	if (!line || !value || !find(name, &d))
		return TEL_EINVAL;
	if (line_is_analog(line))
		return TEL_ENOTSUP;
	*value = d.layer == P_LAPD ? lapd_param(line->lapd, (enum lapd_param)d.t->id) :
				     q931_cc_timer(line->cc, (enum q931_timer_id)d.t->id);
	return 0;
}
