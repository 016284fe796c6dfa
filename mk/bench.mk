# `make bench`: enforce against its peers; not part of `make check`.
# Regenerates docs/BENCHMARKS.md and docs/bench-startup.png.
.PHONY: bench bench-tools
bench: deps
	tools/deps.sh tools/packages.txt tools/packages-bench.txt
	$(MAKE) all bench-tools
	bench/run.sh
