/* Ed25519 verification (and the SHA-256 a learning trace names its blob
 * by) through OpenSSL's libcrypto, loaded with dlopen.
 *
 * Why dlopen: enforce is on every container's start path and most hosts
 * configure no trust; linking libcrypto (or a static Ed25519 library)
 * would cost every start a 4.5 MB mapping and its relocations, or ~40 KB
 * of code, for a check that is not asked for. Loaded on first use, the
 * library costs only the starts that verify. libcrypto rather than a copy
 * of an Ed25519 implementation: it is the vetted one already on every
 * host that has polc (docs/deploy.md, "Why libcrypto"). polc, which links
 * libcrypto, reaches the same code through the same call (dlopen then
 * returns the library already mapped), so there is one verifier. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

#include "polb_sig.h"

#define ED25519_NID 1087 /* NID_ED25519 / EVP_PKEY_ED25519, fixed by OpenSSL */
#define OPENSSL_INIT_NO_LOAD_CONFIG 0x00000080L /* <openssl/crypto.h>, a stable ABI value */
#define OPENSSL_INIT_NO_ATEXIT 0x00080000L

struct crypto_fns {
	void *(*pkey_new_raw_public)(int type, void *engine, const unsigned char *key, size_t len);
	void (*pkey_free)(void *pkey);
	void *(*md_ctx_new)(void);
	void (*md_ctx_free)(void *ctx);
	int (*verify_init)(void *ctx, void **pctx, const void *md, void *engine, void *pkey);
	int (*verify)(void *ctx, const unsigned char *sig, size_t siglen,
		      const unsigned char *msg, size_t len);
};

/* The library, opened once and initialised without a configuration. */
static void *crypto_open(const char *step, struct err *e)
{
	static void *handle;
	if (handle)
		return handle;
	static const char *const names[] = { "libcrypto.so.3", "libcrypto.so" };
	void *h = NULL;
	for (size_t i = 0; !h && i < sizeof(names) / sizeof(names[0]); i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		err_set(e, 0, step, "cannot load libcrypto: %.200s", dlerror());
		return NULL;
	}
	/* No openssl.cnf (OPENSSL_CONF or the system's): a root enforce
	 * loads no provider or engine a configuration names, and start-up
	 * skips parsing it. Must come before any other libcrypto call. */
	int (*init)(uint64_t opts, const void *settings);
	*(void **)&init = dlsym(h, "OPENSSL_init_crypto");
	if (!init || init(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, NULL) != 1) {
		err_set(e, 0, step, "libcrypto would not initialise");
		return NULL;
	}
	handle = h; /* open for the life of the process */
	return h;
}

static int crypto_load(struct crypto_fns *f, struct err *e)
{
	void *h = crypto_open("signature", e);
	if (!h)
		return -1;
	/* POSIX: a void * from dlsym converts to a function pointer */
	*(void **)&f->pkey_new_raw_public = dlsym(h, "EVP_PKEY_new_raw_public_key");
	*(void **)&f->pkey_free = dlsym(h, "EVP_PKEY_free");
	*(void **)&f->md_ctx_new = dlsym(h, "EVP_MD_CTX_new");
	*(void **)&f->md_ctx_free = dlsym(h, "EVP_MD_CTX_free");
	*(void **)&f->verify_init = dlsym(h, "EVP_DigestVerifyInit");
	*(void **)&f->verify = dlsym(h, "EVP_DigestVerify");
	if (!f->pkey_new_raw_public || !f->pkey_free || !f->md_ctx_new || !f->md_ctx_free ||
	    !f->verify_init || !f->verify)
		return err_set(e, 0, "signature", "libcrypto lacks Ed25519 (OpenSSL 1.1.1 or later needed)");
	return 0;
}

int crypto_sha256(const void *data, size_t len, uint8_t out[32], struct err *e)
{
	void *h = crypto_open("sha256", e);
	if (!h)
		return -1;
	int (*digest)(const void *d, size_t n, unsigned char *md, unsigned int *size,
		      const void *type, void *engine);
	const void *(*sha256)(void);
	*(void **)&digest = dlsym(h, "EVP_Digest");
	*(void **)&sha256 = dlsym(h, "EVP_sha256");
	unsigned int n = 0;
	if (!digest || !sha256 || digest(data, len, out, &n, sha256(), NULL) != 1 || n != 32)
		return err_set(e, 0, "sha256", "libcrypto could not digest %zu bytes", len);
	return 0;
}

int ed25519_verify(const uint8_t key[POLB_SIG_KEY_LEN], const uint8_t sig[POLB_SIG_LEN],
		   const uint8_t *msg, size_t len, struct err *e)
{
	static struct crypto_fns f;
	static int loaded;
	if (!loaded) {
		if (crypto_load(&f, e) < 0)
			return -1;
		loaded = 1;
	}
	void *pkey = f.pkey_new_raw_public(ED25519_NID, NULL, key, POLB_SIG_KEY_LEN);
	void *ctx = f.md_ctx_new();
	int r = -1;
	if (!pkey || !ctx || f.verify_init(ctx, NULL, NULL, NULL, pkey) != 1)
		err_set(e, 0, "signature", "libcrypto could not set up an Ed25519 check");
	else
		r = f.verify(ctx, sig, POLB_SIG_LEN, msg, len) == 1;
	if (ctx)
		f.md_ctx_free(ctx);
	if (pkey)
		f.pkey_free(pkey);
	return r;
}
