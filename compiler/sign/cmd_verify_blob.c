/* polc verify-blob BLOB [--key KEY.pub]...: is this blob signed, by whom,
 * and does its signature hold? With --key, the same decision enforce
 * --trust makes (common/polb_sig.c, one verifier for both); without,
 * the signature is checked against the key the trailer names, which
 * proves integrity but not who signed. Exit 0 valid, 1 unsigned, altered
 * or signed by another key, 2 usage or I/O error or a malformed blob. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "polb_reader.h"
#include "polb_sig.h"

#define MAX_KEYS 64

struct vb_args {
	const char *blob;
	const char *keys[MAX_KEYS];
	size_t nkeys;
};

static int vb_parse(int argc, char **argv, struct vb_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: polc verify-blob BLOB.polb [--key KEY.pub]...\n"
			       "Checks the blob's Ed25519 signature: against the given keys (as\n"
			       "'enforce --trust' does), or else against the key it names.\n"
			       "Exit 0 valid; 1 unsigned, altered or another key; 2 error.\n");
			exit(0);
		} else if (!strcmp(argv[i], "--key") && i + 1 < argc && a->nkeys < MAX_KEYS) {
			a->keys[a->nkeys++] = argv[++i];
		} else if (argv[i][0] != '-' && !a->blob) {
			a->blob = argv[i];
		} else {
			fprintf(stderr, "polc verify-blob: unexpected '%s'\n", argv[i]);
			return -1;
		}
	}
	if (!a->blob)
		fprintf(stderr, "usage: polc verify-blob BLOB.polb [--key KEY.pub]...\n");
	return a->blob ? 0 : -1;
}

/* 0 valid, 1 refused (message printed), 2 error. */
static int vb_decide(const struct vb_args *a, const uint8_t *buf, size_t size)
{
	static uint8_t keys[MAX_KEYS][POLB_SIG_KEY_LEN];
	struct err e;
	size_t blob_size;
	const struct polb_sig_trailer *t;
	if (polb_sig_split(buf, size, &blob_size, &t, &e) < 0) {
		err_print("polc", &e);
		return 1;
	}
	struct polb_view v;
	if (polb_read(buf, blob_size, &v, &e) < 0) {
		err_print("polc", &e);
		return 2;
	}
	for (size_t i = 0; i < a->nkeys; i++)
		if (polb_pubkey_load(a->keys[i], keys[i], &e) < 0) {
			err_print("polc", &e);
			return 2;
		}
	if (t && !a->nkeys)
		memcpy(keys[0], t->public_key, POLB_SIG_KEY_LEN);
	size_t n = a->nkeys ? a->nkeys : 1;
	if (polb_sig_check(buf, size, (const uint8_t (*)[POLB_SIG_KEY_LEN])keys, n, &blob_size, &e) < 0) {
		err_print("polc", &e);
		return e.errnum ? 2 : 1;
	}
	char id[POLB_KEY_ID_LEN];
	polb_key_id(t->public_key, id);
	printf("%s: signed by %s, signature valid%s\n", a->blob, id,
	       a->nkeys ? ", a trusted key" : " (no --key given: who signed is not checked)");
	return 0;
}

int cmd_verify_blob(int argc, char **argv)
{
	struct vb_args a;
	if (vb_parse(argc, argv, &a) < 0)
		return 2;
	void *buf = NULL;
	size_t size = 0;
	struct err e;
	if (polb_load_file(a.blob, &buf, &size, &e) < 0) {
		err_print("polc", &e);
		return 2;
	}
	int r = vb_decide(&a, buf, size);
	free(buf);
	return r;
}
