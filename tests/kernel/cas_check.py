#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Robbed-bit / TS16 CAS signalling across two linked spans.

    cas_check.py CHAN_A CHAN_B

Both channels are E&M. A goes off hook (DAHDI_HOOK): B must get
DAHDI_EVENT_RINGOFFHOOK; A back on hook: B gets DAHDI_EVENT_ONHOOK; then
the same from B to A. Exits 0 when all four events arrive within 3 s each.
"""
import fcntl
import os
import select
import struct
import sys
import time

DAHDI_HOOK = 0x4004DA07
DAHDI_GETEVENT = 0x8004DA08
ONHOOK, OFFHOOK = 0, 1
EV = {1: "ONHOOK", 2: "RINGOFFHOOK"}


def hook(fd, v):
    fcntl.ioctl(fd, DAHDI_HOOK, struct.pack("i", v))


def wait_event(fd, want, what):
    deadline = time.time() + 3
    while time.time() < deadline:
        buf = bytearray(4)
        fcntl.ioctl(fd, DAHDI_GETEVENT, buf)
        ev = struct.unpack("i", buf)[0]
        if ev == want:
            print(f"{what}: {EV[want]}")
            return True
        if ev:
            print(f"{what}: event {ev} (waiting for {EV[want]})")
        select.select([], [], [], 0.02)
    print(f"FAIL: {what}: no {EV[want]} in 3 s")
    return False


def main():
    a = os.open(sys.argv[1], os.O_RDWR | os.O_NONBLOCK)
    b = os.open(sys.argv[2], os.O_RDWR | os.O_NONBLOCK)
    ok = True
    for x, y, name in ((a, b, "A->B"), (b, a, "B->A")):
        hook(x, OFFHOOK)
        ok &= wait_event(y, 2, f"{name} off hook")
        hook(x, ONHOOK)
        ok &= wait_event(y, 1, f"{name} on hook")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
