// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reset and exceptions of the Cortex-M4 image: the vector table (at the start
 * of flash, where VTOR points after reset), the reset handler (copies .data
 * from flash, zeroes .bss, paints the stack, runs main() and exits with its
 * status) and one handler for every fault and unexpected interrupt, which
 * reports it and exits instead of hanging.
 */
#include <stdint.h>

#include "board.h"

/* From the linker script (mps2-an386.ld). */
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __stack_bottom[], __stack_top[];

int main(void);
void fw_reset(void);
void fw_fault(void);

/* ARMv7-M: 16 system entries (initial SP, reset, NMI, faults, SVC, PendSV, SysTick), then IRQs. */
#define SYSTEM_VECTORS	16
#define BOARD_IRQS	32	/* QEMU's mps2-an385/an386 NVIC */

__attribute__((section(".vectors"), used))
static void (*const vectors[SYSTEM_VECTORS + BOARD_IRQS])(void) = {
	[0] = (void (*)(void))__stack_top,
	[1] = fw_reset,
	[2 ... SYSTEM_VECTORS + BOARD_IRQS - 1] = fw_fault,
};

void fw_reset(void)
{
	const uint32_t *src = __data_load;
	uint32_t *p;
	uintptr_t sp;

	/* Word loops (the linker script aligns all four ends to 4). */
	for (p = __data_start; (uintptr_t)p < (uintptr_t)__data_end; p++)
		*p = *src++;
	for (p = __bss_start; (uintptr_t)p < (uintptr_t)__bss_end; p++)
		*p = 0;
	/* Everything below this frame is unused yet: paint it for board_stack_used(). */
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	for (p = __stack_bottom; (uintptr_t)p < sp; p++)
		*p = BOARD_STACK_PAINT;
	board_exit(main());
}

/*
 * Every other vector. Naked: the exception frame the hardware stacked is
 * found through LR (EXC_RETURN bit 2: which stack), untouched by a prologue.
 */
__attribute__((naked)) void fw_fault(void)
{
	__asm__ volatile(
		"tst lr, #4\n\t"
		"ite eq\n\t"
		"mrseq r0, msp\n\t"
		"mrsne r0, psp\n\t"
		"mrs r1, ipsr\n\t"
		"b board_fault\n\t");
}
