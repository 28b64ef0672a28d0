// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Out-of-memory sweep: each scenario below is run again and again, with the
 * N-th allocation made by libtel failing, for every N until the scenario
 * runs without meeting a failure. The scenarios reach every allocation point
 * of libtel that the unit scenarios reach: context, in-memory and socket
 * lines (tel_line_open_fd: receive buffer, poll set, transmit queue), the
 * event ring growing, the call pool growing, the timer heap growing, a
 * conference growing, the LAPD send queue growing under load, pcap traces,
 * DAHDI lines (a PRI D-channel pair and an FXS/FXO pair behind the fake
 * DAHDI syscalls of fake_dahdi.h, their calls in a DAHDI conference), and
 * call control's indication queue growing past its room (a RESTART of every
 * channel), the first 1,000 calls of a small soak (random make/answer/drop with a
 * fixed seed).
 *
 * Each run must end cleanly: no crash; an API call that meets the failure
 * returns 0 (recovered) or TEL_ENOMEM; once a failure was recovered (an API
 * call returned 0, or it was met inside tel_ctx_run()) the scenario goes on
 * as without it: every later API call succeeds and every step finds what it
 * needs (CHECK(); an offered call may be missing only when the receiving side
 * refused it for want of memory, cause 47), so a failure is never a silent
 * skip; the soak accepts a refusal under load (no channel, ...) after a
 * failure only once it has settled, and no channel only when the application
 * holds a call on every one. Nothing is lost without a caller to tell: no
 * event or indication, no frame in a transport queue, no timer left unarmed,
 * no message call control could not queue (the library's counters), and
 * every line is up again at the end. And afterwards, with allocation working
 * again, every call the library holds is
 * one the application heard of, a drop is accepted for every call not idle,
 * every call reaches IDLE with a cause (as the application heard it) once the
 * clock has run every timer out, with one DROP_DONE per accepted drop, and
 * deallocates; nothing leaks (LeakSanitizer). Allocations are intercepted with
 * the linker's --wrap (see the Makefile); the distinct call sites met
 * (return addresses in the wrappers) are counted and printed.
 *
 * OOM_VERBOSE=1 in the environment prints every violation with its N.
 */
#include <execinfo.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "session/session.h"
#include "../fake_dahdi.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static unsigned long nalloc, fail_at;
static unsigned long cur_n;	/* the run's N (fail_at is 0 again once it finishes) */
static bool failed;
static void *fail_site;		/* where the failed allocation was made */

/* distinct allocation call sites met (return addresses into libtel) */
#define MAXSITES 128
static void *sites[MAXSITES];
static unsigned nsites;

static void note_site(void *ra)
{
	for (unsigned i = 0; i < nsites; i++)
		if (sites[i] == ra)
			return;
	if (nsites < MAXSITES)
		sites[nsites++] = ra;
}

static bool should_fail(void *ra)
{
	note_site(ra);
	nalloc++;
	if (fail_at && nalloc == fail_at) {
		failed = true;
		fail_site = ra;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t size)
{
	return should_fail(__builtin_return_address(0)) ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return should_fail(__builtin_return_address(0)) ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return should_fail(__builtin_return_address(0)) ? NULL : __real_realloc(p, size);
}

/* --- what the application sees ---------------------------------------------- */

#define MAXREC	192

struct rec {
	tel_call *c;
	bool idle;		/* IDLE event seen */
	unsigned drops, done;	/* drops accepted, DROP_DONE events */
	bool shared;		/* a bridged appearance, or a call that has them */
	bool answered;		/* tel_call_answer() accepted (CONNECTED comes from the run loop) */
};

struct world {
	uint64_t now;
	tel_ctx *ctx;
	tel_line *lu, *ln;
	struct rec rec[MAXREC];
	unsigned nrec;
	bool overflow;		/* more calls than rec[] holds: the scenario is wrong */
};

/* Violations, by kind; a kind listed in known[] is a library defect reported in issue 13. */
enum viol {
	V_RC,		/* a call that met the failure returned neither 0 nor TEL_ENOMEM */
	V_RC_EBUSY,	/* ... but TEL_EBUSY */
	V_LOST_CALL,	/* the library holds a call the application never heard of */
	V_DROP,		/* drop refused on a call that is not IDLE */
	V_NOT_IDLE,	/* a call not IDLE after every timer ran out */
	V_NO_IDLE_EV,	/* IDLE without the application hearing it */
	V_NO_CAUSE,	/* IDLE with cause 0 */
	V_NO_CAUSE_SHARED, /* ... a bridged appearance */
	V_DROP_DONE,	/* DROP_DONE count != drops accepted */
	V_DEALLOC,	/* an IDLE call that does not deallocate */
	V_EV_AFTER_IDLE, /* a state event after IDLE, or an event for an unknown handle */
	V_AFTER,	/* a failure a call said was recovered (0) or met in the run loop, and then
			 * a later call fails or a step of the scenario finds its state missing */
	V_LOST_EVENT,	/* an event or indication lost (event ring, call control's queue, LAPD's) */
	V_LOST_FRAME,	/* a frame lost in a transport queue that could not grow */
	V_TIMER,	/* a timer not armed for want of memory */
	V_TX,		/* a message call control had to send not queued */
	V_LINK_DOWN,	/* a line not up after every timer ran out */
	V_COUNT
};

static const char *const viol_name[V_COUNT] = {
	"an allocation failure came back as an error other than TEL_ENOMEM",
	"an allocation failure came back as TEL_EBUSY (LAPD send queue growth)",
	"a call the application never heard of (its OFFERING event was lost)",
	"tel_call_drop() refused on a call that is not IDLE",
	"a call not IDLE after every timer ran out",
	"a call IDLE without a CALL_STATE IDLE event",
	"a call IDLE with cause 0",
	"a bridged appearance IDLE with cause 0 (dropped while others remain)",
	"DROP_DONE events != drops accepted",
	"an IDLE call that does not deallocate",
	"an event after IDLE or for a handle the application does not know",
	"a state error after an allocation failure that was not reported (a later call failed, "
	"or the scenario found what it had done missing)",
	"an event or indication lost to a failed allocation",
	"a frame lost in a transport queue that could not grow",
	"a timer not armed for want of memory",
	"a message call control had to send could not be queued",
	"a line not up after every timer ran out",
};

static unsigned long viol_count[V_COUNT];
static unsigned long viol_first_n[V_COUNT];
static void *viol_first_site[V_COUNT];
static int viol_first_rc[V_COUNT];
static const char *cur_scenario;

static void viol_at(enum viol v, int rc, int line)
{
	if (!viol_count[v]++) {
		viol_first_n[v] = cur_n;
		viol_first_site[v] = fail_site;
		viol_first_rc[v] = rc;
	}
	if (getenv("OOM_VERBOSE"))
		print_message("oom %s: N=%lu (site %p): %s (rc %d, test line %d)\n", cur_scenario,
			      cur_n, fail_site, viol_name[v], rc, line);
}

#define viol(v, rc) viol_at(v, rc, __LINE__)

static struct rec *find(struct world *w, tel_call *c)
{
	for (unsigned i = 0; i < w->nrec; i++)
		if (w->rec[i].c == c)
			return &w->rec[i];
	return NULL;
}

static struct rec *add(struct world *w, tel_call *c)
{
	struct rec *r;

	if (w->nrec == MAXREC) {
		w->overflow = true;
		return NULL;
	}
	r = &w->rec[w->nrec++];
	memset(r, 0, sizeof(*r));
	r->c = c;
	return r;
}

static void forget(struct world *w, struct rec *r)
{
	*r = w->rec[--w->nrec];
}

static uint64_t clock_ms(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;
	struct rec *r;

	if (ev->type != TEL_EV_CALL_STATE && ev->type != TEL_EV_DROP_DONE)
		return;
	r = find(w, ev->call);
	if (!r) {
		if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING)
			add(w, ev->call);
		else
			viol(V_EV_AFTER_IDLE, 0);
		return;
	}
	if (ev->type == TEL_EV_DROP_DONE) {
		r->done++;
		return;
	}
	if (r->idle)
		viol(V_EV_AFTER_IDLE, 0);
	if (ev->state == TEL_CS_IDLE)
		r->idle = true;
}

static struct world *cur_world;	/* the world the scenario runs in */

/* A call the receiving side refused for want of memory: cause 47 (resource unavailable). */
static bool refused_nomem(const struct world *w)
{
	for (unsigned i = 0; i < w->nrec; i++)
		if (w->rec[i].c->info.cause == 47 && w->rec[i].c->info.cause_remote)
			return true;
	return false;
}

/*
 * An API call: when the allocation failure happened inside it, it must
 * return 0 (recovered) or TEL_ENOMEM. When it happened before (in a call
 * that said it recovered, or in the run loop), the call must succeed: the
 * scenarios make no call that may fail, and a failure that was recovered
 * leaves nothing behind. Evaluates to the return value.
 */
#define API(expr) ({                                                          \
	bool f0_ = failed;                                                    \
	int rc_ = (expr);                                                     \
	if (!f0_ && failed && rc_ != 0 && rc_ != TEL_ENOMEM)                  \
		viol(rc_ == TEL_EBUSY ? V_RC_EBUSY : V_RC, rc_);              \
	else if (f0_ && rc_ != 0 && !refused_nomem(cur_world))                \
		viol_at(V_AFTER, rc_, __LINE__);                              \
	rc_; })

