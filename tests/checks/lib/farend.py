# SPDX-License-Identifier: GPL-2.0-or-later
"""A scripted PRI far end for the CLI checks: just enough Q.921 (SABME/UA,
I frames acknowledged at once, polls answered, DISC/UA) and Q.931 (messages
built from raw IEs) to drive `tel call` / `tel answer` over one end of a
SOCK_SEQPACKET socketpair, including in ways a well-behaved switch would not
(control characters in numbers, no answer, closing the socket)."""
import select
import socket
import subprocess
import time

SETUP, CALL_PROC, ALERTING, CONNECT, CONNECT_ACK = 0x05, 0x02, 0x01, 0x07, 0x0F
DISCONNECT, RELEASE, RELEASE_COMPLETE = 0x45, 0x4D, 0x5A
NAMES = {SETUP: "SETUP", CALL_PROC: "CALL PROCEEDING", ALERTING: "ALERTING",
         CONNECT: "CONNECT", CONNECT_ACK: "CONNECT ACK", DISCONNECT: "DISCONNECT",
         RELEASE: "RELEASE", RELEASE_COMPLETE: "RELEASE COMPLETE", 0x7D: "STATUS",
         0x75: "STATUS ENQUIRY"}

BEARER = bytes([0x04, 0x03, 0x80, 0x90, 0xA3])	# speech, 64 kbit/s, A-law


def chan_ie(ch):
    """Channel identification: PRI, exclusive, B-channel ch."""
    return bytes([0x18, 0x03, 0xA9, 0x83, 0x80 | ch])


def cause_ie(cause, loc=2):
    return bytes([0x08, 0x02, 0x80 | loc, 0x80 | cause])


def number_ie(ie, digits):
    """Called (0x70) or calling (0x6C) party number: unknown type, ISDN plan."""
    return bytes([ie, 1 + len(digits), 0x81]) + digits


class Msg:
    def __init__(self, info):
        self.raw = info
        self.cref = ((info[2] & 0x7F) << 8 | info[3]) if info[1] == 2 else 0
        self.flag = info[2] >> 7 if info[1] == 2 else 0
        self.type = info[2 + info[1]]
        self.ies = {}
        p = 3 + info[1]
        while p < len(info):
            ie = info[p]
            if ie & 0x80:		# single-octet IE
                p += 1
                continue
            ln = info[p + 1]
            self.ies.setdefault(ie, info[p + 2:p + 2 + ln])
            p += 2 + ln

    @property
    def name(self):
        return NAMES.get(self.type, hex(self.type))

    @property
    def cause(self):
        c = self.ies.get(0x08)
        return c[-1] & 0x7F if c else None

    def __repr__(self):
        return f"{self.name}(cref {self.cref}, cause {self.cause})"


