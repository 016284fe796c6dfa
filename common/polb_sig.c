/* Signed blobs: the trailer, public key files and the trust decision
 * (polb_sig.h). Everything here reads bytes an attacker may have written
 * (a blob from anywhere, a key file), so every length is checked before
 * use and every refusal is one line. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polb.h"
#include "polb_reader.h"
#include "polb_sig.h"

_Static_assert(sizeof(struct polb_sig_trailer) == 128, "trailer is 128 bytes");
_Static_assert(sizeof(POLB_SIG_MAGIC) - 1 == 8, "trailer magic is 8 bytes");

void polb_key_id(const uint8_t key[POLB_SIG_KEY_LEN], char out[POLB_KEY_ID_LEN])
{
	static const char hexd[] = "0123456789abcdef";
	memcpy(out, "ed25519:", 8);
	for (int i = 0; i < 8; i++) {
		out[8 + 2 * i] = hexd[key[i] >> 4];
		out[9 + 2 * i] = hexd[key[i] & 15];
	}
	out[24] = '\0';
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int trailer_fields(const struct polb_sig_trailer *t, uint64_t total, struct err *e)
{
	if (t->algorithm != POLB_SIG_ALG_ED25519)
		return err_set(e, 0, "signature", "unknown algorithm %u (only 1, Ed25519)",
			       t->algorithm);
	if (t->trailer_size != sizeof(*t) || t->signed_size != total)
		return err_set(e, 0, "signature", "malformed trailer (size %u, signs %llu of %llu bytes)",
			       t->trailer_size, (unsigned long long)t->signed_size,
			       (unsigned long long)total);
	for (size_t i = 0; i < sizeof(t->reserved); i++)
		if (t->reserved[i])
			return err_set(e, 0, "signature", "malformed trailer (reserved bytes not 0)");
	return 0;
}

int polb_sig_split(const uint8_t *buf, size_t size, size_t *blob_size,
		   const struct polb_sig_trailer **sig, struct err *e)
{
	*blob_size = size;
	*sig = NULL;
	if (size < sizeof(struct polb_header) || memcmp(buf, POLB_MAGIC, POLB_MAGIC_LEN))
		return 0;
	uint64_t total = le64(buf + offsetof(struct polb_header, total_size));
	if (total >= size || total < sizeof(struct polb_header))
		return 0; /* unsigned, or the reader's size error */
	size_t extra = size - (size_t)total;
	size_t cmp = extra < POLB_MAGIC_LEN ? extra : POLB_MAGIC_LEN;
	if (memcmp(buf + total, POLB_SIG_MAGIC, cmp))
		return 0; /* not a trailer: the reader refuses the size */
	if (extra != sizeof(struct polb_sig_trailer) || total % 8)
		return err_set(e, 0, "signature", "trailer is %zu bytes after the blob's %llu, not %zu"
			       " (truncated or extended)", extra, (unsigned long long)total,
			       sizeof(struct polb_sig_trailer));
	const struct polb_sig_trailer *t = (const void *)(buf + total);
	if (trailer_fields(t, total, e) < 0)
		return -1;
	*blob_size = (size_t)total;
	*sig = t;
	return 0;
}

/* ---- PEM public keys --------------------------------------------------- */

/* DER of SubjectPublicKeyInfo { AlgorithmIdentifier { id-Ed25519 }, BIT
 * STRING } up to the 32 key bytes (RFC 8410). */
static const uint8_t spki_ed25519[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
};
#define PEM_BEGIN "-----BEGIN PUBLIC KEY-----"
#define PEM_END "-----END PUBLIC KEY-----"

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decode the base64 in [p, end) (newlines skipped) into out (cap bytes).
 * Strict: padding only at the very end, no other character. */
