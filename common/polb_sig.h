/* The signed form of a blob: the blob's own bytes, unchanged, followed by
 * a 128-byte trailer holding an Ed25519 signature over every one of those
 * bytes (docs/polb.md, "Signed blobs").
 *
 * A trailer rather than a section: the signature then covers the whole
 * blob (header, CRC, every section) with nothing zeroed or left out, the
 * blob part stays byte-identical to what `polc build` wrote (so `polc
 * build --check` still compares it with a rebuild), and a stock
 * `openssl pkeyutl -verify -rawin` can check it on the first total_size
 * bytes. The parsers here read hostile bytes and never crash; they do no
 * cryptography (ed25519_verify() does, only when a caller asks). */
#ifndef POL_COMMON_POLB_SIG_H
#define POL_COMMON_POLB_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define POLB_SIG_MAGIC "\x89PSIG\r\n\x1a" /* 8 bytes, as POLB_MAGIC */
#define POLB_SIG_ALG_ED25519 1
#define POLB_SIG_KEY_LEN 32
#define POLB_SIG_LEN 64
#define POLB_SIG_KEYFILE_MAX 4096 /* a PEM public key file is ~113 bytes */

struct polb_sig_trailer {
	uint8_t magic[8];        /* POLB_SIG_MAGIC */
	uint32_t algorithm;      /* POLB_SIG_ALG_ED25519 */
	uint32_t trailer_size;   /* 128 */
	uint64_t signed_size;    /* == the blob's total_size: bytes signed */
	uint8_t public_key[POLB_SIG_KEY_LEN]; /* the signer's raw Ed25519 key */
	uint8_t signature[POLB_SIG_LEN];      /* Ed25519 over bytes [0, signed_size) */
	uint8_t reserved[8];     /* 0 */
};

/* A key as "ed25519:" and the first 8 bytes of the raw key in hex: how
 * every message, `polc keygen` and `polc verify-blob` name a key. */
#define POLB_KEY_ID_LEN 25 /* with the NUL */
void polb_key_id(const uint8_t key[POLB_SIG_KEY_LEN], char out[POLB_KEY_ID_LEN]);

/* Split a file's bytes into the blob and its trailer. Unsigned (the
 * header's total_size is the file's size, or the file is too short to
 * tell): *blob_size = size, *sig = NULL, returns 0 and polb_read judges
 * the rest. Signed: *blob_size = total_size, *sig points at the trailer
 * (inside buf; 8-aligned when buf is). A trailer that starts right but is
 * cut short or malformed: -1, e->status 125. */
int polb_sig_split(const uint8_t *buf, size_t size, size_t *blob_size,
		   const struct polb_sig_trailer **sig, struct err *e);

/* Parse a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) holding an Ed25519 key,
 * as `polc keygen` and `openssl pkey -pubout` write it, strictly: the
 * BEGIN line, base64 lines, the END line, nothing else. `what` names the
 * file in the message. Returns 0 with key filled, or -1 (status 125). */
int polb_pubkey_parse(const char *text, size_t len, const char *what,
		      uint8_t key[POLB_SIG_KEY_LEN], struct err *e);

/* Read a public key file (at most POLB_SIG_KEYFILE_MAX bytes) and parse it. */
int polb_pubkey_load(const char *path, uint8_t key[POLB_SIG_KEY_LEN], struct err *e);

/* Ed25519 verification of msg against sig and key, through OpenSSL's
 * libcrypto loaded with dlopen on the first call (enforce links no crypto
 * library: the load happens only when trust is configured). Returns 1
 * valid, 0 invalid, -1 could not verify (e filled). */
int ed25519_verify(const uint8_t key[POLB_SIG_KEY_LEN], const uint8_t sig[POLB_SIG_LEN],
		   const uint8_t *msg, size_t len, struct err *e);
/* SHA-256 of len bytes, through the same libcrypto (ed25519_verify.c). */
int crypto_sha256(const void *data, size_t len, uint8_t out[32], struct err *e);

/* The trust decision: buf/size is a whole file, keys the trusted keys
 * (nkeys > 0). Refuses an unsigned blob, one signed by a key not in keys,
 * and one whose signature does not verify; on success *blob_size is the
 * blob part's size. -1 with one line in e (status 125). */
int polb_sig_check(const uint8_t *buf, size_t size,
		   const uint8_t (*keys)[POLB_SIG_KEY_LEN], size_t nkeys,
		   size_t *blob_size, struct err *e);

#endif
