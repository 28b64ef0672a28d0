// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak — the random application on each libtel side: what it does with a
 * call in each state (answer, reject, let ring, drop in any state with random
 * causes and UUI up to and past the line's maximum, drop twice, share,
 * conference, deallocate), when it makes new calls, and RESTARTs (--restart).
 * Every choice comes from the seeded PRNG; every API call goes into the
 * call's history, and a return code the API does not promise is a violation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

/*
 * Whether the far end finishes a clearing it began by itself (T305: RELEASE
 * when we do not answer its DISCONNECT), so that the application may leave a
 * DISCONNECTED call to it. libtel does; libpri 1.6 does not when its
 * DISCONNECT crossed our CONNECT ACKNOWLEDGE (it answers STATUS 101 from
 * state 11 and waits for ever), so against libpri the application always
 * finishes with a drop, as applications do.
 */
#ifdef SOAK_LIBPRI
static const bool far_runs_t305 = false;
#else
static const bool far_runs_t305 = true;
#endif

void schedule_for_state(struct rec *r, int state)
{
	struct side *s = &sides[r->side];
	uint32_t k = prng_below(&rng, 100);

	switch (state) {
	case TEL_CS_OFFERING:
		if (s->auto_answer)
			r->next_at = now_ms;
		else if (k < 70)
			r->next_at = now_ms + prng_range(&rng, 0, 1500);
		else if (k < 90)
			r->next_at = now_ms + prng_range(&rng, 2000, 10000);
		else
			r->next_at = UINT64_MAX;	/* let it ring: the caller gives up */
		break;
	case TEL_CS_DIALING:
		if (s->idle_mode)
			r->next_at = UINT64_MAX;
		else if (k < 12)
			r->next_at = now_ms + prng_range(&rng, 0, 1500);
		else
			r->next_at = now_ms + prng_range(&rng, 15000, 60000);
		break;
	case TEL_CS_CONNECTED:
		if (s->idle_mode)
			r->next_at = UINT64_MAX;
		else if (k < 5)
			r->next_at = now_ms + prng_range(&rng, 10000, 30000);
		else
			r->next_at = now_ms + prng_exp(&rng, 1500);
		break;
	case TEL_CS_DISCONNECTED:
		if (k < 95 || s->idle_mode || !far_runs_t305)
			r->next_at = now_ms + prng_range(&rng, 0, 500);
		else
			r->next_at = UINT64_MAX;	/* leave it to the far end's T305 */
		break;
	case TEL_CS_IDLE:
		r->next_at = now_ms + prng_range(&rng, 0, 300);
		break;
	default:
		break;	/* PROCEEDING, RINGBACK: keep the caller's give-up time */
	}
}

static size_t rand_uui_len(size_t max)
{
	uint32_t k = prng_below(&rng, 100);

	if (!max || k < 40)
		return 0;
	if (k < 90)
		return prng_range(&rng, 1, (uint32_t)max);
	return max;
}

static uint8_t uui_buf[512];
bool quiet_now;	/* quiet period: no new calls, shares or conferences */

static void fill_uui(size_t len)
{
	for (size_t i = 0; i < len; i++)
		uui_buf[i] = (uint8_t)prng_next(&rng);
}

