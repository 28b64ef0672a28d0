#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The old name of tests/kernel/vm-run (one implementation: that one).
exec "$(dirname "$(realpath "$0")")/vm-run" "$@"
