/* polc keygen NAME: a new Ed25519 signing key pair, NAME.key (private,
 * mode 0600, for `polc build --sign`) and NAME.pub (for `enforce --trust`
 * or the trust directory). Exit 0, or 2 with one line. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "sign/sign.h"

int cmd_keygen(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: polc keygen NAME\n"
		       "Writes a new Ed25519 key pair: NAME.key (private, mode 0600, for\n"
		       "'polc build --sign NAME.key') and NAME.pub (for 'enforce --trust' or\n"
		       "the trust directory). Existing files are never replaced.\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-' || !argv[1][0]) {
		fprintf(stderr, "usage: polc keygen NAME\n");
		return 2;
	}
	uint8_t key[POLB_SIG_KEY_LEN];
	struct err e;
	if (sign_keygen(argv[1], key, &e) < 0) {
		err_print("polc", &e);
		return 2;
	}
	char id[POLB_KEY_ID_LEN];
	polb_key_id(key, id);
	printf("%s.key %s.pub: key %s\n", argv[1], argv[1], id);
	return 0;
}
