#!/usr/bin/env python3
"""Substring oracle for sousuo (tests/cli/T070-oracle.sh).

make DIR      write a deterministic mixed zh/zh-TW/ja/ko corpus into DIR
queries DIR N print N queries sampled from DIR with a fixed seed, one per
              line as QUERY<TAB>EXPECTED-PATHS (space-separated, sorted):
              2-6 character CJK substrings and whole Latin word + CJK
              strings; the expected paths are the files whose NFKC +
              case-folded text contains the query, computed here, not by
              sousuo.
"""
import os
import random
import re
import sys
import unicodedata

SENTENCES = [
    "新质生产力是创新起主导作用的先进生产力质态。",
    "中华民族的伟大复兴进入了不可逆转的历史进程。",
    "产业链供应链的韧性和安全水平持续提升。",
    "人工智能芯片的国产化率不断提高。",
    "第十四个五年规划纲要提出了明确目标。",
    "数据要素市场化配置改革加快推进。",
    "科技自立自强是国家发展的战略支撑。",
    "绿色低碳转型为经济增长注入新动能。",
    "臺灣的半導體產業在全球供應鏈中占有重要地位。",
    "資訊安全與個人隱私的保護日益受到重視。",
    "東京の半導体工場で新しい生産ラインが稼働した。",
    "人々は春の訪れを喜び、桜の下で語り合った。",
    "カタカナとひらがなを混ぜた文章を検索する。",
    "日本語の形態素解析は難しい課題である。",
    "한국어 검색 엔진은 띄어쓰기를 고려해야 한다.",
    "반도체 산업의 경쟁력이 강화되었다.",
    "서울에서 열린 회의에 많은 사람들이 참석했다.",
    "サーバーのCPU使用率が高い。",
    "新一代AI芯片的算力大幅提升。",
    "可以使用strace调试程序。",
    "2024年的经济数据显示增长放缓。",
    "产业升级离不开新质生产力的支撑。",
    "生产关系必须与生产力发展要求相适应。",
]
CJK = "\u3005\u3006\u303b\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
RUN = re.compile("[%s]+" % CJK)
MIXED = re.compile("[A-Za-z0-9]+[%s]+" % CJK)


def norm(s):
    return unicodedata.normalize("NFKC", s).casefold()


def make(d):
    rnd = random.Random(20261123)
    os.makedirs(d, exist_ok=True)
    for i in range(60):
        picked = rnd.sample(SENTENCES, rnd.randint(2, 6))
        with open(os.path.join(d, "doc%02d.txt" % i), "w", encoding="utf-8") as f:
            f.write("\n".join(picked) + "\n")


def load(d):
    docs = {}
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if name.endswith(".txt") and os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                docs[name] = f.read()
    return docs


def queries(d, n):
    rnd = random.Random(7)
    docs = load(d)
    names = sorted(docs)
    out = []
    while len(out) < n:
        text = docs[rnd.choice(names)]
        if len(out) % 10 == 9:
            mixed = MIXED.findall(text)
            if not mixed:
                continue
            m = rnd.choice(mixed)
            word = re.match("[A-Za-z0-9]+", m).group(0)
            q = m[: len(word) + rnd.randint(1, min(4, len(m) - len(word)))]
            # Latin parts are whole words in sousuo: the truth must be too.
            pat = re.compile(r"(?<![a-z0-9])" + re.escape(norm(q)))
            hits = [k for k in names if pat.search(norm(docs[k]))]
        else:
            runs = [r for r in RUN.findall(text) if len(r) >= 2]
            r = rnd.choice(runs)
            k = rnd.randint(2, min(6, len(r)))
            start = rnd.randint(0, len(r) - k)
            q = r[start : start + k]
            hits = [k2 for k2 in names if norm(q) in norm(docs[k2])]
        out.append("%s\t%s" % (q, " ".join(sorted(hits))))
    return out


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "queries":
        print("\n".join(queries(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(__doc__)
