/* Sending e-mail through the bureau's SMTP relay (libcurl's SMTP): the
 * relay's settings for the process (serve's options, the settings file's
 * keys smtp-url, smtp-from, smtp-user, smtp-password, base-url) and one
 * send. In the store's layer because, like the database, the relay is the
 * outside world that both front doors reach through one function
 * (store/round_remind.h); the message's bytes come from base/mail.h. */
#ifndef PM_SMTP_H
#define PM_SMTP_H
#include <stdbool.h>
#include <stddef.h>

typedef struct pm_smtp_cfg {
    const char *url;      /* smtp://host:port or smtps://host:port; NULL or "": e-mail off */
    const char *from;     /* the sender's address */
    const char *user;     /* NULL: no login */
    const char *password; /* never printed back */
    const char *base_url; /* the site's address for links in the text (https://planmon.example); NULL: none */
} pm_smtp_cfg;

/* Checks c (the url's scheme, from's form, the base url's scheme): false
 * with why (Chinese, naming the setting) when wrong. An empty url is fine
 * (e-mail off). */
bool pm_smtp_check(const pm_smtp_cfg *c, char *why, size_t cap);
/* Sets the settings for the process (copied), before any thread starts. */
void pm_smtp_configure(const pm_smtp_cfg *c);
/* The settings in use; url NULL when e-mail is off. */
const pm_smtp_cfg *pm_smtp_config(void);

/* Sends msg[0..len) (a whole message, CRLF lines) to `to` through the
 * relay of c. False with why set to the relay's address and curl's reason
 * when it could not be delivered to the relay. Safe from any thread. */
bool pm_smtp_send(const pm_smtp_cfg *c, const char *to, const char *msg, size_t len, char *why, size_t cap);

#endif
