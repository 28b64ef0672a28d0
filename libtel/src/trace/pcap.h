/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pcap files of LAPD frames, link type 177 (LINKTYPE_LINUX_LAPD): each record
 * is a 16-octet pseudo-header followed by the LAPD frame (address, control,
 * information; no flags, no FCS).
 *
 * Pseudo-header (all multi-octet fields big-endian):
 *   0  pkttype  2  0 = received by the capturing side, 4 = sent by it
 *   2  hatype   2  0x20FD (ARPHRD_LAPD)
 *   4  halen    2  1
 *   6  addr     8  addr[0] = 1 if the capturing side is the network, 0 if user
 *  14  protocol 2  0x0030 (ETH_P_LAPD)
 * From pkttype and addr[0] follows who sent the frame: network or user.
 */
#ifndef TEL_TRACE_PCAP_H
#define TEL_TRACE_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAP_LINKTYPE_LINUX_LAPD 177
#define PCAP_LAPD_HDR_LEN 16
#define PCAP_SNAPLEN 65535

/* Writer: appends records to a FILE the caller opened (and closes). */
struct pcap_writer {
	FILE *f;
	bool capturer_is_network;	/* which side the trace is taken at */
};

/*
 * pcap_writer_init() - write the global header (microsecond timestamps,
 * little-endian, snaplen 65535, link type 177) to @f.
 * @capturer_is_network: the side that captures; fixed for the file.
 * Returns 0 or TEL_EIO.
 */
int pcap_writer_init(struct pcap_writer *w, FILE *f, bool capturer_is_network);

/*
 * pcap_write_frame() - append one LAPD frame.
 * @ts_us: timestamp, microseconds since the epoch (or any origin).
 * @sent_by_network: true if the network side sent this frame.
 * Returns 0, TEL_EINVAL (len > 65535 - 16) or TEL_EIO.
 */
int pcap_write_frame(struct pcap_writer *w, uint64_t ts_us, bool sent_by_network,
		     const uint8_t *frame, size_t len);

/* Reader over a file's bytes held in memory (the caller keeps them alive). */
struct pcap_reader {
	const uint8_t *buf;
	size_t len, off;
	bool swapped;		/* file written on an other-endian machine */
	bool nsec;		/* nanosecond timestamps (magic 0xa1b23c4d) */
	uint32_t linktype, snaplen;
	unsigned recno;		/* records read so far */
	char err[128];		/* last error, for a person: what and where */
};

struct pcap_rec {
	uint64_t ts_us;			/* microseconds */
	bool sent_by_network;		/* direction, from the pseudo-header */
	bool capturer_is_network;
	const uint8_t *frame;		/* LAPD frame, points into the reader's buffer */
	size_t len;
	uint32_t orig_len;		/* length on the wire; > len if truncated by snaplen */
};

/*
 * pcap_reader_init() - check the global header of @len octets at @buf.
 * Returns 0, or TEL_EPROTO with r->err saying what is wrong (not a pcap file,
 * a link type other than 177, truncated header...).
 */
int pcap_reader_init(struct pcap_reader *r, const uint8_t *buf, size_t len);

/*
 * pcap_read_next() - the next record.
 * Returns 1 with @rec filled, 0 at a clean end of file, or TEL_EPROTO with
 * r->err naming the record number and byte offset and what is wrong
 * (truncated record, length over snaplen, pseudo-header too short or not LAPD).
 * Never reads outside the buffer.
 */
int pcap_read_next(struct pcap_reader *r, struct pcap_rec *rec);

#endif /* TEL_TRACE_PCAP_H */
