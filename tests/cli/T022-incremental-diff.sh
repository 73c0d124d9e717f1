#!/bin/sh
# Differential test: an index kept up to date by incremental runs equals
# one built afresh from the same tree.  For fixed seeds, rounds of random
# changes (add, rewrite, append, truncate, delete, rename a file or a
# folder, a file turned into a folder and back, links to files and
# folders, link loops, legacy encodings, binary files, touch) are each
# followed by an incremental run, over the tree or naming just the
# changed paths as an editor's save hook does, and by a --full build of
# the same tree into another index; their dumps (tests/dbtool dump -a:
# every document's data and values, the stat value included, and every
# term with its frequency) must be the same.
#
# One difference is by design (sousuo-index(1): "A file whose size,
# modification time and inode are unchanged is not read"): a file
# rewritten in place with its size and time kept keeps its old document.
# The generator remembers such files with their old bytes, and the fresh
# build reads them with those bytes put back (same inode, size and time),
# so that exactly that is left out of the comparison and nothing else.
# A run naming paths updates only those (sousuo-index(1)), so such a run
# names the links to them too; it never names a link loop (no editor
# saves one, and naming one stops the run before it starts: exit 2).
#
# Fixed cases first: differences the random rounds found, now fixed.
. "$abs_top_srcdir/tests/cli/lib.sh"

seeds="1 2 3"
rounds=8
# make check-valgrind / ASan: each run takes 10 to 30 times as long.
if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    seeds="1"
    rounds=4
fi

cat >"$TMP/diff.py" <<'PY'
# diff.py "SEEDS" ROUNDS: the whole test, in one process (python3 takes
# a while to start on a loaded machine).  Prints one "ok<TAB>name" or
# "not ok<TAB>name" line a check, each detail on a "#<TAB>" line after it.
import difflib, errno, os, random, shutil, subprocess, sys

corpus = os.environ["CORPUS"]

ZH = ["新质生产力是推动高质量发展的内在要求和重要着力点",
      "产业链供应链的韧性和安全水平不断提升", "人工智能芯片的研发进入快车道",
      "数字经济与实体经济深度融合", "科技创新引领现代化产业体系建设"]
HANT = ["人工智慧晶片的研發進入快車道", "數位經濟與實體經濟深度融合",
        "臺灣的半導體產業鏈舉足輕重"]
JA = ["日本語の文章を検索するための索引を作ります",
      "東京の天気は晴れのち曇りでしょう", "人々は新しい技術に期待しています",
      "カタカナとひらがなが混ざった文です"]
KO = ["한국어 문장을 검색하기 위한 색인을 만듭니다",
      "서울의 날씨는 맑겠습니다", "인공지능 반도체 산업이 성장하고 있습니다"]
LEGACY = [("GB18030", ZH), ("BIG5", HANT), ("SHIFT_JIS", JA), ("EUC-KR", KO)]
EN = []
for name in sorted(os.listdir(corpus)):
    if name.endswith(".txt"):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            EN += [l.strip() for l in f if len(l.strip()) > 20]


def tick():
    # Every write gets a time of its own, nanoseconds included, so that
    # no change hides behind an unchanged time by chance.
    st["clock"] += 1
    return (1577836800 + st["clock"] * 61) * 10**9 + st["clock"] * 1237


def p(rel):
    return os.path.join(tree, rel)


