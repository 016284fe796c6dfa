/* The program the kernel runs for an execve besides the file itself: a
 * script's `#!` interpreter, a dynamic ELF program's PT_INTERP loader
 * (learn_exec.c). */
#ifndef POL_COMPILER_LEARN_EXEC_H
#define POL_COMPILER_LEARN_EXEC_H

#include <stdbool.h>
#include <stddef.h>

/* The interpreter's absolute path into out, or false (none, unreadable,
 * not a script or ELF file, or too long). */
bool learn_exec_interp(const char *host_path, char *out, size_t size);

#endif
