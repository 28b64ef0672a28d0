// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A pcap read as a stream from a file descriptor, record by record: a pipe,
 * a FIFO or a file of any size costs one record of memory, and a bad record
 * is reported as soon as it is read. trace/pcap.c checks the global header
 * and decodes each record, handed over one at a time (buf: global header,
 * record header, data).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libtel/decode.h"
#include "trace/pcap.h"

#define GHDR_LEN	24
#define RHDR_LEN	16
#define MAX_CAPLEN	262144u	/* as trace/pcap.c: the most libpcap and Wireshark take */

struct tel_pcap {
	int fd;
	unsigned long long off;	/* file offset of the next record */
	struct pcap_reader r;
	char err[160];
	uint8_t buf[GHDR_LEN + RHDR_LEN + MAX_CAPLEN];
};

__attribute__((format(printf, 3, 4)))
static int fail(struct tel_pcap *p, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return rc;
}

/* Read up to @n octets (fewer only at end of file). -1 with errno on error. */
static ssize_t read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, p + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static uint32_t rd32(const struct pcap_reader *r, const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[3] << 24;

	return r->swapped ? __builtin_bswap32(v) : v;
}

int tel_pcap_open(int fd, const void *pre, size_t pre_len, tel_pcap **out, char *why,
		  size_t why_len)
{
	struct tel_pcap *p;
	ssize_t got;
	int rc;

	if (why && why_len)
		why[0] = '\0';
	if (!out)
		return TEL_EINVAL;
	*out = NULL;
	if (fd < 0 || pre_len > GHDR_LEN || (!pre && pre_len)) {
		if (why && why_len)
			snprintf(why, why_len, "invalid argument");
		return TEL_EINVAL;
	}
	p = malloc(sizeof(*p));
	if (!p) {
		if (why && why_len)
			snprintf(why, why_len, "out of memory");
		return TEL_ENOMEM;
	}
	p->fd = fd;
	p->err[0] = '\0';
	if (pre_len)
		memcpy(p->buf, pre, pre_len);
	got = read_full(fd, p->buf + pre_len, GHDR_LEN - pre_len);
	if (got < 0) {
		rc = fail(p, TEL_EIO, "cannot read: %s", strerror(errno));
	} else if (pcap_reader_init(&p->r, p->buf, pre_len + (size_t)got)) {
		rc = fail(p, TEL_EPROTO, "%s", p->r.err);
	} else {
		p->off = GHDR_LEN;
		*out = p;
		return 0;
	}
	if (why && why_len)
		snprintf(why, why_len, "%s", p->err);
	free(p);
	return rc;
}

int tel_pcap_next(tel_pcap *s, struct tel_pcap_rec *rec)
{
	uint8_t *h;
	unsigned n;
	uint32_t caplen, maxcap;
	struct pcap_rec pr;
	ssize_t got;

	if (!s || !rec)
		return TEL_EINVAL;
	h = s->buf + GHDR_LEN;
	n = s->r.recno + 1;
	got = read_full(s->fd, h, RHDR_LEN);
	if (got < 0)
		return fail(s, TEL_EIO, "record %u at offset %llu: cannot read: %s", n, s->off,
			    strerror(errno));
	if (got == 0)
		return 0;
	if (got < RHDR_LEN)
		return fail(s, TEL_EPROTO, "record %u at offset %llu: truncated record header: "
			    "needs %d bytes, %zd left", n, s->off, RHDR_LEN, got);
	caplen = rd32(&s->r, h + 8);
	/* A snaplen of 0 (seen in some writers) means no limit beyond ours. */
	maxcap = s->r.snaplen && s->r.snaplen < MAX_CAPLEN ? s->r.snaplen : MAX_CAPLEN;
	if (caplen > maxcap)
		return fail(s, TEL_EPROTO, "record %u at offset %llu: captured length %" PRIu32
			    " exceeds the maximum %" PRIu32, n, s->off, caplen, maxcap);
	if (caplen < PCAP_LAPD_HDR_LEN)
		return fail(s, TEL_EPROTO, "record %u at offset %llu: captured length %" PRIu32
			    " shorter than the %d-byte LAPD pseudo-header", n, s->off, caplen,
			    PCAP_LAPD_HDR_LEN);
	got = read_full(s->fd, h + RHDR_LEN, caplen);
	if (got < 0)
		return fail(s, TEL_EIO, "record %u at offset %llu: cannot read: %s", n, s->off,
			    strerror(errno));
	if ((size_t)got < caplen)
		return fail(s, TEL_EPROTO, "record %u at offset %llu: truncated: needs %" PRIu32
			    " bytes, %zd left", n, s->off, caplen, got);
	s->r.buf = s->buf;
	s->r.len = GHDR_LEN + RHDR_LEN + caplen;
	s->r.off = GHDR_LEN;
	s->r.recno = n - 1;
	if (pcap_read_next(&s->r, &pr) != 1)
		return fail(s, TEL_EPROTO, "record %u at offset %llu: %s", n, s->off, s->r.err);
	*rec = (struct tel_pcap_rec){
		.recno = n, .sent_by_network = pr.sent_by_network,
		.capturer_is_network = pr.capturer_is_network, .ts_us = pr.ts_us,
		.offset = s->off, .frame = pr.frame, .len = (uint32_t)pr.len,
		.orig_len = pr.orig_len,
	};
	s->off += RHDR_LEN + caplen;
	s->err[0] = '\0';
	return 1;
}

const char *tel_pcap_error(const tel_pcap *r)
{
	return r ? r->err : "";
}

void tel_pcap_close(tel_pcap *r)
{
	free(r);
}