static void drop_call(struct side *s, struct rec *r)
{
	struct tel_drop_params p = { 0 };
	struct tel_call_info before, after;
	size_t max = s->caps.uui_drop_max;
	int rc;

	tel_call_info(r->h, &before);
	if (max && prng_below(&rng, 100) < 3) {
		/* one octet too many: refused, nothing sent, nothing changed */
		fill_uui(max + 1);
		p.uui = uui_buf;
		p.uui_len = max + 1;
		p.cause = 16;
		rc = tel_call_drop(r->h, &p);
		hist_add5(r->serial, H_API, (uint8_t)s->idx, OP_DROP_BIG, (uint8_t)r->id, rc, 16,
			  (int)(max + 1));
		s->uui_big++;
		tel_call_info(r->h, &after);
		if (rc != TEL_EUUITOOBIG)
			violation(r->serial, "drop with UUI of max+1 octets is TEL_EUUITOOBIG",
				  "tel_call_drop(uui_len %zu, max %zu) returned %d (%s)", max + 1,
				  max, rc, tel_strerror(rc));
		else if (after.state != before.state)
			violation(r->serial, "a refused drop changes nothing",
				  "state %s -> %s after TEL_EUUITOOBIG",
				  tel_call_state_name(before.state), tel_call_state_name(after.state));
		if (rc == 0) {
			r->drops_acc++;
			return;
		}
	}
	if (prng_below(&rng, 200) == 0) {
		p.cause = 128;
		p.uui = NULL;
		p.uui_len = 0;
		rc = tel_call_drop(r->h, &p);
		hist_add(r->serial, H_API, (uint8_t)s->idx, OP_DROP_BADCAUSE, (uint8_t)r->id, rc,
			 128);
		if (rc != TEL_EINVAL)
			violation(r->serial, "drop with cause 128 is TEL_EINVAL",
				  "tel_call_drop(cause 128) returned %d", rc);
		if (rc == 0) {
			r->drops_acc++;
			return;
		}
	}
	memset(&p, 0, sizeof(p));
	p.cause = prng_below(&rng, 100) < 30 ? 0 : (int)prng_range(&rng, 1, 127);
	p.uui_len = rand_uui_len(max);
	if (p.uui_len) {
		fill_uui(p.uui_len);
		p.uui = uui_buf;
		p.uui_pd = prng_below(&rng, 2) ? 4 : 0;
	}
	rc = tel_call_drop(r->h, &p);
	hist_add5(r->serial, H_API, (uint8_t)s->idx, OP_DROP, (uint8_t)r->id, rc, p.cause,
		  (int)p.uui_len);
	if (rc == 0) {
		r->drops_acc++;
		s->drops++;
		if (before.state == TEL_CS_OFFERING)
			s->rejects++;
		/* query after drop */
		if (tel_call_info(r->h, &after) != 0)
			violation(r->serial, "tel_call_info works after drop", "it failed");
		if (prng_below(&rng, 100) < 8) {
			rc = tel_call_drop(r->h, NULL);
			hist_add(r->serial, H_API, (uint8_t)s->idx, OP_DROP_AGAIN, (uint8_t)r->id, rc,
				 0);
			s->drop_dup++;
			if (rc == 0)
				r->drops_acc++;	/* accepted while pending: it owes a DROP_DONE too */
			else if (rc != TEL_ESTATE)
				violation(r->serial, "a second drop is TEL_ESTATE (or accepted)",
					  "returned %d (%s)", rc, tel_strerror(rc));
		}
		r->next_at = UINT64_MAX;
		return;
	}
	if (rc == TEL_EBUSY) {
		r->next_at = now_ms + 50;
		return;
	}
	if (rc == TEL_ELINK) {
		/* not a documented error of tel_call_drop(): the call cannot be cleared */
		violation(r->serial, "drop is accepted while the data link is down",
			  "tel_call_drop() on a %s call: TEL_ELINK (undocumented for drop)",
			  tel_call_state_name(before.state));
		r->next_at = now_ms + 1000;
		return;
	}
	if (rc == TEL_ESTATE) {
		tel_call_info(r->h, &after);
		if (after.state != TEL_CS_IDLE && r->drops_acc == r->drops_done)
			violation(r->serial, "drop is accepted in every non-IDLE state (defect 4)",
				  "tel_call_drop() on a %s call with no drop pending: TEL_ESTATE",
				  tel_call_state_name(after.state));
		r->next_at = UINT64_MAX;
		return;
	}
	violation(r->serial, "drop succeeds", "tel_call_drop(cause %d, uui %zu of max %zu) on a %s "
		  "call returned %d (%s)", p.cause, p.uui_len, max,
		  tel_call_state_name(before.state), rc, tel_strerror(rc));
	r->next_at = now_ms + 1000;
}

