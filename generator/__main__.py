"""``python -m generator``: the command line."""

from __future__ import annotations

import gc
import sys

from generator.cli import main

if __name__ == "__main__":
    # A build keeps the collector paused while it runs (build.collector_paused); turning it back
    # on would have it scan every object the build made just before the process exits and frees
    # them all anyway (0.09 s at the end of each build of 60,000 sessions, make bench). This
    # process runs one command and ends: the collector stays off.
    gc.disable()
    sys.exit(main())
