#!/usr/bin/env python3
"""bench/adapters/ripgrep.py - the no-index baseline (ripgrep.sh).

  ripgrep.py FILES QUERIES LIMIT TIMES

Each query runs rg -F -i -l (fixed string, case-insensitive, file names)
over FILES: a "phrase" as one string; words one rg run each, the first over
the whole folder, each next one only over the files that matched so far
(AND).  No ranking: hits are in path order.  The time of a query is the
wall time of its rg processes (time.perf_counter()).
"""
import subprocess
import sys
import time

RG = ["rg", "-F", "-i", "-l", "--no-ignore", "--no-messages", "--"]


def run(files, q):
    q = q.strip()
    terms = [q[1:-1]] if len(q) >= 2 and q[0] == q[-1] == '"' else q.split()
    found = None
    for t in terms:
        if found == []:
            break
        if found is None:
            args = [RG + [t, "."]]
        else:
            args = [RG + [t] + found[i:i + 2000] for i in range(0, len(found), 2000)]
        nxt = []
        for a in args:
            p = subprocess.run(a, cwd=files, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            nxt += p.stdout.decode("utf-8", "replace").splitlines()
        found = nxt
    return sorted(f[2:] if f.startswith("./") else f for f in found or [])


def main():
    files, queries, limit, times = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(queries, encoding="utf-8") as f, open(times, "w") as tf:
        for line in f:
            qid, _, q = line.rstrip("\n").partition("\t")
            t0 = time.perf_counter()
            hits = run(files, q)
            ms = (time.perf_counter() - t0) * 1000
            for i, h in enumerate(hits[:limit] if limit else hits):
                sys.stdout.write("%s\t%d\t%s\n" % (qid, i + 1, h))
            tf.write("%s\t%.3f\n" % (qid, ms))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main()
