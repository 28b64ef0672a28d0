#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run a test script as root inside a throw-away QEMU VM booting Debian's kernel.
#
#   tests/kernel/vm.sh SCRIPT [ARGS...]
#
# The VM (TCG, no KVM needed) boots /boot/vmlinuz-$KVER with a small busybox
# initramfs, mounts the host's / read-only over 9p under a tmpfs overlay and
# chroots into it: host binaries (dahdi tools, our tools, the build tree) run
# unchanged at their host paths, and whatever the test writes stays in the VM.
# SCRIPT runs in the current directory with ARGS, a clean environment
# (PATH, HOME=/root, VM_OUT=/out, and the variables named in VM_ENV), with
# devtmpfs, proc, sysfs, debugfs and /dev/shm mounted. /out is a writable
# share (a host directory): the script's exit status and dmesg come back
# through it. Exits with the script's status; 1 when the script passed but
# the kernel logged a BUG/Oops/WARNING (slub_debug=FZPU is on); 124 when the
# VM did not finish within VM_TIMEOUT seconds; 125 when the VM could not run
# the script at all.
#
# Environment: KVER (default: from build/kernel/kver, else the newest
# /lib/modules/* with a /boot/vmlinuz-*), VM_TIMEOUT (180), VM_MEM (MiB, 1024),
# VM_APPEND (more kernel arguments, e.g. firmware_class.path=...),
# VM_ACCEL (tcg; kvm only where it works: on these machines /dev/kvm exists
# but a KVM guest hangs), VM_ENV ("NAME ..." passed into the VM),
# VM_VERBOSE=1 (all kernel messages on the console), VM_KEEP=1 (keep the
# out directory), VM_BUILD (where the initramfs is cached, build/kernel/vm).
set -euo pipefail

