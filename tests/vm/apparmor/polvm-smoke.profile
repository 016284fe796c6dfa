# Compiled on the host (tests/vm/run.sh) and loaded by the guest tests
# (tests/vm/lib.sh aa_load; the guest has no parser): lets busybox run
# and use any file but one, so a denial can only come from this profile.
# Signals are allowed both ways so a test can stop a confined command.
abi <abi/3.0>,

profile polvm-smoke {
  /** rwmix,
  signal,
  deny /etc/polvm-secret rw,
}
