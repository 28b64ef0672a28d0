#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Battery polarity on analog ports through DAHDI: DAHDI_SETPOLARITY on an FXS
# port (answer supervision) reaches the FXO port linked to it as
# DAHDI_EVENT_POLARITY while the line is seized, and back to normal again;
# the CO line's `reverse` (debugfs co) on an unlinked FXO port does the same;
# DAHDI_SETPOLARITY on an FXO port is refused (it does not drive the battery).
set -u
. "$(dirname "$(realpath "$0")")/lib.sh"
load_modules
for c in "1 fxs 1" "2 fxo 1" "3 fxo 1"; do echo "$c" > /sys/bus/telsim/new_device || fail "new $c"; done
echo "1:1 2:1" > /sys/bus/telsim/link || fail "link 1:1 2:1"
cat > /etc/dahdi/system.conf <<EOC
fxoks=1
fxsks=2-3
loadzone=us
defaultzone=us
EOC
dahdi_cfg || fail dahdi_cfg
python3 - <<'PY' || fail "polarity"
import fcntl, os, struct, sys, time
HOOK, GETEVENT, SETPOL = 0x4004DA07, 0x8004DA08, 0x4004DA5C
OFFHOOK, ONHOOK, EV_POLARITY = 1, 0, 17
def ev_wait(fd, want, secs=3):
    end = time.time() + secs
    while time.time() < end:
        b = bytearray(4)
        fcntl.ioctl(fd, GETEVENT, b)
        e = struct.unpack("i", b)[0]
        if e == want:
            return True
        time.sleep(0.01)
    return False
fxs = os.open("/dev/dahdi/chan/001/001", os.O_RDWR | os.O_NONBLOCK)
fxo = os.open("/dev/dahdi/chan/002/001", os.O_RDWR | os.O_NONBLOCK)
fcntl.ioctl(fxo, HOOK, struct.pack("i", OFFHOOK))     # seize: loop current flows
time.sleep(0.5)
while ev_wait(fxo, -1, 0.2):
    pass
fcntl.ioctl(fxs, SETPOL, struct.pack("i", 1))
ok = ev_wait(fxo, EV_POLARITY)
print("FXS reverses -> FXO polarity event:", ok)
fcntl.ioctl(fxs, SETPOL, struct.pack("i", 0))
ok2 = ev_wait(fxo, EV_POLARITY)
print("FXS back to normal -> FXO polarity event:", ok2)
try:
    fcntl.ioctl(fxo, SETPOL, struct.pack("i", 1))
    refused = False
except OSError as e:
    refused = True
    print("DAHDI_SETPOLARITY on the FXO port refused:", e)
# an unlinked FXO port and its CO line
fxo3 = os.open("/dev/dahdi/chan/003/001", os.O_RDWR | os.O_NONBLOCK)
fcntl.ioctl(fxo3, HOOK, struct.pack("i", OFFHOOK))
time.sleep(0.5)
with open("/sys/kernel/debug/telsim/3/port1/co", "w") as f:
    f.write("reverse")
ok3 = ev_wait(fxo3, EV_POLARITY)
print("CO reverse -> FXO polarity event:", ok3)
sys.exit(0 if ok and ok2 and refused and ok3 else 1)
PY
echo ALL OK
