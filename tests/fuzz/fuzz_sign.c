/* libFuzzer target: the signed-blob check with the blob reader behind it,
 * as enforce runs them when trust is configured (enforcer/main.c
 * load_blob): polb_sig_check on arbitrary file bytes against a fixed
 * trusted key, then polb_read on the blob part it accepted. Mutated bytes
 * almost never carry a valid signature, so each input is also re-signed
 * with the fixed key (after its CRC is made right) and checked again:
 * that reaches the reader through the trust path. The same input is fed
 * to the public key file parser. Every refusal must be one message with
 * status 125. */
#include <openssl/evp.h>

#include "fuzz_input.h"
#include "polb_reader.h"
#include "polb_sig.h"

static EVP_PKEY *key;
static uint8_t pub[1][POLB_SIG_KEY_LEN];

static void setup(void)
{
	static const uint8_t seed[32] = { 0x70, 0x6f, 0x6c, 0x63, 1, 2, 3, 4 };
	size_t n = POLB_SIG_KEY_LEN;
	key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
	if (!key || EVP_PKEY_get_raw_public_key(key, pub[0], &n) != 1)
		abort();
}

static void check(const uint8_t *buf, size_t size)
{
	struct err e = { 0 };
	size_t blob_size = 0;
	if (polb_sig_check(buf, size, (const uint8_t (*)[POLB_SIG_KEY_LEN])pub, 1, &blob_size, &e) < 0) {
		fuzz_refusal_blob(&e);
		return;
	}
	if (blob_size > size)
		abort();
	struct polb_view v;
	if (polb_read(buf, blob_size, &v, &e) < 0)
		fuzz_refusal_blob(&e);
}

/* buf has room for size + 128: make the header's size and CRC right for
 * the first size bytes, then append a real signature trailer. */
static size_t resign(uint8_t *buf, size_t size)
{
	if (size < sizeof(struct polb_header) || size % 8)
		return 0;
	struct polb_header *h = (struct polb_header *)buf;
	h->total_size = size;
	h->crc32c = 0;
	h->crc32c = polb_crc32c(buf, size);
	struct polb_sig_trailer t;
	memset(&t, 0, sizeof(t));
	memcpy(t.magic, POLB_SIG_MAGIC, 8);
	t.algorithm = POLB_SIG_ALG_ED25519;
	t.trailer_size = sizeof(t);
	t.signed_size = size;
	memcpy(t.public_key, pub[0], POLB_SIG_KEY_LEN);
	size_t slen = POLB_SIG_LEN;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) != 1 ||
	    EVP_DigestSign(ctx, t.signature, &slen, buf, size) != 1)
		abort();
	EVP_MD_CTX_free(ctx);
	memcpy(buf + size, &t, sizeof(t));
	return size + sizeof(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!key)
		setup();
	uint8_t *buf = malloc(size + sizeof(struct polb_sig_trailer));
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	check(buf, size);
	uint8_t k[POLB_SIG_KEY_LEN];
	struct err e = { 0 };
	if (polb_pubkey_parse((const char *)buf, size, "fuzz", k, &e) < 0)
		fuzz_refusal_named(&e);
	/* the blob part alone (a trailer stripped by the split), re-signed */
	size_t blob = size;
	const struct polb_sig_trailer *t;
	if (polb_sig_split(buf, size, &blob, &t, &e) == 0) {
		size_t n = resign(buf, blob);
		if (n) {
			uint8_t *exact = fuzz_copy(buf, n); /* ASan sees a read past */
			if (exact) {
				check(exact, n);
				free(exact);
			}
		}
	}
	free(buf);
	return 0;
}
