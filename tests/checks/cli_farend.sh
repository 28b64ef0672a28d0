#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel call` / `tel answer` against a scripted far end (tests/checks/lib/farend.py)
# that does what a switch may do and more: numbers with control characters and
# over 31 digits, calls offered to tel call, clearing with failure causes, ringing
# for ever, closing the socket or going silent between calls, and signals while a
# call is up. Every scenario is bounded: a hang is a failure, not a stuck check.
set -uo pipefail
BUILD=${BUILD:-build/san}
TEL=$BUILD/tel
[ -x "$TEL" ] || { echo "cli_farend: $TEL not built"; exit 1; }
python3 - "$TEL" "$(dirname "$0")/lib" <<'PY'
import json, os, signal, sys, time, traceback
tel, lib = sys.argv[1], sys.argv[2]
sys.path.insert(0, lib)
from farend import *

failed = []


def scenario(fn):
    t0 = time.monotonic()
    procs.clear()
    try:
        fn()
        print(f"cli_farend: {fn.__name__}: ok ({time.monotonic() - t0:.1f} s)")
    except Exception:
        failed.append(fn.__name__)
        print(f"cli_farend: {fn.__name__}: FAILED")
        traceback.print_exc(file=sys.stdout)
        for p in procs:
            if p.poll() is None:
                p.kill()
            out, err = p.communicate()
            print("    stdout:", out.replace("\n", "\n    "))
            print("    stderr:", err.replace("\n", "\n    "))
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()


procs = []


def run(args, **kw):
    p, fe = start(tel, args, **kw)
    procs.append(p)
    return p, fe


def finish(p, fe, timeout=10):
    rc = fe.wait_end(p, timeout)
    assert rc is not None, f"still running {timeout} s later"
    out, err = p.communicate()
    return rc, out, err


def released(fe):
    """After the last call the tool released the data link (DISC)."""
    assert fe.disc, "the tool ended without releasing the data link (no DISC)"


HOSTILE = b"12\ncall 9: connected\x1b[2J\xff"
LONG = b"1234567890" * 4


# Numbers from the far end are printed escaped, and not cut silently.
def escaped_text():
    p, fe = run(["answer", "--count", "1"])
    fe.establish()
    cref = fe.offer(called=LONG, calling=HOSTILE)
    fe.expect(CONNECT)
    fe.clear(cref, 0)
    rc, out, err = finish(p, fe)
    assert rc == 0, (rc, err)
    lines = out.splitlines()
    assert not any(l.startswith("call 9") for l in lines), lines
    assert all("\x1b" not in l for l in lines), lines
    offer = [l for l in lines if ": offering" in l]
    assert len(offer) == 1, lines
    assert 'from "12\\x0acall 9: connected\\x1b[2J\\xff"' in offer[0], offer
    assert 'to "' + LONG[:31].decode() + '" (' in offer[0] and "longer" in offer[0], offer
    released(fe)


def escaped_json():
    p, fe = run(["answer", "--count", "1", "--json"])
    fe.establish()
    cref = fe.offer(called=LONG, calling=HOSTILE)
    fe.expect(CONNECT)
    fe.clear(cref, 0)
    rc, out, err = finish(p, fe)
    assert rc == 0, (rc, err)
    ev = [json.loads(l) for l in out.splitlines()]	# every line is one object
    offer = [e for e in ev if e.get("state") == "offering"]
    assert len(offer) == 1, ev
    assert offer[0]["from"] == HOSTILE.decode("latin-1"), offer
    assert offer[0]["to"] == LONG[:31].decode() and offer[0].get("to_may_be_longer"), offer
    assert "from_may_be_longer" not in offer[0], offer


