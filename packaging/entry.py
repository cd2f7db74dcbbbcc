"""Entry point of the frozen `relmap` executable: the same front door as the installed command."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
