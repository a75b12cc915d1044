"""Injected pinyin annotations out (the first normalizer ``clean()`` runs).

The decision on each ``字(zì)`` is :func:`textrepair.pinyin.find_annotations`
(shared with ``detect()``, which reports the same spans as
``pinyin_injection``); this module turns the injected ones into steps whose
rule is the evidence that decided them.

>>> remove_pinyin("國務(wù)院外辦主任")[0]
'國務院外辦主任'
>>> remove_pinyin("生字：齊(qí)、燦(càn)")[0]
'生字：齊(qí)、燦(càn)'
"""

from __future__ import annotations

from ..explain import Step, apply_edits
from ..pinyin import find_annotations

Result = tuple[str, list[Step]]


def remove_pinyin(text: str) -> Result:
    """Remove the annotations the converter injected; keep every other one."""
    if "(" not in text:
        return text, []
    edits = [Step("pinyin_injection", a.start, a.end, a.syllable.join("()"), "", a.reason,
                  stage="normalize")
             for a in find_annotations(text) if a.injected]
    if not edits:
        return text, []
    return apply_edits(text, edits)
