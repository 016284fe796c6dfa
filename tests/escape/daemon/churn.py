# The command of tests/escape/t_escape_daemon.sh that forks faster than a
# kill loop: six leftovers, each forking children that exit at once (new
# pids all the time), one of them a tree that forks again; every loop is
# bounded (CHURN forks each; the policy's pids.max 64 besides). argv: TAG
import os, sys
CHURN = 3000
r, w = os.pipe()
for i in range(6):
    if os.fork() == 0:
        os.close(r)
        os.setsid()
        os.write(w, b"1")
        os.close(w)
        for _ in range(CHURN):
            try:
                pid = os.fork()
            except OSError:
                continue  # pids.max: the next round
            if pid == 0:
                if i == 0 and os.fork() == 0:
                    os._exit(0)  # a grandchild too, orphaned at once
                os._exit(0)
            os.waitpid(pid, 0)
        os.execv("/bin/sleep", [sys.argv[1] + "/churned", "1000"])
os.close(w)
got = 0
while got < 6:
    b = os.read(r, 6 - got)
    if not b:
        break
    got += len(b)
print("ready", got, flush=True)
os._exit(0)
