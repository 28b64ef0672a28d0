// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: read every record of a pcap file until its end or an error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libtel/tel.h"
#include "trace/pcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcap_reader r;
	struct pcap_rec rec;
	int rc;

	rc = pcap_reader_init(&r, data, size);
	if (rc < 0) {
		if (rc != TEL_EPROTO || !memchr(r.err, '\0', sizeof(r.err)) || !r.err[0])
			abort();
		return 0;
	}
	while ((rc = pcap_read_next(&r, &rec)) == 1) {
		if (rec.frame < data || rec.len > size || rec.frame + rec.len > data + size)
			abort();
		if (rec.orig_len < rec.len)
			abort();
	}
	if (rc < 0 && (rc != TEL_EPROTO || !memchr(r.err, '\0', sizeof(r.err)) || !r.err[0]))
		abort();
	return 0;
}