# tel call rejects a call offered to it (cause 21) and does not count it.
def incoming_on_call():
    p, fe = run(["call", "--to", "5678", "--json"])
    fe.wait_up()
    ours = fe.offer(ch=30)	# not the channel its own call gets (1): no glare
    rejected = own_done = False
    while not (rejected and own_done):
        m = fe.next(10)
        if m.flag == 1 and m.cref == ours:	# about the call we offered
            assert m.type in (RELEASE_COMPLETE, DISCONNECT, RELEASE), \
                f"the offered call got {m!r}: tel call must not answer it"
            assert m.cause == 21, m
            if m.type == DISCONNECT:
                fe.send(ours, 0, RELEASE)
                fe.expect(RELEASE_COMPLETE)
            elif m.type == RELEASE:
                fe.send(ours, 0, RELEASE_COMPLETE)
            rejected = True
        elif m.type == SETUP:
            assert m.ies.get(0x70) == b"\x815678", m.ies
            fe.answer_setup(m)
        elif m.type == DISCONNECT:
            fe.clear_from_tool(m.cref, 1)
            own_done = True
    assert rejected and own_done, (rejected, own_done, fe.log)
    rc, out, err = finish(p, fe)
    assert rc == 0, (rc, err)
    assert "rejected (cause 21)" in err, err
    ev = [json.loads(l) for l in out.splitlines()]
    assert [e["call"] for e in ev if e.get("state") == "dialing"] != [], ev
    released(fe)


def placed_call(args, far_clears=None):
    """tel call ARGS; the far end answers; returns (rc, out, err)."""
    p, fe = run(["call", "--to", "5678"] + args)
    fe.wait_up()
    m = fe.expect(SETUP)
    fe.answer_setup(m)
    fe.expect(CONNECT_ACK)
    if far_clears:
        fe.clear(m.cref, 1, far_clears)
    else:
        d = fe.expect(DISCONNECT)
        fe.clear_from_tool(d.cref, 1)
    return finish(p, fe)


# Exit 1 when a call did not end as asked; 0 when it did.
def status_call():
    rc, out, err = placed_call(["--hold", "10"], far_clears=41)
    assert rc == 1 and "cause 41" in err and "not as asked" in err, (rc, err)
    rc, out, err = placed_call(["--hold", "10"], far_clears=102)
    assert rc == 1 and "cause 102" in err, (rc, err)
    rc, out, err = placed_call(["--hold", "10"], far_clears=16)
    assert rc == 0, (rc, err)
    rc, out, err = placed_call(["--cause", "31"])
    assert rc == 0, (rc, err)


def status_answer():
    p, fe = run(["answer", "--count", "1"])
    fe.establish()
    cref = fe.offer()
    fe.expect(CONNECT)
    fe.clear(cref, 0, 102)
    rc, out, err = finish(p, fe)
    assert rc == 1 and "cause 102" in err, (rc, err)


# A call that rings past --ring-timeout is dropped (cause 19) and fails.
def ring_timeout():
    p, fe = run(["call", "--to", "5678", "--ring-timeout", "0.5"])
    fe.wait_up()
    m = fe.expect(SETUP)
    t0 = time.monotonic()
    fe.answer_setup(m, connect=False)
    d = fe.expect(DISCONNECT, 5)
    assert d.cause == 19, d
    assert time.monotonic() - t0 < 2, time.monotonic() - t0
    fe.clear_from_tool(d.cref, 1)
    rc, out, err = finish(p, fe)
    assert rc == 1 and "--ring-timeout" in err, (rc, err)


FAST = ["--link-timeout", "1", "--param", "T203=500", "--param", "T200=300"]


# The far end closes its socket between calls: exit 1, bounded, with a reason.
def closed_between_calls():
    p, fe = run(["call", "--to", "5678", "--count", "2"] + FAST[2:])
    fe.wait_up()
    m = fe.expect(SETUP)
    fe.answer_setup(m)
    fe.expect(CONNECT_ACK)
    d = fe.expect(DISCONNECT)
    fe.clear_from_tool(d.cref, 1)
    fe.s.close()
    fe.closed = True
    t0 = time.monotonic()
    rc, out, err = finish(p, fe, 12)
    assert rc == 1, (rc, err)
    assert "closed" in err or "data link down" in err, err
    print(f"    exit {time.monotonic() - t0:.1f} s after the close")


# The far end closes its socket right after the last call: nothing is lost, exit 0.
def closed_after_last_call():
    p, fe = run(["answer", "--count", "1"])
    fe.establish()
    cref = fe.offer()
    fe.expect(CONNECT)
    fe.clear(cref, 0)
    fe.s.close()
    fe.closed = True
    rc, out, err = finish(p, fe, 5)
    assert rc == 0, (rc, err)


