#!/bin/sh
# The LSM area's own AppArmor checks (tests/lsm/vm/guest_apparmor.sh, with
# its expected results in tests/lsm/vm/README.md): a profile polc generated
# compiled and enforce loaded (no parser in the guest), labels read from outside,
# AppArmor with Landlock, complain mode refused.
if [ -x /tests/lsm/vm/guest_apparmor.sh ]; then
	exec /tests/lsm/vm/guest_apparmor.sh
fi
echo "not ok - tests/lsm/vm/guest_apparmor.sh is missing from the guest"
exit 1
