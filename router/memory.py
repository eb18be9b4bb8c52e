"""Give freed memory back to the operating system after a burst of work.

A router that has just classified and stored a backlog has freed most of what it allocated,
but glibc keeps the freed pages in its heaps, so the process stays at its peak size while it
waits for more traffic. ``malloc_trim`` returns them; it costs a few milliseconds, so it runs
only when a busy consume loop goes idle. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None)
    return None if trim is None else trim


def release_free_memory() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