# The far end goes silent between calls: exit 1 after --link-timeout.
def silent_between_calls():
    p, fe = run(["answer", "--count", "2"] + FAST)
    fe.establish()
    cref = fe.offer()
    fe.expect(CONNECT)
    fe.clear(cref, 0)
    t0 = time.monotonic()
    while p.poll() is None and time.monotonic() - t0 < 12:
        time.sleep(0.05)	# no answer to anything
    assert p.poll() is not None, "still running 12 s after the far end went silent"
    out, err = p.communicate()
    assert p.returncode == 1 and "data link down" in err, (p.returncode, err)
    print(f"    exit {time.monotonic() - t0:.1f} s after the far end went silent")


# SIGINT with a call up: DISCONNECT 16, wait for the clearing, release, exit 0.
def sigint_clears():
    p, fe = run(["call", "--to", "5678", "--hold", "30"])
    fe.wait_up()
    m = fe.expect(SETUP)
    fe.answer_setup(m)
    fe.expect(CONNECT_ACK)
    p.send_signal(signal.SIGINT)
    d = fe.expect(DISCONNECT, 3)
    assert d.cause == 16, d
    fe.clear_from_tool(d.cref, 1)
    rc, out, err = finish(p, fe, 12)
    assert rc == 0, (rc, err)
    released(fe)


# A second signal while the first one's clearing waits: exit 1 at once.
def second_signal():
    p, fe = run(["call", "--to", "5678", "--hold", "30"])
    fe.wait_up()
    m = fe.expect(SETUP)
    fe.answer_setup(m)
    fe.expect(CONNECT_ACK)
    p.send_signal(signal.SIGTERM)
    fe.expect(DISCONNECT, 3)		# and no RELEASE from us: the clearing waits
    fe.run(0.3)
    assert p.poll() is None, "ended before the call cleared"
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    rc = fe.wait_end(p, 2)
    assert rc == 1, rc
    assert time.monotonic() - t0 < 1, time.monotonic() - t0


# After the last call the data link is released (DISC, answered by UA).
def clean_end():
    p, fe = run(["call", "--to", "5678"])
    fe.wait_up()
    m = fe.expect(SETUP)
    fe.answer_setup(m)
    fe.expect(CONNECT_ACK)
    d = fe.expect(DISCONNECT)
    fe.clear_from_tool(d.cref, 1)
    t0 = time.monotonic()
    while not fe.disc and not fe.closed and time.monotonic() - t0 < 5:
        fe.pump(0.05)
    assert fe.disc, f"no DISC after the last call (closed: {fe.closed})"
    rc, out, err = finish(p, fe)
    assert rc == 0, (rc, err)
    assert out.splitlines()[-1] == "link down (released)", out


# UUI the line cannot carry whole: refused before the call, or the call still
# cleared (never the far end's call left up).
def uui_over_caps():
    # over the line's configured maximum (128 by default): refused before any call
    p, fe = run(["call", "--to", "5678", "--uui-hex", "ab" * 200])
    rc, out, err = finish(p, fe, 5)
    assert rc == 2 and "the line carries at most 128" in err, (rc, err)
    assert not fe.log, f"a call was placed: {fe.log}"
    # within it, but maybe over what a message can carry
    p, fe = run(["call", "--to", "5678", "--uui-max", "254", "--uui-hex", "ab" * 254])
    try:
        fe.wait_up(3)
    except AssertionError:
        pass
    if p.poll() is None and fe.up:
        fe.run(0.5)
    if fe.inbox:
        m = fe.expect(SETUP)
        fe.answer_setup(m)
        fe.expect(CONNECT_ACK)
        d = fe.expect(DISCONNECT, 5)
        fe.clear_from_tool(d.cref, 1)
        rc, out, err = finish(p, fe)
        uui = d.ies.get(0x7E)
        if uui is not None and len(uui) == 255:
            assert rc == 0, (rc, err)		# carried whole
        else:
            assert rc == 1 and "without UUI" in err, (rc, err, uui)
    else:
        rc, out, err = finish(p, fe)
        assert rc == 2 and "carries at most" in err, (rc, err)


for s in (escaped_text, escaped_json, incoming_on_call, status_call, status_answer,
          ring_timeout, closed_between_calls, closed_after_last_call, silent_between_calls, sigint_clears,
          second_signal, clean_end, uui_over_caps):
    scenario(s)
print(f"cli_farend: {len(failed)} failed" + (f": {' '.join(failed)}" if failed else ""))
sys.exit(1 if failed else 0)
PY
