"""The worker's pace: how many steps the speed limit allows, and when the next snapshot may go out.

Snapshots go out at most ~30 a second, and no periodic one before the GUI thread has painted the last one and
gone idle (the controller reports it across the process boundary), so a slow GUI never builds up a queue:
frames are dropped, never steps.
"""
from __future__ import annotations

import time

EMIT_INTERVAL = 1 / 32     # seconds between snapshots while running (a little over 30 a second)
SLICE_SECONDS = 0.008      # train this long before letting queued commands in
ACK_SLICE_SECONDS = 0.002  # slices while a due snapshot waits for the GUI's "painted" (a command) to arrive
GUI_STALL_LIMIT = 0.25     # emit anyway when the GUI has not reported a paint for this long


class Pacer:
    def __init__(self):
        self.steps_per_second = 0        # the speed limit; 0: none
        self._last_emit = 0.0
        self._next_emit = 0.0            # when the next snapshot is due while running (a steady cadence)
        self._gui_done = True            # the GUI has painted the last snapshot and gone idle
        self._rate_anchor = (0.0, 0)     # (time, step) the speed limit counts from

    def gui_painted(self) -> None:
        """The GUI has painted the last snapshot."""
        self._gui_done = True

    def count_from(self, step: int) -> None:
        """The speed limit (and the steps-per-second figure) count from now, at `step`."""
        self._rate_anchor = (time.perf_counter(), step)

    def slice_deadline(self, now: float) -> float:
        # End the slice when the next snapshot is due, so they go out every EMIT_INTERVAL, not up to a
        # slice later (which gave ~26 a second instead of 30). Once it is due but the GUI has not reported the
        # last one painted, short slices: the report is a command, read between two slices (not one a step).
        if now >= self._next_emit and not self._gui_done:
            return now + ACK_SLICE_SECONDS
        return min(now + SLICE_SECONDS, self._next_emit)

    def snapshot_due(self, now: float) -> bool:
        # A GUI that paints slower than we emit would otherwise queue snapshots without bound and fall ever
        # further behind; while one is still being painted, losses collect for the next one. (A GUI that
        # never sleeps, e.g. spinning processEvents(), still gets a few a second.)
        return now >= self._next_emit and (self._gui_done or now - self._last_emit > GUI_STALL_LIMIT)

    def steps_allowed(self, now: float, step: int) -> int:
        if self.steps_per_second <= 0:
            return 1 << 30
        t0, s0 = self._rate_anchor
        return int((now - t0) * self.steps_per_second) - (step - s0) + (1 if step == s0 else 0)

    def emitting(self) -> None:
        """A snapshot is being made now: when the next one is due."""
        self._last_emit = time.perf_counter()
        # Keep the cadence (due times step by EMIT_INTERVAL) but never fire twice in a row after a late one.
        self._next_emit = max(self._next_emit + EMIT_INTERVAL, self._last_emit + EMIT_INTERVAL / 2)

    def speed(self, step: int, running: bool) -> float:
        """Steps per second from count_from to the snapshot being made."""
        elapsed = self._last_emit - self._rate_anchor[0]
        return (step - self._rate_anchor[1]) / elapsed if running and elapsed > 0 else 0.0

    def emitted(self) -> None:
        """Sent: no periodic snapshot until the GUI reports it has painted this one."""
        self._gui_done = False