/*
 * A step of a scenario that must hold (a call offered, a line up, a hook
 * state): when it does not after a recovered failure, the failure lost
 * something. Without a failure the scenario itself is wrong (the sweep's
 * first run fails).
 */
#define CHECK(cond) do {                                                      \
	if (!(cond)) {                                                        \
		if (failed)                                                   \
			viol_at(V_AFTER, 0, __LINE__);                        \
		goto out;                                                     \
	}                                                                     \
} while (0)

/*
 * Runs the context until nothing is due (bounded), time standing still. A
 * run may fail only with TEL_ENOMEM, for a failure met inside it; the
 * application then runs it again, which must go on where it stopped.
 */
static void run(struct world *w)
{
	for (int i = 0; i < 100; i++) {
		bool f0 = failed;
		int n = tel_ctx_run(w->ctx, 0);

		if (n < 0 && (f0 || !failed || n != TEL_ENOMEM))
			viol(f0 ? V_AFTER : V_RC, n);
		if (n == 0 || (n < 0 && n != TEL_ENOMEM))
			break;
	}
}

/* Time passes by @ms, timer by timer. */
static void advance(struct world *w, uint64_t ms)
{
	uint64_t end = w->now + ms;

	for (int i = 0; i < 5000; i++) {
		uint64_t due = timers_next_due(&w->ctx->timers);

		if (due > end)
			break;
		if (due > w->now)
			w->now = due;
		run(w);
	}
	w->now = end;
	run(w);
}