static void answer_call(struct side *s, struct rec *r)
{
	size_t len = s->auto_answer ? 0 : rand_uui_len(s->caps.uui_answer_max);
	int rc;

	fill_uui(len);
	rc = tel_call_answer(r->h, len ? uui_buf : NULL, len, 0);
	hist_add5(r->serial, H_API, (uint8_t)s->idx, OP_ANSWER, (uint8_t)r->id, rc, 0, (int)len);
	if (rc == 0) {
		s->answers++;
		r->next_at = UINT64_MAX;	/* CONNECTED schedules the hang-up */
	} else if (rc == TEL_EBUSY || rc == TEL_ELINK) {
		r->next_at = now_ms + prng_range(&rng, 50, 500);
	} else if (rc == TEL_ESTATE) {
		r->next_at = UINT64_MAX;	/* it moved on meanwhile (an event is coming) */
	} else {
		violation(r->serial, "answer succeeds", "tel_call_answer(uui %zu of max %zu) "
			  "returned %d (%s)", len, s->caps.uui_answer_max, rc, tel_strerror(rc));
		r->next_at = UINT64_MAX;
	}
}

static void share_call(struct side *s, struct rec *r, uint64_t hold)
{
	tel_call *n = NULL;
	int rc = tel_call_share(r->h, &n);
	struct rec *nr;

	hist_add(r->serial, H_API, (uint8_t)s->idx, OP_SHARE, (uint8_t)r->id, rc, 0);
	if (rc == TEL_ENOTSUP || rc == TEL_ESTATE)
		return;
	if (rc) {
		violation(r->serial, "share succeeds", "tel_call_share() returned %d (%s)", rc,
			  tel_strerror(rc));
		return;
	}
	s->shared++;
	r->shared = true;
	nr = rec_add(s, n, r->serial);
	nr->appearance = true;
	nr->outgoing = r->outgoing;
	nr->next_at = now_ms + hold;
}

static void conf_join(struct side *s, struct rec *r)
{
	struct conf_rec *c = NULL;
	int i, rc;

	if (r->conf >= 0)
		return;
	for (i = 0; i < CONFS; i++)
		if (s->confs[i].cf && s->confs[i].n < 3 && s->confs[i].next_at > now_ms + 300)
			break;
	if (i == CONFS) {
		for (i = 0; i < CONFS; i++)
			if (!s->confs[i].cf)
				break;
		if (i == CONFS)
			return;
		rc = tel_conf_new(s->ctx, &s->confs[i].cf);
		if (rc) {
			violation(r->serial, "conf new succeeds", "tel_conf_new: %d", rc);
			return;
		}
		s->confs[i].n = 0;
		s->confs[i].next_at = now_ms + prng_range(&rng, 500, 4000);
	}
	c = &s->confs[i];
	rc = tel_conf_add(c->cf, r->h);
	hist_add(r->serial, H_API, (uint8_t)s->idx, OP_CONF_ADD, (uint8_t)r->id, rc, 0);
	if (rc == 0) {
		c->party[c->n++] = r;
		r->conf = i;
	} else if (rc != TEL_ESTATE) {
		violation(r->serial, "conf add succeeds", "tel_conf_add: %d (%s)", rc,
			  tel_strerror(rc));
	}
}

