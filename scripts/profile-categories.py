#!/usr/bin/env python3
"""Where a process's CPU time goes, by category: reads `perf script -F comm,tid,ip,sym,dso` output (call graphs) and
charges each sample to the category of its innermost frame (kernel samples: by the first kernel function on the stack
that names what the kernel was doing; managed code: by namespace). Prints a table per file. Used by scripts/profile-http."""
import collections
import re
import sys

KERNEL = [
    ("kernel: network (TCP over loopback, epoll)", re.compile(r"tcp_|sock|epoll|inet_|ip_|skb|net_rx|__dev_queue|loopback|netif|recv|send")),
    ("kernel: disk (fdatasync, file writes)", re.compile(r"ext4|jbd2|blk_|fsync|fdatasync|writeback|filemap|iomap|virtio|vp_notify|iowrite")),
    ("kernel: scheduling, futex, yield", re.compile(r"schedule|futex|sched_yield|switch|wake_up|try_to_wake|pick_next|idle|hrtimer|nanosleep")),
    ("kernel: memory (page faults, mmap)", re.compile(r"page_fault|handle_mm|do_anonymous|clear_page|mmap|munmap|madvise|exc_page")),
]
MANAGED = [
    ("Kestrel (HTTP/1.1 parsing, connections)", ("Microsoft.AspNetCore.Server.Kestrel",)),
    ("ASP.NET Core (routing, middleware, auth, problem details)", ("Microsoft.AspNetCore.", "Microsoft.Extensions.Primitives", "Microsoft.Net.Http")),
    ("JSON (System.Text.Json)", ("System.Text.Json",)),
    ("Orleans (messaging, scheduling, serialization)", ("Orleans.",)),
    ("ledger: HTTP endpoints (OversightLedger.Server)", ("OversightLedger.Server",)),
    ("ledger: grains", ("OversightLedger.Grains",)),
    ("ledger: domain (decisions, canonical entries)", ("OversightLedger.Domain",)),
    ("ledger: log (hashing, tiles, journal)", ("OversightLedger.Transparency",)),
    ("logging (Serilog)", ("Serilog", "Microsoft.Extensions.Logging")),
    ("sockets, pipelines, HTTP client (managed)", ("System.Net.", "System.IO.Pipelines")),
    ("crypto (managed)", ("System.Security.Cryptography", "NSec")),
    ("async state machines, thread pool, locks", ("System.Threading", "System.Runtime.CompilerServices")),
    ("BCL: strings, collections, other", ("System.",)),
]


def samples(path):
    block = []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if block:
                    yield block
                block = []
            else:
                block.append(line)
    if block:
        yield block


FRAME = re.compile(r"^\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$")


def category(comm, frames):
    if comm.startswith(".NET Server GC") or comm.startswith(".NET BGC") or comm.startswith(".NET Background GC"):
        return "garbage collection (GC threads)"
    if not frames:
        return "unknown"
    sym, dso = frames[0]
    if "kernel" in dso:
        for s, d in frames:
            if "kernel" not in d:
                break
            for name, pattern in KERNEL:
                if pattern.search(s):
                    return name
        return "kernel: other"
    if "libcoreclr" in dso:
        return "runtime (libcoreclr: allocation, GC on user threads, casts, stubs)"
    if "libclrjit" in dso:
        return "JIT compiler"
    if "libcrypto" in dso or "libssl" in dso or "libsodium" in dso:
        return "crypto (native: SHA-256, signatures)"
    if "libc" in dso or "ld-linux" in dso or "libpthread" in dso:
        return "libc (memcpy, syscalls wrappers)"
    if "libSystem" in dso:
        return "runtime native shims (libSystem.*)"
    if sym.startswith("stub "):
        return "runtime stubs (virtual dispatch, generic lookups, write barriers)"
    declaring = sym.split("::", 1)[0].split(" ")[-1] if "::" in sym else sym
    for name, prefixes in MANAGED:
        if any(declaring.startswith(p) for p in prefixes):
            return name
    if sym.startswith("[unknown]") or re.fullmatch(r"0x[0-9a-f]+", sym or "") or not sym:
        return "unresolved frames (" + (dso.split("/")[-1] or "?") + ")"
    return "other: " + dso.split("/")[-1]


STAGES = [name for name, _ in MANAGED if not name.startswith(("BCL", "async", "crypto (managed)", "sockets"))]


def declaring_type(sym):
    return sym.split("::", 1)[0].split(" ")[-1] if "::" in sym else ""


def attributed(comm, frames):
    """The innermost frame on the stack that belongs to a named component: whose code the sample's time was spent for."""
    if comm.startswith(".NET Server GC") or comm.startswith(".NET BGC") or comm.startswith(".NET Background GC"):
        return "garbage collection (GC threads)"
    if any("libclrjit" in d for _, d in frames):
        return "JIT compiler"
    for sym, dso in frames:
        declaring = declaring_type(sym)
        for name, prefixes in MANAGED:
            if name in STAGES and any(declaring.startswith(p) for p in prefixes):
                return name
    if comm.startswith(".NET Sockets") or comm.startswith(".NET SynchManag"):
        return "socket engine thread (epoll loop)"
    if frames and "kernel" in frames[0][1]:
        return category(comm, frames)
    return "not attributed (thread pool, timers, runtime): " + (comm or "?")


def report(path):
    counts = collections.Counter()
    stages = collections.Counter()
    leaves = collections.Counter()
    total = 0
    for block in samples(path):
        header = block[0].split()
        comm = " ".join(header[:-1]) if len(header) > 1 else header[0]
        frames = []
        for line in block[1:]:
            m = FRAME.match(line)
            if m:
                frames.append((m.group(2), m.group(3)))
        total += 1
        counts[category(comm, frames)] += 1
        stages[attributed(comm, frames)] += 1
        if frames:
            leaves[frames[0][0][:110]] += 1
    print(f"\n### {path}: {total} samples\n")
    print("| category | share of CPU samples |\n| --- | ---: |")
    for name, n in counts.most_common():
        print(f"| {name} | {100.0 * n / max(1, total):.1f} % |")
    print("\n| attributed to (innermost component frame on the stack) | share |\n| --- | ---: |")
    for name, n in stages.most_common():
        print(f"| {name} | {100.0 * n / max(1, total):.1f} % |")
    print("\ntop frames (self):")
    for name, n in leaves.most_common(25):
        print(f"  {100.0 * n / max(1, total):5.1f} %  {name}")


for p in sys.argv[1:]:
    report(p)