/* Lets a lost frame's timers (T200, T303, ...) move things on. */
static void settle(struct world *w)
{
	run(w);
	advance(w, 500);
}

/* tel_call_answer() on @c, noted so that offered() passes it over; its result. */
static int answer(struct world *w, tel_call *c)
{
	int rc = API(tel_call_answer(c, NULL, 0, 0));

	if (!rc)
		find(w, c)->answered = true;
	return rc;
}

static tel_call *offered(struct world *w, tel_line *l)
{
	for (unsigned i = 0; i < w->nrec; i++) {
		struct tel_call *c = w->rec[i].c;

		if (c->info.state == TEL_CS_OFFERING && tel_call_line(c) == l && !c->drop_pending &&
		    !w->rec[i].answered)
			return c;
	}
	return NULL;
}

/*
 * The call offered on @l. None after a failure is a violation unless the
 * receiving side refused a call for want of memory (what it can do with a
 * SETUP it has no handle for): the scenario ends there either way.
 */
static tel_call *offered_chk(struct world *w, tel_line *l)
{
	tel_call *c = offered(w, l);

	if (!c && failed && !refused_nomem(w))
		viol(V_AFTER, 0);
	return c;
}

/*
 * What the library lost without a caller to tell, summed over the context
 * and its lines: events, indications, frames, timers, messages.
 */
struct losses {
	unsigned long ev, frame, timer, tx;
};

static void losses(const struct world *w, struct losses *n)
{
	memset(n, 0, sizeof(*n));
	n->ev = w->ctx->ev_lost;
	n->timer = w->ctx->timers.nomem;
	for (struct tel_line *l = w->ctx->lines; l; l = l->next) {
		n->frame += l->io->rxq.lost + l->io->txq.lost;
		if (l->cc) {
			n->ev += q931_cc_counters(l->cc)->ind_dropped;
			n->tx += q931_cc_counters(l->cc)->tx_errors;
			n->ev += lapd_counters(l->lapd)->up_dropped;
		}
	}
}

/*
 * The end of every run, with allocation working again: every call the
 * library holds is known, drop what is up, run every timer out, check the
 * invariants, deallocate everything.
 */
