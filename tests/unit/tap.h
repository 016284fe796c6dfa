/* Minimal TAP output for C unit tests, counted by tests/run.sh. */
#ifndef POL_TESTS_TAP_H
#define POL_TESTS_TAP_H
#include <stdio.h>

static int tap_failed;

/* The condition is evaluated exactly once (it may have side effects). */
#define OK(cond, ...)                                                       \
	do {                                                                \
		int tap_ok_ = !!(cond);                                     \
		if (tap_ok_) {                                              \
			printf("ok - ");                                    \
		} else {                                                    \
			printf("not ok - ");                                \
			tap_failed++;                                       \
		}                                                           \
		printf(__VA_ARGS__);                                        \
		if (!tap_ok_)                                               \
			printf(" # %s:%d: %s", __FILE__, __LINE__, #cond);  \
		printf("\n");                                               \
	} while (0)

#define TAP_DONE() (tap_failed ? 1 : 0)
#endif
