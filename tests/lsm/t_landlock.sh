#!/bin/sh
# Landlock for real, through enforce and a policy built by polc, on this
# machine's kernel: reads and writes inside and outside the allowed paths,
# exec outside the execute paths, TCP bind/connect to allowed and other
# ports (loopback, in a new net namespace), abstract-socket and signal
# scoping; as root and as an unprivileged user. llprobe (tests/lsm/llprobe.c)
# reports each try from inside. A control run without the landlock section
# shows every denial below comes from Landlock. The older ABIs (1..6) are
# shown per ABI in tests/unit/test_lsm_landlock.c, which can build a
# ruleset as an older kernel would; here the kernel's own ABI is used.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"
scratch

abi=$(python3 -c 'import ctypes;print(ctypes.CDLL(None).syscall(444,None,0,1))' 2>/dev/null || echo '?')
echo "# kernel Landlock ABI $abi"
[ -x "$LLPROBE" ] || { fail "llprobe built" "$LLPROBE missing (make tests)"; done_testing; exit 1; }

T=$T_TMP
mkdir -p "$T/ro" "$T/rw" "$T/out" "$T/bin"
echo data >"$T/ro/f"
echo data >"$T/out/f"
cp "$LLPROBE" "$T/bin/llprobe"
cp "$LLPROBE" "$T/out/llprobe"
chmod 777 "$T/rw"
chmod -R a+rX "$T"

landlock_policy() { # NAME EXTRA-LANDLOCK-LINES
	pol "$1" <<-POL
	policy $1
	namespaces {
	    unshare user net
	}
	lsm {
	    landlock {
	        read $T/ro
	        write $T/rw
	        execute $T/bin
	        bind tcp 5001
	        connect tcp 5001
	        $2
	    }
	}
	POL
}

tries="read $T/ro/f write $T/ro/f read $T/out/f list $T/out create $T/out/new
create $T/rw/new read $T/rw/new list $T/rw truncate $T/ro/f
exec $T/bin/llprobe exec $T/out/llprobe
bind 5001 bind 5002 connect 5001 connect 5003"

# expect WHO LINE...: each "op arg: result" line must be in $OUT.
expect() {
	who=$1; shift
	for want in "$@"; do
		got=$(line "${want%%: *}:")
		assert_eq "$who: ${want%%: *}" "$want" "$got"
	done
}

run_checks() { # WHO [as_user]
	who=$1; shift
	rm -f "$T/rw/new" "$T/out/new"
	echo data >"$T/ro/f"
	# shellcheck disable=SC2086
	enf "$@" "$T/ll.polb" -- "$T/bin/llprobe" $tries
	assert_eq "$who: enforce ran the command" 0 "$RC"
	assert_eq "$who: no warning on this kernel (ABI $abi has every right)" "" "$ERR"
	expect "$who" \
		"read $T/ro/f: ok" \
		"write $T/ro/f: Permission denied" \
		"read $T/out/f: Permission denied" \
		"list $T/out: Permission denied" \
		"create $T/out/new: Permission denied" \
		"create $T/rw/new: ok" \
		"read $T/rw/new: ok" \
		"list $T/rw: ok" \
		"truncate $T/ro/f: Permission denied" \
		"exec $T/bin/llprobe: ok" \
		"exec $T/out/llprobe: Permission denied" \
		"bind 5001: ok" \
		"bind 5002: Permission denied" \
		"connect 5001: ok" \
		"connect 5003: Permission denied"
	assert_eq "$who: the file written inside is there outside" "x" "$(cat "$T/rw/new" 2>&1)"
	assert_eq "$who: the read-only file is untouched" "data" "$(cat "$T/ro/f")"
	[ ! -e "$T/out/new" ] && pass "$who: nothing created outside the paths" ||
		fail "$who: nothing created outside the paths"
}

if landlock_policy ll "" && pol control <<-POL
	policy control
	namespaces {
	    unshare user net
	}
	POL