static void finish(struct world *w)
{
	fail_at = 0;
	run(w);
	for (struct tel_call *c = w->ctx->calls; c; c = c->next) {
		if (c->freed || find(w, c))
			continue;
		viol(V_LOST_CALL, 0);
		add(w, c);
	}
	for (int round = 0; round < 10; round++) {
		bool again = false;

		for (unsigned i = 0; i < w->nrec; i++) {
			struct rec *r = &w->rec[i];
			int rc;

			if (r->c->info.state == TEL_CS_IDLE || r->c->drop_pending)
				continue;
			rc = tel_call_drop(r->c, NULL);
			if (rc == 0)
				r->drops++;
			else if (rc == TEL_EBUSY)
				again = true;
			else if (round == 0)
				viol(V_DROP, rc);
		}
		advance(w, 1000);
		if (!again)
			break;
	}
	advance(w, 10 * 60 * 1000);	/* T316 x 2, T309, T308 x 2, T305, T310, T303 ... */
	for (unsigned i = 0; i < w->nrec; i++) {
		struct rec *r = &w->rec[i];
		struct tel_call_info info;

		tel_call_info(r->c, &info);
		if (info.state != TEL_CS_IDLE)
			viol(V_NOT_IDLE, info.state);
		else if (!r->idle)
			viol(V_NO_IDLE_EV, 0);
		if (info.state == TEL_CS_IDLE && info.cause <= 0)
			viol(r->shared ? V_NO_CAUSE_SHARED : V_NO_CAUSE, 0);
		if (r->done != r->drops)
			viol(V_DROP_DONE, (int)r->done - (int)r->drops);
	}
	{
		struct losses n;

		losses(w, &n);
		if (n.ev)
			viol(V_LOST_EVENT, (int)n.ev);
		if (n.frame)
			viol(V_LOST_FRAME, (int)n.frame);
		if (n.timer)
			viol(V_TIMER, (int)n.timer);
		if (n.tx)
			viol(V_TX, (int)n.tx);
	}
	/* with both ends of the pair open, every line comes back up (PRI: its data
	 * link; analog: no alarm) */
	for (struct tel_line *l = w->ctx->lines; l && w->lu && w->ln; l = l->next)
		if (!tel_line_up(l))
			viol(V_LINK_DOWN, 0);
	while (w->nrec) {
		int rc = tel_call_dealloc(w->rec[0].c);

		if (rc && w->rec[0].c->info.state == TEL_CS_IDLE)
			viol(V_DEALLOC, rc);
		forget(w, &w->rec[0]);
	}
}

static void world_free(struct world *w)
{
	if (w->ctx)
		finish(w);
	tel_ctx_free(w->ctx);
}

/* A context and two lines in memory (or NULL lines when it failed). */
static bool world_new(struct world *w, const char *pcap_u, const char *pcap_n, unsigned bchans)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = clock_ms };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = bchans, .pcap = pcap_u };
	struct tel_line_cfg n = u;

	n.side = TEL_SIDE_NETWORK;
	n.pcap = pcap_n;
	memset(w, 0, sizeof(*w));
	w->now = 1000;
	if (API(tel_ctx_new(&w->ctx, &o)))
		return false;
	if (API(tel_line_pair(w->ctx, &u, &n, &w->lu, &w->ln)))
		return false;
	settle(w);
	if (tel_line_up(w->lu) && tel_line_up(w->ln))
		return true;
	if (failed)
		viol(V_AFTER, 0);
	return false;
}

/* --- scenarios ---------------------------------------------------------------- */

/* Returns true when the scenario ran to its end without meeting a failure. */
typedef bool (*scenario_fn)(struct world *w);

/* A call answered, a second one, a conference of both, drop with UUI, conference drop. */
static bool sc_basic(struct world *w)
{
	static const unsigned char uui[] = { 0x00, 0x42, 0x00 };
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	struct tel_drop_params dp = { .cause = 16, .uui = uui, .uui_len = sizeof(uui) };
	tel_call *c1, *c2, *in;
	tel_conf *cf = NULL;
	bool done = false;

	if (!world_new(w, NULL, NULL, 30))
		goto out;
	if (API(tel_call_make(w->lu, &p, &c1)))
		goto out;
	add(w, c1);
	if (API(tel_call_make(w->lu, &p, &c2)))
		goto out;
	add(w, c2);
	settle(w);
	if (!(in = offered_chk(w, w->ln)) || answer(w, in))
		goto out;
	settle(w);
	if (API(tel_conf_new(w->ctx, &cf)))
		goto out;
	if (API(tel_conf_add(cf, c1)) || API(tel_conf_add(cf, c2)))
		goto out;
	if (API(tel_call_drop(c1, &dp)))
		goto out;
	find(w, c1)->drops++;
	settle(w);
	if (API(tel_conf_drop(cf, NULL)))
		goto out;
	if (c2->drop_pending)
		find(w, c2)->drops++;
	settle(w);
	done = !failed;
out:
	tel_conf_free(cf);
	world_free(w);
	return done;
}

/* Two socket lines over a socketpair: receive buffer, poll set, transmit queue. */
static bool sc_socket(struct world *w)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = clock_ms };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	static const unsigned char uui[] = { 0x04, 'h', 'i' };
	struct tel_drop_params dp = { .cause = 17, .uui = uui, .uui_len = sizeof(uui) };
	int sp[2];
	tel_call *c, *in;
	bool done = false;

	n.side = TEL_SIDE_NETWORK;
	memset(w, 0, sizeof(*w));
	w->now = 1000;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp), 0);
	if (API(tel_ctx_new(&w->ctx, &o))) {
		close(sp[0]);
		close(sp[1]);
		goto out;
	}
	if (API(tel_line_open_fd(w->ctx, &u, sp[0], &w->lu))) {
		close(sp[0]);	/* not taken on failure */
		close(sp[1]);
		goto out;
	}
	if (API(tel_line_open_fd(w->ctx, &n, sp[1], &w->ln))) {
		close(sp[1]);
		goto out;
	}
	settle(w);
	CHECK(tel_line_up(w->lu));
	for (int i = 0; i < 20; i++) {	/* a burst: more frames than one send batch */
		if (API(tel_call_make(w->lu, &p, &c)))
			goto out;
		add(w, c);
	}
	settle(w);
	if (!(in = offered_chk(w, w->ln)) || answer(w, in))
		goto out;
	settle(w);
	if (API(tel_call_drop(in, &dp)))
		goto out;
	find(w, in)->drops++;
	settle(w);
	done = !failed;
