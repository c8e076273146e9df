"""``python -m corretor``: corrige uma pasta de entregas."""

from corretor.cli import main

raise SystemExit(main())
