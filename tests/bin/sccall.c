/* sccall: make one raw system call through a chosen entry, for the seccomp
 * tests (static: runs inside any container root).
 *
 *   sccall native|i386|x32 NR [ARG...]
 *
 * native: the 64-bit `syscall` instruction with NR; i386: `int 0x80` with
 * the i386 number NR (arguments truncated to 32 bits, as that entry reads
 * them); x32: the 64-bit entry with NR | 0x40000000 (__X32_SYSCALL_BIT).
 * ARGs are numbers (strtoull base 0, so 0x... works). Prints
 * "ret=R errno=E" (E = 0 on success) and exits 0; a filter that kills
 * shows as the signal instead. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
static long int80(long nr, const unsigned long *a)
{
	long ret;
	/* ebp (arg 6) is left alone: the frame pointer; no test needs it */
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
			 : "memory", "r8", "r9", "r10", "r11");
	return (int)ret; /* the i386 return is the low 32 bits */
}
#endif

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: sccall native|i386|x32 NR [ARG...]\n");
		return 2;
	}
	unsigned long a[6] = { 0 };
	for (int i = 3; i < argc && i < 9; i++)
		a[i - 3] = strtoull(argv[i], NULL, 0);
	long nr = strtol(argv[2], NULL, 0);
	long ret;
	if (!strcmp(argv[1], "native")) {
		ret = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		printf("ret=%ld errno=%d\n", ret, ret < 0 ? errno : 0);
		return 0;
	}
#if defined(__x86_64__)
	if (!strcmp(argv[1], "x32")) {
		ret = syscall(nr | 0x40000000L, a[0], a[1], a[2], a[3], a[4], a[5]);
		printf("ret=%ld errno=%d\n", ret, ret < 0 ? errno : 0);
		return 0;
	}
	if (!strcmp(argv[1], "i386")) {
		ret = int80(nr, a);
		printf("ret=%ld errno=%d\n", ret < 0 && ret > -4096 ? -1 : ret,
		       ret < 0 && ret > -4096 ? (int)-ret : 0);
		return 0;
	}
#endif
	fprintf(stderr, "sccall: unknown entry '%s'\n", argv[1]);
	return 2;
}
