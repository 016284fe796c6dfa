# The VM lane (tests/vm/): AppArmor enforcing, SELinux enforcing and a pure
# cgroup v2 hierarchy, on Debian's kernel under qemu (TCG). tests/run.sh
# runs it as its last phase; `make check-vm` runs that phase alone, with the
# usual closing "N passed, N failed" line. Everything it fetches and builds
# lives in build-vm/ (the apt cache in build-vm/cache is kept across runs).
.PHONY: check-vm clean-vm
check-vm:
	BUILD=$(BUILD) tests/run.sh vm

clean-vm:
	rm -rf build-vm
