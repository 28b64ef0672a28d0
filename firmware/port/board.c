// SPDX-License-Identifier: GPL-2.0-only
/*
 * The board under the image: QEMU's mps2-an386. UART0 is a CMSDK APB UART at
 * 0x40004000 (QEMU 7.2 hw/arm/mps2.c; hw/char/cmsdk-apb-uart.c: DATA 0x00,
 * STATE 0x04 bit 0 TX full, CTRL 0x08 bit 0 TX enable, BAUDDIV 0x10, at
 * least 16 or QEMU will not send). Semihosting (ARM's "bkpt 0xab" interface)
 * carries the exit status out of QEMU.
 */
#include <stdint.h>

#include "board.h"

#define UART0_BASE	0x40004000u
#define UART_DATA	(*(volatile uint32_t *)(UART0_BASE + 0x00))
#define UART_STATE	(*(volatile uint32_t *)(UART0_BASE + 0x04))
#define UART_CTRL	(*(volatile uint32_t *)(UART0_BASE + 0x08))
#define UART_BAUDDIV	(*(volatile uint32_t *)(UART0_BASE + 0x10))
#define UART_STATE_TXFULL	0x1u
#define UART_CTRL_TXEN		0x1u
#define BOARD_SYSCLK_HZ		25000000u	/* the MPS2's peripheral clock */
#define BOARD_BAUD		115200u

/* Semihosting operations and the exit reason (ARM "Semihosting for AArch32 and AArch64"). */
#define SYS_EXIT			0x18u
#define SYS_EXIT_EXTENDED		0x20u
#define ADP_STOPPED_APPLICATION_EXIT	0x20026u
#define ADP_STOPPED_RUNTIME_ERROR	0x20023u

/* From the linker script (mps2-an386.ld). */
extern uint32_t __stack_bottom[], __stack_top[];
extern uint8_t __flash_origin[], __flash_end[];

void board_init(void)
{
	UART_BAUDDIV = BOARD_SYSCLK_HZ / BOARD_BAUD;
	UART_CTRL = UART_CTRL_TXEN;
}

void board_putc(char c)
{
	while (UART_STATE & UART_STATE_TXFULL)
		;
	UART_DATA = (uint8_t)c;
}

void board_puts(const char *s)
{
	while (*s)
		board_putc(*s++);
}

void board_putu(uint32_t v)
{
	char d[10];
	unsigned int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		board_putc(d[--n]);
}

void board_puthex(uint32_t v)
{
	int sh;

	board_puts("0x");
	for (sh = 28; sh >= 0; sh -= 4)
		board_putc("0123456789abcdef"[(v >> sh) & 0xf]);
}

void board_flush(void)
{
	while (UART_STATE & UART_STATE_TXFULL)
		;
}

static uint32_t semihost(uint32_t op, uint32_t arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register uint32_t r1 __asm__("r1") = arg;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

void board_exit(int status)
{
	uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };

	board_flush();
	semihost(SYS_EXIT_EXTENDED, (uint32_t)(uintptr_t)block);
	/* A host without the extension returns here: SYS_EXIT carries pass or fail only. */
	semihost(SYS_EXIT, status ? ADP_STOPPED_RUNTIME_ERROR : ADP_STOPPED_APPLICATION_EXIT);
	for (;;)
		__asm__ volatile("wfi");
}

uint32_t board_stack_size(void)
{
	return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom);
}

uint32_t board_stack_used(void)
{
	const volatile uint32_t *p = __stack_bottom;

	while ((uintptr_t)p < (uintptr_t)__stack_top && *p == BOARD_STACK_PAINT)
		p++;
	return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

/* System control block registers that say why a fault happened (ARMv7-M ARM B3.2). */
#define SCB_CFSR	(*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR	(*(volatile uint32_t *)0xE000ED2Cu)
#define SCB_MMFAR	(*(volatile uint32_t *)0xE000ED34u)
#define SCB_BFAR	(*(volatile uint32_t *)0xE000ED38u)
#define THUMB_BKPT_SEMIHOST	0xBEABu		/* "bkpt 0xab" */
#define EXC_HARDFAULT		3u

void board_fault(const uint32_t *frame, uint32_t ipsr)
{
	uint32_t pc = frame[6];

	/*
	 * Without -semihosting-config enable=on the semihosting breakpoint is a
	 * debug event no debugger takes: it escalates to a HardFault here, and
	 * the exit it tried cannot happen either. Say so, then stop.
	 */
	if (ipsr == EXC_HARDFAULT && (pc & 1u) == 0 && pc >= (uintptr_t)__flash_origin &&
	    pc + 2 <= (uintptr_t)__flash_end &&
	    *(const volatile uint16_t *)(uintptr_t)pc == THUMB_BKPT_SEMIHOST) {
		board_puts("# semihosting is off, so the image cannot exit: run QEMU with "
			   "-semihosting-config enable=on,target=native\n");
		board_flush();
		for (;;)
			__asm__ volatile("wfi");
	}
	board_puts("Bail out! fault: exception ");
	board_putu(ipsr);
	board_puts(" at pc ");
	board_puthex(pc);
	board_puts(", lr ");
	board_puthex(frame[5]);
	board_puts(", CFSR ");
	board_puthex(SCB_CFSR);
	board_puts(", HFSR ");
	board_puthex(SCB_HFSR);
	board_puts(", BFAR ");
	board_puthex(SCB_BFAR);
	board_puts(", MMFAR ");
	board_puthex(SCB_MMFAR);
	board_putc('\n');
	board_exit(BOARD_EXIT_FAULT);
}
