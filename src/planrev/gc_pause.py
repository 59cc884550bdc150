"""Pausing Python's cyclic garbage collector while a command runs.

Comparing two 5,000-section drafts builds hundreds of thousands of small objects while both
drafts are alive; each full collection then walks every one of them, and a command runs about
twice as long with the collector on. planrev's models hold no reference cycles, so the command line
runs each command inside :func:`paused` (reference counting still frees everything). The pause is
a context manager and nothing else: the collector is always switched back on afterwards, and left
alone when the caller had paused it. Library calls run with the collector as the caller set it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
