"""`python -m extract` is the `bordermetrics` command."""

from extract.cli import main

raise SystemExit(main())
