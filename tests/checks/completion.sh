#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completions/tel driven the way bash drives it (an interactive bash with
# COMP_WORDS/COMP_CWORD set and _tel called): the commands `tel help` lists,
# every option `tel help CMD` prints for each of them, DAHDI channel paths
# after --chan, span numbers after --span and the values of --side/--switch.
set -euo pipefail
BUILD=${BUILD:-build/san}
TEL=$BUILD/tel
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail=0
bad() { echo "completion: $*"; fail=1; }

# a DAHDI device tree and span list of our own
mkdir -p "$stage/dev/chan/001" "$stage/dev/chan/002" "$stage/spans/span-1" "$stage/spans/span-2"
touch "$stage/dev/chan/001/001" "$stage/dev/chan/001/016" "$stage/dev/chan/002/024"

complete_words() {	# complete_words WORD... : what _tel offers for the last word
	TEL_DAHDI_DEV=$stage/dev TEL_DAHDI_SPANS=$stage/spans \
	bash --norc --noprofile -i -c '
		source completions/tel
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_tel
		printf "%s\n" "${COMPREPLY[@]}"' tel "$@" 2>/dev/null | sort
}

expect() {	# expect "WORDS" WANTED...: each WANTED is offered
	local words=$1 got w
	shift
	got=$(complete_words $words "")
	for w in "$@"; do
		grep -qxF -e "$w" <<<"$got" || bad "'$words <TAB>' does not offer $w (offers: $(echo $got))"
	done
}

cmds=$("$TEL" help | awk '/^  [a-z]/ { print $1 }' | tr '|,' '\n\n' | grep -E '^[a-z][a-z-]*$' | sort -u)
got=$(complete_words tel "")
n=0
for c in $cmds; do
	grep -qxF "$c" <<<"$got" || bad "'tel <TAB>' does not offer the command $c"
	case $c in help | version) continue ;; esac
	want=$("$TEL" help "$c" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	offered=$(complete_words tel "$c" "--")
	for o in $want; do
		n=$((n + 1))
		grep -qxF -e "$o" <<<"$offered" || bad "'tel $c --<TAB>' does not offer $o ('tel help $c' prints it)"
	done
	for o in $offered; do
		grep -qxF -e "$o" <<<"$want" ||
			case $c in call | answer | decode) bad "'tel $c --<TAB>' offers $o, which 'tel help $c' does not know" ;; esac
	done
done
[ "$n" -gt 20 ] || bad "only $n options checked"

[ "$(complete_words tel de)" = decode ] || bad "'tel de<TAB>' is not decode"
expect "tel call --chan" "$stage/dev/chan/001/001" "$stage/dev/chan/001/016" "$stage/dev/chan/002/024"
got=$(complete_words tel answer --chan "$stage/dev/chan/00")
[ "$(echo $got)" = "$stage/dev/chan/001/001 $stage/dev/chan/001/016 $stage/dev/chan/002/024" ] ||
	bad "'tel answer --chan .../chan/00<TAB>' offers: $got"
expect "tel trace --span" 1 2
expect "tel call --side" user network
expect "tel call --switch" euroisdn ni2
expect "tel help" decode call answer
expect "tel sim fault 1:1" los ais lof ber slips dchan_cut_ms bad_fcs

[ $fail = 0 ] || exit 1
echo "completion: $(wc -w <<<"$cmds") commands, $n options of tel help checked; channel paths, span numbers, --side/--switch values"