static int b64_decode(const char *p, const char *end, uint8_t *out, size_t cap, size_t *n)
{
	uint32_t acc = 0;
	int bits = 0, pad = 0;
	*n = 0;
	for (; p < end; p++) {
		if (*p == '\n' || *p == '\r')
			continue;
		if (*p == '=') {
			pad++;
			continue;
		}
		int v = b64val(*p);
		if (v < 0 || pad)
			return -1;
		acc = (acc << 6 | (uint32_t)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (*n == cap)
				return -1;
			out[(*n)++] = (uint8_t)(acc >> bits);
		}
	}
	return pad > 2 || (acc & ((1u << bits) - 1)) ? -1 : 0;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static bool line_is(const char *p, const char *eol, const char *want)
{
	if (eol > p && eol[-1] == '\r')
		eol--;
	size_t n = strlen(want);
	return (size_t)(eol - p) == n && !memcmp(p, want, n);
}

int polb_pubkey_parse(const char *text, size_t len, const char *what,
		      uint8_t key[POLB_SIG_KEY_LEN], struct err *e)
{
	const char *p = text, *end = text + len;
	const char *eol = line_end(p, end);
	if (!line_is(p, eol, PEM_BEGIN))
		return err_set(e, 0, "trust", "%.300s: not a PEM public key (no '%s' line first)",
			       what, PEM_BEGIN);
	const char *body = eol < end ? eol + 1 : end, *q = body;
	while (q < end && !line_is(q, line_end(q, end), PEM_END))
		q = line_end(q, end) < end ? line_end(q, end) + 1 : end;
	if (q >= end)
		return err_set(e, 0, "trust", "%.300s: no '%s' line", what, PEM_END);
	const char *after = line_end(q, end);
	if (after < end && after + 1 < end)
		return err_set(e, 0, "trust", "%.300s: text after '%s'", what, PEM_END);
	uint8_t der[64];
	size_t n = 0;
	if (b64_decode(body, q, der, sizeof(der), &n) < 0)
		return err_set(e, 0, "trust", "%.300s: bad base64 in the key", what);
	if (n != sizeof(spki_ed25519) + POLB_SIG_KEY_LEN || memcmp(der, spki_ed25519, sizeof(spki_ed25519)))
		return err_set(e, 0, "trust", "%.300s: not an Ed25519 public key", what);
	memcpy(key, der + sizeof(spki_ed25519), POLB_SIG_KEY_LEN);
	return 0;
}

int polb_pubkey_load(const char *path, uint8_t key[POLB_SIG_KEY_LEN], struct err *e)
{
	void *text = NULL;
	size_t len = 0;
	int r = polb_load_file(path, &text, &len, e);
	if (r == 0 && len > POLB_SIG_KEYFILE_MAX)
		r = err_set(e, 0, "trust", "%.300s: larger than %d bytes: not a public key",
			    path, POLB_SIG_KEYFILE_MAX);
	else if (r == 0)
		r = polb_pubkey_parse(text, len, path, key, e);
	else
		e->step = "trust"; /* the reader's file step, for a key */
	free(text);
	return r;
}

/* ---- the trust decision ------------------------------------------------ */

int polb_sig_check(const uint8_t *buf, size_t size,
		   const uint8_t (*keys)[POLB_SIG_KEY_LEN], size_t nkeys,
		   size_t *blob_size, struct err *e)
{
	const struct polb_sig_trailer *t;
	if (polb_sig_split(buf, size, blob_size, &t, e) < 0)
		return -1;
	if (!t)
		return err_set(e, 0, "signature", "not signed: no signature trailer after the blob (unsigned, or its size or trailer was altered)");
	size_t k = 0;
	while (k < nkeys && memcmp(keys[k], t->public_key, POLB_SIG_KEY_LEN))
		k++;
	char id[POLB_KEY_ID_LEN];
	polb_key_id(t->public_key, id);
	if (k == nkeys)
		return err_set(e, 0, "signature", "signed by %s, which is not a trusted key", id);
	int ok = ed25519_verify(keys[k], t->signature, buf, *blob_size, e);
	if (ok < 0)
		return -1;
	if (!ok)
		return err_set(e, 0, "signature", "does not verify with %s: the blob or its"
			       " signature was altered", id);
	return 0;
}