def text(rng, lines=None):
    lines = lines or rng.randint(1, 5)
    out = []
    for _ in range(lines):
        pool = rng.choice([EN, EN, ZH, JA, KO, HANT])
        line = rng.choice(pool)
        if pool is EN:
            i = rng.randrange(len(line) // 2 + 1)
            line = line[i:i + rng.randint(20, 160)]
        if rng.random() < 0.2:
            line += " Published on April %dth 20%02d" % (rng.randint(4, 28),
                                                         rng.randint(10, 25))
        if rng.random() < 0.2:
            line += " w%d" % rng.randint(0, 10**6)
        out.append(line)
    return out


def content(rng, rel):
    body = text(rng)
    ext = os.path.splitext(rel)[1]
    title = text(rng, 1)[0][:40]
    if ext == ".md":
        s = "# %s\n\n%s\n" % (title, "\n\n".join(body))
    elif ext == ".html":
        s = ("<html><head><title>%s</title></head><body>\n<h1>%s</h1>\n%s\n"
             "</body></html>\n" % (title, body[0][:30],
                                  "\n".join("<p>%s</p>" % b for b in body)))
    else:
        s = "\n".join(body) + "\n"
    return s.encode()


def write(rel, data, ns=None):
    os.makedirs(os.path.dirname(p(rel)) or tree, exist_ok=True)
    with open(p(rel), "wb") as f:
        f.write(data)
    ns = ns if ns is not None else tick()
    os.utime(p(rel), ns=(ns, ns), follow_symlinks=False)


def walk():
    files, dirs, links = [], [], []
    for d, ds, fs in os.walk(tree):
        ds[:] = sorted(x for x in ds if not x.startswith("."))
        rd = os.path.relpath(d, tree)
        if rd != ".":
            dirs.append(rd)
        dlinks = [y for y in ds if os.path.islink(p(os.path.join(rd, y)))]
        for x in sorted(fs + dlinks):
            r = os.path.normpath(os.path.join(rd, x))
            if os.path.islink(p(r)):
                if r not in links:
                    links.append(r)
            elif os.path.isfile(p(r)):
                files.append(r)
    dirs = [d for d in dirs if not os.path.islink(p(d))]
    return files, dirs, links


def under_any(rel, paths):
    return any(rel == q or rel.startswith(q + "/") for q in paths)


def resolve():
    """A stale file that a link made or moved in this round points to:
    the index reads that link's text anew, so make the file's change seen
    (a new time) and no longer stale.  Returns the paths changed."""
    out = []
    for rel in sorted(st["stale"]):
        for ln in links_to([rel]):
            if under_any(ln, st["touched"]):
                unstale(rel)
                ns = tick()
                os.utime(p(rel), ns=(ns, ns))
                out.append(rel)
                break
    return out


def unstale(rel):
    for k in list(st["stale"]):
        if k == rel or k.startswith(rel + "/"):
            del st["stale"][k]


def new_name(rng, dirs, ext=None):
    st["n"] += 1
    ext = ext or rng.choice([".txt", ".txt", ".md", ".html", ""])
    d = rng.choice(dirs + ["", ""])
    return os.path.join(d, "f%d%s" % (st["n"], ext))


def op_add(rng, files, dirs, links):
    rel = new_name(rng, dirs)
    if rng.random() < 0.3:
        rel = os.path.join(rel.rsplit("/", 1)[0] if "/" in rel else "",
                           "d%d" % st["n"], os.path.basename(rel))
    write(rel, content(rng, rel))
    return [rel]


def op_rewrite(rng, files, dirs, links):
    rel = rng.choice(files)
    unstale(rel)
    write(rel, content(rng, rel))
    return [rel]


def same_size(rng, old):
    # Other bytes of the same length: ASCII letters changed in place.
    b = bytearray(old)
    idx = [i for i, c in enumerate(b) if 97 <= c <= 122]
    for i in rng.sample(idx, min(len(idx), 6)):
        b[i] = 97 + (b[i] - 97 + rng.randint(1, 25)) % 26
    return bytes(b)


def op_rewrite_same_stat(rng, files, dirs, links):
    # Same size, same time: in place (the same inode, so by design not
    # read again: remembered as stale), or as an editor saves, a new file
    # renamed over the old one (a new inode: read, and its hash differs).
    cand = [f for f in files if os.path.getsize(p(f)) > 0]
    if not cand:
        return op_add(rng, files, dirs, links)
    rel = rng.choice(cand)
    with open(p(rel), "rb") as f:
        old = f.read()
    new = same_size(rng, old)
    if new == old:
        return []
    ns = os.stat(p(rel)).st_mtime_ns
    # Not saved by a rename twice in a round: the second new file may get
    # the inode the first freed, the one the index has, and so look
    # unchanged (by design, as in place).
    touched = under_any(rel, st["touched"])
    if touched or rng.random() < 0.5:
        # Stale only if the index has read the bytes it had: not a file
        # changed, added or moved in this round (nor one read through a
        # link made in it, see resolve()).
        if rel not in st["stale"] and not touched:
            st["stale"][rel] = {"old": old.hex(), "ns": ns}
        write(rel, new, ns)
        if rel in st["stale"]:
            st["stale"][rel]["new"] = new.hex()
    else:
        unstale(rel)
        tmp = p(rel) + ".save"
        with open(tmp, "wb") as f:
            f.write(new)
        os.utime(tmp, ns=(ns, ns))
        os.rename(tmp, p(rel))
    return [rel]


def op_append(rng, files, dirs, links):
    rel = rng.choice(files)
    unstale(rel)
    ns = tick()
    with open(p(rel), "ab") as f:
        f.write(("\n".join(text(rng)) + "\n").encode())
    os.utime(p(rel), ns=(ns, ns))
    return [rel]


def op_truncate(rng, files, dirs, links):
    rel = rng.choice(files)
    unstale(rel)
    write(rel, b"")
    return [rel]


def op_delete(rng, files, dirs, links):
    rel = rng.choice(files)
    unstale(rel)
    os.unlink(p(rel))
    return [rel]


def op_rename(rng, files, dirs, links):
    rel = rng.choice(files)
    dst = new_name(rng, dirs, os.path.splitext(rel)[1])
    unstale(rel)
    os.rename(p(rel), p(dst))
    return [rel, dst]


def op_move_dir(rng, files, dirs, links):
    if not dirs:
        return op_add(rng, files, dirs, links)
    d = rng.choice(dirs)
    st["n"] += 1
    parent = rng.choice([x for x in dirs + [""]
                         if x != d and not x.startswith(d + "/")])
    dst = os.path.join(parent, "m%d" % st["n"])
    unstale(d)
    os.rename(p(d), p(dst))
    return [d, dst]


def op_file_to_dir(rng, files, dirs, links):
    # A file replaced by a folder of the same name, or such a folder (or
    # any) by a file again.
    if dirs and rng.random() < 0.4:
        d = rng.choice(dirs)
        unstale(d)
        shutil.rmtree(p(d))
        write(d, content(rng, d))
        return [d]
    rel = rng.choice(files)
    unstale(rel)
    os.unlink(p(rel))
    inner = os.path.join(rel, "inner.md")
    write(inner, content(rng, inner))
    return [rel]


def op_link_file(rng, files, dirs, links):
    cand = [f for f in files if f not in st["stale"]]
    if links and rng.random() < 0.4:
        rel = rng.choice(links)
        os.unlink(p(rel))
        return [rel]
    if not cand:
        return op_add(rng, files, dirs, links)
    target = rng.choice(cand)
    rel = new_name(rng, dirs, os.path.splitext(target)[1])
    os.symlink(os.path.relpath(p(target), os.path.dirname(p(rel))), p(rel))
    return [rel]


def op_link_dir(rng, files, dirs, links):
    if not dirs:
        return op_add(rng, files, dirs, links)
    target = rng.choice(dirs)
    st["n"] += 1
    rel = os.path.join(rng.choice(dirs + [""]), "L%d" % st["n"])
    os.symlink(os.path.relpath(p(target), os.path.dirname(p(rel))), p(rel))
    return [rel]


def op_loop(rng, files, dirs, links):
    st["n"] += 1
    d = rng.choice(dirs + [""])
    n = st["n"]
    if rng.random() < 0.5:
        a = os.path.join(d, "loop%da.txt" % n)
        b = os.path.join(d, "loop%db.txt" % n)
        os.symlink(os.path.basename(b), p(a))
        os.symlink(os.path.basename(a), p(b))
        return [a, b]
    a = os.path.join(d, "up%d" % n)  # a folder link to an ancestor
    os.symlink("." if rng.random() < 0.5 else "..", p(a)) if d else \
        os.symlink(".", p(a))
    return [a]


def op_reencode(rng, files, dirs, links):
    enc, pool = rng.choice(LEGACY)
    rel = new_name(rng, dirs, ".txt") if not files or rng.random() < 0.5 \
        else rng.choice(files)
    unstale(rel)
    s = "\n".join(rng.sample(pool, 2)) + "\n"
    data = subprocess.run(["iconv", "-f", "UTF-8", "-t", enc],
                          input=s.encode(), stdout=subprocess.PIPE,
                          check=True).stdout
    write(rel, data)
    return [rel]


def op_binary(rng, files, dirs, links):
    rel = rng.choice(files)
    unstale(rel)
    with open(p(rel), "rb") as f:
        data = f.read()
    write(rel, data[:10] + b"\0\0\x01\x02binary" + data[10:])
    return [rel]


def op_touch(rng, files, dirs, links):
    rel = rng.choice(files)
    unstale(rel)
    ns = tick()
    os.utime(p(rel), ns=(ns, ns))
    return [rel]


OPS = [(op_add, 3), (op_rewrite, 3), (op_rewrite_same_stat, 3),
       (op_append, 2), (op_truncate, 1), (op_delete, 2), (op_rename, 2),
       (op_move_dir, 2), (op_file_to_dir, 2), (op_link_file, 2),
       (op_link_dir, 1), (op_loop, 1), (op_reencode, 2), (op_binary, 1),
       (op_touch, 2)]


def swap(which):
    for rel, s in sorted(st["stale"].items()):
        with open(p(rel), "r+b") as f:
            f.write(bytes.fromhex(s[which]))
        os.utime(p(rel), ns=(s["ns"], s["ns"]))


def run(argv, cwd=None):
    r = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return r.returncode, r.stdout.decode("utf-8", "replace"), \
        r.stderr.decode("utf-8", "replace")


def fresh_diff(tree):
    """The difference between a fresh build of tree and its own index,
    as the first lines of a unified diff of their dumps ("" if none)."""
    fresh = os.path.join(TMP, "fresh")
    swap("old")
    shutil.rmtree(fresh, ignore_errors=True)
    rc, _, err = run([INDEX, "-q", "--full", "--index", fresh, tree])
    swap("new")
    out = []
    if rc > 1:
        out += ["the fresh build failed (exit %d):" % rc] + err.splitlines()[:5]
    a = run([DBTOOL, "dump", "-a", fresh])
    b = run([DBTOOL, "dump", "-a", os.path.join(tree, ".sousuo")])
    if a[0] or b[0]:
        out += ["dbtool dump failed:", a[2], b[2]]
    out += list(difflib.unified_diff(a[1].splitlines(), b[1].splitlines(),
                                     "fresh", "incremental", n=1,
                                     lineterm=""))[2:40]
    return out


def result(good, name, detail=()):
    print(("ok\t" if good else "not ok\t") + name)
    for line in detail:
        for l in str(line).splitlines() or [""]:
            print("#\t" + l)
    sys.stdout.flush()


def is_loop(rel):
    try:
        os.stat(p(rel))
    except OSError as e:
        return e.errno == errno.ELOOP
    return False


def links_to(paths):
    """The links of the tree whose target is, or was, at or under one of
    paths: their documents are the target's text."""
    out = []
    for d, ds, fs in os.walk(tree):
        ds[:] = [x for x in ds if not x.startswith(".")]
        for x in ds + fs:
            rel = os.path.relpath(os.path.join(d, x), tree)
            if not os.path.islink(p(rel)):
                continue
            t = os.path.relpath(os.path.normpath(os.path.join(
                os.path.dirname(p(rel)), os.readlink(p(rel)))), tree)
            if any(t == q or t.startswith(q + "/") for q in paths):
                out.append(rel)
    return out


INDEX, DBTOOL, SEARCH, TMP = (os.environ[v] for v in
                              ("INDEX", "DBTOOL", "SEARCH", "TMP"))
# Cases the random rounds found, fixed: each makes a tree, indexes it,
# changes it, updates the index (over the tree, or naming paths) and
# compares it with a fresh build.
def case_enotdir():
    # A link whose target's folder became a file: dangling (ENOTDIR).
    write("d/x.txt", b"xray in a folder\n")
    os.symlink("d/x.txt", p("l.txt"))
    yield None
    shutil.rmtree(p("d"))
    write("d", b"delta now a file\n")
    yield []


def case_dangling_named():
    # A link whose target was deleted, named with it (a save hook): an
    # error, and the link's document goes.
    write("t.txt", b"tango target\n")
    os.symlink("t.txt", p("l.txt"))
    yield None
    os.unlink(p("t.txt"))
    yield ["t.txt", "l.txt"]


def case_link_to_folder_named():
    # A link to a file whose target became a folder, both named.
    write("f.txt", b"foxtrot file\n")
    os.symlink("f.txt", p("l.txt"))
    yield None
    os.unlink(p("f.txt"))
    write("f.txt/inner.md", b"# inner\n\nfoxtrot folder\n")
    yield ["f.txt", "l.txt"]


def case_folder_to_file_named():
    # A folder replaced by a file of its name, its files and it named (a
    # save hook after a delete): not a fatal "Not a directory".
    write("b/c/f8", b"bravo in a folder\n")
    yield None
    shutil.rmtree(p("b"))
    write("b", b"bravo now a file\n")
    yield ["b/c/f8", "b"]


for case in (case_enotdir, case_dangling_named, case_link_to_folder_named,
             case_folder_to_file_named):
    tree = os.path.join(TMP, case.__name__)
    st = {"clock": 0, "stale": {}, "n": 0, "touched": []}
    os.makedirs(tree)
    steps = case()
    next(steps)
    run([INDEX, "-q", tree])
    named = next(steps)
    rc, _, err = run([INDEX, "-v"] + named if named else [INDEX, "-v", tree],
                     cwd=tree)
    d = fresh_diff(tree)
    result(not d and rc <= 1, "%s: incremental (%s) equals a fresh build" %
           (case.__name__[5:].replace("_", " "),
            "named: " + " ".join(named) if named else "over the tree"),
           ["incremental run: exit %d" % rc] + err.splitlines()[-10:] +
           ["diff fresh incremental:"] + d)

seeds = [int(x) for x in sys.argv[1].split()]
rounds = int(sys.argv[2])
for seed in seeds:
    tree = os.path.join(TMP, "t%d" % seed)
    st = {"clock": 0, "stale": {}, "n": 0, "touched": []}
    rng = random.Random(seed)
    os.makedirs(tree)
    for d in ["a", "b/c", "e"]:
        os.makedirs(p(d))
    for _ in range(10):
        op_add(rng, [], ["a", "b", "b/c", "e"], [])
    rc, _, err = run([INDEX, "-q", tree])
    result(rc == 0, "seed %d: a first index" % seed, [err])
    d = fresh_diff(tree)
    result(not d, "seed %d: the first index equals a fresh build" % seed, d)
    good = not d
    for r in range(1, rounds + 1 if good else 0):
        rng = random.Random(seed * 1000 + r)
        named, done = [], []
        st["touched"] = named
        for _ in range(rng.randint(2, 4)):
            files, dirs, links = walk()
            fn = rng.choices([o for o, _ in OPS], [w for _, w in OPS])[0]
            if not files:
                fn = op_add
            got = fn(rng, files, dirs, links)
            named += got
            done.append("%s(%s)" % (fn.__name__[3:], " ".join(got)))
        named += resolve()
        if rng.random() < 0.3:
            # As an editor's hook: each changed path, named from the
            # root.  A run updates only what it is given (a link's
            # document changes when the link is named or its folder
            # walked, sousuo-index(1)), so the links to them are named too.
            named = list(dict.fromkeys(named + links_to(named)))
            # Not a link loop: no editor saves one, and naming one stops
            # the run before it starts (exit 2, nothing indexed).
            named = [x for x in named if not is_loop(x)]
            what = "named: " + " ".join(named)
            rc, _, err = run([INDEX, "-v"] + named, cwd=tree)
        else:
            what = "over the tree"
            rc, _, err = run([INDEX, "-v", tree])
        d = fresh_diff(tree)
        if rc > 1 or d:
            result(False, "seed %d round %d: incremental (%s) equals a fresh "
                   "build" % (seed, r, what),
                   ["ops: " + ", ".join(done), "incremental run: exit %d" % rc,
                    "rewritten behind the index's back: " +
                    " ".join(sorted(st["stale"]))]
                   + err.splitlines()[-10:] + ["diff fresh incremental:"] + d)
            good = False
            break
    if good:
        result(True, "seed %d: %d rounds, the incremental index equals a "
               "fresh build after each" % (seed, rounds))

# The searcher agrees as well (on the last tree and its fresh build, made
# with the bytes the incremental index has read).
fresh_diff(tree)
for q in ["productive", "产业链", "日本語", "한국어", "forces", "新质生产力",
          "title:china", "date:2024"]:
    a = run([SEARCH, "--index", os.path.join(tree, ".sousuo"), "--files",
             "-n", "1000", q])
    b = run([SEARCH, "--index", os.path.join(TMP, "fresh"), "--files",
             "-n", "1000", q])
    result(sorted(a[1].splitlines()) == sorted(b[1].splitlines()) and
           a[0] == b[0] and a[0] <= 1,
           "sousuo-search --files '%s': the same files from both indexes" % q,
           ["incremental (exit %d):" % a[0], a[1], a[2],
            "fresh (exit %d):" % b[0], b[1], b[2]])
PY

# The checks python3 made, as TAP.  (Not $line: not_ok sets it.)
name=
detail=
flush() {
    if [ -n "$name" ]; then
        if [ "$status" = ok ]; then ok "$name"
        else not_ok "$name" "$detail"; fi
    fi
    name=
    detail=
}
CORPUS=$CORPUS INDEX=$INDEX DBTOOL=$DBTOOL SEARCH=$SEARCH TMP=$TMP \
    python3 "$TMP/diff.py" "$seeds" "$rounds" >"$TMP/results" \
    2>"$TMP/diff.err"
rc=$?
tab=$(printf '\t')
while IFS= read -r rec; do
    case $rec in
    "ok$tab"* | "not ok$tab"*)
        flush
        status=${rec%%"$tab"*}
        name=${rec#*"$tab"} ;;
    "#$tab"*)
        detail="$detail${detail:+
}${rec#*"$tab"}" ;;
    esac
done <"$TMP/results"
flush
expect_eq "the generator ran to its end" "$rc: $(tail -5 "$TMP/diff.err")" "0: "

done_testing