me=tests/kernel/vm.sh
if [ $# -lt 1 ]; then
	echo "usage: $me SCRIPT [ARGS...]" >&2
	exit 2
fi
script=$1
shift
if [ ! -f "$script" ] || [ ! -x "$script" ]; then
	echo "$me: $script: not an executable file" >&2
	exit 2
fi
script=$(realpath "$script")

VM_TIMEOUT=${VM_TIMEOUT:-180}
VM_MEM=${VM_MEM:-1024}
VM_BUILD=${VM_BUILD:-build/kernel/vm}

if [ -z "${KVER:-}" ] && [ -f build/kernel/kver ]; then
	KVER=$(cat build/kernel/kver)
fi
if [ -z "${KVER:-}" ]; then
	for d in /lib/modules/*/; do
		v=$(basename "$d")
		[ -f "/boot/vmlinuz-$v" ] && KVER=$v
	done
fi
kernel=/boot/vmlinuz-${KVER:-}
mods=/lib/modules/${KVER:-}
if [ -z "${KVER:-}" ] || [ ! -r "$kernel" ] || [ ! -d "$mods" ]; then
	echo "$me: no readable Debian kernel image and modules${KVER:+ for KVER=$KVER} (install linux-image-amd64: scripts/install-deps)" >&2
	exit 125
fi
for tool in qemu-system-x86_64 cpio gzip timeout; do
	command -v "$tool" >/dev/null || { echo "$me: $tool not found (scripts/install-deps)" >&2; exit 125; }
done
busybox=/bin/busybox
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "$me: $busybox missing or not static (install busybox-static: scripts/install-deps)" >&2
	exit 125
fi

# --- the initramfs: busybox, the init script, the virtio/9p/overlay modules ---
# in the order they must load (each one's dependencies first)
MODULES="kernel/drivers/virtio/virtio_ring kernel/drivers/virtio/virtio
	kernel/drivers/virtio/virtio_pci_legacy_dev kernel/drivers/virtio/virtio_pci_modern_dev
	kernel/drivers/virtio/virtio_pci kernel/fs/netfs/netfs kernel/fs/fscache/fscache
	kernel/net/9p/9pnet kernel/net/9p/9pnet_virtio kernel/fs/9p/9p kernel/fs/overlayfs/overlay"

initrd=$VM_BUILD/initrd-$KVER.cpio.gz
if [ ! -f "$initrd" ] || [ "$0" -nt "$initrd" ] || [ "$busybox" -nt "$initrd" ]; then
	mkdir -p "$VM_BUILD"
	stage=$(mktemp -d "$VM_BUILD/initrd.XXXXXX")
	mkdir -p "$stage/bin" "$stage/lib/modules"
	cp "$busybox" "$stage/bin/busybox"
	for m in $MODULES; do
		f=$mods/$m.ko
		if [ ! -f "$f" ]; then
			# some kernels ship compressed modules; busybox insmod wants them plain
			for z in xz zst gz; do
				[ -f "$f.$z" ] || continue
				case $z in
				xz) xz -dc "$f.$z" > "$stage/lib/modules/$(basename "$m").ko" ;;
				zst) zstd -qdc "$f.$z" > "$stage/lib/modules/$(basename "$m").ko" ;;
				gz) gzip -dc "$f.$z" > "$stage/lib/modules/$(basename "$m").ko" ;;
				esac
				break
			done
			[ -f "$stage/lib/modules/$(basename "$m").ko" ] || { echo "$me: $f missing (is linux-image-$KVER complete?)" >&2; rm -rf "$stage"; exit 125; }
		else
			cp "$f" "$stage/lib/modules/"
		fi
		basename "$m" >> "$stage/lib/modules/order"
	done
	cat > "$stage/init" <<'EOF'
#!/bin/busybox sh
# tel test VM init: host root (read-only 9p) + tmpfs overlay, run /out/run.sh
/bin/busybox mkdir -p /proc /sys /dev /mnt/lower /mnt/rw /mnt/root
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
die() {
	echo "vm-init: $*"
	[ -d /mnt/root/out ] && echo 125 > /mnt/root/out/status
	sync
	poweroff -f
}
for m in $(cat /lib/modules/order); do
	insmod "/lib/modules/$m.ko" || die "insmod $m failed"
done
p9="trans=virtio,version=9p2000.L,msize=262144"
mount -t 9p -o "$p9,ro" hostroot /mnt/lower || die "cannot mount the host root (9p tag hostroot)"
mount -t tmpfs -o mode=0755 tmpfs /mnt/rw
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work overlay /mnt/root ||
	die "cannot mount the overlay"
R=/mnt/root
mkdir -p $R/out
mount -t 9p -o "$p9" out $R/out || die "cannot mount the out share (9p tag out)"
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t debugfs debugfs $R/sys/kernel/debug
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/shm $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=0755 tmpfs $R/run
echo "vm-init: up $(cut -d' ' -f1 /proc/uptime) s after boot, running the test"
chroot $R /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root TERM=dumb VM_OUT=/out /bin/bash /out/run.sh
status=$?
dmesg > $R/out/dmesg
echo $status > $R/out/status
echo "vm-init: test exited $status at $(cut -d' ' -f1 /proc/uptime) s"
umount $R/out
sync
poweroff -f
EOF
	chmod +x "$stage/init"
	(cd "$stage" && find . -mindepth 1 | cpio -o -H newc --quiet | gzip -1) > "$stage.cpio.gz"
	mv -f "$stage.cpio.gz" "$initrd"	# atomic: another run may use it at the same time
	rm -rf "$stage"
fi

# --- the run: the command for the VM, then QEMU under a timeout ---------------
out=$(mktemp -d "${TMPDIR:-/tmp}/tel-vm.XXXXXX")
keep=${VM_KEEP:-}
cleanup() { [ -n "$keep" ] || rm -rf "$out"; }
trap cleanup EXIT
{
	printf 'cd %q || exit 125\n' "$PWD"
	for v in ${VM_ENV:-}; do
		if [ -n "${!v+x}" ]; then printf 'export %s=%q\n' "$v" "${!v}"; fi
	done
	printf 'exec %q' "$script"
	if [ $# -gt 0 ]; then printf ' %q' "$@"; fi
	printf '\n'
} > "$out/run.sh"

append="console=ttyS0 panic=-1 slub_debug=FZPU"
[ -n "${VM_VERBOSE:-}" ] || append="$append loglevel=4"
[ -z "${VM_APPEND:-}" ] || append="$append $VM_APPEND"

start=$(date +%s%N)
set +e
timeout -k 5 "$VM_TIMEOUT" qemu-system-x86_64 -accel "${VM_ACCEL:-tcg}" -m "$VM_MEM" -smp 1 \
	-nographic -monitor none -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$out,mount_tag=out,security_model=none,multidevs=remap" \
	</dev/null
qrc=$?
set -e
ms=$((($(date +%s%N) - start) / 1000000))
secs=$((ms / 1000)).$(printf %03d $((ms % 1000)))

if [ ! -f "$out/status" ]; then
	keep=1
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		echo "$me: the VM did not finish within $VM_TIMEOUT s (hung test or kernel; raise VM_TIMEOUT if it is only slow); out dir kept: $out" >&2
		exit 124
	fi
	echo "$me: the VM stopped (qemu exit $qrc) without a test status (kernel panic? see the console above); out dir kept: $out" >&2
	exit 125
fi
status=$(cat "$out/status")
# a kernel splat fails the run even when the script passed
splat='Oops|BUG[: ]|WARNING:|general protection fault|Call Trace:|UBSAN:|Kernel panic|Poison overwritten|Redzone|Object padding'
if grep -Eq "$splat" "$out/dmesg"; then
	echo "$me: the kernel reported a problem during $(basename "$script"):" >&2
	grep -E -B2 -A20 "$splat" "$out/dmesg" | head -n 60 >&2
	keep=1
	echo "$me: full dmesg in $out/dmesg" >&2
	[ "$status" -ne 0 ] || status=1
fi
echo "$me: $(basename "$script") exited $status (VM run ${secs} s)"
exit "$status"
