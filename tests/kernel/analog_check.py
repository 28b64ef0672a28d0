#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Analog ports of the simulated card, seen through DAHDI (runs in the test VM).

    analog_check.py STEP...

Expects (tests/kernel/test_analog.sh sets it up): telsim card 1 "fxs 2" as
span 1 (fxoks channels 1-2), card 2 "fxo 2" as span 2 (fxsks channels 3-4),
tone zone us loaded; port 1:1 has its phone and 2:1 its CO line; 1:2 and 2:2
are linked for the steps named linked_*. Each STEP prints one line with what
it saw and how long it took; the first failure exits 1.
"""
import errno
import fcntl
import os
import struct
import sys
import threading
import time

DAHDI_HOOK = 0x4004DA07           # _IOW(0xDA, 7, int)
DAHDI_GETEVENT = 0x8004DA08       # _IOR(0xDA, 8, int)
PARAMS_FMT = "12i40s11iI"         # struct dahdi_params
DAHDI_GET_PARAMS = (3 << 30) | (struct.calcsize(PARAMS_FMT) << 16) | (0xDA << 8) | 5
ONHOOK, OFFHOOK, RING = 0, 1, 5   # DAHDI_HOOK arguments
EV_NAMES = {1: "ONHOOK", 2: "RINGOFFHOOK", 3: "WINKFLASH", 10: "RINGERON", 11: "RINGEROFF",
            12: "HOOKCOMPLETE", 14: "PULSE_START", 17: "POLARITY", 18: "RINGBEGIN"}
EV_ONHOOK, EV_RINGOFFHOOK, EV_WINKFLASH, EV_RINGBEGIN = 1, 2, 3, 18
EV_PULSEDIGIT = 1 << 16
ELAST = 500
DBG = "/sys/kernel/debug/telsim"


def ev_name(ev):
    if ev & EV_PULSEDIGIT:
        return "PULSEDIGIT(%s)" % chr(ev & 0xFF)
    return EV_NAMES.get(ev, str(ev))


class Fail(Exception):
    pass


class Chan:
    def __init__(self, span, pos):
        self.path = "/dev/dahdi/chan/%03d/%03d" % (span, pos)
        self.fd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK)
        self.seen = []

    def hook(self, what):
        try:
            fcntl.ioctl(self.fd, DAHDI_HOOK, struct.pack("i", what))
        except OSError as e:
            if e.errno != errno.EINPROGRESS:
                raise

    def event(self):
        buf = bytearray(4)
        fcntl.ioctl(self.fd, DAHDI_GETEVENT, buf)
        ev = struct.unpack("i", buf)[0]
        if ev:
            self.seen.append(ev)
        return ev

    def drain(self):
        while self.event():
            pass
        self.seen = []

    def wait_event(self, want, timeout):
        """Events until @want (a number or a predicate); returns those seen before it."""
        t0 = time.time()
        match = want if callable(want) else (lambda e: e == want)
        before = []
        while time.time() - t0 < timeout:
            ev = self.event()
            if not ev:
                time.sleep(0.005)
                continue
            if match(ev):
                return before, time.time() - t0
            before.append(ev)
        raise Fail("%s: no %s within %.1f s (saw %s)" % (
            self.path, ev_name(want) if not callable(want) else "wanted event", timeout,
            [ev_name(e) for e in before] or "nothing"))

    def rxisoffhook(self):
        buf = bytearray(struct.calcsize(PARAMS_FMT))
        fcntl.ioctl(self.fd, DAHDI_GET_PARAMS, buf)
        return struct.unpack(PARAMS_FMT, buf)[5]


def knob(path):
    return DBG + "/" + path


def write_knob(path, text):
    with open(knob(path), "w") as f:
        f.write(text + "\n")


def read_knob(path):
    with open(knob(path)) as f:
        return f.read().strip()


def wait_knob(path, want, timeout):
    t0 = time.time()
    while time.time() - t0 < timeout:
        got = read_knob(path)
        if got.split()[0] == want:
            return time.time() - t0
        time.sleep(0.01)
    raise Fail("%s reads '%s', want '%s' within %.1f s" % (path, read_knob(path), want, timeout))


def expect_write_error(path, text, err):
    try:
        write_knob(path, text)
    except OSError as e:
        if e.errno == err:
            return
        raise Fail("%s <- '%s': errno %d, want %d" % (path, text, e.errno, err))
    raise Fail("%s <- '%s' accepted" % (path, text))


# --- an FXS port with its phone (channel 1) ----------------------------------------

def phone_offhook(c):
    c[1].drain()
    write_knob("1/port1/phone", "offhook")
    _, dt = c[1].wait_event(EV_RINGOFFHOOK, 1)
    if c[1].rxisoffhook() != 1:
        raise Fail("chan 1: rxisoffhook 0 after the phone went off hook")
    print("phone offhook: chan 1 RINGOFFHOOK after %.0f ms, rxisoffhook=1" % (dt * 1000))
    write_knob("1/port1/phone", "onhook")
    _, dt = c[1].wait_event(EV_ONHOOK, 3)
    if c[1].rxisoffhook() != 0:
        raise Fail("chan 1: rxisoffhook 1 after the phone hung up")
    print("phone onhook: chan 1 ONHOOK after %.0f ms (DAHDI's rxflashtime 1250), rxisoffhook=0"
          % (dt * 1000))


def phone_ring(c):
    if read_knob("1/port1/phone") != "idle":
        raise Fail("phone reads '%s' before ringing, want idle" % read_knob("1/port1/phone"))
    c[1].drain()
    c[1].hook(RING)
    dt = wait_knob("1/port1/phone", "ringing", 0.5)
    print("DAHDI_HOOK RING on chan 1: phone reads ringing after %.0f ms" % (dt * 1000))
    c[1].hook(ONHOOK)
    dt = wait_knob("1/port1/phone", "idle", 0.5)
    print("DAHDI_HOOK ONHOOK: phone reads idle after %.0f ms" % (dt * 1000))
    # ring again and answer: the firmware's ring trip, DAHDI sees the answer
    c[1].drain()
    c[1].hook(RING)
    wait_knob("1/port1/phone", "ringing", 0.5)
    time.sleep(0.3)
    write_knob("1/port1/phone", "offhook")
    _, dt = c[1].wait_event(EV_RINGOFFHOOK, 1)
    print("phone answers the ringing: chan 1 RINGOFFHOOK after %.0f ms, phone reads %s"
          % (dt * 1000, read_knob("1/port1/phone")))
    write_knob("1/port1/phone", "onhook")
    c[1].wait_event(EV_ONHOOK, 3)
    c[1].hook(ONHOOK)


def phone_dial(c):
    write_knob("1/port1/phone", "offhook")
    c[1].wait_event(EV_RINGOFFHOOK, 1)
    t0 = time.time()
    write_knob("1/port1/phone", "dial 1230")
    expect_write_error("1/port1/phone", "dial 5", errno.EBUSY)  # still dialling
    digits = []
    while len(digits) < 4:
        left = 6 - (time.time() - t0)
        _, _ = c[1].wait_event(lambda e: e & EV_PULSEDIGIT, max(left, 0.01))
        digits.append(chr(c[1].seen[-1] & 0xFF))
    if "".join(digits) != "1230":
        raise Fail("pulse digits %s, want 1230" % digits)
    print("dial 1230: DAHDI_EVENT_PULSEDIGIT %s in %.2f s" % ("".join(digits), time.time() - t0))
    c[1].drain()
    write_knob("1/port1/phone", "flash")
    before, dt = c[1].wait_event(EV_WINKFLASH, 2)
    if any(e == EV_ONHOOK or e & EV_PULSEDIGIT for e in before):
        raise Fail("flash seen as %s" % [ev_name(e) for e in before])
    print("flash: chan 1 WINKFLASH after %.0f ms" % (dt * 1000))
    expect_write_error("1/port1/phone", "dial 12x", errno.EINVAL)
    expect_write_error("1/port1/phone", "jump", errno.EINVAL)
    write_knob("1/port1/phone", "onhook")
    c[1].wait_event(EV_ONHOOK, 3)
    expect_write_error("1/port1/phone", "dial 1", errno.EBUSY)  # on hook
    print("bad phone commands refused (EINVAL, EBUSY)")


# --- an FXO port on its CO line (channel 3) ------------------------------------------

def co_ring(c):
    time.sleep(2.1)     # DAHDI ignores ring for 2 s after an fxsks channel is opened or hung up
    c[3].drain()
    write_knob("2/port1/co", "ring")
    _, dt = c[3].wait_event(EV_RINGBEGIN, 1)
    print("co ring: chan 3 RINGBEGIN after %.0f ms" % (dt * 1000))
    expect_write_error("2/port1/co", "ring", errno.EBUSY)
    _, dt2 = c[3].wait_event(EV_RINGOFFHOOK, 3)
    print("co ring: chan 3 RINGOFFHOOK (ring over) %.0f ms later" % (dt2 * 1000))
    # answer during the next burst: DAHDI's OFFHOOK seizes the line, the CO's ring trips
    c[3].hook(OFFHOOK)
    dt = wait_knob("2/port1/co", "offhook", 0.5)
    print("DAHDI_HOOK OFFHOOK on chan 3: co reads offhook after %.0f ms" % (dt * 1000))
    time.sleep(1.0)     # past DAHDI's 600 ms debounce: the channel is off hook
    c[3].drain()
    write_knob("2/port1/co", "hangup")
    _, dt = c[3].wait_event(EV_ONHOOK, 1.5)
    print("co hangup (open loop): chan 3 ONHOOK (far end cleared) after %.0f ms" % (dt * 1000))
    c[3].hook(ONHOOK)
    wait_knob("2/port1/co", "idle", 1.5)
    expect_write_error("2/port1/co", "dance", errno.EINVAL)
    print("co: hung up, reads idle; bad command refused")


# --- a linked FXS/FXO pair (channels 2 and 4) ----------------------------------------

def audio(tx, rx, label):
    """Bytes written on @tx arrive unchanged on @rx."""
    pattern = bytes(0x10 + (i * 7) % 0x60 for i in range(8000))
    err = []

    def writer():
        i, t0 = 0, time.time()
        while i < len(pattern) and time.time() - t0 < 3:
            try:
                i += os.write(tx.fd, pattern[i:i + 160])
            except OSError as e:
                if e.errno == ELAST:
                    tx.event()
                elif e.errno != errno.EAGAIN:
                    err.append(e)
                    return
                time.sleep(0.005)

    probe = pattern[1000:1160]
    rx.drain()
    th = threading.Thread(target=writer)
    th.start()
    got = bytearray()
    t0 = time.time()
    while time.time() - t0 < 3 and probe not in got:
        try:
            got += os.read(rx.fd, 160)
        except OSError as e:
            if e.errno == ELAST:
                rx.event()
            elif e.errno != errno.EAGAIN:
                raise
            time.sleep(0.005)
    th.join()
    if err:
        raise Fail("%s: write: %s" % (label, err[0]))
    if probe not in got:
        raise Fail("%s: the written bytes did not arrive (%d octets read, first %s)"
                   % (label, len(got), bytes(got[:16]).hex()))
    print("audio %s: 160 written octets arrived byte-exact (%d read, %.2f s)"
          % (label, len(got), time.time() - t0))


def linked_seize(c):
    expect_write_error("1/port2/phone", "offhook", errno.EBUSY)
    expect_write_error("2/port2/co", "ring", errno.EBUSY)
    c[2].drain()
    c[4].hook(OFFHOOK)
    _, dt = c[2].wait_event(EV_RINGOFFHOOK, 1)
    if c[2].rxisoffhook() != 1:
        raise Fail("chan 2: rxisoffhook 0 while the linked FXO is off hook")
    print("linked: FXO chan 4 seizes -> FXS chan 2 RINGOFFHOOK after %.0f ms, rxisoffhook=1"
          % (dt * 1000))
    time.sleep(0.2)
    audio(c[2], c[4], "FXS chan 2 -> FXO chan 4")
    audio(c[4], c[2], "FXO chan 4 -> FXS chan 2")
    c[4].hook(ONHOOK)
    _, dt = c[2].wait_event(EV_ONHOOK, 3)
    print("linked: FXO hangs up -> FXS chan 2 ONHOOK after %.0f ms" % (dt * 1000))


def linked_ring(c):
    time.sleep(2.1)     # DAHDI ignores ring for 2 s after an fxsks channel hangs up
    c[4].drain()
    c[2].hook(RING)
    _, dt = c[4].wait_event(EV_RINGBEGIN, 1)
    print("linked: FXS chan 2 rings -> FXO chan 4 RINGBEGIN after %.0f ms" % (dt * 1000))
    c[2].drain()
    c[4].hook(OFFHOOK)
    _, dt = c[2].wait_event(EV_RINGOFFHOOK, 1)
    print("linked: FXO chan 4 answers -> FXS chan 2 RINGOFFHOOK (ring trip) after %.0f ms"
          % (dt * 1000))
    time.sleep(1.0)
    c[4].drain()
    c[2].hook(ONHOOK)   # DAHDI hangs up the FXS side: kewl (battery off)
    _, dt = c[4].wait_event(EV_ONHOOK, 2)
    print("linked: FXS chan 2 hangs up (kewl) -> FXO chan 4 ONHOOK after %.0f ms" % (dt * 1000))
    c[4].hook(ONHOOK)


STEPS = {f.__name__: f for f in (phone_offhook, phone_ring, phone_dial, co_ring,
                                  linked_seize, linked_ring)}


def main():
    c = {n: Chan(1 if n <= 2 else 2, 2 - n % 2) for n in (1, 2, 3, 4)}
    for step in sys.argv[1:]:
        t0 = time.time()
        try:
            STEPS[step](c)
        except Fail as e:
            print("FAIL %s: %s" % (step, e))
            return 1
        print("ok %s (%.1f s)" % (step, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