then
	# Control: the same tries without Landlock succeed (or meet a closed port).
	# shellcheck disable=SC2086
	enf "$T/control.polb" -- "$T/bin/llprobe" $tries
	expect "control, no landlock" \
		"read $T/out/f: ok" "list $T/out: ok" "exec $T/out/llprobe: ok" \
		"bind 5002: ok" "connect 5003: Connection refused"

	run_checks root
	if id "$T_USER" >/dev/null 2>&1; then
		run_checks rootless as_user
	else
		skip "rootless" "no user $T_USER (tests/run.sh creates it)"
	fi

	enf "$T/ll.polb" -- "$T/out/llprobe" noop
	assert_eq "the command itself outside the execute paths: exit 126" 126 "$RC"

	enf --dry-run "$T/ll.polb" -- "$T/bin/llprobe" noop
	assert_contains "dry-run names the ABI" "$OUT$ERR" "landlock   ABI $abi: denies outside the rules: execute"
	assert_contains "dry-run names each path's rights" "$OUT$ERR" "landlock   execute $T/bin: execute read_file"
	assert_contains "dry-run lists the rules" "$OUT$ERR" "landlock   bind tcp 5001"
fi

# Scoping (ABI 6): abstract unix sockets and signals outside the sandbox.
# The listener and the sleeper run outside enforce, in the host's namespaces.
name=polc-lsm-$$
"$T/bin/llprobe" ulisten "$name" >"$T/ulisten.out" &
listener=$!
sleep 60 &
sleeper=$!
i=0
while ! grep -q ok "$T/ulisten.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
for scope in default none; do
	extra=""
	[ $scope = none ] && extra="scope none"
	pol "scope_$scope" <<-POL || continue
	policy scope_$scope
	lsm {
	    landlock {
	        read $T/ro
	        execute $T/bin
	        $extra
	    }
	}
	POL
	enf "$T/scope_$scope.polb" -- "$T/bin/llprobe" uconnect "$name" kill "$sleeper"
	if [ $scope = default ]; then
		expect "scope abstract_unix signal (default)" \
			"uconnect $name: Operation not permitted" "kill $sleeper: Operation not permitted"
	else
		expect "scope none" "uconnect $name: ok" "kill $sleeper: ok"
	fi
done
kill "$listener" "$sleeper" 2>/dev/null
wait "$listener" "$sleeper" 2>/dev/null

# Signal scoping stops signals leaving the sandbox, not entering it: enforce
# (outside) still forwards SIGTERM to the command, which dies of it.
if [ -f "$T/scope_default.polb" ]; then
	"$ENFORCE" "$T/scope_default.polb" -- "$T/bin/llprobe" pause >"$T/pause.out" 2>&1 &
	enforcer=$!
	i=0
	while ! grep -q ready "$T/pause.out" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	if grep -q ready "$T/pause.out"; then
		kill -TERM "$enforcer"
		wait "$enforcer"
		assert_eq "scoped command: SIGTERM forwarded by enforce, exit 143" 143 "$?"
	else
		fail "scoped command: started" "$(cat "$T/pause.out")"
		kill -KILL "$enforcer" 2>/dev/null
		wait "$enforcer" 2>/dev/null
	fi
fi

# A path that does not exist: refused, the command does not run.
if pol missing <<-POL
	policy missing
	lsm {
	    landlock {
	        read $T/no-such-dir
	        execute $T/bin
	    }
	}
	POL
then
	enf "$T/missing.polb" -- "$T/bin/llprobe" create "$T/rw/ran"
	assert_eq "missing landlock path: exit 125" 125 "$RC"
	assert_eq "missing landlock path: one clear line" \
		"enforce: landlock: read $T/no-such-dir: No such file or directory" "$ERR"
	[ ! -e "$T/rw/ran" ] && pass "missing landlock path: the command did not run" ||
		fail "missing landlock path: the command did not run"
fi
done_testing
