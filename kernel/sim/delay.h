/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One direction of a simulated cable or analog line: what one side sends
 * each millisecond, picked up by the other TELSIM_CABLE_MS later. Each
 * slot is tagged with the sender's tick number, so the receiver takes
 * exactly the millisecond sent TELSIM_CABLE_MS before its own tick,
 * whatever order the two cards' timers run in (telsim.h says why that
 * holds); a millisecond not there in time is a gap. The sender's tick
 * writes, the receiver's reads, under the delay's lock.
 */
#ifndef TELSIM_DELAY_H
#define TELSIM_DELAY_H

#include <linux/spinlock.h>
#include <linux/types.h>

struct telsim_delay {
	spinlock_t lock;		/* the two ticks: writer and reader */
	unsigned int size;		/* octets a millisecond carries */
	u32 gaps;			/* milliseconds that were not there in time */
	u8 *mem;			/* TELSIM_DELAY_SLOTS x (u64 tag + size) */
};

/* Process context: 0 or -ENOMEM. Starts empty (every read a gap). */
int telsim_delay_init(struct telsim_delay *d, unsigned int size);
void telsim_delay_free(struct telsim_delay *d);
/* The sender's tick @ms sent @size octets at @data. */
void telsim_delay_put(struct telsim_delay *d, u64 ms, const void *data);
/* What reaches the receiver at its tick @ms into @data; false: a gap (@data untouched). */
bool telsim_delay_get(struct telsim_delay *d, u64 ms, void *data);
/* A new cable or line: nothing on it yet. */
void telsim_delay_clear(struct telsim_delay *d);

#endif /* TELSIM_DELAY_H */