out:
	world_free(w);
	return done;
}

/*
 * Load: 30 calls at once (LAPD send queue past its first 16 slots, call
 * pools, timer heap), 70 bridged appearances of one call before any event
 * is delivered (event ring past 64), a conference of 12 parties (its array
 * grows 4 -> 8 -> 16).
 */
static bool sc_load(struct world *w)
{
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	tel_call *c, *first = NULL, *in;
	tel_conf *cf = NULL;
	bool done = false;

	if (!world_new(w, NULL, NULL, 30))
		goto out;
	for (int i = 0; i < 30; i++) {
		if (API(tel_call_make(w->lu, &p, &c)))
			goto out;
		add(w, c);
		if (!first)
			first = c;
	}
	run(w);
	while ((in = offered(w, w->ln)))	/* those not refused for want of memory */
		if (answer(w, in))
			goto out;
	settle(w);
	for (int i = 0; i < 70; i++) {
		if (API(tel_call_share(first, &c)))
			goto out;
		add(w, c)->shared = true;
		find(w, first)->shared = true;
	}
	if (API(tel_conf_new(w->ctx, &cf)))
		goto out;
	for (unsigned i = 0, k = 0; i < w->nrec && k < 12; i++) {
		if (w->rec[i].c->info.state == TEL_CS_IDLE || w->rec[i].c->conf)
			continue;
		if (API(tel_conf_add(cf, w->rec[i].c)))
			goto out;
		k++;
	}
	run(w);
	for (unsigned i = 0; i < w->nrec; i++)
		if (w->rec[i].c->conf == cf && !w->rec[i].c->drop_pending &&
		    w->rec[i].c->info.state != TEL_CS_IDLE)
			w->rec[i].drops++;	/* what tel_conf_drop() will drop */
	if (API(tel_conf_drop(cf, NULL)))
		goto out;
	settle(w);
	done = !failed;
out:
	tel_conf_free(cf);
	world_free(w);
	return done;
}

/*
 * A RESTART of the whole interface on idle lines, then calls: every channel
 * changes state at once on both ends, more indications in one go than call
 * control keeps room for on a line without calls (its queue grows).
 */
static bool sc_restart(struct world *w)
{
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	tel_call *c, *in;
	bool done = false;

	if (!world_new(w, NULL, NULL, 30))
		goto out;
	if (API(tel_line_restart(w->ln, 0)))
		goto out;
	settle(w);
	if (API(tel_call_make(w->lu, &p, &c)))
		goto out;
	add(w, c);
	settle(w);
	if (!(in = offered_chk(w, w->ln)) || API(tel_call_answer(in, NULL, 0, 0)))
		goto out;
	settle(w);
	done = !failed;
out:
	world_free(w);
	return done;
}

/* pcap traces on both lines. */
static bool sc_pcap(struct world *w)
{
	char pu[] = "/tmp/tel-oom-u-XXXXXX", pn[] = "/tmp/tel-oom-n-XXXXXX";
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	int fu = mkstemp(pu), fn = mkstemp(pn);
	tel_call *c, *in;
	bool done = false;

	assert_true(fu >= 0 && fn >= 0);
	close(fu);
	close(fn);
	if (!world_new(w, pu, pn, 30))
		goto out;
	if (API(tel_call_make(w->lu, &p, &c)))
		goto out;
	add(w, c);
	settle(w);
	if (!(in = offered_chk(w, w->ln)) || answer(w, in))
		goto out;
	settle(w);
	if (API(tel_call_drop(c, NULL)))
		goto out;
	find(w, c)->drops++;
	settle(w);
	done = !failed;
out:
	world_free(w);
	unlink(pu);
	unlink(pn);
	return done;
}

/*
 * DAHDI lines on the fake DAHDI syscalls: a PRI D-channel pair (hardhdlc,
 * back to back) with a call made and answered, an FXS port ringing an FXO
 * port (the test is the wire between them: RING on one is ring detected on
 * the other, OFFHOOK on the other is the phone answering), all four calls
 * in one conference (B-channels opened beside the D-channels, in audio mode,
 * analog channels through their own fds), the PRI call dropped with UUI, then
 * the conference.
 */
