#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every test of `make check` against the build in $BUILD and prints one
# closing line "N passed, M failed". Exit status: 0 only if nothing failed.
set -u
BUILD=${BUILD:-build/san}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export BUILD
pass=0
fail=0
failed=()

run() {	# run NAME CMD...
	local name=$1
	shift
	echo "=== $name"
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "*** FAILED: $name"
	fi
}

# cmocka unit tests (their own summary lines appear in the output)
for t in $(find "$BUILD/tests/unit" "$BUILD/tests/firmware" "$BUILD/tests/integration" -type f -perm -u+x -name 'test_*' 2>/dev/null | sort); do
	run "${t#"$BUILD"/}" "$t"
done

# fuzz corpora replayed without libFuzzer
for r in $(find "$BUILD/tests/fuzz" -type f -perm -u+x -name 'replay_*' 2>/dev/null | sort); do
	name=${r##*/replay_}
	run "fuzz-replay $name" "$r" "tests/fuzz/corpus/$name"
done

# scripted checks: golden traces, tshark cross-checks, CLI behaviour, headers, pkg-config
for s in tests/checks/*.sh; do
	[ -e "$s" ] || continue
	run "${s#tests/checks/}" bash "$s"
done

echo
if [ $fail -ne 0 ]; then
	printf 'failed: %s\n' "${failed[@]}"
fi
echo "check: $pass passed, $fail failed"
[ $fail -eq 0 ]
