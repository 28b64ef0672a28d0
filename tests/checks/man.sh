#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages (man/): each renders without a warning (groff -ww, man -l
# --warnings); tel(1) has a section for every command `tel help` lists, with
# every option that command's `tel help CMD` prints, and every JSON field the
# tool writes (the keys of jw_* calls in tools/tel, and those of `tel decode
# --json` on the golden traces); libtel(3) names every public function of
# libtel/include/libtel/*.h (or the function has its own page man/FN.3), and
# its EXAMPLE compiles against libtel.a and runs; telsim(4) names every sysfs
# file of the bus and every debugfs knob of kernel/sim. Read from the real
# help output, headers and sources: an option added without documenting it
# fails here.
set -euo pipefail
BUILD=${BUILD:-build/san}
TEL=$BUILD/tel
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail=0
bad() { echo "man: $*"; fail=1; }

render() {	# the page as plain ASCII text, one long line per paragraph line
	groff -man -Tascii -rLL=200n -P-cbou "$1" 2>/dev/null
}

for page in man/tel.1 man/libtel.3 man/telsim.4; do
	w=$(groff -man -Tascii -ww -z "$page" 2>&1 || true)
	[ -z "$w" ] || bad "$page: groff warnings: $w"
	w=$(MANWIDTH=80 man -l --warnings "$page" 2>&1 >/dev/null || true)
	[ -z "$w" ] || bad "$page: man -l --warnings: $w"
done

# --- tel(1) against tel help ------------------------------------------------
render man/tel.1 > "$stage/tel.txt"
section() {	# section CMD: the text of the subsection "tel CMD" of tel(1)
	awk -v h="   tel $1" '
		$0 == h { on = 1; next }
		on && (/^   tel [a-z]/ || /^[A-Z]/) { exit }
		on { print }' "$stage/tel.txt"
}
"$TEL" help > "$stage/help.txt"
cmds=$(awk '/^  [a-z]/ { print $1 }' "$stage/help.txt" | tr '|,' '\n\n' | grep -E '^[a-z][a-z-]*$' | sort -u)
[ -n "$cmds" ] || bad "no commands found in 'tel help'"
ncmd=0 nopt=0
for c in $cmds; do
	ncmd=$((ncmd + 1))
	section "$c" > "$stage/sec.txt"
	if [ ! -s "$stage/sec.txt" ]; then
		bad "tel(1) has no section \"tel $c\" (tel help lists the command $c)"
		continue
	fi
	case $c in version | help) continue ;; esac	# built in: no `tel help CMD` of their own
	"$TEL" help "$c" > "$stage/h.txt" 2>&1 || { bad "'tel help $c' failed: $(cat "$stage/h.txt")"; continue; }
	for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$stage/h.txt" | sort -u); do
		nopt=$((nopt + 1))
		grep -qe "$o" "$stage/sec.txt" || bad "tel(1) section \"tel $c\" does not document $o ('tel help $c' prints it)"
	done
done
for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$stage/help.txt" | sort -u); do
	grep -qe "$o" "$stage/tel.txt" || bad "tel(1) does not mention $o ('tel help' prints it)"
done

# every JSON field: keys the tool writes, and those tel decode --json prints
keys=$( { grep -ohE 'jw_[a-z_]+\(&?w, "[a-z_0-9]+"' tools/tel/*.c libtel/src/decode/print.c | cut -d'"' -f2
	  for p in tests/golden/*.pcap; do "$TEL" decode --json "$p"; done |
		grep -oE '"[a-z_0-9]+":' | tr -d '":'; } | sort -u)
nkey=0
for k in $keys; do
	nkey=$((nkey + 1))
	grep -qwe "$k" "$stage/tel.txt" || bad "tel(1) does not document the JSON field \"$k\""
done

# --- libtel(3) against the headers ---------------------------------------------
render man/libtel.3 > "$stage/libtel.txt"
fns=$(grep -hvE '^[[:space:]]*(\*|/\*)' libtel/include/libtel/*.h | grep -oE '\btel_[a-z0-9_]+\(' | tr -d '(' | sort -u)
nfn=0
for f in $fns; do
	nfn=$((nfn + 1))
	[ -f "man/$f.3" ] && continue
	grep -qwe "$f" "$stage/libtel.txt" || bad "libtel(3) does not document $f() (libtel/include/libtel/*.h declares it)"
done
[ "$nfn" -gt 30 ] || bad "only $nfn public functions found in the headers"

sed -n '/^\.SH EXAMPLE/,/^\.SH /p' man/libtel.3 | sed -n '/^\.EX/,/^\.EE/p' | sed '/^\.E[XE]/d' |
	sed 's/\\-/-/g; s/\\e/\\/g' > "$stage/example.c"
flags=""
syms=$(nm "$BUILD/libtel.a")
if grep -q __asan_ <<<"$syms"; then flags="-fsanitize=address,undefined"; fi	# the make check build
if gcc -std=gnu11 -Wall -Wextra -Werror $flags -Ilibtel/include "$stage/example.c" "$BUILD/libtel.a" \
	-o "$stage/example" 2> "$stage/cc.txt"; then
	"$stage/example" > "$stage/example.out" || bad "libtel(3) EXAMPLE exited $?: $(cat "$stage/example.out")"
	grep -q '^ended: cause 16 (normal)$' "$stage/example.out" || bad "libtel(3) EXAMPLE did not end its call with cause 16"
else
	bad "libtel(3) EXAMPLE does not compile: $(cat "$stage/cc.txt")"
fi

# --- telsim(4) against kernel/sim ------------------------------------------------
render man/telsim.4 > "$stage/telsim.txt"
names=$( { grep -oE 'BUS_ATTR_WO\([a-z_]+\)' kernel/sim/telsim.c | sed 's/.*(\(.*\))/\1/'
	   sed -n '/knob_name\[K_COUNT\]/,/};/p' kernel/sim/debugfs.c | grep -oE '"[a-z_]+"' | tr -d '"'
	   grep -ohE 'debugfs_create_[a-z_]+\("[a-z_]+"' kernel/sim/*.c | cut -d'"' -f2
	   grep -ohE 'DEVICE_ATTR_R[OW]\([a-z_]+\)' kernel/sim/*.c | sed 's/.*(\(.*\))/\1/'; } | sort -u)
nsim=0
for n in $names; do
	nsim=$((nsim + 1))
	grep -qwe "$n" "$stage/telsim.txt" || bad "telsim(4) does not document \"$n\" (kernel/sim creates it)"
done
[ "$nsim" -ge 12 ] || bad "only $nsim sysfs/debugfs names found in kernel/sim"

[ $fail = 0 ] || exit 1
echo "man: 3 pages render without warnings; tel(1): $ncmd commands, $nopt options, $nkey JSON fields; libtel(3): $nfn functions, the example runs; telsim(4): $nsim sysfs/debugfs names"
