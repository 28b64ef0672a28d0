// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap files of LAPD frames, link type 177 (LINKTYPE_LINUX_LAPD).
 *
 * The writer produces the classic little-endian microsecond format. The reader takes
 * both byte orders and both the microsecond and the nanosecond magic, and checks
 * every length before it touches the bytes behind it.
 */
#include "trace/pcap.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "libtel/tel.h"

#define PCAP_MAGIC_US		0xa1b2c3d4u
#define PCAP_MAGIC_NS		0xa1b23c4du
#define PCAP_GHDR_LEN		24
#define PCAP_RHDR_LEN		16
#define PCAP_MAX_CAPLEN		262144u	/* the most libpcap and Wireshark accept */

#define LAPD_PKTTYPE_HOST	0	/* received by the capturing side */
#define LAPD_PKTTYPE_OUTGOING	4	/* sent by the capturing side */
#define LAPD_HATYPE		0x20FD	/* ARPHRD_LAPD */
#define LAPD_PROTOCOL		0x0030	/* ETH_P_LAPD */

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t bswap32(uint32_t v)
{
	return (v >> 24) | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | (v << 24);
}

static uint16_t bswap16(uint16_t v)
{
	return (uint16_t)(v >> 8 | v << 8);
}

/* A 32-bit field of the file in its own byte order. */
static uint32_t rd32(const struct pcap_reader *r, const uint8_t *p)
{
	uint32_t v = get_le32(p);

	return r->swapped ? bswap32(v) : v;
}

static uint16_t rd16(const struct pcap_reader *r, const uint8_t *p)
{
	uint16_t v = (uint16_t)(p[0] | p[1] << 8);

	return r->swapped ? bswap16(v) : v;
}

int pcap_writer_init(struct pcap_writer *w, FILE *f, bool capturer_is_network)
{
	uint8_t h[PCAP_GHDR_LEN];

	if (!w || !f)
		return TEL_EINVAL;
	w->f = f;
	w->capturer_is_network = capturer_is_network;

	put_le32(h, PCAP_MAGIC_US);
	put_le16(h + 4, 2);			/* version 2.4 */
	put_le16(h + 6, 4);
	put_le32(h + 8, 0);			/* thiszone: UTC */
	put_le32(h + 12, 0);			/* sigfigs */
	put_le32(h + 16, PCAP_SNAPLEN);
	put_le32(h + 20, PCAP_LINKTYPE_LINUX_LAPD);
	if (fwrite(h, sizeof(h), 1, f) != 1)
		return TEL_EIO;
	return 0;
}

int pcap_write_frame(struct pcap_writer *w, uint64_t ts_us, bool sent_by_network,
		     const uint8_t *frame, size_t len)
{
	uint8_t h[PCAP_RHDR_LEN + PCAP_LAPD_HDR_LEN];
	uint64_t sec = ts_us / 1000000;
	uint32_t caplen;

	if (!w || !w->f || (len && !frame) || len > PCAP_SNAPLEN - PCAP_LAPD_HDR_LEN)
		return TEL_EINVAL;
	if (sec > UINT32_MAX)			/* past 2106: no room in the record header */
		return TEL_EINVAL;
	caplen = (uint32_t)(PCAP_LAPD_HDR_LEN + len);

	put_le32(h, (uint32_t)sec);
	put_le32(h + 4, (uint32_t)(ts_us % 1000000));
	put_le32(h + 8, caplen);
	put_le32(h + 12, caplen);

	/* Pseudo-header, big-endian. */
	memset(h + PCAP_RHDR_LEN, 0, PCAP_LAPD_HDR_LEN);
	put_be16(h + 16, sent_by_network == w->capturer_is_network ?
			 LAPD_PKTTYPE_OUTGOING : LAPD_PKTTYPE_HOST);
	put_be16(h + 18, LAPD_HATYPE);
	put_be16(h + 20, 1);			/* halen */
	h[22] = w->capturer_is_network ? 1 : 0;	/* addr[0]; addr[1..7] stay 0 */
	put_be16(h + 30, LAPD_PROTOCOL);

	if (fwrite(h, sizeof(h), 1, w->f) != 1)
		return TEL_EIO;
	if (len && fwrite(frame, len, 1, w->f) != 1)
		return TEL_EIO;
	return 0;
}

