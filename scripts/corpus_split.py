#!/usr/bin/env python3
"""One train/evaluation split of the running-text corpus, by document.

Every table or threshold built from ``../shared/corpora/running/`` uses only
the *train* documents; every accuracy figure is measured on the *eval*
documents (and on corpora no table was built from).  Both sides import this
module, so they cannot disagree.

A document is what the source calls one:

* laws (PRC, Taiwan): one act, from its title line to the next title line;
* the 1919 Bible: one chapter (one line); the simplified and the traditional
  file hold the same chapters in the same order, so a chapter is keyed by its
  number and lands on the same side in both scripts (the model is folded to
  simplified: a traditional chapter in eval whose simplified twin trained the
  model would leak);
* novels: one chapter (``第N回``), 呼兰河传: one chapter (``第N章``);
* Tatoeba: one sentence (one line).

A document is in the evaluation part when a keyed hash of its key falls in
the first EVAL_SHARE of the hash range: deterministic, independent of file
order, and the same on every machine.

    python scripts/corpus_split.py [--corpora ../shared/corpora]   # prints the counts
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"

#: Share of documents held out for evaluation.
EVAL_SHARE = 0.1
#: Salt of the hash (changing it re-draws the split: never do that silently).
SALT = b"textrepair-split-v1"

_PRC_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")
_TW_TITLE = re.compile(r"^[^。，；：、「」（）()\s]{2,40}(?:法|條例|通則|律|規程|憲法)$")
_NOVEL_CHAPTER = re.compile(r"^(?:《[^》]+》|第[一二三四五六七八九十百零〇\d]{1,6}回)")
_HULAN_CHAPTER = re.compile(r"^(?:第.章|尾声)")


@dataclass(frozen=True, slots=True)
class Document:
    """One document of the running corpus: its key, source file and lines."""

    key: str
    source: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def split(self) -> str:
        return split_of(self.key)


def split_of(key: str) -> str:
    """``"eval"`` or ``"train"`` for a document key."""
    h = hashlib.blake2b(key.encode("utf-8"), digest_size=8, key=SALT).digest()
    return "eval" if int.from_bytes(h, "big") < EVAL_SHARE * 2**64 else "train"


def _read(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


def _grouped(lines: list[str], starts: list[bool], prefix: str, source: str
             ) -> Iterator[Document]:
    block: list[str] = []
    n = 0
    for line, start in zip(lines, starts, strict=True):
        if start and block:
            yield Document(f"{prefix}:{n}", source, tuple(block))
            n += 1
            block = []
        block.append(line)
    if block:
        yield Document(f"{prefix}:{n}", source, tuple(block))


def documents(path: Path) -> Iterator[Document]:
    """The documents of one file of ``running/``."""
    name = path.name
    lines = _read(path)
    if "bible" in name:
        # same key for both scripts: chapter k is chapter k
        for k, line in enumerate(lines):
            yield Document(f"bible:{k}", name, (line,))
    elif "tatoeba" in name:
        for line in lines:
            yield Document(f"tatoeba:{line}", name, (line,))
    elif "prc_laws" in name:
        # an act starts at the line before its first date line
        starts = [i + 1 < len(lines) and _PRC_DATE.match(lines[i + 1]) is not None
                  and _PRC_DATE.match(line) is None for i, line in enumerate(lines)]
        yield from _grouped(lines, starts, "prc_laws", name)
    elif "taiwan_laws" in name:
        starts = [_TW_TITLE.match(line) is not None for line in lines]
        yield from _grouped(lines, starts, "taiwan_laws", name)
    elif "novels" in name:
        starts = [_NOVEL_CHAPTER.match(line) is not None for line in lines]
        yield from _grouped(lines, starts, "novels", name)
    elif "hulanhe" in name:
        starts = [_HULAN_CHAPTER.match(line) is not None for line in lines]
        yield from _grouped(lines, starts, "hulanhe", name)
    else:
        raise ValueError(f"{name}: no document rule for this file; add one to corpus_split.py")


def running_files(corpora: Path = DEFAULT_CORPORA) -> list[Path]:
    return sorted((corpora / "running").glob("*.txt.gz"))


def iter_documents(corpora: Path = DEFAULT_CORPORA, split: str | None = None
                   ) -> Iterator[Document]:
    """Every document of the running corpus (only ``split``'s when given)."""
    for path in running_files(corpora):
        for doc in documents(path):
            if split is None or doc.split == split:
                yield doc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = ap.parse_args()
    print(f"{'file':45} | {'docs':>6} | {'eval docs':>9} | {'eval chars %':>12}")
    for path in running_files(args.corpora):
        docs = list(documents(path))
        ev = [d for d in docs if d.split == "eval"]
        chars = sum(len(d.text) for d in docs)
        ev_chars = sum(len(d.text) for d in ev)
        print(f"{path.name:45} | {len(docs):6} | {len(ev):9} | {100 * ev_chars / chars:12.1f}")


if __name__ == "__main__":
    main()
