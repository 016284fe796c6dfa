#!/usr/bin/env python3
"""Generate compiler/vocab/*_gen.c from kernel and libc headers.

What the compiler knows about the kernel is never typed by hand: this script
reads it from the headers and writes C tables that are checked in, so a
build needs no network and a reviewer can diff what a header upgrade changed.

Sources (see docs/seccomp.md, "Where the vocabulary comes from"):
  * syscall numbers: the uapi <asm/unistd*.h> of each architecture, from
    Debian's linux-libc-dev (arch: all, every architecture's headers) at
    LINUX_HEADERS_VERSION, newer than the host's bookworm 6.1 headers so the
    syscalls up to the 6.18 kernel we run on (mseal, listmount, ...) are known;
  * argument names and widths: the kernel's own prototypes, include/linux/
    syscalls.h and arch/x86/include/asm/syscalls.h, then the SYSCALL_DEFINEn()
    lines of the kernel sources, from Debian's linux-source of the same
    version; the syscall tables' entry point column maps a syscall name to
    its entry (stat -> sys_newstat);
  * constants, errno names, capabilities, rlimits: `cc -dM -E` over glibc's
    headers with the newer kernel uapi headers first on the include path, and
    the enumerators of the same headers; every value is computed by compiling
    and running a small C program, never parsed by hand.

Usage: tools/gen-vocab.py [OUTDIR]           (make vocab)
       tools/gen-vocab.py --fetch DIR        only download the pinned .debs into
                                             DIR (tests/lint/t_vocab.sh's cache)
  VOCAB_DEB_DIR=dir   use linux-libc-dev*.deb / linux-source*.deb found there
                      instead of downloading them with apt-get.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

LINUX_HEADERS_VERSION = "7.3.4-1~bpo13+1"
LINUX_SOURCE_PKG = "linux-source-7.3"
SUITE = "deb http://deb.debian.org/debian trixie-backports main"

# enum ir_arch order (compiler/ir.h); include dir and header per arch.
ARCHES = [
    ("x86_64", "x86_64-linux-gnu", "asm/unistd_64.h"),
    ("x86", "i386-linux-gnu", "asm/unistd_32.h"),
    ("x32", "x86_64-linux-gnux32", "asm/unistd_x32.h"),
    ("aarch64", "aarch64-linux-gnu", "asm/unistd_64.h"),
    ("arm", "arm-linux-gnueabihf", "asm/unistd-eabi.h"),
    ("riscv64", "riscv64-linux-gnu", "asm/unistd_64.h"),
    ("ppc64le", "powerpc64le-linux-gnu", "asm/unistd_64.h"),
    ("s390x", "s390x-linux-gnu", "asm/unistd_64.h"),
]

# Argument types the kernel reads as 32-bit ints: SYSCALL_DEFINE casts the
# register to the declared type, so only the low half counts.
INT32_TYPES = {
    "int", "unsigned int", "unsigned", "signed int", "u32", "__u32", "s32",
    "__s32", "pid_t", "uid_t", "gid_t", "old_uid_t", "old_gid_t", "umode_t",
    "key_serial_t", "clockid_t", "timer_t", "mqd_t", "rwf_t", "qid_t",
    "key_t", "unsigned short", "short", "u16", "__u16", "char",
    "unsigned char", "u8", "__kernel_old_uid_t", "__kernel_old_gid_t",
    "__kernel_pid_t", "__kernel_uid32_t", "__kernel_gid32_t", "old_sigset_t",
    "__kernel_key_t", "__kernel_mqd_t", "__kernel_clockid_t", "__kernel_timer_t",
}

TYPE_WORDS = {"long", "int", "short", "char", "unsigned", "signed", "void",
              "u8", "u16", "u32", "u64", "s32", "s64", "__u32", "__u64"}

# Constant families: a macro or enumerator whose name matches is kept.
CONST_HEADERS = [
    "sys/socket.h", "netinet/in.h", "netinet/tcp.h", "sys/un.h", "sched.h",
    "linux/sched.h", "sys/ioctl.h", "termios.h", "asm/ioctls.h", "sys/prctl.h",
    "fcntl.h", "linux/fcntl.h", "sys/mman.h", "sys/personality.h",
    "linux/personality.h", "sys/mount.h", "linux/mount.h", "signal.h",
    "sys/wait.h", "linux/futex.h", "linux/seccomp.h", "linux/keyctl.h",
    "linux/netlink.h", "asm/prctl.h", "sys/eventfd.h", "sys/signalfd.h",
    "sys/timerfd.h", "sys/inotify.h", "sys/epoll.h", "time.h",
    "linux/random.h", "linux/memfd.h", "linux/falloc.h", "linux/stat.h",
    "stdio.h", "sys/file.h", "linux/ioprio.h", "linux/sched/types.h",
    "linux/fs.h", "sys/xattr.h", "sys/ptrace.h", "linux/fanotify.h",
    "linux/close_range.h", "linux/landlock.h", "linux/membarrier.h",
    "linux/userfaultfd.h", "linux/bpf.h", "linux/perf_event.h",
    "linux/io_uring.h", "linux/audit.h", "linux/capability.h",
    "sys/resource.h", "errno.h", "linux/pidfd.h", "linux/kcmp.h",
    "linux/reboot.h", "sys/quota.h", "linux/if_ether.h", "sys/syslog.h",
    "sys/shm.h", "sys/msg.h", "sys/sem.h", "sys/ipc.h", "linux/mempolicy.h",
    "linux/nsfs.h", "linux/sockios.h", "linux/vt.h", "linux/kd.h",
    "linux/mman.h", "linux/openat2.h", "linux/rseq.h", "linux/prctl.h",
    "linux/time_types.h", "linux/uio.h", "linux/lsm.h", "linux/mseal.h",
]
CONST_PREFIXES = (
    "AF PF SOCK IPPROTO SOL SO MSG TCP CLONE PR O AT F FD PROT MAP MADV MREMAP "
    "MS MNT UMOUNT MOUNT_ATTR MOVE_MOUNT OPEN_TREE FSOPEN FSMOUNT FSPICK FSCONFIG "
    "PER ADDR SA SS W P FUTEX SECCOMP KEYCTL KEY_SPEC NETLINK ARCH EFD SFD TFD IN "
    "EPOLL CLOCK TIMER GRND MFD FALLOC_FL STATX SEEK LOCK IOPRIO SCHED RWF XATTR "
    "PTRACE FAN PIDFD CLOSE_RANGE LANDLOCK MEMBARRIER_CMD UFFD UFFDIO BPF PERF "
    "IORING AUDIT_ARCH RENAME KCMP LINUX_REBOOT Q ETH_P SYSLOG_ACTION SHM IPC "
    "MPOL NS MCL RESOLVE RSEQ FS SPLICE_F POSIX_FADV SYNC_FILE_RANGE RLIMIT SEM "
    "CAP LSM VT").split()
CONST_RE = re.compile(
    r"^(?:(?:%s)_[A-Za-z0-9_]+|TIOC[A-Z0-9_]+|TC[A-Z0-9]+|FIO[A-Z0-9_]+|"
    r"SIOC[A-Z0-9_]+|SIG[A-Z0-9]+|KD[A-Z0-9_]+|BLK[A-Z0-9_]+|FICLONE|"
    r"FICLONERANGE|FIDEDUPERANGE|CSIGNAL|UNAME26|MMAP_PAGE_ZERO|"
    r"READ_IMPLIES_EXEC|SHORT_INODE|WHOLE_SECONDS|STICKY_TIMEOUTS|"
    r"FDPIC_FUNCPTRS|WNOHANG|WUNTRACED|WEXITED|WSTOPPED|WCONTINUED|WNOWAIT|"
    r"GETALL|GETVAL|SETVAL|SETALL|GETPID|GETNCNT|GETZCNT)$" % "|".join(CONST_PREFIXES))
# Macros that match a family but are not constants a policy compares with.
CONST_SKIP_RE = re.compile(
    r"(_H|_H_|_DEFINED|_INCLUDED|_VISIBLE|_MAX_ERRNO)$|^(O_LARGEFILE_X|PRIO_|"
    r"SIG_ERR|SIG_DFL|SIG_IGN|SIG_HOLD|MAP_FAILED|FD_SET|FD_CLR|FD_ISSET|"
    r"FD_ZERO|IN_CLASS|IN_MULTICAST|IN_EXPERIMENTAL|IN_BADCLASS|IN_LOOPBACK|"
    r"SCHED_ATTR_SIZE|TIMER_ABSTIME_X|WEXITSTATUS|WTERMSIG|WSTOPSIG|WIFEXITED|"
    r"WIFSIGNALED|WIFSTOPPED|WIFCONTINUED|WCOREDUMP|W_EXITCODE|W_STOPCODE|"
    r"FUTEX_OP|SIGRTMIN|SIGRTMAX|SO_TIMESTAMP$|SO_TIMESTAMPNS$|SO_TIMESTAMPING$|"
    r"SO_RCVTIMEO$|SO_SNDTIMEO$|SIOCGSTAMP$|SIOCGSTAMPNS$|MSG_|SEEK_|"
    # glibc >= 2.34: sysconf(_SC_SIGSTKSZ), the generating CPU's signal
    # frame size, not a constant (the vocab check saw 0x38c0 and 0x34c0)
    r"SIGSTKSZ$|MINSIGSTKSZ$)"
)
# ...but MSG_* send/recv flags and SEEK_* are wanted: re-admitted here.
CONST_KEEP_RE = re.compile(r"^(MSG_[A-Z_]+|SEEK_(SET|CUR|END|DATA|HOLE))$")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def fetch_debs(work, debs=None):
    """Bring linux-libc-dev and linux-source at the pinned version into work
    (or into debs, when given)."""
    debdir = os.environ.get("VOCAB_DEB_DIR")
    if debdir and not debs:
        return debdir
    apt = os.path.join(work, "apt")
    for d in ("lists/partial", "cache/archives/partial"):
        os.makedirs(os.path.join(apt, d), exist_ok=True)
    with open(os.path.join(apt, "sources.list"), "w") as f:
        f.write(SUITE + "\n")
    opts = ["-o", "Dir::Etc::sourcelist=" + os.path.join(apt, "sources.list"),
            "-o", "Dir::Etc::sourceparts=-",
            "-o", "Dir::State::Lists=" + os.path.join(apt, "lists"),
            "-o", "Dir::Cache=" + os.path.join(apt, "cache"),
            "-o", "APT::Get::List-Cleanup=0"]
    run(["apt-get"] + opts + ["update"])
    debs = debs or os.path.join(work, "debs")
    os.makedirs(debs, exist_ok=True)
    for pkg in ("linux-libc-dev", LINUX_SOURCE_PKG):
        try:
            run(["apt-get"] + opts + ["download", pkg + "=" + LINUX_HEADERS_VERSION], cwd=debs)
        except subprocess.CalledProcessError:
            # The archive keeps few versions: take the suite's current one
            # and say so (the generated files name what they came from).
            print("gen-vocab: %s %s is gone from %s; using its current version"
                  % (pkg, LINUX_HEADERS_VERSION, SUITE), file=sys.stderr)
            run(["apt-get"] + opts + ["download", pkg], cwd=debs)
    return debs


def unpack(debdir, work):
    global HEAD
    hdr_deb = glob.glob(os.path.join(debdir, "linux-libc-dev_*.deb"))[0]
    version = run(["dpkg-deb", "-f", hdr_deb, "Version"]).strip()
    HEAD = HEAD.replace(LINUX_HEADERS_VERSION, version)
    src_deb = glob.glob(os.path.join(debdir, LINUX_SOURCE_PKG + "_*.deb"))[0]
    root = os.path.join(work, "hdr")
    run(["dpkg-deb", "-x", hdr_deb, root])
    srcroot = os.path.join(work, "src")
    os.makedirs(srcroot)
    top = LINUX_SOURCE_PKG
    pats = [top + "/include/linux/syscalls.h", top + "/arch/x86/include/asm/syscalls.h",
            top + "/arch/x86/entry/syscalls/*.tbl", top + "/scripts/syscall.tbl"]
    pats += [top + "/" + d + "/*.c" for d in ("kernel", "fs", "mm", "ipc", "net",
                                              "security", "io_uring", "block",
                                              "arch/x86", "arch/arm64", "arch/riscv")]
    sh = ("dpkg-deb --fsys-tarfile '%s' | tar -xO ./usr/src/%s.tar.xz | xz -dc -T0 | "
          "tar -x -C '%s' --wildcards %s" % (src_deb, top, srcroot,
                                             " ".join("'%s'" % p for p in pats)))
    subprocess.run(sh, shell=True, check=True)
    return os.path.join(root, "usr/include"), os.path.join(srcroot, top)


# ---- syscall numbers -------------------------------------------------------

def syscall_numbers(inc):
    tables = {}
    sym = {"__NR_SYSCALL_BASE": 0, "__X32_SYSCALL_BIT": 0x40000000}
    for arch, triplet, header in ARCHES:
        path = os.path.join(inc, triplet, header)
        nums = {}
        for line in open(path):
            m = re.match(r"#define\s+__NR_([a-z0-9_]+)\s+(.+?)\s*$", line)
            if not m:
                continue
            expr = m.group(2)
            for k, v in sym.items():
                expr = expr.replace(k, str(v))
            if not re.fullmatch(r"[0-9xa-fA-F()+ ]+", expr):
                sys.exit("gen-vocab: %s: cannot evaluate %s" % (path, line.strip()))
            nums[m.group(1)] = eval(expr)
        if len(nums) < 250:
            sys.exit("gen-vocab: %s: only %d syscalls" % (path, len(nums)))
        tables[arch] = nums
    return tables


# ---- syscall arguments -----------------------------------------------------

def split_params(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = " ".join(text.split())
    if text in ("", "void"):
        return []
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def param(p):
    """'const char __user *filename' -> ('filename', is_32bit)."""
    p = p.replace("__user", " ").replace("__force", " ")
    m = re.match(r"(.*?)([A-Za-z_][A-Za-z0-9_]*)\s*(\[\s*\])?$", p.strip())
    if not m:
        return None
    typ, name = m.group(1), m.group(2)
    if not typ.strip() or name in TYPE_WORDS or name.endswith("_t"):
        return None  # an unnamed parameter: the prototype gives no name
    if "*" in typ or m.group(3):
        return (name, False)
    typ = " ".join(typ.replace("const", " ").replace("volatile", " ").split())
    return (name, typ in INT32_TYPES)


def prototypes(src):
    protos = {}  # entry name without sys_ -> [(argname, is32)]

    def add(name, params, prio):
        args = [param(p) for p in params]
        if None in args or len(args) > 6:
            return
        # Same priority: the later one wins, so of kernel/fork.c's #ifdef
        # variants of clone the generic #else branch (last) is taken.
        if name not in protos or protos[name][0] >= prio:
            protos[name] = (prio, args)

    for prio, rel in ((0, "arch/x86/include/asm/syscalls.h"), (1, "include/linux/syscalls.h")):
        text = open(os.path.join(src, rel)).read()
        for m in re.finditer(r"asmlinkage\s+[A-Za-z_ ]+?\bsys_([a-z0-9_]+)\s*\(([^;]*?)\)\s*;", text, re.S):
            add(m.group(1), split_params(m.group(2)), prio)
    for path in sorted(glob.glob(os.path.join(src, "**/*.c"), recursive=True)):
        prio = 2 if "/arch/x86/" in path else (4 if "/arch/" in path else 3)
        text = open(path, errors="replace").read()
        for m in re.finditer(r"\bSYSCALL_DEFINE(\d)\(\s*([a-z0-9_]+)\s*((?:,[^)]*?)?)\)\s*\{?", text, re.S):
            n = int(m.group(1))
            parts = [x.strip() for x in split_params(m.group(3).lstrip(","))] if n else []
            if len(parts) != 2 * n:
                continue
            add(m.group(2), ["%s %s" % (parts[i], parts[i + 1]) for i in range(0, 2 * n, 2)], prio)
    return {k: v[1] for k, v in protos.items()}


def entry_points(src):
    """syscall name -> entry point name (without sys_), from the .tbl files."""
    entries = {}
    for rel in ("arch/x86/entry/syscalls/syscall_64.tbl",
                "arch/x86/entry/syscalls/syscall_32.tbl", "scripts/syscall.tbl"):
        for line in open(os.path.join(src, rel)):
            f = line.split()
            if len(f) < 4 or f[0].startswith("#"):
                continue
            entry = re.sub(r"^(__x64_|__ia32_)?sys_", "", f[3])
            entries.setdefault(f[2], entry)
    return entries


def man_prototypes(mandir="/usr/share/man/man2"):
    """name -> [argname] from the SYNOPSIS of the man-pages (section 2), the
    names users read: socket(domain, type, protocol), personality(persona)."""
    protos = {}
    own = set()  # names taken from their own page (ioctl.2 over ioctl_*.2)
    for path in sorted(glob.glob(os.path.join(mandir, "*.2.gz"))):
        page = os.path.basename(path)[:-len(".2.gz")]
        text = subprocess.run(["zcat", path], capture_output=True, text=True,
                              errors="replace").stdout
        m = re.search(r"^\.SH SYNOPSIS\n(.*?)^\.SH ", text, re.S | re.M)
        if not m:
            continue
        syn = m.group(1).replace("\\\n", " ")
        syn = re.sub(r"\\f[BIRP]", "", syn)
        syn = re.sub(r"^\.(BI|BR|IR|RB|B|I)\s", "", syn, flags=re.M)
        syn = re.sub(r"/\*.*?\*/", " ", syn, flags=re.S)
        syn = re.sub(r"^\..*$", " ", syn, flags=re.M)
        syn = syn.replace('"', "").replace("_Nullable", "").replace("_Nonnull", "")
        syn = " ".join(syn.split())
        for pm in re.finditer(r"\b([a-z_0-9]+)\(((?:[^()]|\([^()]*\))*)\);", syn):
            params = [x for x in split_params(pm.group(2)) if x != "..."]
            names = []
            for prm in params:
                nm = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*(\[[^]]*\])?$", prm)
                if not nm or nm.group(1) in TYPE_WORDS or nm.group(1) == prm:
                    names = None
                    break
                names.append(nm.group(1))
            fn = pm.group(1)
            if names is None or (fn in own and fn != page):
                continue
            if fn == page and fn not in own:
                own.add(fn)
                protos[fn] = names
            elif len(names) >= len(protos.get(fn, [])):
                protos[fn] = names
    return protos


# clone(2) documents the glibc wrapper in SYNOPSIS and the raw x86-64 call
# only in NOTES: "long clone(unsigned long flags, void *stack, int
# *parent_tid, int *child_tid, unsigned long tls);". The one alias set taken
# from prose rather than a prototype.
MAN_EXTRA = {"clone": ["flags", "stack", "parent_tid", "child_tid", "tls"]}


def syscall_args(names, src):
    protos = prototypes(src)
    entries = entry_points(src)
    man = man_prototypes()
    man.update(MAN_EXTRA)
    args = {}
    for name in names:
        for cand in (entries.get(name), name, "new" + name):
            if cand and cand in protos:
                kern = protos[cand]
                alias = man.get(name) or []
                if len(alias) > len(kern):
                    alias = []  # the page documents a different shape
                # The page may stop early (ioctl(fd, request, ...)): the
                # kernel's names fill the rest.
                alias = alias + [a for a, _ in kern[len(alias):]]
                # (man-page name, kernel name, is_32bit) per argument
                args[name] = [(alias[i], kern[i][0], kern[i][1]) for i in range(len(kern))]
                break
    return args


# ---- constants -------------------------------------------------------------

def cc_flags(inc):
    # Newer kernel uapi first, then glibc: the pairing Debian itself ships.
    return ["-I", os.path.join(inc, "x86_64-linux-gnu"), "-I", inc]


def evaluate(names, headers, inc, work):
    """Compile a program that prints every name's value; drop the names the
    compiler rejects (not integer constants) and try again."""
    names = sorted(set(names))
    src = os.path.join(work, "consts.c")
    exe = os.path.join(work, "consts")
    for _ in range(100):
        with open(src, "w") as f:
            f.write("#define _GNU_SOURCE\n")
            for h in headers:
                f.write("#include <%s>\n" % h)
            f.write("#include <stdio.h>\n#include <stdint.h>\nint main(void){\n")
            for n in names:
                # the type class keeps integers (1..4) and drops pointers
                # (string macros such as FS_KEY_DESC_PREFIX)
                f.write("printf(\"%%s %%llu %%d\\n\", \"%s\", (unsigned long long)(uint64_t)(%s + 0), "
                        "__builtin_classify_type(%s));\n" % (n, n, n))
            f.write("return 0;}\n")
        p = subprocess.run(["cc", "-w", "-fmax-errors=0", "-o", exe, src] + cc_flags(inc), text=True,
                           capture_output=True)
        if p.returncode == 0:
            out = run([exe])
            return {l.split()[0]: int(l.split()[1]) for l in out.splitlines()
                    if 1 <= int(l.split()[2]) <= 4}
        bad = set()
        for m in re.finditer(re.escape(src) + r":(\d+):\d+: (?:error|note: in expansion)", p.stderr):
            line = int(m.group(1)) - len(headers) - 5
            if 0 <= line < len(names):
                bad.add(names[line])
        if not bad:
            sys.exit("gen-vocab: cannot compile constants:\n" + p.stderr[:3000])
        names = [n for n in names if n not in bad]
    sys.exit("gen-vocab: constants did not converge")


def usable_headers(headers, inc, work):
    ok = []
    for h in headers:
        src = os.path.join(work, "h.c")
        with open(src, "w") as f:
            f.write("#define _GNU_SOURCE\n" + "".join("#include <%s>\n" % x for x in ok + [h]))
        if subprocess.run(["cc", "-fsyntax-only", "-w", src] + cc_flags(inc),
                          capture_output=True).returncode == 0:
            ok.append(h)
        else:
            print("gen-vocab: skipping header %s (does not combine)" % h, file=sys.stderr)
    return ok


def candidates(headers, inc, work):
    src = os.path.join(work, "all.c")
    with open(src, "w") as f:
        f.write("#define _GNU_SOURCE\n" + "".join("#include <%s>\n" % h for h in headers))
    macros = run(["cc", "-dM", "-E", src] + cc_flags(inc))
    names = set()
    for line in macros.splitlines():
        m = re.match(r"#define ([A-Z][A-Z0-9_]*) ", line)
        if m:
            names.add(m.group(1))
    # Enumerators (glibc's PER_*, IPPROTO_*, kernel enums): from the
    # preprocessed text, `NAME = value,` or `NAME,` inside enum bodies.
    pre = run(["cc", "-E", "-P", src] + cc_flags(inc))
    for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", pre):
        for item in body.split(","):
            m = re.match(r"\s*([A-Z][A-Z0-9_]*)\s*(=|$)", item)
            if m:
                names.add(m.group(1))
    return names


def constants(inc, work):
    headers = usable_headers(CONST_HEADERS, inc, work)
    names = candidates(headers, inc, work)
    fam = [n for n in names if CONST_RE.match(n) and
           (not CONST_SKIP_RE.search(n) or CONST_KEEP_RE.match(n))
           and not n.startswith("__")]
    vals = evaluate(fam, headers, inc, work)
    errnos = evaluate([n for n in names if re.fullmatch(r"E[A-Z0-9]+", n)],
                      ["errno.h"], inc, work)
    errnos = {n: v for n, v in errnos.items() if 0 < v < 4096}
    caps = {n: v for n, v in vals.items() if re.fullmatch(r"CAP_[A-Z_]+", n)
            and n not in ("CAP_LAST_CAP",) and v < 64}
    rlims = {n: v for n, v in vals.items() if re.fullmatch(r"RLIMIT_[A-Z]+", n)
             and n not in ("RLIMIT_NLIMITS", "RLIMIT_OFILE") and v < 16}
    consts = {n: v for n, v in vals.items() if not n.startswith(("CAP_", "RLIMIT_"))}
    return consts, errnos, caps, rlims


# ---- output ----------------------------------------------------------------

HEAD = ("/* GENERATED by tools/gen-vocab.py from Debian linux-libc-dev and "
        "linux-source %s\n * and the host's glibc headers. Do not edit: "
        "run `make vocab`. */\n" % LINUX_HEADERS_VERSION)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def emit_syscalls(out, tables, args):
    lines = [HEAD, '#include "vocab_gen.h"\n']
    for arch, _, _ in ARCHES:
        items = sorted(tables[arch].items())
        lines.append("const struct vocab_sc vocab_sc_%s[] = {" % arch)
        lines += ['\t{"%s", %d},' % (n, v) for n, v in items]
        lines.append("};\nconst size_t vocab_sc_%s_count = %d;\n" % (arch, len(items)))
    lines.append("/* name, count, mask of 32-bit args, man-page names, kernel names */")
    lines.append("const struct vocab_sc_args vocab_sc_args[] = {")
    for name in sorted(args):
        a = args[name]
        names = ", ".join('"%s"' % x[0] for x in a) or "NULL"
        knames = ", ".join('"%s"' % x[1] for x in a) or "NULL"
        mask = sum(1 << i for i, x in enumerate(a) if x[2])
        lines.append('\t{"%s", %d, 0x%02x, {%s}, {%s}},' % (name, len(a), mask, names, knames))
    lines.append("};\nconst size_t vocab_sc_args_count = %d;\n" % len(args))
    write(os.path.join(out, "syscalls_gen.c"), "\n".join(lines))


def emit_named(lines, cname, table, fmt):
    lines.append("const struct vocab_named %s[] = {" % cname)
    lines += ['\t{"%s", %s},' % (n, fmt(v)) for n, v in sorted(table.items())]
    lines.append("};\nconst size_t %s_count = %d;\n" % (cname, len(table)))


def emit_constants(out, consts, errnos, caps, rlims):
    lines = [HEAD, '#include "vocab_gen.h"\n']
    emit_named(lines, "vocab_constants", consts, lambda v: "UINT64_C(0x%x)" % v)
    emit_named(lines, "vocab_errnos", errnos, str)
    emit_named(lines, "vocab_caps", caps, str)
    emit_named(lines, "vocab_rlimits", rlims, str)
    write(os.path.join(out, "constants_gen.c"), "\n".join(lines))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--fetch":
        with tempfile.TemporaryDirectory(prefix="gen-vocab.") as work:
            fetch_debs(work, os.path.abspath(sys.argv[2]))
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "compiler/vocab"
    with tempfile.TemporaryDirectory(prefix="gen-vocab.") as work:
        inc, src = unpack(fetch_debs(work), work)
        tables = syscall_numbers(inc)
        allnames = set().union(*[set(t) for t in tables.values()])
        args = syscall_args(sorted(allnames), src)
        consts, errnos, caps, rlims = constants(inc, work)
        emit_syscalls(out, tables, args)
        emit_constants(out, consts, errnos, caps, rlims)
        missing = sorted(allnames - set(args))
        print("gen-vocab: %d syscall names, %d with argument names (without: %s); "
              "%d constants, %d errno, %d capabilities, %d rlimits"
              % (len(allnames), len(args), " ".join(missing), len(consts), len(errnos),
                 len(caps), len(rlims)), file=sys.stderr)


if __name__ == "__main__":
    main()
