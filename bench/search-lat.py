#!/usr/bin/env python3
"""bench/search-lat.py - run the query set against every engine, print
latency percentiles per engine and query class.  Driven by
bench/bench-search.sh (see there and bench/README.md, "Search benchmark").

In-process engines are small programs that read  qid<TAB>class<TAB>query
on stdin and print  qid<TAB>class<TAB>hits<TAB>total<TAB>microseconds
(bench/peers/*).  Process-per-query engines (sousuo-search, ripgrep) are
timed here around subprocess.run() with time.perf_counter_ns().

In-process engines run --rounds times, taking turns (engine A, B, C, A,
B, C, ...), and each query's latency is its median over the rounds: a
burst of load from another job then hits one round of every engine
instead of all of one engine's queries.
"""
import argparse
import math
import os
import resource
import subprocess
import sys
import time


def load_queries(path):
    qs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, cls, q = line.rstrip("\n").split("\t", 2)
            qs.append((qid, cls, q))
    return qs


def fts5_sql(q):
    """sousuo-style query (space-separated terms, implicit AND) -> SQL for
    an FTS5 trigram table: terms of 3+ characters go to MATCH as quoted
    strings (substring match); shorter ones, which the trigram index cannot
    answer, become a scan of the text: LIKE '%..%' for ASCII, instr() for
    the rest, because SQLite 3.40's trigram LIKE/GLOB with a pattern under
    3 characters but of 3+ bytes (any 2 CJK characters) returns no rows."""
    match, like = [], []
    for t in q.split():
        if len(t) >= 3:
            match.append('"%s"' % t.replace('"', '""'))
        elif t.isascii():
            like.append("body LIKE '%%%s%%'" % t.replace("'", "''").replace("%", ""))
        else:
            like.append("instr(body, '%s') > 0" % t.replace("'", "''"))
    where = []
    if match:
        where.append("docs MATCH '%s'" % " AND ".join(match).replace("'", "''"))
    where += like
    order = " ORDER BY rank" if match else ""
    return "SELECT path FROM docs WHERE %s%s LIMIT 10" % (" AND ".join(where), order)


def run_inproc(cmd, qs, transform=None):
    """One pass of every query in a fresh process (the warm-up pass is the
    first round, see rounds())."""
    data = "".join("%s\t%s\t%s\n" % (qid, cls, transform(q) if transform else q)
                   for qid, cls, q in qs)
    p = subprocess.run(cmd, input=data.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write("search-lat: %s failed: %s\n" % (cmd[0], p.stderr.decode()[-500:]))
        return None
    out = {}
    for line in p.stdout.decode().splitlines():
        qid, cls, hits, _total, us, cpu = line.split("\t")
        out[qid] = (int(hits), float(us) / 1000.0, float(cpu) / 1000.0)
    return out


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def rounds(engines, n):
    """Run the in-process engines n times each, taking turns, after one
    warm-up round; per query the median wall and CPU time over the rounds."""
    runs = {name: [] for name, _, _ in engines}
    for rnd in range(n + 1):
        for name, _, fn in engines:
            r = fn()
            if r is None:
                runs[name] = None
            elif runs[name] is not None and rnd > 0:
                runs[name].append(r)
        sys.stderr.write("search-lat: round %d of %d done\n" % (rnd, n))
    out = {}
    for name, rs in runs.items():
        if not rs:
            continue
        out[name] = {qid: (rs[0][qid][0], median([r[qid][1] for r in rs]),
                           median([r[qid][2] for r in rs]))
                     for qid in rs[0] if all(qid in r for r in rs)}
    return out


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(argv, **kw):
    t0 = time.perf_counter_ns()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw)
    return p, (time.perf_counter_ns() - t0) / 1e6


def run_sousuo_cli(bin_, idx, qs, warm):
    out = {}
    for i, (qid, cls, q) in enumerate(qs[:warm] + qs):
        c0 = children_cpu()
        p, ms = timed([bin_, "--index", idx, "--json", "--limit", "10", "--", q])
        cpu = (children_cpu() - c0) * 1000
        hits = sum(1 for l in p.stdout.splitlines() if b'"type":"hit"' in l)
        if p.returncode == 1 or b'"partial":true' in p.stdout:
            hits = 0
        if i >= warm:
            out[qid] = (hits, ms, cpu)
    return out


