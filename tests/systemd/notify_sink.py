# The service manager's end of sd_notify(3), for the tests: a datagram
# socket at a path (or @abstract name) given on the command line, as
# systemd's NOTIFY_SOCKET is. Each datagram becomes one line in the output
# file: the sender's pid (SO_PASSCRED, as systemd checks NotifyAccess=), the
# number of fds that arrived with it (SCM_RIGHTS), and its text. Runs until
# killed; prints "ready" once bound.
import array
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
addr = "\0" + path[1:] if path.startswith("@") else path
if not path.startswith("@"):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(addr)
if not path.startswith("@"):
    os.chmod(path, 0o777)  # as systemd's /run/systemd/notify
print("ready", flush=True)
with open(out, "a", buffering=1) as f:
    while True:
        msg, anc, flags, _ = s.recvmsg(65536, socket.CMSG_SPACE(64 * 4) + socket.CMSG_SPACE(12))
        pid, nfds = 0, 0
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = int.from_bytes(data[0:4], "little")
            elif level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds = array.array("i")
                fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
                nfds += len(fds)
                for fd in fds:
                    os.close(fd)
        text = msg.decode("utf-8", "replace").replace("\n", "|")
        f.write(f"pid={pid} fds={nfds} {text}\n")
