# The command of tests/escape/t_escape_daemon.sh: leave processes that try
# every way out of the count and of the kill, forge pid 1's report on
# every fd it can reach, then exit 7. argv: TAG [steal] [flood]
#   steal  (init on: the command's parent is enforce's pid 1) one more
#          leftover takes pid 1's fds (pidfd_getfd: the policy keeps
#          CAP_SYS_PTRACE) and sends a forged report on each, with forged
#          credentials naming pid 1 (CAP_SYS_ADMIN), while the command runs
#   flood  20000 forged enforce lines on stderr before the exit
import ctypes, os, socket, struct, sys, time
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG, PR_SET_NAME, PR_SET_CHILD_SUBREAPER = 1, 15, 36
flood = "flood" in sys.argv[2:]
steal = "steal" in sys.argv[2:]
init = os.getppid()
r, w = os.pipe()

def leftover(setup):
    if os.fork() == 0:
        os.close(r)
        setup()
        libc.prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0)
        os.write(w, b"1")
        os.close(w)
        time.sleep(1000)
        os._exit(0)

def double_fork():
    if os.fork() != 0:
        os._exit(0)  # B ends: C is an orphan
    os.setsid()

def subreaper():
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    e = os.fork()
    if e == 0:
        if os.fork() == 0:
            os.write(w, b"1")  # F, reparented to this subreaper
            time.sleep(1000)
            os._exit(0)
        os._exit(0)
    os.waitpid(e, 0)

def disguise():
    # a comm that reads as a zombie whose parent is 1 to a naive parser
    libc.prctl(PR_SET_NAME, ctypes.c_char_p(b"x) Z 1 1 1"), 0, 0, 0)

leftover(os.setsid)      # A
leftover(double_fork)    # C (B is gone)
leftover(subreaper)      # D, and F under it
def thief():
    # pid 1's report: type 9, status 0, from "pid 1"
    forged = struct.pack("II", 9, 0)
    creds = [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, struct.pack("iII", 1, 0, 0))]
    pidfd = libc.syscall(434, init, 0)  # pidfd_open
    sent = 0
    for n in range(3, 16):
        fd = libc.syscall(438, pidfd, n, 0)  # pidfd_getfd
        if fd < 0:
            continue
        try:
            s = socket.socket(fileno=fd)
        except OSError:
            os.close(fd)
            continue
        for anc in (creds, []):
            try:
                s.sendmsg([forged], anc)
                sent += 1
            except OSError:
                pass
        s.close()
    print("try steal: sent %d" % sent, flush=True)

leftover(disguise)       # G
want = 5
if steal:
    leftover(thief)      # H, which sends before it says it is ready
    want = 6
os.close(w)
got = 0
while got < want:
    b = os.read(r, want - got)
    if not b:
        break
    got += len(b)
print("ready", got, flush=True)

# pid 1's report, forged on every fd this process holds (a socket: sent,
# anything else above 2: written)
import stat
forged = struct.pack("II", 9, 0)
sent = 0
for fd in range(0, 1024):
    try:
        st = os.fstat(fd)
    except OSError:
        continue
    try:
        if stat.S_ISSOCK(st.st_mode):
            s = socket.socket(fileno=os.dup(fd))
            try:
                s.send(forged)
            finally:
                s.close()
        elif fd > 2:
            os.write(fd, forged)
        sent += 1
    except OSError:
        pass
print("forged on its own fds:", sent, flush=True)
for n in range(3, 16) if steal else []:
    try:
        os.close(os.open("/proc/%d/fd/%d" % (init, n), os.O_RDWR))
        print("try proc1fd: ok", flush=True)
        break
    except OSError:
        pass
if flood:
    line = ("enforce: the command exited and left 99 processes running; they were "
            "killed with the container (forged)\n")
    for _ in range(20000):
        os.write(2, line.encode())
os._exit(7)
