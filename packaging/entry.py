"""Entry point of the frozen `relmap` executable: the same front door as the installed command."""

import os
import sys

if __name__ == "__main__":
    if os.environ.get("RELMAP_STARTUP_PROBE") == "empty-window":
        # The start-up baseline (desktop/probe.py): an empty Qt window from this same binary,
        # before anything of Relmap beyond that small module is imported.
        from desktop.probe import empty_window

        sys.exit(empty_window())
    from desktop.cli import main

    sys.exit(main())
