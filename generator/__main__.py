"""`python -m generator` is the same as the `cycle-reports` command."""

import sys

from .cli import main

sys.exit(main())
