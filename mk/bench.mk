# `make bench`: enforce against its peers; not part of `make check`.
# Regenerates docs/BENCHMARKS.md and docs/bench-startup.png.
.PHONY: bench bench-tools bench-net
# the network section alone (docs/network.md): bench/net.sh
bench-net: all
	bench/net.sh

bench: deps
	tools/deps.sh tools/packages.txt tools/packages-bench.txt
	$(MAKE) all bench-tools
	bench/run.sh
