#!/bin/sh
# SELinux VM: load the lane's policy (tests/vm/selinux/policy.cil, compiled
# by secilc on the host) through selinuxfs and switch to enforcing.
set -e
mkdir -p /sys/fs/selinux
mount -t selinuxfs selinuxfs /sys/fs/selinux
cat /etc/selinux/polvm/policy.bin >/sys/fs/selinux/load
echo 1 >/sys/fs/selinux/enforce
