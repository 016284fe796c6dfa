#!/bin/sh
# The LSM area's own SELinux checks (tests/lsm/vm/guest_selinux.sh, with
# its expected results in tests/lsm/vm/README.md): the label read from
# outside while the command runs, permissive refused or warned about.
if [ -x /tests/lsm/vm/guest_selinux.sh ]; then
	exec /tests/lsm/vm/guest_selinux.sh
fi
echo "not ok - tests/lsm/vm/guest_selinux.sh is missing from the guest"
exit 1
