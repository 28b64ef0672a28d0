#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The soak: SOAK_CALLS (10,000) PRI calls between two linked simulated E1
# cards through DAHDI's core (tests/kernel/soak_dahdi, libtel on the two
# hardhdlc D-channels), with bit error bursts, D-channel cuts shorter than
# T309 and frame slips injected through debugfs as it runs. Afterwards: no
# DAHDI channel left in use, every call ended with a cause, a final batch
# of 30 calls takes all 30 B-channels, dmesg clean (vm-run checks that) and
# the kernel's slab objects back where they started.
# vm-timeout: 1500
set -u
. "$(dirname "$(realpath "$0")")/lib.sh"
SOAK=$T/build/tests/kernel/soak_dahdi
CALLS=${SOAK_CALLS:-10000}
# active objects of every slab cache (/proc/slabinfo column 2)
slab_objects() { awk 'NR > 2 { n += $2 } END { print n }' /proc/slabinfo; }
[ -x "$SOAK" ] || fail "$SOAK missing (make modules builds it)"
load_modules
two_linked_e1
sleep 2
slab0=$(slab_objects)
$SOAK --net /dev/dahdi/chan/001/016 --user /dev/dahdi/chan/002/016 --calls "$CALLS" \
	--parallel 30 --seed "${SOAK_SEED:-7}" --final 30 --proc /proc/dahdi/1,/proc/dahdi/2 \
	--knobs /sys/kernel/debug/telsim/1/span1,/sys/kernel/debug/telsim/2/span1 || fail "soak"
inuse=$(cat /proc/dahdi/1 /proc/dahdi/2 | grep -c "In use")
echo "DAHDI channels in use after the soak closed its lines: $inuse"
[ "$inuse" = 0 ] || { grep "In use" /proc/dahdi/1 /proc/dahdi/2; fail "channels left in use"; }
sleep 2
slab1=$(slab_objects)
echo "slab objects: $slab0 before, $slab1 after"
# the soak's own allocations are gone; allow for the kernel's own caches' noise
[ $((slab1 - slab0)) -lt 500 ] || fail "slab objects grew by $((slab1 - slab0))"
echo ALL OK
