/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * soak — what the soak shares with its far ends: options, the fake clock, the
 * PRNG, call histories and violations. The far end is the second libtel
 * context (far_libtel.c; soak.c opens it) or, in soak-libpri, libpri
 * (far_libpri.c). What the soak's own files share is in harness.h.
 */
#ifndef TESTS_SOAK_SOAK_H
#define TESTS_SOAK_SOAK_H

#include <stdbool.h>
#include <stdint.h>

#include "relay.h"

struct opts {
	uint64_t seed, calls, target, cut_mean_ms, quiet_ms, make_mean_ms;
	uint32_t loss_ppm, dup_ppm, hold_ppm, corrupt_ppm;
	const char *pcap;
	bool ni2, verbose, faults, restart, keep_going, quiet_log;
};

extern struct opts opt;
extern uint64_t now_ms;
extern struct prng rng;

/* what a call's history entry records (hist_add()'s @kind) */
enum hkind { H_FRAME, H_EVENT, H_API, H_CUT, H_LINK };
#define SOAK_OP_MAKE	0	/* H_API: the first operation, tel_call_make() */

struct lc;
struct side;
struct lc *lc_get(uint32_t serial);
void hist_add(uint32_t serial, uint8_t kind, uint8_t side, uint8_t a, uint8_t b, int c, int d);
void hist_add5(uint32_t serial, uint8_t kind, uint8_t side, uint8_t a, uint8_t b, int c, int d,
	       int e);
void violation(uint32_t serial, const char *invariant, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint32_t serial_of(const char *to);
/* a new logical call: its serial (the called number is "1" + 7 digits of it) */
uint32_t lc_alloc(void);
/* the logical call's per-side bookkeeping, for a far end that is not libtel */
void lc_far_seen(uint32_t serial, int side, int delta);

/*
 * The far end (side 1). far_open() returns 0 when the far end is a second
 * libtel context (main() in soak.c opens it), 1 when it opened its own on @fd.
 */
int far_open(struct side *s, int fd);
const char *far_name(void);
void far_service(void);		/* read frames, run timers */
void far_act(void);		/* random application behaviour, new calls */
uint64_t far_made(void);
int far_live(void);
int far_up(struct side *s);
void far_quiet(bool quiet);	/* quiet: no new calls, finish what is up */
void far_check_all_ended(const char *when);
/* answer every incoming call at once (the final B-channel check) */
void far_auto_answer(bool on);
void far_print_figures(void);
void far_close(void);

#endif /* TESTS_SOAK_SOAK_H */
