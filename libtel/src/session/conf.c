// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Conferences: a set of calls dropped together. Each party is cleared with
 * its own clearing messages and reports its own state changes. Parties on
 * DAHDI channels are also put into one DAHDI conference (the transport's
 * conf_join: the analog channel itself, or a PRI call's B-channel) so that
 * they hear each other, and taken out when they leave.
 */
#include <stdlib.h>

#include "session/call.h"
#include "session/conf.h"
#include "session/line.h"

/* ------------------------------------------------- DAHDI conferences --- */

int dahdi_conf_join(struct tel_line *l, struct tel_conf *cf)
{
	int confno = cf->dahdi_confno, rc;

	if (!l->iops->conf_join || !line_is_analog(l) || l->chan_conf == cf)
		return 0;
	if (l->chan_conf)
		dahdi_conf_leave(l);
	rc = l->iops->conf_join(l->io, 0, &confno);
	if (rc < 0)
		return rc;
	cf->dahdi_confno = confno;
	cf->dahdi_joined++;
	l->chan_conf = cf;
	return 0;
}

void dahdi_conf_leave(struct tel_line *l)
{
	struct tel_conf *cf = l->chan_conf;

	if (!cf)
		return;
	l->iops->conf_leave(l->io, 0);
	if (!--cf->dahdi_joined)
		cf->dahdi_confno = 0;	/* empty: DAHDI may give the number to others */
	l->chan_conf = NULL;
}

int dahdi_bconf_join(struct tel_call *c, struct tel_conf *cf)
{
	int confno = cf->dahdi_confno, chan;

	if (c->dahdi_bconf)
		return 0;
	if (!c->info.bchan)
		return TEL_ESTATE;	/* no B-channel yet: nothing to hear */
	chan = c->line->iops->conf_join(c->line->io, c->info.bchan, &confno);
	if (chan < 0)
		return chan;
	cf->dahdi_confno = confno;
	cf->dahdi_joined++;
	c->dahdi_bconf = chan;
	return 0;
}

void dahdi_bconf_leave(struct tel_call *c)
{
	struct tel_conf *cf = c->conf;

	if (!c->dahdi_bconf)
		return;
	if (c->line && c->line->iops->conf_leave)
		c->line->iops->conf_leave(c->line->io, c->dahdi_bconf);
	if (cf && !--cf->dahdi_joined)
		cf->dahdi_confno = 0;
	c->dahdi_bconf = 0;
}

/* ------------------------------------------------------- conferences --- */

int tel_conf_new(tel_ctx *ctx, tel_conf **out)
{
	struct tel_conf *cf;

	if (!ctx || !out)
		return TEL_EINVAL;
	cf = calloc(1, sizeof(*cf));
	if (!cf)
		return TEL_ENOMEM;
	cf->ctx = ctx;
	*out = cf;
	return 0;
}

int tel_conf_add(tel_conf *cf, tel_call *call)
{
	if (!cf || !call)
		return TEL_EINVAL;
	if (call->freed)
		return TEL_EFREED;
	if (call->ctx != cf->ctx)
		return TEL_EINVAL;
	if (call->conf == cf)
		return 0;
	if (call->conf)
		return TEL_EBUSY;	/* a party of another conference */
	if (call->info.state == TEL_CS_IDLE)
		return TEL_ESTATE;
	if (cf->n == cf->cap) {
		unsigned ncap = cf->cap ? cf->cap * 2 : 4;
		struct tel_call **p = realloc(cf->party, ncap * sizeof(*p));

		if (!p)
			return TEL_ENOMEM;
		cf->party = p;
		cf->cap = ncap;
	}
	if (call->line && call->line->iops->conf_join) {
		int rc = line_is_analog(call->line) ? dahdi_conf_join(call->line, cf) :
			 dahdi_bconf_join(call, cf);

		if (rc)
			return rc;
	}
	cf->party[cf->n++] = call;
	call->conf = cf;
	return 0;
}

void conf_remove(struct tel_call *call)
{
	struct tel_conf *cf = call->conf;

	if (call->line && call->line->chan_conf == cf)
		dahdi_conf_leave(call->line);
	dahdi_bconf_leave(call);
	for (unsigned i = 0; i < cf->n; i++) {
		if (cf->party[i] == call) {
			cf->party[i] = cf->party[--cf->n];
			break;
		}
	}
	call->conf = NULL;
}

int tel_conf_drop(tel_conf *cf, const struct tel_drop_params *p)
{
	int dropped = 0, err = 0;

	if (!cf)
		return TEL_EINVAL;
	for (unsigned i = 0; i < cf->n; i++) {
		int rc = tel_call_drop(cf->party[i], p);

		if (!rc)
			dropped++;
		else if (rc != TEL_ESTATE && !err)
			err = rc;	/* e.g. UUI too big: reported, the others still dropped */
	}
	if (err)
		return err;
	return dropped ? 0 : TEL_ESTATE;
}

void tel_conf_free(tel_conf *cf)
{
	if (!cf)
		return;
	for (unsigned i = 0; i < cf->n; i++) {
		struct tel_line *l = cf->party[i]->line;

		if (l && l->chan_conf == cf)
			dahdi_conf_leave(l);
		dahdi_bconf_leave(cf->party[i]);
		cf->party[i]->conf = NULL;
	}
	free(cf->party);
	free(cf);
}
