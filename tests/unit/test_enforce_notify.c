/* The notify relay's filter (enforcer/notify_filter.c): which lines of a
 * container's sd_notify datagram reach the service manager. Every line
 * that is not a state report of the right shape is dropped, its neighbours
 * kept; the output never exceeds its buffer. */
#include <stdio.h>
#include <string.h>

#include "enforce.h"
#include "tap.h"

/* The filter's output for msg as a C string ("" when nothing is kept). */
static const char *filtered(const char *msg, size_t len, size_t size)
{
	static char out[8192];
	size_t n = notify_filter(msg, len, out, size < sizeof(out) ? size : sizeof(out));
	out[n] = '\0';
	return out;
}

/* s with newlines and other bytes below 0x20 as \xNN: one TAP line */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t used = 0;
	for (; *s && used + 5 < size; s++)
		used += (unsigned char)*s < 0x20 || *s == 0x7f
				? (size_t)snprintf(buf + used, size - used, "\\x%02x", (unsigned char)*s)
				: (size_t)snprintf(buf + used, size - used, "%c", *s);
	buf[used] = '\0';
	return buf;
}

static void expect(const char *msg, const char *want)
{
	char a[256], b[256];
	const char *got = filtered(msg, strlen(msg), 4096);
	OK(!strcmp(got, want), "%s -> [%s]", shown(msg, a, sizeof(a)), shown(want, b, sizeof(b)));
}

/* notify_merge of each step in turn into one pending buffer of SIZE */
static const char *merged(size_t size, const char *const *steps, size_t nsteps)
{
	static char pending[256];
	size_t len = 0;
	for (size_t i = 0; i < nsteps; i++)
		len = notify_merge(pending, len, size, steps[i], strlen(steps[i]));
	pending[len] = '\0';
	return pending;
}

static void test_merge(void)
{
	const char *flood[] = { "STATUS=flood\n", "STATUS=flood\n", "READY=1\nSTATUS=last\n" };
	OK(!strcmp(merged(256, flood, 3), "READY=1\nSTATUS=last\n"),
	   "a flood of STATUS= held back: the last of each key, in the order they last came");
	const char *order[] = { "READY=1\n", "STATUS=a\n", "WATCHDOG=1\n", "STATUS=b\n" };
	OK(!strcmp(merged(256, order, 4), "READY=1\nWATCHDOG=1\nSTATUS=b\n"),
	   "a key seen again moves to the end, every other key stays once");
	const char *prefix[] = { "STATUS=x\n", "STOPPING=1\n" };
	OK(!strcmp(merged(256, prefix, 2), "STATUS=x\nSTOPPING=1\n"), "keys are matched whole, with their '='");
	const char *full[] = { "READY=1\n", "STATUS=0123456789\n" };
	OK(!strcmp(merged(16, full, 2), "READY=1\n"), "a line that does not fit is dropped, what was held stays");
	const char *refit[] = { "STATUS=01234\n", "STATUS=56789\n" };
	OK(!strcmp(merged(16, refit, 2), "STATUS=56789\n"), "the old line of a key makes room for its new one");
}

int main(void)
{
	expect("READY=1", "READY=1\n");
	expect("READY=1\nSTATUS=serving on fd 3\n", "READY=1\nSTATUS=serving on fd 3\n");
	expect("STOPPING=1", "STOPPING=1\n");
	expect("RELOADING=1\nMONOTONIC_USEC=123456", "RELOADING=1\nMONOTONIC_USEC=123456\n");
	expect("WATCHDOG=1", "WATCHDOG=1\n");
	expect("WATCHDOG=trigger", "WATCHDOG=trigger\n");
	expect("ERRNO=2\nBUSERROR=org.freedesktop.DBus.Error.Failed", "ERRNO=2\nBUSERROR=org.freedesktop.DBus.Error.Failed\n");
	expect("EXTEND_TIMEOUT_USEC=5000000", "EXTEND_TIMEOUT_USEC=5000000\n");
	/* what reaches beyond the service, or has the wrong shape */
	expect("MAINPID=1", "");
	expect("FDSTORE=1\nFDNAME=x\nFDSTOREREMOVE=1\nFDPOLL=0", "");
	expect("BARRIER=1", "");
	expect("NOTIFYACCESS=all", "");
	expect("WATCHDOG_USEC=1", "");
	expect("X_CUSTOM=1", "");
	expect("READY=2", "");
	expect("READY=1 ", "");
	expect("READY=", "");
	expect("ERRNO=", "");
	expect("ERRNO=-1", "");
	expect("ERRNO=123456789012345678901", "");
	expect("WATCHDOG=triggered", "");
	expect("ready=1", "");
	expect("STATUS=a\tb", "");
	expect("STATUS=\x1b]0;title\x07", "");
	expect("STATUS=del\x7f", "");
	/* a mixed datagram keeps exactly its good lines, in order */
	expect("MAINPID=1\nSTATUS=one\nFDSTORE=1\nREADY=1\nX=2", "STATUS=one\nREADY=1\n");
	expect("\n\nREADY=1\n\n", "READY=1\n");
	expect("", "");
	/* a NUL inside a line drops that line only */
	const char nul[] = "STATUS=a\0b\nREADY=1";
	OK(!strcmp(filtered(nul, sizeof(nul) - 1, 4096), "READY=1\n"), "a NUL byte drops its line only");
	/* the output buffer bounds what is kept: whole lines only */
	OK(!strcmp(filtered("READY=1\nSTATUS=abcdef", 21, 10), "READY=1\n"),
	   "a line that does not fit is left out, never cut");
	OK(notify_filter("READY=1", 7, (char[8]){ 0 }, 7) == 0, "no room for the newline: nothing");
	test_merge();
	return TAP_DONE();
}
