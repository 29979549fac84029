"""SIGTERM ends vchain the way Ctrl-C does: with its cleanups run, not in the middle of one.

Python's default for SIGTERM (what CI runners, ``timeout`` and ``kill`` send) is to die
at once: a temporary file stays behind, a ``dot`` child keeps drawing.  Inside
:func:`terminate_gracefully` SIGTERM raises ``SystemExit(143)`` (128 + 15, what shells
report for a terminated process) wherever the program is, so that ``finally`` blocks and
``except BaseException`` cleanups run on the way out.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

TERMINATED = 128 + signal.SIGTERM


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
    sys.stderr.write("vchain: terminated\n")
    raise SystemExit(TERMINATED)


@contextlib.contextmanager
def terminate_gracefully() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) while the block runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
