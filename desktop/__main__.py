"""`python -m desktop` runs the same front door as the `relmap` command."""

import sys

from desktop.cli import main

sys.exit(main())
