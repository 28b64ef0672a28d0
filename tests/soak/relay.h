/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The soak's building blocks that know nothing of libtel: one seeded PRNG for
 * every random choice, a relay that moves LAPD frames between two
 * SOCK_SEQPACKET sockets through a fault model (loss, duplication, reordering,
 * corruption, cuts), and a decoder that names the Q.931 message a frame
 * carries (call reference, type, cause, called number) so a call's history
 * can show its frames.
 */
#ifndef TESTS_SOAK_RELAY_H
#define TESTS_SOAK_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- PRNG --- */

/* splitmix64: one state word, every value from the seed. */
struct prng {
	uint64_t s;
};

uint64_t prng_next(struct prng *r);
/* uniform in [0, n) (n > 0) */
uint32_t prng_below(struct prng *r, uint32_t n);
/* uniform in [lo, hi] */
uint32_t prng_range(struct prng *r, uint32_t lo, uint32_t hi);
/* true with probability @ppm parts per million */
bool prng_ppm(struct prng *r, uint32_t ppm);
/* exponentially distributed with mean @mean (at least 1) */
uint64_t prng_exp(struct prng *r, uint64_t mean);

/* ------------------------------------------------------- frame decoding --- */

#define FRAME_MAX	1100

struct soak_q931_view {
	bool is_q931;		/* an I or UI frame on SAPI 0 with protocol discriminator 8 */
	bool cref_flag;		/* set by the side that did not allocate the reference */
	uint16_t cref;		/* without the flag */
	uint8_t type;		/* message type */
	int cause;		/* first Cause IE's value, -1 none */
	int chan;		/* channel number in Channel identification, -1 none */
	int uui_len;		/* octets of user-user data after the pd, -1 no UUI IE */
	char called[40];	/* Called party number digits, "" none */
};

/* Decode the Q.931 part of a LAPD frame (address, control, information). */
void soak_q931_view(const uint8_t *f, size_t len, struct soak_q931_view *v);
/* "SETUP", "DISCONNECT", ..., "0x.." */
const char *soak_msg_name(uint8_t type);
/* a LAPD frame in a few words: "I ns=3 nr=5", "SABME", "RR nr=2 P", ... */
void soak_lapd_describe(const uint8_t *f, size_t len, char *out, size_t cap);

/* ---------------------------------------------------------------- relay --- */

enum fault {
	F_NONE,
	F_LOST,
	F_DUP,
	F_HELD,		/* held back, released later (reordered) */
	F_CORRUPT,
	F_CUT,		/* dropped during a cut */
	F_RELEASED,	/* a held frame going out now */
	F_OVERFLOW,	/* the receiving socket was full: dropped */
};

struct fault_cfg {
	uint32_t loss_ppm, dup_ppm, hold_ppm, corrupt_ppm;
	uint64_t cut_mean_ms;	/* mean time between cuts; 0: no cuts */
	uint32_t hold_min_ms, hold_max_ms;
};

struct relay_stats {
	uint64_t frames, lost, dup, held, corrupt, cut_dropped, overflow;
	uint64_t cuts, cut_ms, cuts_short, cuts_mid, cuts_long;
};

/*
 * Told about every frame the relay moves (@dir 0: from end 0 to end 1), with
 * what the fault model did to it, before it goes out (a corrupted frame: the
 * bytes after the flip).
 */
typedef void (*relay_frame_cb)(void *user, int dir, const uint8_t *f, size_t len, enum fault what);
/* Told when a cut starts (@dur_ms) and when it ends (@dur_ms 0). */
typedef void (*relay_cut_cb)(void *user, uint64_t dur_ms);

#define RELAY_HELD_MAX	64

struct relay {
	int fd[2];		/* the relay's end of each socket pair; fd[0] faces end 0 */
	struct prng *rng;
	struct fault_cfg cfg;
	bool faults_on;
	uint64_t cut_until, next_cut_at;
	uint64_t t309_ms, t200n200_ms;	/* for the cut lengths */
	struct relay_stats st;
	relay_frame_cb on_frame;
	relay_cut_cb on_cut;
	void *user;
	struct held {
		uint64_t at;
		int dir;
		uint16_t len;
		uint8_t buf[FRAME_MAX];
	} held[RELAY_HELD_MAX];
	int nheld;
};

void relay_init(struct relay *r, int fd0, int fd1, struct prng *rng, const struct fault_cfg *cfg,
		uint64_t now);
/* Faults on or off (off: held frames go out at once, a cut in progress ends). */
void relay_set_faults(struct relay *r, bool on, uint64_t now);
/* Move every frame waiting on either socket; release held frames that are due.
 * Returns the number of frames read. */
int relay_pump(struct relay *r, uint64_t now);
bool relay_cut(const struct relay *r, uint64_t now);

#endif /* TESTS_SOAK_RELAY_H */
