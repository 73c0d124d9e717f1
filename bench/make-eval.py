#!/usr/bin/env python3
"""bench/make-eval.py - relevance judgments for bench/eval.sh and
bench/compare.sh, derived mechanically from the bench corpus.

  make-eval.py make CORPUS --out DIR [--seed N] [--per-lang N] [--phrases N]
      Write to DIR:
        known.tsv     qid<TAB>query      known-item queries (desc and kw)
        known.qrels   qid 0 path rel     2 = the item's page (and pages of
                                         the same package with the same
                                         item text), 1 = a page of another
                                         package with the same item text
        phrase.tsv    qid<TAB>"query"    phrase oracle queries (quoted)
        phrase.qrels  qid 0 path 1       every file that contains it
        meta.tsv      qid set lang variant source path query
        texts.stamp   what the files were made from
  make-eval.py report --meta META [--known-perq FILE] [--phrase-run RUN]
                      --phrase-qrels QRELS [--engine NAME] [--summary]
      Print the table of bench/eval.sh from sousuo-eval -q output (known
      items) and a phrase run (qid<TAB>rank<TAB>path or a TREC run).

Known items (languages zh-cn, zh-tw, ja, ko, en; at most --per-lang items
per language, drawn with a seeded random.Random per language and source,
in turn from each source):
  man  a man page's NAME description (manifest title after " - ") -> that
       page (manpages-zh zh_CN / zh_TW, manpages-ja)
  dr   a Debian Reference heading (h1-h4 class="title", its number cut)
       -> that chapter file
  lo   a LibreOffice help page's <title> (else its first <h1>) -> that page
An item text must contain the language's script (Han for zh, Han or kana
for ja, Hangul for ko, no CJK for en), and may be shared by at most 5
pages of its own package (else it names no single page: skipped).
Two queries per item: desc = the whole text, its punctuation turned into
spaces (so no engine reads query syntax in it) and AND/OR/NOT lower-cased;
kw = 2 or 3 (seeded) of its rarest words by document frequency over the
pages of the same language: Latin words, katakana runs, Hangul words, Han
runs of 2-3 characters between other scripts, and in longer Han runs the
2-4 character strings that look like words: cohesive (document frequency
at least a tenth of each of its characters': 的桌 in 现代的桌面 is much
rarer than 的) and not mostly part of a longer string there (the string
one character longer on either side is in under half as many documents:
据库 fails, being nearly always in 数据库).  Rarest first, longest on ties.
Hiragana (particles, endings) is never a keyword.

Phrase oracle (fixed seed): CJK substrings of 2-6 characters (zh 40%,
ja 40%, ko 20% of 2/3 of --phrases), English 2-3 word phrases and mixed
Latin+CJK strings glued as in the text (Basic에서, CPU使用率) (1/6 each).
Ground truth = the files whose text, NFKC + case folded and with runs of
white space made one space, contains the string; a Latin letter or digit
at an end of the string must be a word edge (no letter, digit or _ beyond
it, nor a letter behind a . ' or : - UAX #29 keeps e.g. and don't whole).

The text is extracted here, independently of sousuo, with Python's
html.parser: <title>, and the body without head/script/style/noscript/
template/svg/math/iframe; block elements end a line, td/th a cell; entities
decoded.  Plain text (rendered man pages) is read as is.  Independent on
purpose: a phrase sousuo misses because its extraction lost text is a miss
the oracle must see, not inherit.
"""
import argparse
import collections
import hashlib
import html.parser
import os
import random
import re
import sys
import unicodedata

HAN = "\u3005\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HIRA = "\u3041-\u309f"
KATA = "\u30a0-\u30ff\u31f0-\u31ff"
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
CJK = HAN + HIRA + KATA + HANGUL
CJK_RUN = re.compile("[%s]+" % CJK)
SCRIPT_SEG = re.compile("([%s]+)|([%s]+)|([%s]+)|([%s]+)|([^\\W_%s]+)" % (
    HAN, HIRA, KATA, HANGUL, CJK))
