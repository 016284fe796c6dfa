/* Which lines of an sd_notify(3) datagram from the container the relay
 * (notify.c) passes on to the service manager: the ones that tell the
 * service's state, each with a value of the shape systemd parses. The
 * datagram is the container's, hostile input: lines are matched by key and
 * value, never copied past the output's size, and a line with a control
 * byte is dropped whole. */
#include <stdbool.h>
#include <string.h>

#include "enforce.h"

/* Each allowed line: its key with '=', and whether its value must be
 * digits (ERRNO, the microsecond counts) or be exactly "1". */
static const struct {
	const char *key;
	enum { V_ONE, V_DIGITS, V_TEXT, V_ONE_OR_TRIGGER } value;
} allowed[] = {
	{ "READY=", V_ONE },		  { "RELOADING=", V_ONE },
	{ "STOPPING=", V_ONE },		  { "WATCHDOG=", V_ONE_OR_TRIGGER },
	{ "STATUS=", V_TEXT },		  { "ERRNO=", V_DIGITS },
	{ "BUSERROR=", V_TEXT },	  { "EXTEND_TIMEOUT_USEC=", V_DIGITS },
	{ "MONOTONIC_USEC=", V_DIGITS },
};

static bool value_ok(int kind, const char *v, size_t n)
{
	if (kind == V_ONE || kind == V_ONE_OR_TRIGGER)
		return (n == 1 && v[0] == '1') ||
		       (kind == V_ONE_OR_TRIGGER && n == 7 && !memcmp(v, "trigger", 7));
	if (kind == V_DIGITS && (n == 0 || n > 20))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (kind == V_DIGITS ? (ch < '0' || ch > '9') : (ch < 0x20 || ch == 0x7f))
			return false;
	}
	return true;
}

static bool line_ok(const char *l, size_t n)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		size_t k = strlen(allowed[i].key);
		if (n >= k && !memcmp(l, allowed[i].key, k))
			return value_ok(allowed[i].value, l + k, n - k);
	}
	return false;
}

size_t notify_filter(const char *msg, size_t len, char *out, size_t size)
{
	size_t used = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(msg + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (msg + at)) : len - at;
		if (n && line_ok(msg + at, n) && used + n + 1 <= size) {
			memcpy(out + used, msg + at, n);
			out[used + n] = '\n';
			used += n + 1;
		} else if (n) {
			vlog("notify", "dropped a line of %zu bytes: %.*s", n, (int)(n < 40 ? n : 40),
			     msg + at);
		}
		at += n + 1;
	}
	return used;
}

/* The length of the line's key with its '=' (every filtered line has one). */
static size_t key_len(const char *l, size_t n)
{
	const char *eq = memchr(l, '=', n);
	return eq ? (size_t)(eq - l) + 1 : n;
}

static size_t drop_key(char *pending, size_t len, const char *key, size_t klen)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(pending + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (pending + at)) + 1 : len - at;
		if (n > klen && !memcmp(pending + at, key, klen)) {
			memmove(pending + at, pending + at + n, len - at - n);
			return len - n; /* each key is there at most once */
		}
		at += n;
	}
	return len;
}

size_t notify_merge(char *pending, size_t len, size_t size, const char *lines, size_t n)
{
	for (size_t at = 0; at < n;) {
		const char *nl = memchr(lines + at, '\n', n - at);
		size_t ln = nl ? (size_t)(nl - (lines + at)) + 1 : n - at;
		len = drop_key(pending, len, lines + at, key_len(lines + at, ln));
		if (len + ln <= size) {
			memcpy(pending + len, lines + at, ln);
			len += ln;
		} else {
			vlog("notify", "dropped a line of %zu bytes: the manager is not reading", ln);
		}
		at += ln;
	}
	return len;
}