def run_true(qs, warm):
    out = {}
    for i, (qid, cls, q) in enumerate(qs[:warm] + qs):
        c0 = children_cpu()
        _, ms = timed(["/bin/true", q])
        if i >= warm:
            out[qid] = (0, ms, (children_cpu() - c0) * 1000)
    return out


def run_rg(files, qs, warm):
    """rg -F -i -l per term; later terms only over the files the earlier
    ones matched (implicit AND, like the indexed engines)."""
    base = ["rg", "-F", "-i", "-l", "--no-ignore", "--no-messages"]
    out = {}
    for i, (qid, cls, q) in enumerate(qs[:warm] + qs):
        terms = q.split()
        c0 = children_cpu()
        t0 = time.perf_counter_ns()
        p = subprocess.run(base + ["--", terms[0], "."], cwd=files,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        found = p.stdout.decode("utf-8", "replace").splitlines()
        for t in terms[1:]:
            if not found:
                break
            nxt = []
            for j in range(0, len(found), 2000):
                p = subprocess.run(base + ["--", t] + found[j:j + 2000], cwd=files,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                nxt += p.stdout.decode("utf-8", "replace").splitlines()
            found = nxt
        ms = (time.perf_counter_ns() - t0) / 1e6
        if i >= warm:
            out[qid] = (len(found), ms, (children_cpu() - c0) * 1000)
    return out


def pct(xs, p):
    """Nearest-rank percentile."""
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100.0 * len(xs)) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True, help="folder for per-query results")
    ap.add_argument("--sousuo-lat")
    ap.add_argument("--sousuo-search")
    ap.add_argument("--sousuo-index")
    ap.add_argument("--xapian-qp")
    ap.add_argument("--omindex-db")
    ap.add_argument("--fts5-lat")
    ap.add_argument("--fts5-db")
    ap.add_argument("--files", help="corpus files for ripgrep")
    ap.add_argument("--warm", type=int, default=30,
                    help="warm-up queries for process-per-query engines")
    ap.add_argument("--skip", default="", help="engines to skip (comma list)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="measured rounds of the in-process engines (median per query)")
    a = ap.parse_args()
    qs = load_queries(a.queries)
    skip = set(filter(None, a.skip.split(",")))
    engines = []
    if a.sousuo_lat and "sousuo-lib" not in skip:
        engines.append(("sousuo-lib", "sousuo_search(), in-process",
                        lambda: run_inproc([a.sousuo_lat, a.sousuo_index, "10"], qs)))
    if a.sousuo_lat and "sousuo-rank" not in skip:
        engines.append(("sousuo-rank", "sousuo_search() with matches=0 (ranking only, no snippets), in-process",
                        lambda: run_inproc([a.sousuo_lat, a.sousuo_index, "10", "rank"], qs)))
    if a.sousuo_lat and "sousuo-snippet" not in skip:
        engines.append(("sousuo-snippet", "sousuo_search() with SOUSUO_MATCHES_SNIPPET, in-process",
                        lambda: run_inproc([a.sousuo_lat, a.sousuo_index, "10", "snippet"], qs)))
    if a.sousuo_search and "sousuo-cli" not in skip:
        engines.append(("sousuo-cli", "sousuo-search --json, process per query",
                        lambda: run_sousuo_cli(a.sousuo_search, a.sousuo_index, qs, a.warm)))
    if a.xapian_qp and "xapian-qp" not in skip:
        engines.append(("xapian-qp", "Xapian QueryParser+get_mset(0,10), in-process",
                        lambda: run_inproc([a.xapian_qp, a.omindex_db], qs)))
    if a.xapian_qp and "xapian-qp-data" not in skip:
        engines.append(("xapian-qp-data", "the same + each hit's document data (its URL), "
                        "as printing a result needs; in-process",
                        lambda: run_inproc([a.xapian_qp, a.omindex_db, "and", "data"], qs)))
    if a.fts5_lat and "fts5-trigram" not in skip:
        engines.append(("fts5-trigram", "SQLite FTS5 trigram, C API, in-process",
                        lambda: run_inproc([a.fts5_lat, a.fts5_db], qs, fts5_sql)))
    if a.files and "ripgrep" not in skip:
        engines.append(("ripgrep", "rg -F -i -l, process per term",
                        lambda: run_rg(a.files, qs, a.warm)))
    if "spawn" not in skip:
        engines.append(("spawn", "/bin/true, process per query (spawn cost)",
                        lambda: run_true(qs, a.warm)))

    inproc = {"sousuo-lib", "sousuo-rank", "sousuo-snippet", "xapian-qp", "xapian-qp-data",
              "fts5-trigram"}
    t0 = time.time()
    sys.stderr.write("search-lat: in-process engines, %d rounds taking turns ...\n" % a.rounds)
    results = rounds([e for e in engines if e[0] in inproc], max(1, a.rounds))
    sys.stderr.write("search-lat: in-process engines done in %.0f s\n" % (time.time() - t0))
    for name, label, fn in engines:
        if name in inproc:
            continue
        t0 = time.time()
        sys.stderr.write("search-lat: %-13s %s ...\n" % (name, label))
        r = fn()
        if r is None:
            continue
        results[name] = r
        sys.stderr.write("search-lat: %-13s done in %.0f s\n" % (name, time.time() - t0))
    for name, r in results.items():
        with open(os.path.join(a.out, "lat-%s.tsv" % name), "w", encoding="utf-8") as f:
            for qid, cls, q in qs:
                if qid in r:
                    f.write("%s\t%s\t%d\t%.3f\t%.3f\t%s\n" % (qid, cls, *r[qid], q))

    classes = ["kw", "cjk", "mixed", "all"]
    ncls = {c: sum(1 for q in qs if c == "all" or q[1] == c) for c in classes}
    print("Queries: %s (%s)" % (len(qs), ", ".join("%s %d" % (c, ncls[c]) for c in classes[:-1])))
    print("Wall-clock latency in ms (nearest-rank percentiles of each query's median")
    print("over %d rounds for in-process engines); cpu95 = p95 of the CPU" % a.rounds)
    print("time (process CPU clock; for process-per-query engines the children's")
    print("user+sys from getrusage); hit% = queries with >= 1 result")
    print()
    print("%-15s %-6s %5s %8s %8s %8s %8s %8s %6s" % ("engine", "class", "n", "p50", "p95", "p99",
                                                   "mean", "cpu95", "hit%"))
    p95 = {}
    for name, label, _ in engines:
        r = results.get(name)
        if not r:
            continue
        for c in classes:
            v = [r[q[0]] for q in qs if (c == "all" or q[1] == c) and q[0] in r]
            if not v:
                continue
            ms = [x[1] for x in v]
            p95[(name, c)] = pct(ms, 95)
            print("%-15s %-6s %5d %8.2f %8.2f %8.2f %8.2f %8.2f %5.0f%%" % (
                name, c, len(v), pct(ms, 50), pct(ms, 95), pct(ms, 99),
                sum(ms) / len(ms), pct([x[2] for x in v], 95),
                100.0 * sum(1 for x in v if x[0] > 0) / len(v)))
        print()
    print("Engines:")
    for name, label, _ in engines:
        print("  %-15s %s" % (name, label))
    print()
    # Every peer ranks and returns paths only, so the targets compare
    # sousuo's ranking-only time; sousuo-lib (with every match located and
    # a snippet) is shown beside it, in brackets.
    s, full = "sousuo-rank", "sousuo-lib"
    if any(k[0] == s for k in p95):
        print("sousuo p95 vs issue 5 targets (sousuo-rank = ranking only, as the peers;"
              " sousuo-lib with matches and snippets in brackets):")
        for c in ("kw", "cjk", "mixed", "all"):
            if (s, c) not in p95:
                continue
            me, lib = p95[(s, c)], p95.get((full, c))
            parts = []
            for peer, fac, op, txt in (("xapian-qp", 1, "<=", "<= Xapian QP"),
                                       ("xapian-qp-data", 1, "<=", "<= Xapian QP+data"),
                                       ("fts5-trigram", 10, "<", "< FTS5/10"),
                                       ("ripgrep", 100, "<=", "<= rg/100")):
                if (peer, c) in p95:
                    lim = p95[(peer, c)] / fac
                    ok = me <= lim if op == "<=" else me < lim
                    okl = (lib <= lim if op == "<=" else lib < lim) if lib is not None else None
                    parts.append("%s %.2f: %s%s" % (txt, lim, "MET" if ok else "MISSED",
                                 "" if okl is None else " [%s]" % ("met" if okl else "missed")))
            print("  %-6s p95 %.2f ms [%s]  %s" % (c, me, "%.2f" % lib if lib is not None else "-",
                                                  "; ".join(parts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
