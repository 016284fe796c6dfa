/* What the kernel opens for an execve that no syscall of the workload
 * names, so the trace cannot carry it: the `#!` interpreter of a script
 * and the PT_INTERP loader of a dynamic ELF program. Landlock checks
 * `execute` on both (docs/lsm.md), so a draft that allows a program also
 * allows what runs it. Read from this host's copy of the file, through
 * the base's mounts (learn_paths.c maps the path). */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "learn/learn_exec.h"

/* "#!/bin/sh -e" -> "/bin/sh". */
static bool script_interp(const char *head, size_t n, char *out, size_t size)
{
	size_t i = 2, len = 0;
	while (i < n && (head[i] == ' ' || head[i] == '\t'))
		i++;
	while (i + len < n && head[i + len] != ' ' && head[i + len] != '\t' && head[i + len] != '\n')
		len++;
	if (!len || len >= size || head[i] != '/')
		return false;
	memcpy(out, head + i, len);
	out[len] = '\0';
	return true;
}

/* PT_INTERP of a 64- or 32-bit ELF file, either byte order as the host's. */
static bool elf_interp(int fd, const unsigned char *head, size_t n, char *out, size_t size)
{
	uint64_t phoff, off = 0, filesz = 0;
	unsigned phnum, phentsize;
	bool is64 = head[EI_CLASS] == ELFCLASS64;
	if (is64 && n >= sizeof(Elf64_Ehdr)) {
		const Elf64_Ehdr *eh = (const void *)head;
		phoff = eh->e_phoff, phnum = eh->e_phnum, phentsize = eh->e_phentsize;
	} else if (head[EI_CLASS] == ELFCLASS32 && n >= sizeof(Elf32_Ehdr)) {
		const Elf32_Ehdr *eh = (const void *)head;
		phoff = eh->e_phoff, phnum = eh->e_phnum, phentsize = eh->e_phentsize;
	} else {
		return false;
	}
	if (phentsize != (is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) || phnum > 256)
		return false;
	for (unsigned i = 0; i < phnum && !filesz; i++) {
		union { Elf64_Phdr p64; Elf32_Phdr p32; } ph;
		if (pread(fd, &ph, phentsize, (off_t)(phoff + (uint64_t)i * phentsize)) != (ssize_t)phentsize)
			return false;
		if ((is64 ? ph.p64.p_type : ph.p32.p_type) != PT_INTERP)
			continue;
		off = is64 ? ph.p64.p_offset : ph.p32.p_offset;
		filesz = is64 ? ph.p64.p_filesz : ph.p32.p_filesz;
	}
	if (filesz < 2 || filesz > size)
		return false;
	if (pread(fd, out, (size_t)filesz, (off_t)off) != (ssize_t)filesz || out[filesz - 1] != '\0')
		return false;
	return out[0] == '/' && strlen(out) == filesz - 1;
}

/* The file opened for reading only when it is a regular file: the path
 * comes from a trace, and a workload can name (or plant a link to) a FIFO
 * or a device whose open alone does something (a watchdog arms, a tape
 * rewinds). O_PATH opens nothing; the check is on that fd, and the read
 * is through it, so the file cannot be swapped in between. */
static int open_regular(const char *path)
{
	int pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	struct stat st;
	int fd = -1;
	if (fstat(pfd, &st) == 0 && S_ISREG(st.st_mode)) {
		char proc[64];
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", pfd);
		fd = open(proc, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	}
	close(pfd);
	return fd;
}

bool learn_exec_interp(const char *host_path, char *out, size_t size)
{
	int fd = open_regular(host_path);
	if (fd < 0)
		return false;
	unsigned char head[256];
	ssize_t n = pread(fd, head, sizeof head, 0);
	bool found = false;
	if (n >= 4 && head[0] == '#' && head[1] == '!')
		found = script_interp((const char *)head, (size_t)n, out, size);
	else if (n >= 16 && !memcmp(head, ELFMAG, SELFMAG))
		found = elf_interp(fd, head, (size_t)n, out, size);
	close(fd);
	return found;
}
