"""``python -m nncourse`` is the ``nncourse`` command."""

from .cli import main

raise SystemExit(main())
