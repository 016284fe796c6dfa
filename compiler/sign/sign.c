/* Ed25519 keys and signatures through OpenSSL's libcrypto (polc links
 * it). Ed25519 is deterministic (RFC 8032): the same blob and key give the
 * same signature, so a signed blob is as reproducible as an unsigned one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "sign/sign.h"

/* fopen that creates only (O_EXCL) with the given mode. */
static FILE *create_new(const char *path, mode_t mode, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		err_set(e, errno, "keygen", "%s%s", path,
			errno == EEXIST ? " exists (remove it first: a key is not replaced)" : "");
		return NULL;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		err_set(e, errno, "keygen", "%s", path);
		close(fd);
		unlink(path);
	}
	return f;
}

static int write_pem(const char *path, EVP_PKEY *k, int private, struct err *e)
{
	FILE *f = create_new(path, private ? 0600 : 0644, e);
	if (!f)
		return -1;
	int ok = private ? PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL)
			 : PEM_write_PUBKEY(f, k);
	if (fclose(f) != 0 || ok != 1) {
		unlink(path);
		return err_set(e, errno, "keygen", "%s: write", path);
	}
	return 0;
}

int sign_keygen(const char *base, uint8_t key[POLB_SIG_KEY_LEN], struct err *e)
{
	size_t n = strlen(base) + 5;
	char *priv = malloc(n), *pub = malloc(n);
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	int r = -1;
	size_t klen = POLB_SIG_KEY_LEN;
	if (!priv || !pub || !ctx)
		err_set(e, ENOMEM, "keygen", "%s", base);
	else if (EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &k) != 1 ||
		 EVP_PKEY_get_raw_public_key(k, key, &klen) != 1)
		err_set(e, 0, "keygen", "libcrypto could not make an Ed25519 key");
	else {
		snprintf(priv, n, "%s.key", base);
		snprintf(pub, n, "%s.pub", base);
		r = write_pem(priv, k, 1, e);
		if (r == 0 && (r = write_pem(pub, k, 0, e)) < 0)
			unlink(priv);
	}
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(ctx);
	free(priv);
	free(pub);
	return r;
}

static EVP_PKEY *load_private(const char *path, struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		err_set(e, errno, "sign", "%s", path);
		return NULL;
	}
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!k || EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) {
		err_set(e, 0, "sign", "%s: not an Ed25519 private key in PEM", path);
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

int sign_blob(const char *key_path, const uint8_t *blob, size_t size,
	      struct polb_sig_trailer *t, struct err *e)
{
	EVP_PKEY *k = load_private(key_path, e);
	if (!k)
		return -1;
	memset(t, 0, sizeof(*t));
	memcpy(t->magic, POLB_SIG_MAGIC, sizeof(t->magic));
	t->algorithm = POLB_SIG_ALG_ED25519;
	t->trailer_size = sizeof(*t);
	t->signed_size = size;
	size_t klen = sizeof(t->public_key), slen = sizeof(t->signature);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int r = 0;
	if (!ctx || EVP_PKEY_get_raw_public_key(k, t->public_key, &klen) != 1 ||
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(ctx, t->signature, &slen, blob, size) != 1 || slen != POLB_SIG_LEN)
		r = err_set(e, 0, "sign", "%s: libcrypto could not sign", key_path);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
	return r;
}
