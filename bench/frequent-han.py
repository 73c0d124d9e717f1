#!/usr/bin/env python3
"""bench/frequent-han.py [CORPUS] [N] - the N (default 500) most frequent
CJK Unified Ideographs of the zh and of the ja files of the bench corpus
(bench/corpus.sh), as the C string literals of lib/encoding-frequent.h.
The encoding detector uses them to tell real Chinese or Japanese text
from a misreading, whose ideographs are random.  The corpus is software
documentation, so the lists lean to its words; any real text's common
characters still stand far above a misreading's."""
import collections
import glob
import sys

corpus = sys.argv[1] if len(sys.argv) > 1 else 'bench/out/corpus'
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
for lang in ('zh', 'ja'):
    c = collections.Counter()
    for f in sorted(glob.glob('%s/%s/**/*' % (corpus, lang), recursive=True)):
        if '.' not in f.rsplit('/', 1)[-1]:
            continue
        try:
            t = open(f, encoding='utf-8').read()
        except (UnicodeDecodeError, OSError):
            continue
        c.update(ch for ch in t if '\u4e00' <= ch <= '\u9fff')
    top = ''.join(k for k, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n])
    print('static const char %s_frequent_text[] =' % lang)
    for i in range(0, len(top), 25):
        print('    "%s"' % top[i:i + 25])
    print('    ;')