static void conf_act(struct side *s, struct conf_rec *c)
{
	struct rec *elig[4];
	int ne = 0, rc;
	struct tel_drop_params p = { 0 };

	if (c->n && prng_below(&rng, 100) < 60) {
		for (int i = 0; i < c->n; i++) {
			struct tel_call_info in;

			tel_call_info(c->party[i]->h, &in);
			if (in.state != TEL_CS_IDLE && c->party[i]->drops_acc == c->party[i]->drops_done)
				elig[ne++] = c->party[i];
		}
		p.cause = prng_below(&rng, 2) ? 0 : (int)prng_range(&rng, 1, 127);
		p.uui_len = rand_uui_len(s->caps.uui_drop_max);
		fill_uui(p.uui_len);
		p.uui = p.uui_len ? uui_buf : NULL;
		rc = tel_conf_drop(c->cf, &p);
		s->conf_drops++;
		for (int i = 0; i < c->n; i++)
			hist_add5(c->party[i]->serial, H_API, (uint8_t)s->idx, OP_CONF_DROP,
				  (uint8_t)c->party[i]->id, rc, p.cause, (int)p.uui_len);
		if (rc == 0 || rc == TEL_ESTATE) {
			for (int i = 0; i < ne; i++) {
				elig[i]->drops_acc++;
				elig[i]->next_at = UINT64_MAX;
			}
			if (rc == TEL_ESTATE && ne)
				violation(elig[0]->serial, "conf drop drops every live party",
					  "tel_conf_drop: TEL_ESTATE with %d live parties", ne);
		} else if (rc == TEL_ELINK) {
			violation(c->n ? c->party[0]->serial : 0,
				  "drop is accepted while the data link is down",
				  "tel_conf_drop: TEL_ELINK (undocumented for drop)");
		} else {
			violation(c->n ? c->party[0]->serial : 0, "conf drop succeeds",
				  "tel_conf_drop: %d (%s)", rc, tel_strerror(rc));
		}
	}
	for (int i = 0; i < c->n; i++)
		c->party[i]->conf = -1;
	tel_conf_free(c->cf);
	s->conf_frees++;
	c->cf = NULL;
	c->n = 0;
}

static void dealloc_call(struct side *s, struct rec *r)
{
	struct tel_call_info in;
	int rc;

	if (tel_call_info(r->h, &in) != 0 || in.state != TEL_CS_IDLE)
		violation(r->serial, "tel_call_info works until dealloc", "it failed or not IDLE");
	rc = tel_call_dealloc(r->h);
	hist_add(r->serial, H_API, (uint8_t)s->idx, OP_DEALLOC, (uint8_t)r->id, rc, 0);
	if (rc) {
		violation(r->serial, "an IDLE call deallocates", "tel_call_dealloc: %d (%s)", rc,
			  tel_strerror(rc));
		r->next_at = now_ms + 1000;
		return;
	}
	s->deallocated++;
	rec_del(s, r);
}

static void act(struct side *s, struct rec *r)
{
	struct tel_call_info in;

	tel_call_info(r->h, &in);
	r->next_at = UINT64_MAX;
	if (in.state == TEL_CS_IDLE) {
		if (!r->idle_ev) {
			violation(r->serial, "every state change has its event",
				  "%s #%u IDLE (tel_call_info) but no IDLE event for 1 s",
				  side_name(s->idx), r->id);
			r->idle_ev = true;
		}
		if (r->drops_done < r->drops_acc && now_ms - r->idle_at < 60000) {
			r->next_at = r->idle_at + 60000;
			return;
		}
		if (r->drops_done < r->drops_acc)
			violation(r->serial, "exactly one DROP_DONE per accepted drop",
				  "%s #%u: %d drops accepted, %d DROP_DONE, 60 s after IDLE",
				  side_name(s->idx), r->id, r->drops_acc, r->drops_done);
		dealloc_call(s, r);
		return;
	}
	if (r->idle_ev) {
		violation(r->serial, "states only move forward",
			  "%s #%u: IDLE event, then tel_call_info() says %s", side_name(s->idx), r->id,
			  tel_call_state_name(in.state));
		return;
	}
	if (r->drops_acc > r->drops_done)
		return;		/* clearing; its events come */
	switch (in.state) {
	case TEL_CS_OFFERING:
		if (s->auto_answer || prng_below(&rng, 100) < 70)
			answer_call(s, r);
		else
			drop_call(s, r);
		break;
	case TEL_CS_CONNECTED:
		if (!s->idle_mode && !quiet_now && !r->appearance) {
			uint32_t k = prng_below(&rng, 1000);

			if (k < 40 && s->caps.bridged) {
				share_call(s, r, prng_exp(&rng, 1500));
				r->next_at = now_ms + prng_exp(&rng, 1500);
				return;
			}
			if (k < 70) {
				conf_join(s, r);
				if (r->conf >= 0) {
					r->next_at = now_ms + prng_range(&rng, 3000, 8000);
					return;
				}
			}
		}
		drop_call(s, r);
		break;
	default:
		drop_call(s, r);
		break;
	}
}

