#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Send HDLC frames on one DAHDI hardhdlc channel and check them on another.

    hdlc_xfer.py TX_CHAN RX_CHAN COUNT [--expect-lost N]

Each frame is a distinct payload (Q.921-sized, 3..260 octets). DAHDI writes
take the frame plus 2 spare octets (the FCS slot); reads return the frame
plus its 2 FCS octets as received, which must be the CRC-16/X.25 of the
frame. Prints "sent N received M badfcs B abort A" and exits 0 when every
frame arrived byte-exact in order (or, with --expect-lost, when exactly N
frames were lost and reported as BADFCS events).
"""
import errno
import fcntl
import os
import select
import struct
import sys
import time

DAHDI_GETEVENT = 0x8004DA08  # _IOR(0xDA, 8, int)
EV_ABORT, EV_BADFCS, EV_OVERRUN = 6, 8, 11
ELAST = 500  # DAHDI: "an event is pending" on read/write


def fcs16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return (~crc) & 0xFFFF


def frame(i):
    n = 3 + (i * 37) % 258
    return bytes([0x00, 0x01, i & 0xFF]) + bytes(((i + k) * 7) & 0xFF for k in range(n - 3))


def events(fd, seen):
    buf = bytearray(4)
    fcntl.ioctl(fd, DAHDI_GETEVENT, buf)
    ev = struct.unpack("i", buf)[0]
    if ev:
        seen[ev] = seen.get(ev, 0) + 1
    return ev


def main():
    tx_path, rx_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    expect_lost = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--expect-lost" else 0
    rx = os.open(rx_path, os.O_RDWR | os.O_NONBLOCK)
    tx = rx if tx_path == rx_path else os.open(tx_path, os.O_RDWR)  # a loopback: one channel
    seen, got, sent = {}, [], 0
    deadline = time.time() + 30 + count * 0.2
    while time.time() < deadline and len(got) + seen.get(EV_BADFCS, 0) < count:
        if sent < count and sent - len(got) - seen.get(EV_BADFCS, 0) < 4:
            f = frame(sent)
            try:
                os.write(tx, f + b"\0\0")
                sent += 1
            except OSError as e:
                if e.errno not in (ELAST, errno.EAGAIN):
                    raise
                events(tx, {})
        r, _, _ = select.select([rx], [], [], 0.05)
        if not r:
            continue
        try:
            data = os.read(rx, 1024)
        except OSError as e:
            if e.errno == ELAST:
                events(rx, seen)
                continue
            if e.errno == errno.EAGAIN:
                continue
            raise
        if data:
            got.append(data)
    if tx != rx:
        os.close(tx)
    os.close(rx)
    lost = seen.get(EV_BADFCS, 0)
    print(f"sent {sent} received {len(got)} badfcs {lost} abort {seen.get(EV_ABORT, 0)}"
          f" overrun {seen.get(EV_OVERRUN, 0)}")
    bad = 0
    want = [frame(i) for i in range(sent)]
    for data in got:
        body, fcs = data[:-2], data[-2:]
        if body not in want:
            print(f"unexpected frame of {len(data)} octets: {data[:16].hex()}...")
            bad += 1
            continue
        if struct.unpack("<H", fcs)[0] != fcs16(body):
            print(f"frame of {len(body)} octets: FCS {fcs.hex()} is not its CRC-16")
            bad += 1
        want.remove(body)
    order = [d[:-2] for d in got]
    if order != [f for f in (frame(i) for i in range(sent)) if f in order]:
        print("frames out of order")
        bad += 1
    if bad or lost != expect_lost or len(got) + lost != count:
        print(f"FAIL: {bad} bad frames, {lost} lost (expected {expect_lost}), {len(got)} of {count} arrived")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
