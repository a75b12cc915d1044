"""Adapters for the engines corpora are built with.

Each submodule imports its engine (an optional extra) and nothing else here
does, so ``import textrepair`` never needs them:

* :mod:`textrepair.integrations.datatrove` — ``pip install "textrepair[datatrove]"``
* :mod:`textrepair.integrations.datajuicer` — ``pip install "textrepair[datajuicer]"``
* :mod:`textrepair.integrations.ray` — ``pip install "textrepair[ray]"``
* :mod:`textrepair.integrations.spark` — ``pip install "textrepair[spark]"``

Every adapter is thin: it builds one :class:`~textrepair.Repairer` with
:func:`textrepair.records.make_repairer` and fixes texts through
:func:`textrepair.records.fix_text` / :func:`~textrepair.records.fix_texts`,
the code path the CLI uses for JSONL corpora: ``clean()``'s text and the
counts of each kind of change, with the steps built only when an annotation
is asked for.
"""