class FarEnd:
    """The network side (default) or the user side of a PRI data link."""

    def __init__(self, sock, side="network"):
        self.s = sock
        self.net = side == "network"
        self.vs = self.vr = 0
        self.up = False
        self.closed = False		# the tool closed its end
        self.disc = False		# the tool released the data link (DISC)
        self.inbox = []
        self.log = []			# every Q.931 message received, in order
        self.next_cref = 1

    def _send(self, command, ctl, info=b""):
        cr = (1 if self.net else 0) if command else (0 if self.net else 1)
        try:
            self.s.send(bytes([cr << 1, 0x01]) + bytes(ctl) + info)
        except OSError:
            self.closed = True

    def pump(self, timeout):
        """Handle one frame if one comes within timeout; False if none came."""
        r, _, _ = select.select([self.s], [], [], max(timeout, 0))
        if not r:
            return False
        try:
            f = self.s.recv(512)
        except OSError:
            f = b""
        if not f:
            self.closed = True
            return True
        if len(f) < 3:
            return True
        c = f[2]
        if c & 0x01 == 0:		# I frame
            ns, pf = c >> 1, f[3] & 1
            if ns == self.vr:
                self.vr = (self.vr + 1) % 128
                m = Msg(f[4:])
                self.inbox.append(m)
                self.log.append(m)
            self._send(False, [0x01, self.vr << 1 | pf])
        elif c & 0x03 == 0x01:		# S frame: answer a poll
            if f[3] & 1 and ((f[0] >> 1) & 1) == (0 if self.net else 1):
                self._send(False, [0x01, self.vr << 1 | 1])
        else:				# U frame
            u, pf = c & ~0x10, (c >> 4) & 1
            if u == 0x6F:		# SABME
                self.vs = self.vr = 0
                self.up = True
                self._send(False, [0x63 | pf << 4])
            elif u == 0x43:		# DISC
                self.up = False
                self.disc = True
                self._send(False, [0x63 | pf << 4])
            elif u == 0x63:		# UA
                self.up = True
        return True

    def run(self, seconds):
        """Keep the data link going for a while."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.closed:
            self.pump(end - time.monotonic())

    def wait_up(self, timeout=10):
        end = time.monotonic() + timeout
        while not self.up:
            if self.closed or time.monotonic() > end:
                raise AssertionError("the data link did not come up")
            self.pump(end - time.monotonic())

    def establish(self, timeout=10):
        """Send SABME ourselves (the tool may not)."""
        self._send(True, [0x7F])
        self.wait_up(timeout)

    def next(self, timeout=10, what="message"):
        """The next Q.931 message, whatever it is."""
        end = time.monotonic() + timeout
        while not self.inbox:
            if self.closed or time.monotonic() > end:
                raise AssertionError(f"no {what} within {timeout} s "
                                     f"(closed: {self.closed}; got {self.log})")
            self.pump(end - time.monotonic())
        return self.inbox.pop(0)

    def expect(self, mtype, timeout=10):
        """The next Q.931 message; it must be of type mtype."""
        m = self.next(timeout, NAMES.get(mtype))
        if m.type != mtype:
            raise AssertionError(f"expected {NAMES.get(mtype)}, got {m!r} (all: {self.log})")
        return m

    def send(self, cref, flag, mtype, ies=b""):
        info = bytes([0x08, 0x02, flag << 7 | cref >> 8, cref & 0xFF, mtype]) + ies
        self._send(True, [self.vs << 1, self.vr << 1], info)
        self.vs = (self.vs + 1) % 128

    def offer(self, called=b"5678", calling=b"100", ch=1):
        """A SETUP from us; returns its call reference."""
        cref = self.next_cref
        self.next_cref += 1
        self.send(cref, 0, SETUP, BEARER + chan_ie(ch) + number_ie(0x6C, calling) +
                  number_ie(0x70, called))
        return cref

    def answer_setup(self, m, ch=1, connect=True):
        """Answer the tool's SETUP m: CALL PROCEEDING, ALERTING (and CONNECT)."""
        self.send(m.cref, 1, CALL_PROC, chan_ie(ch))
        self.send(m.cref, 1, ALERTING)
        if connect:
            self.send(m.cref, 1, CONNECT)

    def clear_from_tool(self, cref, flag):
        """The tool sent DISCONNECT: RELEASE, then its RELEASE COMPLETE."""
        self.send(cref, flag, RELEASE)
        self.expect(RELEASE_COMPLETE)

    def clear(self, cref, flag, cause=16):
        """We clear: DISCONNECT, the tool's RELEASE, our RELEASE COMPLETE."""
        self.send(cref, flag, DISCONNECT, cause_ie(cause))
        self.expect(RELEASE)
        self.send(cref, flag, RELEASE_COMPLETE)

    def wait_end(self, proc, timeout):
        """Serve the link until proc exits; its exit status (None: still running)."""
        end = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < end:
            if self.closed:
                time.sleep(0.02)
            else:
                self.pump(0.02)
        return proc.poll()


def start(tel, args, side="user", stdout=subprocess.PIPE, far_side="network"):
    """Run `tel ARGS` on one end of a socketpair; a FarEnd on the other."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    cmd = [tel] + args[:1] + ["--link", f"fd:{a.fileno()}", "--side", side,
                              "--switch", "euroisdn"] + args[1:]
    p = subprocess.Popen(cmd, pass_fds=[a.fileno()], stdout=stdout, stderr=subprocess.PIPE,
                         text=True, errors="backslashreplace")
    a.close()
    return p, FarEnd(b, far_side)
