/* Secrets: password hashes (argon2id), random tokens shown once and stored
 * only as a hash, generated passwords, constant-time comparison. On
 * libsodium.
 *
 * The one part of src/base/ that touches the outside world: random bytes
 * come from the kernel (randombytes_buf). Nothing here does other I/O.
 * Every function is safe to call from any thread. */
#ifndef PM_SECRET_H
#define PM_SECRET_H
#include <stdbool.h>
#include <stddef.h>

/* An argon2id hash string as crypto_pwhash_str writes it (with its NUL). */
#define SECRET_PWHASH_LEN 128
/* A token: 32 random bytes, base64url without padding (43 characters). */
#define SECRET_TOKEN_LEN 44
/* A token's hash: 32 bytes of BLAKE2b as lowercase hex. */
#define SECRET_HASH_LEN 65
/* A generated password: 16 characters from an alphabet without look-alikes. */
#define SECRET_PASSWORD_LEN 17
/* Shortest password a person may choose. */
#define SECRET_PASSWORD_MIN 8

/* Initialises libsodium; false when the library cannot work (no entropy).
 * Called by every function below: callers need not. */
bool secret_init(void);

/* Hashes a password with argon2id at libsodium's interactive limits (about
 * 64 MiB and a tenth of a second: a login must stay quick, a stolen
 * database must stay slow to attack). False only when out of memory. */
bool secret_hash_password(const char *password, char out[SECRET_PWHASH_LEN]);
/* True when password matches the stored hash. Constant time in the
 * password. A malformed hash is simply no match. */
bool secret_check_password(const char *hash, const char *password);
/* Costs what a secret_check_password costs, and matches nothing: for a
 * login with an unknown name, so that timing does not tell which names
 * exist. */
void secret_check_dummy(const char *password);
/* A new random password of SECRET_PASSWORD_LEN - 1 characters. */
void secret_new_password(char out[SECRET_PASSWORD_LEN]);

/* A new random token (sessions, CSRF, API tokens). */
void secret_new_token(char out[SECRET_TOKEN_LEN]);
/* What the store keeps of a token: its BLAKE2b hash in hex. A token is
 * 256 random bits, so a fast hash is enough (nothing to brute-force). */
void secret_token_hash(const char *token, char out[SECRET_HASH_LEN]);
/* Constant-time equality of two NUL-terminated strings (the time depends
 * on the lengths only). */
bool secret_equal(const char *a, const char *b);

#endif
