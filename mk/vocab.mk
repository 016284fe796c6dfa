# The vocabulary tables (compiler/vocab/*_gen.c) are generated from kernel
# and libc headers by tools/gen-vocab.py and checked in; `make vocab`
# regenerates them (needs network for apt-get download, or VOCAB_DEB_DIR).
.PHONY: vocab
vocab:
	tools/gen-vocab.py compiler/vocab

# The syscall names the installed libseccomp cannot resolve (run on Debian
# 12, libseccomp 2.5.4: what runc 1.1 and crun 1.8 there skip silently),
# for `polc export oci` (compiler/interop/scmp_unknown.h).
.PHONY: scmp-unknown
scmp-unknown:
	python3 tools/gen-scmp-unknown.py compiler/interop/scmp_unknown_gen.c
