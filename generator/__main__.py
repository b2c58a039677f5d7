"""`python -m generator …` is the same as the `yizhan` command."""

from generator.cli import main

raise SystemExit(main())
