#!/usr/bin/env python3
"""bench/make-queries.py - deterministic query set for bench/bench-search.sh.

Reads a corpus built by bench/corpus.sh (MANIFEST.tsv: path, lang, bytes,
title) and prints one query per line as  qid<TAB>class<TAB>query :

  kw     1-3 English words taken from ONE English document (so that most
         queries have hits), each of 3-20 ASCII letters, lower-cased, seen in
         at least 2 English documents; AND/OR/NOT are never drawn.
  cjk    a 2-6 character substring of a run of CJK characters (Han, kana,
         Hangul, 々〆〇) of a zh, ja or ko document.
  mixed  Latin+CJK: where a document glues an ASCII word to a CJK run
         (e.g. "CPU使用率"), that word plus 1-4 adjacent CJK characters,
         glued as in the text; else a CJK phrase and a Latin word of the
         same document separated by a space.

Text is sampled from the raw files with tags and entities replaced by line
breaks, so no sample spans markup: every sample occurs verbatim in the file
(what ripgrep and FTS5, which read the raw files, see).  The same corpus
and seed give the same queries.  The qid names class and language:
kw-en-0001, cjk-zh-0001, mixed-ja-0001.
"""
import argparse
import collections
import random
import re
import sys

CJK = ("\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u1100-\u11ff\u3130-\u318f"
       "\uac00-\ud7af\U00020000-\U0003134f")
CJK_RUN = re.compile("[%s]+" % CJK)
MARKUP = re.compile(r"<[^>]*>|&#?\w+;", re.S)
SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{3,20}(?![A-Za-z0-9_])")
GLUE_LC = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{1,15})([%s]{1,4})" % CJK)
GLUE_CL = re.compile(r"([%s]{1,4})([A-Za-z][A-Za-z0-9]{1,15})(?![A-Za-z0-9])" % CJK)
OPERATORS = {"and", "or", "not"}


def text_of(path):
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8", "replace")
    if path.endswith((".html", ".htm")):
        raw = SCRIPT.sub("\n", raw)
    return MARKUP.sub("\n", raw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="corpus folder with MANIFEST.tsv")
    ap.add_argument("--manifest", help="default: CORPUS/MANIFEST.tsv")
    ap.add_argument("--seed", type=int, default=20250117)
    ap.add_argument("--kw", type=int, default=300, help="keyword queries")
    ap.add_argument("--cjk", type=int, default=300,
                    help="CJK phrases (40%% zh, 40%% ja, 20%% ko)")
    ap.add_argument("--mixed", type=int, default=100, help="mixed queries")
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    docs = collections.defaultdict(list)
    with open(a.manifest or a.corpus + "/MANIFEST.tsv", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                docs[cols[1]].append(cols[0])
    for lang in docs:
        docs[lang].sort()
    out = []

    # English keywords: document frequency over the English documents.
    en = docs.get("en", [])
    words_of = {}
    df = collections.Counter()
    for p in en:
        ws = sorted({w.lower() for w in WORD.findall(text_of(a.corpus + "/" + p))}
                    - OPERATORS)
        words_of[p] = ws
        df.update(ws)
    tries = 0
    while sum(1 for q in out if q[1] == "kw") < a.kw and tries < 100 * a.kw + 100:
        tries += 1
        p = rnd.choice(en)
        pool = [w for w in words_of[p] if df[w] >= 2]
        k = rnd.choice((1, 2, 2, 3))
        if len(pool) < k:
            continue
        q = " ".join(rnd.sample(pool, k))
        out.append(("kw-en", "kw", q))

    # CJK phrases, by language.
    runs_cache = {}

    def runs(p):
        if p not in runs_cache:
            runs_cache[p] = CJK_RUN.findall(text_of(a.corpus + "/" + p))
        return runs_cache[p]

    shares = [("zh", 0.4), ("ja", 0.4), ("ko", 0.2)]
    want = {l: int(round(a.cjk * s)) for l, s in shares}
    want["zh"] += a.cjk - sum(want.values())
    for lang, _ in shares:
        got, tries = 0, 0
        while got < want[lang] and docs.get(lang) and tries < 1000 * want[lang]:
            tries += 1
            p = rnd.choice(docs[lang])
            n = rnd.randint(2, 6)
            rs = [r for r in runs(p) if len(r) >= n]
            if not rs:
                continue
            r = rnd.choice(rs)
            i = rnd.randint(0, len(r) - n)
            out.append(("cjk-" + lang, "cjk", r[i:i + n]))
            got += 1

    # Mixed Latin + CJK.
    cjk_langs = [l for l, _ in shares if docs.get(l)]
    got, tries = 0, 0
    while got < a.mixed and cjk_langs and tries < 1000 * a.mixed:
        tries += 1
        lang = cjk_langs[got % len(cjk_langs)]
        p = rnd.choice(docs[lang])
        t = text_of(a.corpus + "/" + p)
        glued = [m.group(0) for m in GLUE_LC.finditer(t)]
        glued += [m.group(0) for m in GLUE_CL.finditer(t)]
        glued = [g for g in glued if len(CJK_RUN.findall(g)[0]) >= 2]
        if glued and rnd.random() < 0.6:
            q = rnd.choice(sorted(set(glued)))
        else:
            rs = [r for r in runs(p) if len(r) >= 2]
            ws = sorted({w.lower() for w in WORD.findall(t)} - OPERATORS)
            if not rs or not ws:
                continue
            r = rnd.choice(rs)
            n = rnd.randint(2, min(4, len(r)))
            i = rnd.randint(0, len(r) - n)
            q = r[i:i + n] + " " + rnd.choice(ws)
        out.append(("mixed-" + lang, "mixed", q))
        got += 1

    seq = collections.Counter()
    for prefix, cls, q in out:
        seq[prefix] += 1
        sys.stdout.write("%s-%04d\t%s\t%s\n" % (prefix, seq[prefix], cls, q))
    return 0


if __name__ == "__main__":
    sys.exit(main())
