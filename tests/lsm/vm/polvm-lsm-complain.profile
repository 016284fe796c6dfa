# Loaded in complain mode by guest_apparmor.sh (compiled on the host by
# tests/vm/run.sh): enforce must refuse to run under it.
abi <abi/3.0>,
profile polvm-lsm-complain flags=(complain) {
  /** rwmix,
}
