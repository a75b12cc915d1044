"""Build benchmarks/data/pinyin_s2t.tsv: the converter's one-to-one simplified →
traditional character table, as the pinyin benchmark's simulator uses it.

Source: Unihan 15.0 kTraditionalVariant (../shared/corpora/resources/unihan);
when a simplified character has several traditional variants, the one most
frequent in the running corpus's traditional files is taken; the simplified
character is kept when it is itself at least as frequent there as that
variant, and for the characters real converter pages show kept (KEEP).
Third column: the simplified character's count in jieba's dictionary (ranks
the generalised annotation list).
Run: python benchmarks/data/make_pinyin_s2t.py ../shared/corpora
"""

import bz2
import collections
import gzip
import sys
from pathlib import Path

#: Kept as they are on the real pages (后面, 位于/对于, 示范, 并, 制造, 骨干, 体系, 回归, 一曲, 了).
KEEP = set("后于范并制干系回曲了里面只借同合向表才家出千卜冬秋松致蒙采胡谷朱斗征志注折御板栗症累舍")


def main(corpora: str) -> None:
    root = Path(corpora)
    tv: dict[str, list[str]] = {}
    with bz2.open(root / "resources/unihan/Unihan_Variants.txt.bz2", "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, key, val = line.rstrip("\n").split("\t")
            if key == "kTraditionalVariant":
                tv[chr(int(cp[2:], 16))] = [chr(int(v[2:].split("<")[0], 16)) for v in val.split()]
    freq: collections.Counter[str] = collections.Counter()
    for p in sorted((root / "running").glob("zh_hant_*.txt.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                freq.update(line)
    jieba: collections.Counter[str] = collections.Counter()
    with open(root / "resources/jieba-dict.txt", encoding="utf-8") as f:
        for line in f:
            w, n, *_ = line.split()
            for c in w:
                jieba[c] += int(n)
    rows = []
    for s, vs in sorted(tv.items()):
        cands = []
        for v in vs:
            if v == s:
                continue
            try:
                v.encode("gbk")
            except UnicodeEncodeError:
                continue
            cands.append(v)
        try:
            s.encode("gbk")
        except UnicodeEncodeError:
            continue
        if not cands or s in KEEP:
            continue
        best = max(cands, key=lambda v: (freq[v], -vs.index(v)))
        if s in vs and freq[s] >= freq[best]:
            continue
        rows.append(f"{s}\t{best}\t{jieba[s]}\n")
    out = Path(__file__).with_name("pinyin_s2t.tsv")
    out.write_text("".join(rows), encoding="utf-8")
    print(len(rows), "rows ->", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
