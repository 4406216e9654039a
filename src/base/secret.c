#include "base/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

bool secret_init(void)
{
    /* 0 first time, 1 already done, -1 failure; thread-safe. */
    return sodium_init() >= 0;
}

bool secret_hash_password(const char *password, char out[SECRET_PWHASH_LEN])
{
    _Static_assert(SECRET_PWHASH_LEN == crypto_pwhash_STRBYTES, "argon2id string size");
    if (!secret_init())
        return false;
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool secret_check_password(const char *hash, const char *password)
{
    if (!secret_init() || !hash || !password)
        return false;
    /* The hash string says which algorithm and limits it was made with. */
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* A hash of a random password at the same limits, made once: the login
 * of an unknown name checks against it. pthread_once: web workers race
 * for the first unknown name. */
static char dummy[SECRET_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
    char pw[SECRET_PASSWORD_LEN];
    secret_new_password(pw);
    if (!secret_hash_password(pw, dummy))
        dummy[0] = '\0';
}

void secret_check_dummy(const char *password)
{
    pthread_once(&dummy_once, dummy_make);
    (void)secret_check_password(dummy, password ? password : "");
}

void secret_new_password(char out[SECRET_PASSWORD_LEN])
{
    /* 31 symbols without 0/o, 1/l/i: read aloud or copied by hand. 16 of
     * them carry 79 bits. */
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    if (!secret_init())
        abort();
    for (int i = 0; i < SECRET_PASSWORD_LEN - 1; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[SECRET_PASSWORD_LEN - 1] = '\0';
}

void secret_new_token(char out[SECRET_TOKEN_LEN])
{
    unsigned char raw[32];
    if (!secret_init())
        abort();
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void secret_token_hash(const char *token, char out[SECRET_HASH_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, SECRET_HASH_LEN, h, sizeof h);
}

bool secret_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return n == 0 || sodium_memcmp(a, b, n) == 0;
}
