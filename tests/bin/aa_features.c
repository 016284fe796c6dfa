/* aa_features: the running kernel's AppArmor feature ABI as libapparmor's
 * aa_features API reads and writes it (the text `polc build
 * --apparmor-features FILE` takes). Static, for the VM lane's guest.
 *
 *   aa_features            print this kernel's features on stdout
 *   aa_features FILE       exit 0 when FILE holds exactly this kernel's
 *                          features, 1 when it differs, 2 on an error */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/apparmor.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	aa_features *kernel = NULL, *file = NULL;
	if (aa_features_new_from_kernel(&kernel) < 0) {
		fprintf(stderr, "aa_features: this kernel's features: %s\n", strerror(errno));
		return 2;
	}
	if (argc < 2) {
		int r = aa_features_write_to_fd(kernel, STDOUT_FILENO);
		aa_features_unref(kernel);
		return r < 0 ? 2 : 0;
	}
	if (aa_features_new(&file, AT_FDCWD, argv[1]) < 0) {
		fprintf(stderr, "aa_features: %s: %s\n", argv[1], strerror(errno));
		aa_features_unref(kernel);
		return 2;
	}
	int same = aa_features_is_equal(kernel, file);
	aa_features_unref(kernel);
	aa_features_unref(file);
	return same ? 0 : 1;
}
