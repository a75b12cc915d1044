"""Repair: find mis-encoded spans and undo the damage, judged by the model.

:mod:`~textrepair.repair.pipeline` runs the detect → repair → re-score loop
over the candidates that the other modules propose; none of them decides.
Repair imports the model (and the shared top-level facts), never
normalization or anything later.
"""
