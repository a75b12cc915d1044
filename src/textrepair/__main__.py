"""``python -m textrepair``: the same as the ``textrepair`` command."""

from .cli import main

raise SystemExit(main())
