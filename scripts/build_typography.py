#!/usr/bin/env python3
"""Regenerate ``src/textrepair/data/typography.tsv``: English punctuation in context.

A mojibake cluster inside English or code (``鈥?`` for ``”``, ``—``, ``…``)
has lost the last byte of its UTF-8 character; which of the few characters
the byte structure allows it was cannot be told by the Chinese language
model (it prices every ASCII neighbour as one class).  This table counts,
in English technical prose that uses typographic punctuation, each mark of
General Punctuation (U+2010-U+203A) with the class of the character before
it and after it and whether a quotation mark is open on the same line;
:mod:`textrepair.repair.typography` turns the counts into costs.

Source: the HTML documentation of CPython 3.11 as Debian packages it
(``python3.11-doc`` 3.11.2-6+deb12u8; Python Software Foundation License
Version 2, its code examples Zero-Clause BSD: see
``src/textrepair/data/NOTICE``), whose prose Sphinx typesets with curly
quotes and dashes.  Text only: tags, scripts and styles are dropped, block
elements end a line.  Only counts are kept.

    apt-get download python3.11-doc && dpkg-deb -x python3.11-doc_*.deb /tmp/pydoc
    python scripts/build_typography.py --html /tmp/pydoc/usr/share/doc/python3.11/html

Output (sorted lines, deterministic): ``before<TAB>mark<TAB>after<TAB>open<TAB>count``.
``before`` is a class: ``a`` (ASCII letter), ``0`` (digit), `` `` (space or
tab), ``p`` (other ASCII), ``^`` (line start), ``x`` (other); ``after`` is
the same classes with ``$`` (line end) for ``^``, except that other ASCII
characters stand for themselves (``,`` ``.`` ``)``: a Windows ``?`` swallows
one of them); ``open`` is ``d`` (a “ is open on the line), ``s`` (a ‘ is
open) or ``-``.
"""

from __future__ import annotations

import argparse
import collections
import html
import re
import sys
from pathlib import Path

# the classes and the quotation test are the ones repair/typography.py looks up
from textrepair.repair.typography import char_class, open_quote

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "textrepair" / "data"
MARKS = re.compile("[\u2010-\u203a]")


def count(texts: list[str]) -> collections.Counter[tuple[str, str, str, str]]:
    out: collections.Counter[tuple[str, str, str, str]] = collections.Counter()
    for text in texts:
        for m in MARKS.finditer(text):
            i = m.start()
            line_start = text.rfind("\n", 0, i) + 1
            before = char_class(text[i - 1]) if i > line_start else "^"
            after = char_class(text[i + 1], after=True) if i + 1 < len(text) else "$"
            out[(before, m.group(), after, open_quote(text[line_start:i]))] += 1
    return out


#: Elements whose end ends a line of text.
_BLOCK_END = re.compile(r"</(?:p|li|dt|dd|h[1-6]|pre|td|th|div|tr|blockquote)>|<br\s*/?>", re.I)


def page_text(page: str) -> str:
    """The text of an HTML page, a line per block element."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = _BLOCK_END.sub("\n", page)
    page = re.sub(r"<[^>]+>", "", page)
    lines = (re.sub(r"[ \t\r\n]+", " ", block).strip() for block in page.split("\n"))
    return "\n".join(line for line in lines if line)


def sources(root: Path) -> list[str]:
    pages = sorted(p for p in root.rglob("*.html") if "_sources" not in p.parts)
    return [html.unescape(page_text(p.read_text("utf-8"))) for p in pages]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", type=Path, required=True,
                    help="usr/share/doc/python3.11/html of Debian's python3.11-doc")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    counts = count(sources(args.html))
    lines = sorted(f"{b}\t{m}\t{a}\t{q}\t{n}\n" for (b, m, a, q), n in counts.items())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "typography.tsv").write_text("".join(lines), encoding="utf-8")
    print(f"typography.tsv: {len(lines)} contexts, {sum(counts.values())} marks "
          f"from {args.html}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