static struct fake_dahdi fdh;

/* The last DAHDI_HOOK value issued on @c, -1 if none. */
static int last_hook(const struct fake_chan *c)
{
	for (unsigned i = c->nio; i-- > 0;)
		if (c->io[i].req == DAHDI_HOOK)
			return c->io[i].arg;
	return -1;
}

/*
 * tel_conf_drop(), counting in rec[] the drops it accepts: a party not IDLE
 * and without a drop pending before, that has one after or went IDLE in it.
 */
static int conf_drop(struct world *w, tel_conf *cf)
{
	bool eligible[MAXREC];
	int rc;

	for (unsigned i = 0; i < w->nrec; i++)
		eligible[i] = w->rec[i].c->conf == cf && !w->rec[i].c->drop_pending &&
			      w->rec[i].c->info.state != TEL_CS_IDLE;
	rc = API(tel_conf_drop(cf, NULL));
	for (unsigned i = 0; i < w->nrec; i++)
		if (eligible[i] && (w->rec[i].c->drop_pending ||
				    w->rec[i].c->info.state == TEL_CS_IDLE))
			w->rec[i].drops++;
	return rc;
}

static bool sc_dahdi(struct world *w)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = clock_ms };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	const struct tel_line_cfg a = { .side = TEL_SIDE_USER, .bchans = 1 };
	struct tel_call_params p = { .to = "5678", .from = "1234" }, pa = { .to = "1" };
	static const unsigned char uui[] = { 0x04, 'b', 'y', 'e' };
	struct tel_drop_params dp = { .cause = 16, .uui = uui, .uui_len = sizeof(uui) };
	/* the PRI call's B-channel on both spans: the network picks 1 or 30 */
	static const char *const bpath[4] = { "/dev/dahdi/chan/001/001", "/dev/dahdi/chan/001/030",
					      "/dev/dahdi/chan/002/001", "/dev/dahdi/chan/002/030" };
	struct fake_chan *du, *dn, *fxs, *fxo, *bc[4];
	struct tel_dahdi_ops ops;
	tel_line *ls = NULL, *lo = NULL;
	tel_call *c, *in, *cs, *co;
	tel_conf *cf = NULL;
	bool done = false;

	n.side = TEL_SIDE_NETWORK;
	memset(w, 0, sizeof(*w));
	w->now = 1000;
	fake_init(&fdh);
	du = fake_add(&fdh, 0, "/dev/dahdi/chan/001/016", DAHDI_SIG_HARDHDLC);
	dn = fake_add(&fdh, 1, "/dev/dahdi/chan/002/016", DAHDI_SIG_HARDHDLC);
	fxs = fake_add(&fdh, 2, "/dev/dahdi/chan/003/001", DAHDI_SIG_FXOKS);	/* drives a phone */
	fxo = fake_add(&fdh, 3, "/dev/dahdi/chan/003/002", DAHDI_SIG_FXSKS);	/* on a CO line */
	fake_link(du, dn);
	du->chanpos = dn->chanpos = 16;	/* E1 spans' D-channels; B-channels beside them */
	for (int i = 0; i < 4; i++)
		bc[i] = fake_add_bchan(&fdh, 4 + i, bpath[i], i < 2 ? du : dn, i % 2 ? 30 : 1);
	ops = fake_ops(&fdh);
	if (API(tel_ctx_new(&w->ctx, &o)))
		goto out;
	tel_ctx_set_dahdi_ops(w->ctx, &ops);
	if (API(tel_line_open_dahdi(w->ctx, &u, du->path, &w->lu)) ||
	    API(tel_line_open_dahdi(w->ctx, &n, dn->path, &w->ln)) ||
	    API(tel_line_open_dahdi(w->ctx, &a, fxs->path, &ls)) ||
	    API(tel_line_open_dahdi(w->ctx, &a, fxo->path, &lo)))
		goto out;
	settle(w);
	CHECK(tel_line_up(w->lu) && tel_line_up(w->ln));

	/* PRI: a call made and answered */
	if (API(tel_call_make(w->lu, &p, &c)))
		goto out;
	add(w, c);
	settle(w);
	if (!(in = offered_chk(w, w->ln)) || answer(w, in))
		goto out;
	settle(w);

	/* analog: the FXS port rings the FXO port, which answers */
	if (API(tel_call_make(ls, &pa, &cs)))
		goto out;
	add(w, cs);
	run(w);
	CHECK(last_hook(fxs) == DAHDI_RING);
	fake_event(fxo, DAHDI_EVENT_RINGOFFHOOK);	/* ring detected */
	run(w);
	if (failed && !offered(w, lo)) {
		/* a port without a handle for the call stays idle: the next ring offers it */
		fake_event(fxo, DAHDI_EVENT_RINGOFFHOOK);
		run(w);
	}
	if (!(co = offered_chk(w, lo)) || API(tel_call_answer(co, NULL, 0, 0)))
		goto out;
	CHECK(last_hook(fxo) == DAHDI_OFFHOOK);
	fake_event(fxs, DAHDI_EVENT_RINGOFFHOOK);	/* the phone is picked up */
	settle(w);
	CHECK(c->info.state == TEL_CS_CONNECTED && cs->info.state == TEL_CS_CONNECTED &&
	      co->info.state == TEL_CS_CONNECTED);

	/* a conference of the four: DAHDI conferences of B-channels and analog channels */
	if (API(tel_conf_new(w->ctx, &cf)))
		goto out;
	if (API(tel_conf_add(cf, c)) || API(tel_conf_add(cf, in)) ||
	    API(tel_conf_add(cf, cs)) || API(tel_conf_add(cf, co)))
		goto out;
	if (API(tel_call_drop(c, &dp)))
		goto out;
	find(w, c)->drops++;
	settle(w);
	if (conf_drop(w, cf))
		goto out;
	settle(w);
	/* each channel joined the DAHDI conference and left it (its B-channel, or itself) */
	CHECK(fake_count_ioctl(bc[0], DAHDI_SETCONF) + fake_count_ioctl(bc[1], DAHDI_SETCONF) == 2 &&
	      fake_count_ioctl(bc[2], DAHDI_SETCONF) + fake_count_ioctl(bc[3], DAHDI_SETCONF) == 2 &&
	      bc[0]->open_now + bc[1]->open_now + bc[2]->open_now + bc[3]->open_now == 0 &&
	      fake_count_ioctl(fxs, DAHDI_SETCONF) == 2 &&
	      fake_count_ioctl(fxo, DAHDI_SETCONF) == 2);
	done = !failed;
