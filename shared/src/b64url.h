#ifndef KOERS_B64URL_H
#define KOERS_B64URL_H

#include <stddef.h>

/* base64url (RFC 4648 section 5) without padding, as JOSE writes it.
 * Private to the shared library (tokens, key sets) and its tests. */

/* The length of the encoding of n bytes (without the NUL). */
size_t kc_b64url_encoded_len(size_t n);

/* Writes the encoding of in[0..n) and a NUL to out, which has room for
 * kc_b64url_encoded_len(n) + 1 bytes. */
void kc_b64url_encode(const void *in, size_t n, char *out);

/* Decodes in[0..n), strictly: no padding, no character outside the
 * alphabet, no length of 4k+1, no non-zero unused bits in the last
 * character (so every byte string has exactly one accepted encoding).
 * Returns a malloc'd buffer holding *outlen bytes and a NUL after them
 * (the caller frees it), or NULL when the text is not such an encoding or
 * memory ran out. An empty text decodes to an empty buffer. */
unsigned char *kc_b64url_decode(const char *in, size_t n, size_t *outlen);

/* The value (0..63) of one character of the base64url alphabet, else -1. */
int kc_b64url_value(unsigned char c);

#endif