HAS = {"han": re.compile("[%s]" % HAN), "kana": re.compile("[%s%s]" % (HIRA, KATA)),
       "hangul": re.compile("[%s]" % HANGUL), "cjk": re.compile("[%s]" % CJK),
       "latin": re.compile("[A-Za-z]")}
LATIN_WORD = re.compile("[^\\W_%s]+" % CJK)
WS = re.compile(r"\s+")
MAX_SHARED = 5

BLOCK = set("""address article aside blockquote body br caption center dd
details dialog dir div dl dt fieldset figcaption figure footer form frameset
h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu nav ol
optgroup option p plaintext pre section summary table tbody textarea tfoot
thead tr ul""".split())
SKIP = set("head script style noscript template svg math iframe".split())
CELL = {"td", "th"}
HEADING = {"h1", "h2", "h3", "h4"}


class Extract(html.parser.HTMLParser):
    """Visible text, <title>, and the texts of <hN class="title">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.title, self.heads = [], [], []
        self.skip = 0
        self.in_title = False
        self.head = None  # text parts of an open class="title" heading

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.out.append("\n")
        elif tag in CELL:
            self.out.append("\t")
        if tag in HEADING and "title" in (dict(attrs).get("class") or "").split():
            self.head = []

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.out.append("\n")
        if tag in HEADING and self.head is not None:
            self.heads.append("".join(self.head))
            self.head = None

    def handle_startendtag(self, tag, attrs):
        # <a id="x"/> (XHTML) opens nothing; <br/> still breaks the line.
        if tag in BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.out.append(data)
            if self.head is not None:
                self.head.append(data)


def norm(s):
    """NFKC, case folding, white space runs -> one space."""
    return WS.sub(" ", unicodedata.normalize("NFKC", s).casefold()).strip()


def read_doc(path):
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8", "replace")
    if not path.endswith((".html", ".htm", ".xhtml")):
        return raw, "", []
    p = Extract()
    p.feed(raw)
    p.close()
    return "".join(p.out), "".join(p.title).strip(), p.heads


class Doc:
    __slots__ = ("path", "lang", "group", "pkg", "mtitle", "raw", "title",
                 "heads", "body_n", "title_n")


def klass(path):
    """(query language, source, package) of a corpus path."""
    parts = path.split("/")
    pkg = parts[1] if len(parts) > 1 else ""
    if pkg == "manpages-zh" and len(parts) > 2:
        return ({"zh_CN": "zh-cn", "zh_TW": "zh-tw"}.get(parts[2]), "man", pkg)
    if pkg == "manpages-ja":
        return "ja", "man", pkg
    m = re.match(r"(debian-reference|libreoffice-help)-(zh-cn|zh-tw|ja|ko|en)", pkg)
    if m:
        return m.group(2), "dr" if m.group(1) == "debian-reference" else "lo", pkg
    return None, None, pkg


def load(corpus):
    docs = []
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            # The copies of a --scale corpus are not judged (duplicates).
            if len(cols) < 4 or re.match(r"copy\d+/", cols[0]):
                continue
            d = Doc()
            d.path, d.group, d.mtitle = cols[0], cols[1], cols[3]
            d.lang, _, d.pkg = klass(d.path)
            d.raw, d.title, d.heads = read_doc(os.path.join(corpus, d.path))
            d.body_n, d.title_n = norm(d.raw), norm(d.title)
            docs.append(d)
    docs.sort(key=lambda d: d.path)
    return docs


class Postings:
    """CJK unigrams and bigrams and Latin words -> sorted doc numbers."""

    def __init__(self, docs):
        post = collections.defaultdict(list)
        for i, d in enumerate(docs):
            keys = set()
            for t in (d.body_n, d.title_n):
                for r in CJK_RUN.findall(t):
                    keys.update(r)
                    keys.update(r[j:j + 2] for j in range(len(r) - 1))
                keys.update(LATIN_WORD.findall(t))
            for k in keys:
                post[k].append(i)
        self.post = post
        self.docs = docs

    def candidates(self, s):
        """Docs that may contain the normalized string S (a superset)."""
        keys = set()
        for r in CJK_RUN.findall(s):
            if len(r) == 1:
                keys.add(r)
            keys.update(r[j:j + 2] for j in range(len(r) - 1))
        keys.update(LATIN_WORD.findall(s))
        if not keys:
            return range(len(self.docs))
        lists = sorted((self.post.get(k, []) for k in keys), key=len)
        out = set(lists[0])
        for l in lists[1:]:
            out.intersection_update(l)
            if not out:
                break
        return sorted(out)


def edges(s):
    """Look-arounds making the Latin ends of S word edges."""
    pre = post = ""
    if re.match(r"[0-9a-z]", s):
        pre = r"(?<![0-9a-z_])(?<![0-9a-z][.:'’])"
    if re.search(r"[0-9a-z]$", s):
        post = r"(?![0-9a-z_])(?![.:'’][0-9a-z])"
    return pre, post


def edge_pattern(s):
    """Regex for the normalized string S with word edges at Latin ends."""
    pre, post = edges(s)
    return re.compile(pre + re.escape(s) + post)


def loose_pattern(s):
    """S with any run of non-word characters between its Latin words:
    what a token-based phrase match accepts (snap-to-grid, "first, and")."""
    pre, post = edges(s)
    return re.compile(pre + r"[^\w]+".join(re.escape(w) for w in s.split(" ")) + post)


def contains(p, s, docs, cache={}, loose=False):
    """Doc numbers whose body or title contains S (normalized)."""
    if (s, loose) in cache:
        return cache[(s, loose)]
    pat = loose_pattern(s) if loose else edge_pattern(s)
    hits = [i for i in p.candidates(s)
            if pat.search(docs[i].body_n) or pat.search(docs[i].title_n)]
    cache[(s, loose)] = hits
    return hits


# ------------------------------------------------------------- known items
NUMBERING = re.compile(r"^\s*(?:第\s*\d+\s*章|章\s*\d+\s*\.|付録\s*[A-Z]|附[录錄]\s*[A-Z]\s*\.|"
                       r"Chapter\s+\d+\s*\.|Appendix\s+[A-Z]\s*\.|"
                       r"(?:\d+|[A-Z])(?:\.\d+)*\.)\s*")
OPERATOR = {"AND": "and", "OR": "or", "NOT": "not"}


def query_form(s):
    """Punctuation and symbols -> spaces; operators lower-cased."""
    s = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in s)
    return " ".join(OPERATOR.get(w, w) for w in s.split())


def script_ok(lang, s):
    if lang in ("zh-cn", "zh-tw"):
        return bool(HAS["han"].search(s))
    if lang == "ja":
        return bool(HAS["han"].search(s) or HAS["kana"].search(s))
    if lang == "ko":
        return bool(HAS["hangul"].search(s))
    return bool(HAS["latin"].search(s)) and not HAS["cjk"].search(s)


def item_texts(d, source):
    if source == "man":
        t = d.mtitle.split(" - ", 1)
        return [t[1]] if len(t) == 2 else []
    if source == "dr":
        return [NUMBERING.sub("", WS.sub(" ", h)).strip() for h in d.heads]
    if source == "lo":
        return [d.title or d.mtitle]
    return []


def first_h1(path):
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8", "replace")
    m = re.search(r"<h1\b[^>]*>(.*?)</h1>", raw, re.S | re.I)
    if not m:
        return ""
    p = Extract()
    p.feed("<p>" + m.group(1) + "</p>")
    return WS.sub(" ", "".join(p.out)).strip()


def known_items(docs, corpus, per_lang, seed, log):
    """[(lang, source, path, text, {path: rel})]"""
    # Every page's item texts, by normalized query form.
    by_text = collections.defaultdict(set)   # key -> {(doc index)}
    pools = collections.defaultdict(list)    # (lang, source) -> [(key, text, i)]
    for i, d in enumerate(docs):
        if not d.lang or d.path.split("/")[-1].startswith("index."):
            continue
        lang, source, _ = klass(d.path)
        texts = item_texts(d, source)
        if source == "lo" and not any(script_ok(lang, query_form(t)) for t in texts):
            texts = [first_h1(os.path.join(corpus, d.path))]
        seen = set()
        for t in texts:
            q = query_form(t)
            key = norm(q)
            if not key or key in seen:
                continue
            seen.add(key)
            by_text[key].add(i)
            if script_ok(lang, q):
                pools[(lang, source)].append((key, q, i))
    items = []
    skipped = collections.Counter()
    for lang in ("zh-cn", "zh-tw", "ja", "ko", "en"):
        sources = [s for s in ("man", "dr", "lo") if pools.get((lang, s))]
        queues = {}
        for s in sources:
            rnd = random.Random("%s-%s-%s" % (seed, lang, s))
            uniq = {}
            for key, q, i in sorted(pools[(lang, s)]):
                uniq.setdefault(key, (q, i))
            keys = sorted(uniq)
            rnd.shuffle(keys)
            queues[s] = [(k,) + uniq[k] for k in keys]
        got = 0
        while got < per_lang and any(queues.values()):
            for s in sources:
                if got >= per_lang or not queues[s]:
                    continue
                key, q, i = queues[s].pop(0)
                d = docs[i]
                own = [j for j in by_text[key] if docs[j].pkg == d.pkg]
                if len(own) > MAX_SHARED:
                    skipped["%s %s: text of over %d pages" % (lang, s, MAX_SHARED)] += 1
                    continue
                rels = {docs[j].path: 2 if docs[j].pkg == d.pkg else 1 for j in by_text[key]}
                items.append((lang, s, d.path, q, rels))
                got += 1
    for k, n in sorted(skipped.items()):
        log("known items skipped, %s: %d" % (k, n))
    return items


def kw_units(p, docs, group_of, q):
    """Candidate keywords of the query Q: [(df, start, end, unit)]."""
    s = norm(q)
    lang_docs = group_of
    units = []

    def df(u):
        return sum(1 for i in contains(p, u, docs) if i in lang_docs)

    for m in SCRIPT_SEG.finditer(s):
        han, hira, kata, hangul, latin = m.groups()
        a, b = m.span()
        if hira:
            continue
        if latin or kata or hangul:
            u = m.group(0)
            if len(u) >= 2:
                units.append((df(u), a, b, u))
            continue
        if len(han) in (2, 3):
            units.append((df(han), a, b, han))
        elif len(han) >= 4:
            for j in range(len(han) - 1):
                for n in (2, 3, 4):
                    w = han[j:j + n]
                    if len(w) < n:
                        break
                    dw = df(w)
                    # Cohesive: 的桌 (of + table) is rare next to 的.
                    if not dw or dw * 10 < max(df(c) for c in w):
                        continue
                    # Not mostly a piece of a longer unit here: 据库 is
                    # nearly always in 数据库.
                    if j > 0 and df(han[j - 1:j + n]) * 2 >= dw:
                        continue
                    if j + n < len(han) and df(han[j:j + n + 1]) * 2 >= dw:
                        continue
                    units.append((dw, a + j, a + j + n, w))
    first = {}
    for u in units:
        first.setdefault(u[3], u)
    return [u for u in units if u[0] > 0 and first[u[3]] is u]


def pick_kw(units, k):
    chosen = []
    for df, a, b, u in sorted(units, key=lambda x: (x[0], x[1] - x[2], x[1])):
        if all(b <= c[1] or a >= c[2] for c in chosen):
            chosen.append((df, a, b, u))
            if len(chosen) == k:
                break
    chosen.sort(key=lambda c: c[1])
    return " ".join(c[3] for c in chosen)


# ------------------------------------------------------------- phrases
EN_RUN = re.compile(r"(?<![\w.'’@/:-])[A-Za-z]{2,20}(?: [A-Za-z]{2,20}){1,}(?![\w'’@/-])(?!\.\w)")
GLUE_LC = re.compile(r"(?<![\w.'’:-])([A-Za-z][A-Za-z0-9]{1,15})([%s]{1,4})" % CJK)
GLUE_CL = re.compile(r"([%s]{1,4})([A-Za-z][A-Za-z0-9]{1,15})(?![\w'’-])(?![.:]\w)" % CJK)


def phrases(docs, n, seed):
    """[(class, lang, path, phrase)]"""
    rnd = random.Random("%s-phrases" % seed)
    by_group = collections.defaultdict(list)
    for d in docs:
        by_group[d.group].append(d)
    ncjk = n * 2 // 3
    want = [("zh", ncjk * 2 // 5), ("ja", ncjk * 2 // 5)]
    want.append(("ko", ncjk - sum(w for _, w in want)))
    out, seen = [], set()

    def keep(row):
        """Each phrase once (LibreOffice's boilerplate recurs often)."""
        if norm(row[3]) in seen:
            return False
        seen.add(norm(row[3]))
        out.append(row)
        return True

    for g, w in want:
        got = tries = 0
        while got < w and by_group.get(g) and tries < 1000 * w:
            tries += 1
            d = rnd.choice(by_group[g])
            k = rnd.randint(2, 6)
            runs = [r for r in CJK_RUN.findall(d.raw) if len(r) >= k]
            if not runs:
                continue
            r = rnd.choice(runs)
            i = rnd.randint(0, len(r) - k)
            if keep(("cjk-" + g, g, d.path, r[i:i + k])):
                got += 1
    nen = (n - ncjk) // 2
    got = tries = 0
    while got < nen and by_group.get("en") and tries < 1000 * nen:
        tries += 1
        d = rnd.choice(by_group["en"])
        runs = [m.group(0).split(" ") for m in EN_RUN.finditer(d.raw)]
        k = rnd.choice((2, 3))
        runs = [r for r in runs if len(r) >= k]
        if not runs:
            continue
        r = rnd.choice(runs)
        i = rnd.randint(0, len(r) - k)
        if keep(("en", "en", d.path, " ".join(r[i:i + k]).lower())):
            got += 1
    nmix = n - ncjk - nen
    groups = [g for g in ("zh", "ja", "ko") if by_group.get(g)]
    got = tries = 0
    while got < nmix and groups and tries < 1000 * nmix:
        tries += 1
        g = groups[got % len(groups)]
        d = rnd.choice(by_group[g])
        glued = sorted({m.group(0) for m in GLUE_LC.finditer(d.raw)} |
                       {m.group(0) for m in GLUE_CL.finditer(d.raw)})
        if not glued:
            continue
        if keep(("mixed", g, d.path, rnd.choice(glued))):
            got += 1
    return out


def make(a):
    log = lambda s: sys.stderr.write("make-eval: %s\n" % s)
    docs = load(a.corpus)
    log("%d documents read (text extracted with html.parser)" % len(docs))
    p = Postings(docs)
    os.makedirs(a.out, exist_ok=True)
    items = known_items(docs, a.corpus, a.per_lang, a.seed, log)
    groups = collections.defaultdict(set)
    for i, d in enumerate(docs):
        groups[d.group].add(i)
    meta, kt, kq = [], [], []
    seq = collections.Counter()
    nokw = collections.Counter()
    for lang, source, path, q, rels in items:
        seq[lang] += 1
        base = "k-%s-%s-%04d" % (lang, source, seq[lang])
        rnd = random.Random("%s-%s" % (a.seed, base))
        k = rnd.choice((2, 3))
        gdocs = groups[{"zh-cn": "zh", "zh-tw": "zh"}.get(lang, lang)]
        kw = pick_kw(kw_units(p, docs, gdocs, q), k)
        variants = [("desc", q)]
        if len(kw.split()) >= 2:
            variants.append(("kw", kw))
        else:
            nokw[lang] += 1
        for v, text in variants:
            qid = "%s-%s" % (base, v)
            kt.append("%s\t%s\n" % (qid, text))
            meta.append((qid, "known", lang, v, source, path, text))
            for rp, r in sorted(rels.items()):
                kq.append("%s 0 %s %d\n" % (qid, trec_docid(rp), r))
    for lang, n in sorted(nokw.items()):
        log("%s: %d items without a kw variant (fewer than 2 keywords)" % (lang, n))
    pt, pq, pl = [], [], []
    seq = collections.Counter()
    for cls, g, path, ph in phrases(docs, a.phrases, a.seed):
        seq[cls] += 1
        qid = "p-%s-%04d" % (cls, seq[cls])
        truth = contains(p, norm(ph), docs)
        if not truth:  # cannot happen: sampled from a file; say so if it does
            log("phrase %s %r: no file contains it (skipped)" % (qid, ph))
            continue
        pt.append('%s\t"%s"\n' % (qid, ph))
        meta.append((qid, "phrase", g, cls, "oracle", path, ph))
        for i in truth:
            pq.append("%s 0 %s 1\n" % (qid, trec_docid(docs[i].path)))
        if cls == "en":
            for i in contains(p, norm(ph), docs, loose=True):
                pl.append("%s 0 %s 1\n" % (qid, trec_docid(docs[i].path)))
    for name, lines in (("known.tsv", kt), ("known.qrels", kq), ("phrase.tsv", pt),
                        ("phrase.qrels", pq), ("phrase-loose.qrels", pl)):
        with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
            f.writelines(lines)
    with open(os.path.join(a.out, "meta.tsv"), "w", encoding="utf-8") as f:
        f.write("qid\tset\tlang\tvariant\tsource\tpath\tquery\n")
        for m in meta:
            f.write("\t".join(m) + "\n")
    cnt = collections.Counter((m[1], m[2], m[3]) for m in meta)
    for k in sorted(cnt):
        log("%-6s %-6s %-9s %4d queries" % (k[0], k[1], k[2], cnt[k]))
    return 0


def trec_docid(path):
    """As sousuo-search --trec writes paths: white space and % encoded."""
    return "".join("%%%02X" % ord(c) if c <= " " or c in "%\x7f" else c for c in path)


# ------------------------------------------------------------- report
def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            qid, st, lang, v, src, p, q = line.rstrip("\n").split("\t", 6)
            meta[qid] = (st, lang, v, src, p, q)
    return meta


def read_run(path):
    """qid -> [docid] in rank order (TREC run or qid<TAB>rank<TAB>path)."""
    hits = collections.defaultdict(list)
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            line = line.rstrip("\n")
            c = line.split("\t")
            if len(c) == 3:
                hits[c[0]].append((int(c[1]), n, trec_docid(c[2])))
            elif line.strip():
                c = line.split()
                hits[c[0]].append((int(c[3]), n, c[2]))
    return {q: [d for _, _, d in sorted(v)] for q, v in hits.items()}


def read_qrels(path):
    truth = collections.defaultdict(set)
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                q, _, d, r = line.split()
                if int(r) > 0:
                    truth[q].add(d)
    return truth


def phrase_pr(meta, qrels, run):
    truth = read_qrels(qrels)
    loose = read_qrels(qrels.replace("phrase.qrels", "phrase-loose.qrels"))
    hits = read_run(run) if run else {}
    rows = collections.defaultdict(list)
    for qid, (st, lang, cls, *_rest) in meta.items():
        if st != "phrase":
            continue
        got, want = set(hits.get(qid, [])), truth[qid]
        tp = len(got & want)
        punct = len((got - want) & loose.get(qid, set()))
        rows[cls].append((tp, len(got), len(want), punct))
        rows["all"].append((tp, len(got), len(want), punct))
    out = {}
    for cls, v in rows.items():
        # Macro: mean over queries (precision of an empty answer is 1).
        prec = sum(tp / g if g else 1.0 for tp, g, w, _ in v) / len(v)
        rec = sum(tp / w for tp, g, w, _ in v) / len(v)
        exact = sum(1 for tp, g, w, _ in v if tp == g == w)
        out[cls] = (len(v), prec, rec, exact, sum(g - tp for tp, g, w, _ in v),
                    sum(w - tp for tp, g, w, _ in v), sum(x[3] for x in v))
    return out


def report(a):
    meta = read_meta(a.meta)
    perq = collections.defaultdict(dict)
    if a.known_perq:
        with open(a.known_perq) as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if len(c) == 3 and c[1] != "all":
                    perq[c[1]][c[0]] = float(c[2])
    groups = collections.defaultdict(list)
    for qid, (st, lang, v, src, *_r) in meta.items():
        if st == "known":
            for key in ((lang, v), ("all", v), (lang + "/" + src, v)):
                groups[key].append(qid)
    def mean(qids, m):
        return sum(perq.get(q, {}).get(m, 0.0) for q in qids) / len(qids) if qids else 0.0
    ph = phrase_pr(meta, a.phrase_qrels, a.phrase_run) if a.phrase_run else {}
    if a.summary:
        for v in ("desc", "kw"):
            q = groups.get(("all", v), [])
            print("%s\tknown-%s\tn=%d\tMRR@10=%.4f\tsuccess@1=%.4f\tsuccess@10=%.4f" % (
                a.engine, v, len(q), mean(q, "MRR@10"), mean(q, "success@1"), mean(q, "success@10")))
        if "all" in ph:
            n, p, r, ex, fp, fn, pu = ph["all"]
            print("%s\tphrase\tn=%d\tP=%.4f\tR=%.4f\texact=%d\tFP=%d\tFN=%d" % (a.engine, n, p, r, ex, fp, fn))
        return 0
    print("Known-item search (%s): mean over the queries; a query with no hit counts 0" % a.engine)
    print("%-14s %-5s %5s %8s %10s %11s" % ("lang", "query", "n", "MRR@10", "success@1", "success@10"))
    order = [l for l in ("zh-cn", "zh-tw", "ja", "ko", "en", "all")]
    for lang in order:
        for v in ("desc", "kw"):
            q = groups.get((lang, v))
            if q:
                print("%-14s %-5s %5d %8.4f %10.4f %11.4f" % (lang, v, len(q), mean(q, "MRR@10"),
                      mean(q, "success@1"), mean(q, "success@10")))
    print()
    print("By source (man = man page NAME line, dr = Debian Reference heading, lo = LibreOffice title):")
    for key in sorted(k for k in groups if "/" in k[0]):
        q = groups[key]
        print("%-14s %-5s %5d %8.4f %10.4f %11.4f" % (key[0], key[1], len(q), mean(q, "MRR@10"),
              mean(q, "success@1"), mean(q, "success@10")))
    if ph:
        print()
        print("Phrase oracle (%s, quoted query, all hits): precision and recall per query, averaged;" % a.engine)
        print("exact = queries whose hits are exactly the true files; FP/FN = wrong/missed files,")
        print("summed; FPpun = FPs where the words are there, apart only by punctuation (snap-to-grid)")
        print("%-14s %5s %9s %9s %7s %7s %7s %7s" % ("class", "n", "precision", "recall", "exact",
                                                 "FP", "FPpun", "FN"))
        for cls in sorted(ph, key=lambda c: (c == "all", c)):
            n, p, r, ex, fp, fn, pu = ph[cls]
            print("%-14s %5d %9.4f %9.4f %7d %7d %7d %7d" % (cls, n, p, r, ex, fp, pu, fn))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("corpus")
    m.add_argument("--out", required=True)
    m.add_argument("--seed", default="20261123")
    m.add_argument("--per-lang", type=int, default=200, help="known items per language")
    m.add_argument("--phrases", type=int, default=450, help="phrase oracle queries")
    r = sub.add_parser("report")
    r.add_argument("--meta", required=True)
    r.add_argument("--known-perq", help="sousuo-eval -q -k 1 -k 10 output")
    r.add_argument("--phrase-run")
    r.add_argument("--phrase-qrels")
    r.add_argument("--engine", default="sousuo")
    r.add_argument("--summary", action="store_true")
    a = ap.parse_args()
    return make(a) if a.cmd == "make" else report(a)


if __name__ == "__main__":
    sys.exit(main())