out:
	tel_conf_free(cf);
	if (!w->lu || !w->ln)
		du->link = dn->link = NULL;	/* frames to a channel no line reads: cut */
	world_free(w);
	fake_fini(&fdh);
	return done;
}

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* The first 1,000 calls of a small soak: random make/answer/drop, fixed seed. */
#define SOAK_CALLS	1000
static unsigned long soak_made;

/* The non-idle calls the application holds on @l: the B-channels it knows in use there. */
static unsigned busy_on(const struct world *w, tel_line *l)
{
	unsigned n = 0;

	for (unsigned i = 0; i < w->nrec; i++)
		n += tel_call_line(w->rec[i].c) == l && w->rec[i].c->info.state != TEL_CS_IDLE;
	return n;
}

static bool load_refusal(int rc)
{
	return rc == TEL_ENOCHAN || rc == TEL_ECALLS || rc == TEL_ELINK || rc == TEL_EBUSY;
}

/*
 * tel_call_make() under the soak's load, which may refuse it (no channel
 * free, no call free, the link's send queue busy): those refusals stand only
 * when no allocation failed since the soak last settled. After a failure
 * (met in the run loop, or in a call that said it recovered) the soak first
 * settles and tries again: then the refusal must be what the application
 * sees (a channel refused while it holds fewer calls on the line than it
 * has channels was lost to the failure; the link must be up again).
 */
static int soak_make(struct world *w, tel_line *l, const struct tel_call_params *p, tel_call **c,
		     bool *unsettled)
{
	bool f0 = failed;
	int rc = tel_call_make(l, p, c);

	if (!f0 && failed) {		/* met in this call */
		if (rc != 0 && rc != TEL_ENOMEM)
			viol(rc == TEL_EBUSY ? V_RC_EBUSY : V_RC, rc);
		*unsettled = rc == 0;
		return rc;
	}
	if (rc == 0 || !load_refusal(rc)) {
		if (rc)
			viol(V_RC, rc);
		return rc;
	}
	if (!*unsettled)
		return rc;
	*unsettled = false;
	settle(w);
	rc = tel_call_make(l, p, c);
	if (rc == TEL_ELINK || (rc == TEL_ENOCHAN && busy_on(w, l) < 30))
		viol(V_AFTER, rc);
	else if (rc && !load_refusal(rc))
		viol(V_RC, rc);
	return rc;
}

/* The first 1,000 calls of a small soak: random make/answer/drop, fixed seed. */
#define SOAK_CALLS	1000
static unsigned long soak_made;

