/* E-mail messages as bytes (RFC 5322 with MIME): an address's form, and a
 * plain-text message in UTF-8 — Subject encoded per RFC 2047, body base64
 * with Content-Type charset utf-8, Date and Message-ID headers. Pure: no
 * I/O; sending is the store's (store/smtp.h). */
#ifndef PM_MAIL_H
#define PM_MAIL_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/buf.h"

#define PM_EMAIL_MAX 254 /* bytes of an address (RFC 5321's path limit less the brackets) */

/* Whether addr has the form of an address: one '@' with text on both
 * sides, no spaces, no control characters (CR/LF would inject headers),
 * none of <>,;:"()[]\ , at most PM_EMAIL_MAX bytes. False with why (Chinese,
 * naming what is wrong) set. */
bool pm_email_valid(const char *addr, char *why, size_t cap);

/* Appends to out the message from `from` to `to` with subject and body
 * (UTF-8; body lines end in \n), dated now; lines end in CRLF. msgid_seed
 * makes the Message-ID unique (e.g. the round, the unit and a counter). */
void pm_mail_build(buf *out, const char *from, const char *to, const char *subject, const char *body, time_t now,
                   const char *msgid_seed);

/* Appends base64 (RFC 4648, with padding) of data[0..n) to out, a CRLF
 * after every 76 characters when wrap. */
void pm_base64(buf *out, const void *data, size_t n, bool wrap);

#endif
