"""The character language model: the one place a cost comes from.

:mod:`~textrepair.model.tables` loads the generated character and bigram
tables (lazily, once per process); :mod:`~textrepair.model.score` prices
characters and text with them.  Every later stage (decode, repair,
normalize) asks the model what a character or a text costs; the model
imports no later stage.
"""
