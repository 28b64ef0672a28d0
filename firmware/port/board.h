/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the image needs of the board it runs on (QEMU's mps2-an386, a
 * Cortex-M4): a console on UART0, an exit status through semihosting, and
 * the stack's high-water mark. Only firmware/port/ uses this; the card's
 * logic (firmware/src) knows no board.
 */
#ifndef FW_PORT_BOARD_H
#define FW_PORT_BOARD_H

#include <stdint.h>

/* UART0 on (CMSDK APB UART, 115200 8N1 at the board's 25 MHz). */
void board_init(void);
void board_putc(char c);
void board_puts(const char *s);
void board_putu(uint32_t v);		/* decimal */
void board_puthex(uint32_t v);		/* 0x%08x */
/* Waits until UART0 has handed its last character on. */
void board_flush(void);

/*
 * Ends the program with @status as QEMU's exit status (semihosting
 * SYS_EXIT_EXTENDED; SYS_EXIT for hosts without it: 0 or 1 only).
 */
__attribute__((noreturn)) void board_exit(int status);

/* Octets of the stack ever used since reset (the painted part left untouched), and its size. */
uint32_t board_stack_used(void);
uint32_t board_stack_size(void);

/* The stack is painted with this at reset, so its high-water mark can be found. */
#define BOARD_STACK_PAINT	0xDEADBEEFu

/* Exit statuses: the self-test's, and a fault's. */
#define BOARD_EXIT_PASS		0
#define BOARD_EXIT_FAIL		1
#define BOARD_EXIT_FAULT	2

/* Called by the fault vector with the stacked exception frame. */
__attribute__((noreturn)) void board_fault(const uint32_t *frame, uint32_t ipsr);

#endif /* FW_PORT_BOARD_H */
