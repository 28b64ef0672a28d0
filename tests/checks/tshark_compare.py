#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare what tshark decodes from a pcap with what our encoder wrote into it.

usage: tshark_compare.py FILE.pcap FILE.expect TEL
FILE.expect lines: <frame no> <msg type 0xNN> <cause|-> <uui pd|-> <uui hex|->
"""
import json
import subprocess
import sys

pcap, expect, tel = sys.argv[1:4]

FIELDS = ["frame.number", "lapd.direction", "q931.message_type", "q931.cause_value",
          "q931.user.protocol_discriminator", "q931.user.bytes", "q931.user.string",
          "data.data"]
cmd = ["tshark", "-r", pcap, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"]
for f in FIELDS:
    cmd += ["-e", f]
res = subprocess.run(cmd, capture_output=True, text=True)
if res.returncode != 0:
    sys.exit(f"tshark failed on {pcap}: {res.stderr.strip()}")
rows = {}
for line in res.stdout.splitlines():
    cols = (line.split("\t") + [""] * len(FIELDS))[:len(FIELDS)]
    rows[int(cols[0])] = dict(zip(FIELDS, cols))

# Direction our own decoder reports, frame by frame.
ours = [json.loads(l) for l in subprocess.run([tel, "decode", "--json", pcap], check=True,
                                              capture_output=True, text=True).stdout.splitlines()]
if len(ours) != len(rows):
    sys.exit(f"{pcap}: tshark sees {len(rows)} frames, tel decode {len(ours)}")

def num(s):
    return int(s, 0) if s else None

errors = []
checked = 0
for line in open(expect):
    no, mtype, cause, pd, uui = line.split()
    r = rows.get(int(no))
    if r is None:
        errors.append(f"frame {no}: missing in tshark output")
        continue
    if num(r["q931.message_type"]) != int(mtype, 16):
        errors.append(f"frame {no}: message type {r['q931.message_type']} != {mtype}")
    if (cause == "-") != (r["q931.cause_value"] == "") or \
            (cause != "-" and num(r["q931.cause_value"]) != int(cause)):
        errors.append(f"frame {no}: cause {r['q931.cause_value']!r} != {cause}")
    if pd == "-":
        if r["q931.user.protocol_discriminator"]:
            errors.append(f"frame {no}: tshark sees UUI, none was encoded")
    else:
        if num(r["q931.user.protocol_discriminator"]) != int(pd):
            errors.append(f"frame {no}: UUI pd {r['q931.user.protocol_discriminator']} != {pd}")
        # Wireshark shows IA5 UUI as a string, user-specific (pd 0) UUI through
        # its generic data dissector, and the rest as bytes.
        got = (r["q931.user.bytes"] or r["data.data"]).replace(":", "").lower()
        if not got and r["q931.user.string"]:
            got = r["q931.user.string"].encode("latin-1").hex()
        if got != ("" if uui == "-" else uui):
            errors.append(f"frame {no}: UUI bytes {got} != {uui}")
    checked += 1

# Wireshark's lapd.direction: 0 = user->network, 1 = network->user.
for i, o in enumerate(ours, 1):
    d = rows[i]["lapd.direction"]
    if d == "" and "errors" in o and "frame" not in o:
        continue  # a frame too malformed for Wireshark's LAPD dissector to place
    want = "1" if o["dir"] == "net" else "0"
    if d != want:
        errors.append(f"frame {i}: tshark direction {d!r}, ours {o['dir']}")

for e in errors:
    print(f"tshark: {pcap}: {e}")
print(f"tshark: {pcap}: {checked} Q.931 frames and {len(ours)} directions compared, "
      f"{len(errors)} mismatches")
sys.exit(1 if errors else 0)
