# The vocabulary tables (compiler/vocab/*_gen.c) are generated from kernel
# and libc headers by tools/gen-vocab.py and checked in; `make vocab`
# regenerates them (needs network for apt-get download, or VOCAB_DEB_DIR).
.PHONY: vocab
vocab:
	tools/gen-vocab.py compiler/vocab