static bool sc_soak(struct world *w)
{
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	unsigned char uui[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	bool done = false, seen = false, unsettled = false;
	unsigned long made = 0;

	rng_state = 0x9e3779b97f4a7c15ull;
	if (!world_new(w, NULL, NULL, 30))
		goto out;
	for (int it = 0; made < SOAK_CALLS && it < 200000; it++) {
		uint32_t r = rnd() % 100;
		struct rec *x = w->nrec ? &w->rec[rnd() % w->nrec] : NULL;
		tel_call *c;
		int rc;

		if (failed && !seen)	/* met in the run loop or in a call that recovered */
			seen = unsettled = true;
		if (r < 30) {
			if (w->nrec >= MAXREC - 8)
				continue;
			rc = soak_make(w, rnd() & 1 ? w->ln : w->lu, &p, &c, &unsettled);
			if (rc == 0) {
				add(w, c);
				made++;
			}
		} else if (r < 50) {
			if (x && x->c->info.state == TEL_CS_OFFERING && !x->c->drop_pending)
				API(tel_call_answer(x->c, NULL, 0, 0));
		} else if (r < 70) {
			if (x && x->c->info.state != TEL_CS_IDLE && !x->c->drop_pending) {
				struct tel_drop_params dp = {
					.cause = 1 + (int)(rnd() % 127), .uui = uui,
					.uui_len = 1 + rnd() % 8,
				};

				if (API(tel_call_drop(x->c, &dp)) == 0)
					x->drops++;
			}
		} else if (r < 80) {
			for (unsigned i = 0; i < w->nrec; i++) {
				struct rec *y = &w->rec[i];

				if (y->c->info.state == TEL_CS_IDLE && y->idle &&
				    y->done == y->drops && tel_call_dealloc(y->c) == 0)
					forget(w, y--);
			}
		} else {
			w->now += rnd() % 3000;
		}
		run(w);
	}
	soak_made = made;
	done = !failed;
out:
	world_free(w);
	return done;
}

/* --- the sweep ---------------------------------------------------------------- */

static unsigned long sweep(const char *name, scenario_fn fn)
{
	struct world *w = __real_calloc(1, sizeof(*w));
	unsigned long n, total;

	assert_non_null(w);
	cur_world = w;
	cur_scenario = name;
	fail_at = cur_n = 0;
	nalloc = 0;
	failed = false;
	assert_true(fn(w));		/* the scenario itself works */
	assert_false(w->overflow);
	total = nalloc;
	for (n = 1; n < 100000; n++) {
		nalloc = 0;
		failed = false;
		fail_site = NULL;
		fail_at = cur_n = n;
		if (fn(w))
			break;		/* no allocation was left to fail */
		assert_false(w->overflow);
	}
	fail_at = 0;
	print_message("oom %-7s %4lu allocations, every one failed in turn\n", name, n - 1);
	assert_true(n - 1 >= 5);	/* the sweep did meet allocations */
	assert_true(n < 100000);
	(void)total;
	free(w);
	return n - 1;
}

/*
 * Library defects reported in issue 13 that the sweep shows today. The
 * lead removes a line here when its fix lands; a violation of a kind not
 * listed fails the test.
 */
/* Library defects still open; empty: every kind of violation fails the sweep. */
static const enum viol known[] = {
	V_COUNT,	/* (none) */
};

static void test_oom_sweep(void **state)
{
	unsigned long total = 0;
	unsigned before;
	bool bad = false;

	(void)state;
	nsites = 0;
	total += sweep("basic", sc_basic);
	total += sweep("socket", sc_socket);
	total += sweep("load", sc_load);
	total += sweep("restart", sc_restart);
	total += sweep("pcap", sc_pcap);
	before = nsites;
	total += sweep("dahdi", sc_dahdi);
	assert_true(nsites > before);	/* tel_line_open_dahdi()'s, met by no other scenario */
	total += sweep("soak", sc_soak);
	print_message("oom: %lu runs with one failed allocation; %u distinct allocation call "
		      "sites in libtel; soak made %lu calls\n", total, nsites, soak_made);
	if (getenv("OOM_VERBOSE")) {	/* "binary(+offset)": addr2line -f -e binary offset */
		char **sym = backtrace_symbols(sites, (int)nsites);

		for (unsigned i = 0; i < nsites; i++)
			print_message("oom: site %p %s\n", sites[i], sym ? sym[i] : "");
		free(sym);
	}
	for (int v = 0; v < V_COUNT; v++) {
		bool is_known = false;

		if (!viol_count[v])
			continue;
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			is_known |= known[k] == (enum viol)v;
		print_message("oom: %s%s: %lu runs, first at N=%lu (site %p, value %d)\n",
			      is_known ? "KNOWN DEFECT: " : "", viol_name[v] ? viol_name[v] : "?",
			      viol_count[v],
			      viol_first_n[v], viol_first_site[v], viol_first_rc[v]);
		if (!is_known)
			bad = true;
	}
	assert_false(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
