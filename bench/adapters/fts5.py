#!/usr/bin/env python3
"""bench/adapters/fts5.py - the SQLite FTS5 peers (fts5-trigram.sh,
fts5-unicode61.sh).

  fts5.py build FILES DB TOKENIZER    one row per file: (path, its bytes as
                                      text, HTML tags included: FTS5 has no
                                      HTML extraction), one transaction
  fts5.py query DB QUERIES LIMIT TIMES

A query of words becomes an AND of quoted strings (ranked by FTS5's bm25,
ORDER BY rank).  With the trigram tokenizer a quoted string matches as a
case-insensitive substring; a word of under 3 characters cannot use the
trigram index and becomes a scan instead: instr(body, w) (LIKE for ASCII:
SQLite 3.40's trigram LIKE with a pattern under 3 characters but 3+ bytes
returns no rows).  A "phrase" is one quoted string (trigram: substring;
unicode61: a phrase of its tokens, where a CJK run is ONE token, so CJK
text is found only as a whole run).  Times: sqlite3 prepare+step, per
query, with time.perf_counter().
"""
import os
import sqlite3
import sys
import time


def build(files, db, tok):
    if os.path.exists(db):
        os.remove(db)
    paths = []
    for root, dirs, names in os.walk(files):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        paths += [os.path.relpath(os.path.join(root, n), files)
                  for n in sorted(names) if not n.startswith(".")]
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='%s')" % tok)
    with con:
        for p in paths:
            with open(os.path.join(files, p), "rb") as f:
                con.execute("INSERT INTO docs(path, body) VALUES (?, ?)",
                            (p, f.read().decode("utf-8", "replace")))
    con.close()


def fts_string(s):
    return '"%s"' % s.replace('"', '""')


def sql_of(q, trigram, limit):
    q = q.strip()
    terms = [q[1:-1]] if len(q) >= 2 and q[0] == q[-1] == '"' else q.split()
    match, scan, args = [], [], []
    for t in terms:
        if trigram and len(t) < 3:
            if t.isascii():
                scan.append("body LIKE ?")
                args.append("%" + t.replace("%", "").replace("_", "") + "%")
            else:
                scan.append("instr(body, ?) > 0")
                args.append(t)
        else:
            match.append(fts_string(t))
    where = []
    if match:
        where.append("docs MATCH ?")
        args.insert(0, " AND ".join(match))
    sql = "SELECT path FROM docs WHERE " + " AND ".join(where + scan)
    if match:
        sql += " ORDER BY rank"
    if limit:
        sql += " LIMIT %d" % limit
    return sql, args


def query(db, queries, limit, times, trigram):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    out = sys.stdout
    with open(queries, encoding="utf-8") as f, open(times, "w") as tf:
        for line in f:
            qid, _, q = line.rstrip("\n").partition("\t")
            sql, args = sql_of(q, trigram, limit)
            t0 = time.perf_counter()
            try:
                rows = con.execute(sql, args).fetchall()
            except sqlite3.Error as e:
                sys.stderr.write("fts5: %s: %s\n" % (qid, e))
                rows = []
            ms = (time.perf_counter() - t0) * 1000
            for i, (p,) in enumerate(rows):
                out.write("%s\t%d\t%s\n" % (qid, i + 1, p))
            tf.write("%s\t%.3f\n" % (qid, ms))


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 4 and a[0] == "build":
        build(a[1], a[2], a[3])
    elif len(a) == 6 and a[0] == "query":
        query(a[1], a[2], int(a[3]), a[4], a[5] == "trigram")
    else:
        sys.exit(__doc__)
