#!/usr/bin/env python3
"""bench/detect-samples.py CORPUS OUT.bin OUT.tsv - samples for the
encoding detector (bench/bench-detect.sh).

From the UTF-8 files of CORPUS/{en,zh,ja,ko} (bench/corpus.sh), with a
fixed seed: fragments of 6-600 characters encoded in the legacy encodings
of their language (GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR; only those
that are not valid UTF-8, since only those are detected); UTF-8 fragments
with non-ASCII text and one inserted bad byte; English fragments with a
few accented words and one stray windows-1252 byte ("utf8-latin"); and
the same English fragments in windows-1252.  OUT.bin holds the records
(4-byte little-endian length, bytes); OUT.tsv the expected family
(zh ja ko utf8 latin) and the class of each, in the same order."""
import glob
import random
import struct
import sys

corpus, out_bin, out_tsv = sys.argv[1:4]
rnd = random.Random(20251125)
out = open(out_bin, 'wb')
exp = open(out_tsv, 'w')


def emit(family, b, cls):
    out.write(struct.pack('<I', len(b)))
    out.write(b)
    exp.write('%s\t%s\n' % (family, cls))


def texts(lang):
    files = sorted(f for f in glob.glob('%s/%s/**/*' % (corpus, lang),
                                        recursive=True)
                   if '.' in f.rsplit('/', 1)[-1])
    rnd.shuffle(files)
    r = []
    for f in files[:300]:
        try:
            r.append(open(f, encoding='utf-8').read())
        except (UnicodeDecodeError, OSError):
            pass
    return r


def fragment(t, n):
    s = rnd.randrange(0, len(t) - n + 1)
    return t[s:s + n]


def valid_utf8(b):
    try:
        b.decode('utf-8')
        return True
    except UnicodeDecodeError:
        return False


for lang, encs in (('zh', ('gb18030', 'big5')),
                   ('ja', ('shift_jis', 'euc_jp')), ('ko', ('euc_kr',))):
    ts = texts(lang)
    for enc in encs:
        for t in ts:
            for n in (6, 20, 80, 600):
                if len(t) < n:
                    continue
                b = fragment(t, n).encode(enc, errors='replace')
                if not valid_utf8(b):
                    emit(lang, b, '%s/%d' % (enc, n))

for lang in ('en', 'zh', 'ja', 'ko'):
    for t in texts(lang):
        for n in (20, 80, 600):
            if len(t) < n:
                continue
            b = bytearray(fragment(t, n).encode('utf-8'))
            if all(c < 0x80 for c in b):
                continue
            p = rnd.randrange(0, len(b) + 1)
            b[p:p] = bytes([rnd.choice([0x80, 0xff, 0xfe, 0xc0, 0xa0])])
            emit('utf8', bytes(b), 'utf8-%s/%d' % (lang, n))

words = ['café', 'naïve', 'résumé', 'déjà vu', 'Müller', 'Straße',
         '“quoted”', 'it’s', '2–3', '10 €', '—', 'São Paulo',
         'crème brûlée', '¶', '©', 'señor']
for t in texts('en'):
    for n in (40, 120, 600):
        if len(t) < n:
            continue
        ws = fragment(t, n).split(' ')
        for _ in range(rnd.choice([1, 1, 2, 3])):
            ws.insert(rnd.randrange(len(ws) + 1), rnd.choice(words))
        txt = ' '.join(ws)
        b = bytearray(txt.encode('utf-8'))
        p = rnd.randrange(0, len(b) + 1)
        while p < len(b) and 0x80 <= b[p] < 0xC0:  # not inside a character
            p += 1
        b[p:p] = bytes([rnd.choice([0x92, 0x93, 0x94, 0x96, 0xe9, 0xa0])])
        emit('utf8', bytes(b), 'utf8-latin/%d' % n)
        try:
            emit('latin', txt.encode('cp1252'), 'cp1252/%d' % n)
        except UnicodeEncodeError:
            pass
out.close()
exp.close()
