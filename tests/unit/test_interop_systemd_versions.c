/* compiler/interop/systemd_versions.c: every syscall name of the table is
 * a name polc knows (a misspelt row would never match, and the name would
 * be written for a systemd that ignores it), and the releases the tests
 * measured or read are the ones the table gives. */
#include <string.h>

#include "interop/systemd_versions.h"
#include "tap.h"
#include "vocab/vocab.h"

#define TABLE_SYSCALL_ROWS 37 /* the rows of syscalls[] in systemd_versions.c */

int main(void)
{
	size_t n, rows = 0;
	const char *const *names = vocab_syscall_names(&n);
	for (size_t i = 0; i < n; i++)
		rows += systemd_syscall_since(names[i]) != SYSTEMD_OLDEST;
	OK(rows == TABLE_SYSCALL_ROWS, "each of the %d rows names a syscall polc knows (%zu matched)", TABLE_SYSCALL_ROWS, rows);
	OK(systemd_syscall_since("read") == SYSTEMD_OLDEST, "an old name: every release");
	OK(systemd_syscall_since("close_range") == 252, "close_range: libseccomp 2.5.4, Debian 12's 252");
	OK(systemd_syscall_since("cachestat") == 252, "cachestat: libseccomp 2.5.5's table, in Debian 12's 2.5.4-1+deb12u1");
	OK(systemd_syscall_since("statmount") == 257, "statmount: libseccomp 2.6.0, Debian 13's 257");
	OK(systemd_syscall_since("uprobe") == SYSTEMD_NEVER, "uprobe: libseccomp 2.6.1, no release in the table");
	OK(!strcmp(systemd_syscall_needs("mseal"), "libseccomp 2.6.0"), "what mseal needs");
	OK(systemd_directive_since("PrivatePIDs") == 257, "PrivatePIDs=: 257");
	OK(systemd_directive_since("ProtectControlGroups=private") == 257, "ProtectControlGroups=private: 257");
	OK(systemd_directive_since("PrivateNetwork") == SYSTEMD_OLDEST, "PrivateNetwork=: every release");
	return TAP_DONE();
}
