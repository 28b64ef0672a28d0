# SPDX-License-Identifier: GPL-2.0-or-later
# What the kernel tests (and make demo's VM part) share: source it from a
# script that runs inside the test VM (tests/kernel/vm-run).
#
#   . "$(dirname "$(realpath "$0")")/lib.sh"      (from tests/kernel)
#
# Sets T (the project) and M (build/modules); gives fail, load_modules,
# two_linked_e1, wait_for, alarms, wait_alarm and count.

T=${T:-$(realpath "$(dirname "${BASH_SOURCE[0]}")/../..")}
M=${M:-$T/build/modules}

# fail WHAT: say it, show the kernel's last words, exit 1
fail() { echo "FAIL: $*"; dmesg | tail -20; exit 1; }

# DAHDI's core, the tel driver core and the simulated card, from build/modules
load_modules() {
	insmod "$M/dahdi.ko" auto_assign_spans=1 || fail "insmod dahdi"
	insmod "$M/tel_core.ko" || fail "insmod tel_core"
	insmod "$M/telsim.ko" || fail "insmod telsim"
}

# two_linked_e1: cards 1 and 2, one E1 span each, linked by a cable, configured
# by dahdi_cfg as PRI (CRC-4, HDB3, hardhdlc D-channels 16 and 47, span 1 the
# timing source); writes /etc/dahdi/system.conf (the VM's root is throw-away)
two_linked_e1() {
	echo "1 e1 1" > /sys/bus/telsim/new_device || fail "new_device 1 e1 1"
	echo "2 e1 1" > /sys/bus/telsim/new_device || fail "new_device 2 e1 1"
	echo "1:1 2:1" > /sys/bus/telsim/link || fail "link 1:1 2:1"
	cat > /etc/dahdi/system.conf <<-EOC
	span=1,1,0,ccs,hdb3,crc4
	bchan=1-15,17-31
	hardhdlc=16
	span=2,0,0,ccs,hdb3,crc4
	bchan=32-46,48-62
	hardhdlc=47
	EOC
	dahdi_cfg || fail "dahdi_cfg"
}

# wait_for SECONDS COMMAND...: true as soon as COMMAND succeeds (tried every
# 0.1 s), false if it has not within SECONDS
wait_for() {
	local s=$1 i
	shift
	for i in $(seq 1 $((s * 10))); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# alarms SPAN: the span's DAHDI alarms in words (sysfs gives the bits), OK for none
alarms() {
	local a w=
	a=$(($(cat "/sys/bus/dahdi_spans/devices/span-$1/alarms")))
	(( a & 2 )) && w+="LOOP "
	(( a & 4 )) && w+="YEL "
	(( a & 8 )) && w+="RED "
	(( a & 16 )) && w+="BLU "
	(( a & 256 )) && w+="LOS "
	(( a & 512 )) && w+="LFA "
	(( a & 1024 )) && w+="LMFA "
	w=${w% }
	echo "${w:-OK}"
}

# wait_alarm SPAN WORDS [SECONDS]: the span's alarms become exactly WORDS
alarms_are() { [ "$(alarms "$1")" = "$2" ]; }
wait_alarm() {
	wait_for "${3:-5}" alarms_are "$1" "$2" || fail "span $1: alarms '$(alarms "$1")', want '$2'"
}

# count SPAN NAME: a counter from /proc/dahdi/SPAN ("FAS error count", ...; absent: 0)
count() {
	local v
	v=$(sed -n "s/^[[:space:]]*$2: *\([0-9]*\).*/\1/p" "/proc/dahdi/$1" | head -1)
	echo "${v:-0}"
}
