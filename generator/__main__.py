"""``python -m generator``: the command line."""

from __future__ import annotations

import gc
import sys

from generator.cli import main

if __name__ == "__main__":
    # A build keeps the collector paused while it runs (build.collector_paused); turning it back
    # on, or the interpreter's last collection as it exits, would scan every object the build
    # made just before the process ends and the system frees them all anyway (about 0.25 s at
    # the end of a build of 60,000 sessions, make bench). This process runs one command and
    # ends: the collector stays off, and what the command leaves is frozen, out of its reach.
    gc.disable()
    status = main()
    gc.freeze()
    sys.exit(status)
