"""Work off the GUI thread, one piece at a time: `PoolRunner` runs `compute(request)` on its own one-thread
pool and reports on the thread it lives on, `computed(request, result)` or `failed(message)` for one of the
errors it was told to expect. Two ways to ask: `submit` refuses while a computation runs (the loss landscape
asks again later); `request` keeps the latest request to run next, replacing any that waited (the timeline's
past frames: scrubbing fast drops frames instead of queueing them)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot


class _Relay(QObject):
    finished = Signal(object, object, str)     # request, result or None, error message


class PoolRunner(QObject):
    computed = Signal(object, object)          # request, result
    failed = Signal(str)

    def __init__(self, compute: Callable, errors: tuple, parent: QObject | None = None):
        super().__init__(parent)
        self._compute, self._errors = compute, errors
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._busy = False
        self._waiting = None

    def is_busy(self) -> bool:
        return self._busy or self._waiting is not None

    def submit(self, request) -> bool:
        """Start computing `request`; False (and nothing happens) while another computation runs."""
        if self._busy:
            return False
        self._busy = True
        compute, errors, relay = self._compute, self._errors, self._relay
        self._pool.start(lambda: _run(compute, errors, request, relay))
        return True

    def request(self, request) -> None:
        """Compute `request` now, or after the running one (replacing any request that waited)."""
        if not self.submit(request):
            self._waiting = request

    def cancel(self) -> None:
        """Forget the waiting request (a running one still reports; the caller ignores stale results)."""
        self._waiting = None

    def wait(self) -> None:
        """Block until a running computation ends (closing)."""
        self._waiting = None
        self._pool.waitForDone()

    @Slot(object, object, str)
    def _on_finished(self, request, result, error: str) -> None:
        self._busy = False
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.submit(waiting)
        if result is None:
            self.failed.emit(error)
        else:
            self.computed.emit(request, result)


def _run(compute: Callable, errors: tuple, request, relay: _Relay) -> None:
    try:
        result = compute(request)
    except errors as exc:
        relay.finished.emit(request, None, str(exc))
    else:
        relay.finished.emit(request, result, "")
