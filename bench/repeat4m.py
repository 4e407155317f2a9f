#!/usr/bin/env python3
"""Every message of the corpora repeated to a 4 MiB paste, analysed by the parser alone.

    cargo build --release -p triage --example scan
    python3 bench/repeat4m.py [--scan BIN] [--compare OLD_BIN] [DIR ...]

Issue 15 bounds the analysis of *any* 4 MiB paste at 0.5 s. A message repeated until the paste is
4 MiB is the costly kind (every line a failure, or one message thousands of times), and each
corpus message stands for a kind of message. For each `*.txt` under the folders (default: the
repository's fixtures, and ../shared's corpora when present) this writes the repeated paste to a
temporary file, runs the scanner on it once, and reads its CPU time (user + system) from the
operating system. It prints the slowest, how many took over 0.5 s, and the median.

--compare OLD_BIN also runs OLD_BIN on each paste (and on the message alone) and counts the reports
that differ: a speed-up must not change a single report.
"""
import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile

LIMIT = 4 << 20
BOUND_S = 0.5


def cpu_of(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan", default=os.path.join(root, "target/release/examples/scan"))
    parser.add_argument("--compare", help="an older scanner whose reports must be the same")
    parser.add_argument("dirs", nargs="*")
    args = parser.parse_args()
    dirs = args.dirs or [
        os.path.join(root, "tests/fixtures"),
        os.path.join(root, "../shared/oom-corpus"),
        os.path.join(root, "../shared/cause-corpus"),
    ]
    files = sorted(
        f for d in dirs if os.path.isdir(d) for f in glob.glob(os.path.join(d, "**/*.txt"), recursive=True)
    )
    if not files:
        sys.exit("repeat4m: no *.txt under " + ", ".join(dirs))
    if not os.access(args.scan, os.X_OK):
        sys.exit(f"repeat4m: no scanner at {args.scan}: cargo build --release -p triage --example scan")
    times, differ = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        paste = os.path.join(tmp, "paste.txt")
        for f in files:
            data = open(f, "rb").read()
            if not data.strip():
                continue
            if not data.endswith(b"\n"):
                data += b"\n"
            open(paste, "wb").write((data * (LIMIT // len(data) + 1))[:LIMIT])
            cpu, out = cpu_of([args.scan, paste])
            times.append((cpu, os.path.relpath(f, root)))
            if args.compare:
                _, old = cpu_of([args.compare, paste])
                _, one_new = cpu_of([args.scan, f])
                _, one_old = cpu_of([args.compare, f])
                if out != old or one_new != one_old:
                    differ += 1
                    print("differs:", os.path.relpath(f, root))
    times.sort(reverse=True)
    for cpu, f in times[:10]:
        print(f"{cpu:6.3f} s  {f}")
    over = sum(1 for cpu, _ in times if cpu > BOUND_S)
    median = statistics.median(cpu for cpu, _ in times)
    print(f"{len(times)} pastes of 4 MiB: {over} over {BOUND_S} s; median {median:.3f} s, slowest {times[0][0]:.3f} s")
    if args.compare:
        print(f"reports that differ from {args.compare}: {differ}")


if __name__ == "__main__":
    main()