static void make_call(struct side *s)
{
	struct tel_call_params p = { 0 };
	char to[16];
	uint32_t serial = lc_alloc();
	tel_call *h = NULL;
	struct lc *l;
	size_t max = s->caps.uui_setup_max;
	int rc;

	snprintf(to, sizeof(to), "1%07u", serial % 10000000);
	p.to = to;
	p.from = s->idx ? "200" : "100";
	l = lc_get(serial);
	if (max && prng_below(&rng, 100) < 2) {
		fill_uui(max + 1);
		p.uui = uui_buf;
		p.uui_len = max + 1;
		rc = tel_call_make(s->line, &p, &h);
		hist_add5(serial, H_API, (uint8_t)s->idx, OP_MAKE_BIG, 0, rc, 0, (int)(max + 1));
		s->uui_big++;
		if (rc != TEL_EUUITOOBIG)
			violation(serial, "make with UUI of max+1 octets is TEL_EUUITOOBIG",
				  "tel_call_make(uui %zu, max %zu) returned %d", max + 1, max, rc);
		if (rc == 0) {
			rec_add(s, h, serial)->outgoing = true;
			return;
		}
		/* nothing may go out for this number: a SETUP with it would find no lc */
		l->serial = 0;
		return;
	}
	p.uui_len = rand_uui_len(max);
	fill_uui(p.uui_len);
	p.uui = p.uui_len ? uui_buf : NULL;
	rc = tel_call_make(s->line, &p, &h);
	hist_add5(serial, H_API, (uint8_t)s->idx, OP_MAKE, 0, rc, 0, (int)p.uui_len);
	if (rc == TEL_ELINK || rc == TEL_ENOCHAN || rc == TEL_EBUSY || rc == TEL_ECALLS) {
		l->serial = 0;
		return;
	}
	if (rc) {
		violation(serial, "make succeeds", "tel_call_make(uui %zu) returned %d (%s)",
			  p.uui_len, rc, tel_strerror(rc));
		l->serial = 0;
		return;
	}
	s->made++;
	struct rec *r = rec_add(s, h, serial);

	r->outgoing = true;
	schedule_for_state(r, TEL_CS_DIALING);
}

void act_side(struct side *s)
{
	for (int i = s->nlive - 1; i >= 0; i--) {
		struct rec *r;

		if (i >= s->nlive)
			continue;
		r = s->live[i];
		if (r->next_at <= now_ms)
			act(s, r);
	}
	for (int i = 0; i < CONFS; i++)
		if (s->confs[i].cf && s->confs[i].next_at <= now_ms)
			conf_act(s, &s->confs[i]);
}

int max_inflight;

void maybe_make(struct side *s)
{
	if (s->idle_mode || calls_made() >= opt.calls || now_ms < s->next_make_at)
		return;
	s->next_make_at = now_ms + prng_exp(&rng, opt.make_mean_ms);
	if ((int)live_total + far_live() >= max_inflight)
		return;
	make_call(s);
}

void maybe_restart(void)
{
	static uint64_t next;
	struct side *s;
	int chan, rc;

	if (!opt.restart)
		return;
	if (!next)
		next = now_ms + prng_exp(&rng, 300000);
	if (now_ms < next)
		return;
	next = now_ms + prng_exp(&rng, 300000);
	s = &sides[far_is_libtel() ? prng_below(&rng, 2) : 0];
	chan = prng_below(&rng, 4) ? (int)prng_range(&rng, 1, s->bchans) : 0;
	if (!opt.ni2 && chan >= 16)
		chan++;
	rc = tel_line_restart(s->line, chan);
	s->restarts++;
	if (opt.verbose)
		fprintf(stderr, "soak: %" PRIu64 " ms: %s restarts channel %d: %d\n", now_ms,
			side_name(s->idx), chan, rc);
	if (rc && rc != TEL_ELINK && rc != TEL_EBUSY)
		violation(0, "restart succeeds", "%s: tel_line_restart(%d): %d (%s)",
			  side_name(s->idx), chan, rc, tel_strerror(rc));
}
