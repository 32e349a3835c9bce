"""The training process's second thread: it finishes each snapshot (the boundary and neuron-map grids, which the
training loop hands over as a job) and pickles and writes everything the loop sends, in the order it was sent,
while the training thread steps on.

Why a thread: a snapshot's pictures (a 160×160 grid through the network) and its pickling took ~4 ms of the
training thread's time 30 times a second, ~13% of its steps (benchmarks/bench_child.py). numpy releases the GIL
in the grid's matrix products and element-wise loops and the pipe's write releases it too, so most of that
work runs beside the training on the machine's other core; what still needs the GIL is a few hundred
microseconds of Python per snapshot. The grids are evaluated in a few large blocks: each block is one GIL
hand-over, and a hand-over can wait up to the switch interval for the training thread to let go.
"""
from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable

SWITCH_INTERVAL = 0.001   # seconds: how long this thread may wait for the GIL between two blocks of a grid
PICTURE_NICENESS = 5      # this thread's scheduling priority below the training thread's (Linux)
_CLOSE = object()


class SnapshotSender:
    """`send(kind, payload)` from the training thread, in order; a callable payload is called here first (a
    snapshot whose pictures are still to be computed), then `pickled` and written to `results` (the pipe's
    Connection, which only this thread writes). If that fails, the pipe is closed, so the GUI sees this
    process end (and restarts it with a message), and the training thread's next `send` raises."""

    def __init__(self, results, pickled: Callable[[object], object]):
        self._results = results
        self._pickled = pickled
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.failed: BaseException | None = None     # why this thread stopped early (a broken pipe, a bug)
        self._thread = threading.Thread(target=self._run, name="snapshotSender", daemon=True)
        self._thread.start()

    def send(self, kind: str, payload) -> None:
        if self.failed is not None:       # the host ends: a broken pipe means the GUI is gone, anything else
            raise self.failed             # is a bug the GUI must hear of (it sees this process end)
        self._queue.put((kind, payload))

    def close(self, timeout_s: float = 5.0) -> None:
        """Send what is queued, then end the thread."""
        self._queue.put(_CLOSE)
        self._thread.join(timeout_s)

    def _run(self) -> None:
        _yield_to_training()
        while True:
            item = self._queue.get()
            if item is _CLOSE:
                return
            kind, payload = item
            try:
                if callable(payload):
                    payload = payload()
                self._results.send_bytes(self._pickled((kind, payload)))
            except (BrokenPipeError, ConnectionResetError, EOFError, OSError) as exc:
                self.failed = exc          # the GUI is gone
                return
            except BaseException as exc:   # a bug: said on stderr; the GUI hears of it as the process ending
                traceback.print_exc(file=sys.stderr)
                self.failed = exc
                self._results.close()
                return


def _yield_to_training() -> None:
    """Pictures yield to steps: when every core is busy (a deep tanh network's grid costs ~30 ms a picture, and
    the GUI paints beside it), the OS runs this thread after the training thread, so fewer pictures are made
    rather than fewer steps (benchmarks/bench_graph_panel.py, 8×16 tanh shown: ~25% slower than hidden -> ~12%).
    Linux only: there a thread's priority is its own; elsewhere setpriority would lower the whole process."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            me = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, me, os.getpriority(os.PRIO_PROCESS, me) + PICTURE_NICENESS)
