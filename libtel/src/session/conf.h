/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The conference behind tel_conf of libtel/tel.h: a set of calls dropped
 * together, and the DAHDI conference its parties' channels are put into
 * (session/conf.c).
 */
#ifndef TEL_SESSION_CONF_H
#define TEL_SESSION_CONF_H

struct tel_call;
struct tel_ctx;
struct tel_line;

struct tel_conf {
	struct tel_ctx *ctx;
	struct tel_call **party;
	unsigned n, cap;
	int dahdi_confno;		/* DAHDI conference number, 0 while none is in use */
	unsigned dahdi_joined;		/* channels in that conference */
};

/* session/conf.c: @call leaves its conference (dealloc) */
void conf_remove(struct tel_call *call);

/* session/conf.c: DAHDI conference of an analog line's channel: join @cf's
 * (allocating its number), leave */
int dahdi_conf_join(struct tel_line *line, struct tel_conf *cf);
void dahdi_conf_leave(struct tel_line *line);
/* A PRI call's B-channel into / out of the conference (through the D-channel's fd). */
int dahdi_bconf_join(struct tel_call *call, struct tel_conf *cf);
void dahdi_bconf_leave(struct tel_call *call);

#endif /* TEL_SESSION_CONF_H */
