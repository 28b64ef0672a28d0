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
T=$(dirname "$(realpath "$0")")/../..
M=$T/build/modules
SOAK=$T/build/tests/kernel/soak_dahdi
CALLS=${SOAK_CALLS:-10000}
fail() { echo "FAIL: $*"; dmesg | tail -20; exit 1; }
# active objects of every slab cache (/proc/slabinfo column 2)
slab_objects() { awk 'NR > 2 { n += $2 } END { print n }' /proc/slabinfo; }
[ -x "$SOAK" ] || fail "$SOAK missing (make modules builds it)"
insmod $M/dahdi.ko auto_assign_spans=1 || fail "insmod dahdi"
insmod $M/tel_core.ko || fail "insmod tel_core"
insmod $M/telsim.ko || fail "insmod telsim"
echo "1 e1 1" > /sys/bus/telsim/new_device || fail "new 1"
echo "2 e1 1" > /sys/bus/telsim/new_device || fail "new 2"
echo "1:1 2:1" > /sys/bus/telsim/link || fail "link"
cat > /etc/dahdi/system.conf <<EOC
span=1,1,0,ccs,hdb3,crc4
bchan=1-15,17-31
hardhdlc=16
span=2,0,0,ccs,hdb3,crc4
bchan=32-46,48-62
hardhdlc=47
EOC
dahdi_cfg || fail "dahdi_cfg"
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
