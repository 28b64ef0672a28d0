# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the CLI checks: the tool, a scratch folder, and expect().
BUILD=${BUILD:-build/san}
TEL=$BUILD/tel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect NAME WANT_RC PATTERN -- CMD...: the command exits WANT_RC and its
# output (stdout and stderr) matches the extended regex PATTERN.
expect() {
	local name=$1 want=$2 pat=$3
	shift 4
	"$@" > "$tmp/out" 2>&1
	local rc=$?
	if [ "$rc" != "$want" ] || ! grep -Eq -- "$pat" "$tmp/out"; then
		echo "cli: $name: exit $rc (want $want), output:"
		sed 's/^/    /' "$tmp/out"
		fails=$((fails + 1))
	fi
}
