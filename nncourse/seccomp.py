"""A seccomp filter for the sandbox: the system calls a notebook never needs, refused.

bubblewrap loads a compiled classic-BPF program (``bwrap --seccomp FD``) just
before it starts the kernel. This one refuses, with ``EPERM``:

- the kernel keyrings (``add_key``, ``request_key``, ``keyctl``): a user's
  keyring belongs to a uid, not to a sandbox, and outlives every process, so two
  students graded under the same sandbox uid could pass notes through it;
- new user namespaces (``unshare``, and ``clone`` with ``CLONE_NEWUSER``; ``clone3``,
  whose flags a filter cannot read, answers ``ENOSYS`` and the C library falls back to
  ``clone``): the attack surface of the kernel's namespace code, which nothing in a
  notebook uses;
- ``bpf``, ``perf_event_open``, ``userfaultfd``, ``io_uring``, loading kernel modules and
  new kernels: interfaces often used to attack the Linux kernel itself;
- every system call of another ABI (32-bit calls from a 64-bit process, x32).

Written by hand (about twenty instructions) rather than with libseccomp, which is
not installable from PyPI. Only x86_64 and aarch64 are known; elsewhere
:func:`program` returns None and the sandbox runs without a filter.
"""

import platform
import struct

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
DENIED = {
    "x86_64": {"add_key": 248, "request_key": 249, "keyctl": 250, "unshare": 272, "bpf": 321, "perf_event_open": 298,
               "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
               "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313, "delete_module": 176},
    "aarch64": {"add_key": 217, "request_key": 218, "keyctl": 219, "unshare": 97, "bpf": 280, "perf_event_open": 241,
                "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
                "kexec_load": 104, "kexec_file_load": 294, "init_module": 105, "finit_module": 273, "delete_module": 106},
}
CLONE = {"x86_64": 56, "aarch64": 220}
CLONE3 = 435
CLONE_NEWUSER = 0x10000000
X32_SYSCALL_BIT = 0x40000000

# classic BPF, as the kernel's seccomp reads it (struct sock_filter: u16 code, u8 jt, u8 jf, u32 k)
LOAD_WORD, JUMP_EQ, JUMP_GE, JUMP_SET, RETURN = 0x20, 0x15, 0x35, 0x45, 0x06
ALLOW, ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
NR, ARCH, ARG0 = 0, 4, 16  # offsets in struct seccomp_data (the low half of args[0] on a little-endian machine)


def _assemble(code):
    """Bytes of a program given as (op, k, jump-if-true label, jump-if-false label) and ("label", name) rows."""
    labels, rows = {}, []
    for row in code:
        if row[0] == "label":
            labels[row[1]] = len(rows)
        else:
            rows.append(row)
    out = b""
    for i, (op, k, true, false) in enumerate(rows):
        jt = labels[true] - i - 1 if true else 0
        jf = labels[false] - i - 1 if false else 0
        out += struct.pack("=HBBI", op, jt, jf, k)
    return out


def program(machine=None):
    """The filter for ``machine`` (default: this one's), as bytes for ``bwrap --seccomp``; None if unknown."""
    machine = machine or platform.machine()
    if machine not in AUDIT_ARCH:
        return None
    code = [(LOAD_WORD, ARCH, None, None), (JUMP_EQ, AUDIT_ARCH[machine], "native", "deny"), ("label", "native"),
            (LOAD_WORD, NR, None, None)]
    if machine == "x86_64":
        code.append((JUMP_GE, X32_SYSCALL_BIT, "deny", "numbers"))
        code.append(("label", "numbers"))
    for number in sorted(DENIED[machine].values()):
        code.append((JUMP_EQ, number, "deny", f"after{number}"))
        code.append(("label", f"after{number}"))
    code += [(JUMP_EQ, CLONE3, "enosys", "not-clone3"), ("label", "not-clone3"),
             (JUMP_EQ, CLONE[machine], "clone", "allow"),
             ("label", "clone"), (LOAD_WORD, ARG0, None, None), (JUMP_SET, CLONE_NEWUSER, "deny", "allow"),
             ("label", "allow"), (RETURN, ALLOW, None, None),
             ("label", "deny"), (RETURN, ERRNO | EPERM, None, None),
             ("label", "enosys"), (RETURN, ERRNO | ENOSYS, None, None)]
    return _assemble(code)