__attribute__((format(printf, 2, 3)))
static int fail(struct pcap_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return TEL_EPROTO;
}

int pcap_reader_init(struct pcap_reader *r, const uint8_t *buf, size_t len)
{
	uint32_t magic, network;

	if (!r)
		return TEL_EINVAL;
	memset(r, 0, sizeof(*r));
	if (!buf && len)
		return TEL_EINVAL;
	r->buf = buf;
	r->len = len;

	if (len < PCAP_GHDR_LEN)
		return fail(r, "truncated global header: %zu of %d bytes", len, PCAP_GHDR_LEN);

	magic = get_le32(buf);
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
		r->swapped = false;
	} else if (bswap32(magic) == PCAP_MAGIC_US || bswap32(magic) == PCAP_MAGIC_NS) {
		r->swapped = true;
		magic = bswap32(magic);
	} else {
		return fail(r, "not a pcap file (magic %02x %02x %02x %02x)",
			    buf[0], buf[1], buf[2], buf[3]);
	}
	r->nsec = magic == PCAP_MAGIC_NS;

	if (rd16(r, buf + 4) != 2)
		return fail(r, "unsupported pcap version %u.%u", rd16(r, buf + 4),
			    rd16(r, buf + 6));

	r->snaplen = rd32(r, buf + 16);
	/* Low 16 bits: link type; the upper bits may carry FCS information. */
	network = rd32(r, buf + 20);
	r->linktype = network & 0xffff;
	if (r->linktype != PCAP_LINKTYPE_LINUX_LAPD)
		return fail(r, "link type %" PRIu32 " (not LAPD; expected %d)", r->linktype,
			    PCAP_LINKTYPE_LINUX_LAPD);

	r->off = PCAP_GHDR_LEN;
	return 0;
}

int pcap_read_next(struct pcap_reader *r, struct pcap_rec *rec)
{
	const uint8_t *p, *ph;
	size_t left, off;
	uint32_t frac, caplen, origlen, maxcap;
	unsigned n;

	if (!r || !rec || !r->buf || r->off < PCAP_GHDR_LEN || r->off > r->len)
		return TEL_EINVAL;

	off = r->off;
	left = r->len - off;
	n = r->recno + 1;
	if (left == 0)
		return 0;
	if (left < PCAP_RHDR_LEN)
		return fail(r, "record %u at offset %zu: truncated record header: "
			    "needs %d bytes, %zu left", n, off, PCAP_RHDR_LEN, left);

	p = r->buf + off;
	caplen = rd32(r, p + 8);
	origlen = rd32(r, p + 12);
	left -= PCAP_RHDR_LEN;

	/* A snaplen of 0 (seen in some writers) means no limit beyond ours. */
	maxcap = r->snaplen && r->snaplen < PCAP_MAX_CAPLEN ? r->snaplen : PCAP_MAX_CAPLEN;
	if (caplen > maxcap)
		return fail(r, "record %u at offset %zu: captured length %" PRIu32
			    " exceeds the maximum %" PRIu32, n, off, caplen, maxcap);
	if (caplen > left)
		return fail(r, "record %u at offset %zu: truncated: needs %" PRIu32
			    " bytes, %zu left", n, off, caplen, left);
	if (caplen < PCAP_LAPD_HDR_LEN)
		return fail(r, "record %u at offset %zu: captured length %" PRIu32
			    " shorter than the %d-byte LAPD pseudo-header",
			    n, off, caplen, PCAP_LAPD_HDR_LEN);

	frac = rd32(r, p + 4);
	rec->ts_us = (uint64_t)rd32(r, p) * 1000000 + (r->nsec ? frac / 1000 : frac);

	/* Lenient on hatype and protocol: only the direction matters here. */
	ph = p + PCAP_RHDR_LEN;
	rec->capturer_is_network = ph[6] != 0;
	rec->sent_by_network = (get_be16(ph) == LAPD_PKTTYPE_OUTGOING) ==
			       rec->capturer_is_network;
	rec->frame = ph + PCAP_LAPD_HDR_LEN;
	rec->len = caplen - PCAP_LAPD_HDR_LEN;
	rec->orig_len = (origlen > caplen ? origlen : caplen) - PCAP_LAPD_HDR_LEN;

	r->off = off + PCAP_RHDR_LEN + caplen;
	r->recno = n;
	return 1;
}
