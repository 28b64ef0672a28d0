#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_tel_dahdi.sh on DAHDI's own dahdi_dynamic_loc spans (software HDLC in
# DAHDI's core, a driver we did not write) rather than our simulated card.
SPANS=loc exec "$(dirname "$(realpath "$0")")/test_tel_dahdi.sh" "$@"
