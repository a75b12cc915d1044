#!/usr/bin/env python3
"""著 or 着: does traditional text come back to the simplified original?

Records of 1-3 sentences from the simplified documents of the running corpus
(benchmarks/pinyin_accuracy.py's records; the *evaluation* documents unless
``--split train``) that hold 着 or 著, converted to traditional by three
writers: OpenCC ``s2tw`` (Taiwan's standard: 着 → 著), the pinyin converter's
own table (benchmarks/pinyin_converter.py: 着 → 著, as the mirror pages), and
OpenCC ``s2t`` (keeps 着: a control).  Each is read back by OpenCC ``t2s``
alone, OpenCC ``tw2s`` alone and textrepair's script conversion (``t2s``,
then normalize/zhe.py).  Printed per writer and reader: the characters 着/著
of the originals read back wrong, and the records whose conversion differs
anywhere from the original (t2s's other one-to-many characters included).

    python benchmarks/zhe_accuracy.py [--split eval|train] [--records 20000]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pinyin_accuracy as pa  # noqa: E402
import pinyin_converter as pc  # noqa: E402
from _common import table  # noqa: E402

from textrepair.config import make_config  # noqa: E402
from textrepair.normalize.rules import convert_script  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE.parent.parent / "shared" / "corpora")
    ap.add_argument("--split", choices=("eval", "train"), default="eval")
    ap.add_argument("--records", type=int, default=20000, help="records scanned")
    args = ap.parse_args(argv)
    cfg = make_config()
    writers: dict[str, Callable[[str], str]] = {
        "OpenCC s2tw": opencc.OpenCC("s2tw.json").convert,
        "pinyin converter's table": pc.to_traditional,
        "OpenCC s2t (control)": opencc.OpenCC("s2t.json").convert,
    }
    readers: dict[str, Callable[[str], str]] = {
        "OpenCC t2s": opencc.OpenCC("t2s.json").convert,
        "OpenCC tw2s": opencc.OpenCC("tw2s.json").convert,
        "textrepair (t2s + zhe)": lambda t: convert_script(t, cfg, explain=False)[0],
    }
    recs = [r for _, r in pa.eval_records(args.corpora, args.split)[:args.records]
            if "着" in r or "著" in r]
    rows = []
    for wname, write in writers.items():
        trad = [write(r) for r in recs]
        for rname, read in readers.items():
            chars = wrong = records_off = 0
            for rec, t in zip(recs, trad, strict=True):
                out = read(t)
                records_off += out != rec
                if len(out) != len(rec):
                    continue
                for a, b in zip(out, rec, strict=True):
                    if b in "着著":
                        chars += 1
                        wrong += a != b
            rows.append([wname, rname, str(len(recs)), str(chars),
                         f"{100 * wrong / max(chars, 1):.2f}",
                         f"{100 * records_off / len(recs):.1f}"])
    print(f"Records with 着 or 著 ({args.split} documents, of the first {args.records} records)")
    print(table(["writer", "reader", "records", "着/著", "wrong %", "records differing %"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
