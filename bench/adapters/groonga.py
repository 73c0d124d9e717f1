#!/usr/bin/env python3
"""bench/adapters/groonga.py - the Groonga peer (groonga.sh).

  groonga.py build FILES DB        a Docs table (key: path, body: the file's
                                   bytes as text, tags included), then a
                                   TokenBigram + NormalizerAuto lexicon with
                                   a positional index on body (built after
                                   the load: Groonga's static indexing)
  groonga.py query DB QUERIES LIMIT TIMES

Queries go to one `groonga DB` process as select commands in Groonga's
query syntax (words: AND; "a phrase"), sorted by -_score then path; the
time of each is the elapsed time Groonga reports for the command.  The
default match escalation is kept (threshold 0: a query without exact hits
may be answered by a looser match, as Groonga users get it).
"""
import json
import os
import shutil
import subprocess
import sys


def build(files, db):
    if os.path.isdir(os.path.dirname(db)):
        for n in os.listdir(os.path.dirname(db)):
            if n.startswith(os.path.basename(db)):
                os.remove(os.path.join(os.path.dirname(db), n))
    subprocess.run(["groonga", "-n", db, "quit"], check=True, stdout=subprocess.DEVNULL)
    p = subprocess.Popen(["groonga", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    w = p.stdin
    w.write(b"table_create Docs TABLE_HASH_KEY ShortText\n"
            b"column_create Docs body COLUMN_SCALAR LongText\n"
            b"load --table Docs\n[\n")
    first = True
    for root, dirs, names in os.walk(files):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            if n.startswith("."):
                continue
            path = os.path.join(root, n)
            with open(path, "rb") as f:
                body = f.read().decode("utf-8", "replace")
            rec = json.dumps({"_key": os.path.relpath(path, files), "body": body},
                             ensure_ascii=False)
            w.write((("" if first else ",\n") + rec).encode())
            first = False
    w.write(b"\n]\n"
            b"table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram"
            b" --normalizer NormalizerAuto\n"
            b"column_create Terms docs_body COLUMN_INDEX|WITH_POSITION Docs body\n")
    w.close()
    out = p.stdout.read().decode()
    if p.wait() != 0 or any(json.loads(l)[0][0] != 0 for l in out.splitlines() if l.strip()):
        sys.exit("groonga.py: build failed:\n" + out[-2000:])


def quote(s):
    """A command argument: double-quoted, \\ and " escaped."""
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def query(db, queries, limit, times):
    qids, cmds = [], []
    with open(queries, encoding="utf-8") as f:
        for line in f:
            qid, _, q = line.rstrip("\n").partition("\t")
            qids.append(qid)
            cmds.append("select Docs --match_columns body --query %s --output_columns _key"
                        " --sort_keys -_score,_key --limit %d --command_version 1\n"
                        % (quote(q), limit or -1))
    p = subprocess.run(["groonga", db], input="".join(cmds).encode(), stdout=subprocess.PIPE)
    lines = [l for l in p.stdout.decode("utf-8", "replace").splitlines() if l.strip()]
    if p.returncode != 0 or len(lines) != len(qids):
        sys.exit("groonga.py: %d answers to %d queries (exit %d)" % (len(lines), len(qids), p.returncode))
    out = sys.stdout
    with open(times, "w") as tf:
        for qid, l in zip(qids, lines):
            r = json.loads(l)
            head = r[0]
            rows = r[1][0][2:] if head[0] == 0 else []
            if head[0] != 0:
                sys.stderr.write("groonga: %s: %s\n" % (qid, head[3] if len(head) > 3 else head))
            for i, row in enumerate(rows):
                out.write("%s\t%d\t%s\n" % (qid, i + 1, row[0]))
            tf.write("%s\t%.3f\n" % (qid, head[2] * 1000))


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "build":
        build(a[1], a[2])
    elif len(a) == 5 and a[0] == "query":
        query(a[1], a[2], int(a[3]), a[4])
    else:
        sys.exit(__doc__)
