#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# DAHDI's core as built by scripts/build-dahdi, inside the test VM
# (run: tests/kernel/vm.sh tests/kernel/test_dahdi_core.sh [DAHDI_DIR]):
# it loads with auto_assign_spans=1 and makes /dev/dahdi/ctl; dahdi-tools
# 3.1.0 talk to it (dahdi_cfg -vv reports the core's version); two local
# dynamic spans wired back to back (dahdi_dynamic_loc) are configured by
# dahdi_cfg from a system.conf, get channel devices, show no alarm in
# dahdi_scan; everything unloads cleanly and dmesg has no splat.
set -euo pipefail

dir=${1:-build/kernel/dahdi}/drivers/dahdi
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

[ -f "$dir/dahdi.ko" ] || { echo "FAIL $dir/dahdi.ko missing (run scripts/build-dahdi)"; exit 1; }
[ ! -e /sys/module/dahdi ] || { echo "FAIL dahdi already loaded"; exit 1; }

check "insmod dahdi.ko auto_assign_spans=1" insmod "$dir/dahdi.ko" auto_assign_spans=1
check "auto_assign_spans is 1" grep -qx 1 /sys/module/dahdi/parameters/auto_assign_spans
check "/dev/dahdi/ctl is a character device" test -c /dev/dahdi/ctl
check "/dev/dahdi/pseudo is a character device" test -c /dev/dahdi/pseudo

: > /tmp/empty.conf
out=$(dahdi_cfg -vv -c /tmp/empty.conf 2>&1) || true
echo "$out" | sed 's/^/     | /'
want=$(cat "$dir/../../.version" 2>/dev/null || echo 2.11.1)
check "dahdi_cfg -vv reports DAHDI Version: $want" grep -q "^DAHDI Version: $want" <<<"$out"

check "insmod dahdi_dynamic.ko" insmod "$dir/dahdi_dynamic.ko"
check "insmod dahdi_dynamic_loc.ko" insmod "$dir/dahdi_dynamic_loc.ko"
cat > /tmp/system.conf <<'EOF'
# two 4-channel local dynamic spans wired to each other (key 1, ids 0 and 1)
dynamic=loc,1:0,4,1
dynamic=loc,1:1,4,0
bchan=1-3,5-7
dchan=4,8
EOF
if out=$(dahdi_cfg -c /tmp/system.conf 2>&1); then ok "dahdi_cfg configures two dynamic spans"
else echo "$out" | sed 's/^/     | /'; bad "dahdi_cfg configures two dynamic spans"; fi
check "channel devices for spans 1 and 2" test -c /dev/dahdi/chan/001/004 -a -c /dev/dahdi/chan/002/004

scan=$(dahdi_scan 2>&1) || true
check "dahdi_scan lists 2 spans" test "$(grep -c '^\[' <<<"$scan")" -eq 2
check "dahdi_scan: both spans alarms=OK" test "$(grep -c '^alarms=OK$' <<<"$scan")" -eq 2
[ "$fails" -eq 0 ] || echo "$scan" | sed 's/^/     | /'
check "/proc/dahdi/2 shows channel 8 as HDLC" grep -q 'HDLC' /proc/dahdi/2

dahdi_cfg -s -c /tmp/system.conf >/dev/null 2>&1 || true	# -s exits 1 always
check "rmmod dahdi_dynamic_loc dahdi_dynamic dahdi" rmmod dahdi_dynamic_loc dahdi_dynamic dahdi
check "dahdi unloaded" test ! -e /sys/module/dahdi
check "/dev/dahdi/ctl gone" test ! -e /dev/dahdi/ctl

if dmesg | grep -Eq 'Oops|BUG[: ]|WARNING:|general protection fault|Call Trace:|UBSAN:'; then
	dmesg | grep -E -A10 'Oops|BUG[: ]|WARNING:|general protection fault|Call Trace:|UBSAN:' | head -40
	bad "dmesg free of Oops/BUG/WARNING"
else
	ok "dmesg free of Oops/BUG/WARNING"
fi

echo "test_dahdi_core: $fails failed"
[ "$fails" -eq 0 ]
