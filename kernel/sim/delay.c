// SPDX-License-Identifier: GPL-2.0-only
/* telsim's delay lines (delay.h): one direction of a cable or analog line. */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "delay.h"
#include "telsim.h"

#define TELSIM_DELAY_SLOTS	(TELSIM_CABLE_MS + 24)

static u8 *slot(struct telsim_delay *d, u64 ms)
{
	u32 at;

	div_u64_rem(ms, TELSIM_DELAY_SLOTS, &at);
	return d->mem + (size_t)at * (sizeof(u64) + d->size);
}

int telsim_delay_init(struct telsim_delay *d, unsigned int size)
{
	spin_lock_init(&d->lock);
	d->size = size;
	d->gaps = 0;
	d->mem = kvzalloc(array_size(TELSIM_DELAY_SLOTS, sizeof(u64) + size), GFP_KERNEL);
	if (!d->mem)
		return -ENOMEM;
	telsim_delay_clear(d);
	return 0;
}

void telsim_delay_free(struct telsim_delay *d)
{
	kvfree(d->mem);
	d->mem = NULL;
}

void telsim_delay_put(struct telsim_delay *d, u64 ms, const void *data)
{
	u8 *s = slot(d, ms);
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	memcpy(s, &ms, sizeof(ms));
	memcpy(s + sizeof(ms), data, d->size);
	spin_unlock_irqrestore(&d->lock, flags);
}

bool telsim_delay_get(struct telsim_delay *d, u64 ms, void *data)
{
	u64 want = ms - TELSIM_CABLE_MS, tag;
	u8 *s = slot(d, want);
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&d->lock, flags);
	memcpy(&tag, s, sizeof(tag));
	ok = tag == want;
	if (ok)
		memcpy(data, s + sizeof(tag), d->size);
	else if (d->gaps < U32_MAX)
		d->gaps++;
	spin_unlock_irqrestore(&d->lock, flags);
	return ok;
}

void telsim_delay_clear(struct telsim_delay *d)
{
	u64 none = U64_MAX;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&d->lock, flags);
	for (i = 0; i < TELSIM_DELAY_SLOTS; i++)
		memcpy(slot(d, i), &none, sizeof(none));
	spin_unlock_irqrestore(&d->lock, flags);
}
