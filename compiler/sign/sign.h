/* Signing blobs (polc's side; the check itself is common/polb_sig.c, the
 * one verifier enforce uses too). Private keys are OpenSSL's PKCS#8 PEM,
 * public keys SubjectPublicKeyInfo PEM: `openssl genpkey -algorithm
 * ed25519` makes keys polc takes, and `openssl pkeyutl -verify -rawin`
 * checks what polc signs. */
#ifndef POL_COMPILER_SIGN_H
#define POL_COMPILER_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "polb_sig.h"

/* Write a fresh key pair: `base`.key (mode 0600) and `base`.pub. Refuses
 * to replace an existing file. key receives the raw public key. */
int sign_keygen(const char *base, uint8_t key[POLB_SIG_KEY_LEN], struct err *e);

/* Sign `size` blob bytes with the private key in key_path: fills *t. */
int sign_blob(const char *key_path, const uint8_t *blob, size_t size,
	      struct polb_sig_trailer *t, struct err *e);

#endif
