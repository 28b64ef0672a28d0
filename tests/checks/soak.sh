#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The chaos soak (tests/soak), short: 20,000 calls on each of two seeds, faults
# on, in the sanitized build. Violations of invariants that known library
# defects break (tests/soak/known-defects) are reported but do not fail it.
set -u
BUILD=${BUILD:-build/san}
SOAK=$BUILD/tests/soak/soak
CALLS=${SOAK_CHECK_CALLS:-20000}
if [ ! -x "$SOAK" ]; then
	echo "soak.sh: $SOAK is missing (run make check, which builds it)" >&2
	exit 1
fi
fail=0
for seed in 1 2; do
	start=$(date +%s)
	if ! "$SOAK" --seed "$seed" --calls "$CALLS" --known tests/soak/known-defects 2>"$BUILD/soak-$seed.log"; then
		echo "soak.sh: seed $seed failed; its report:" >&2
		head -c 20000 "$BUILD/soak-$seed.log" >&2
		fail=1
	fi
	echo "soak.sh: seed $seed: $(($(date +%s) - start)) s"
done
exit $fail
