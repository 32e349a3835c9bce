"""The GUI's end of one training process: starts it, sends it commands, and receives what it sends on a
reader thread that only unpickles and re-emits (a Qt signal, so the GUI thread gets it queued).

The child is forked from a forkserver (never from this process: a fork of a Qt process with threads is unsafe)
that has preloaded child.py, so a start costs a fork. The reader always drains the results pipe, so the child
never blocks on a full pipe while the GUI blocks sending it a large config (that would deadlock).
"""
from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
import types

from PySide6.QtCore import QObject, Signal

from playground.worker.child import STOP, serve
from playground.worker.snapshot import refrozen
from playground.worker.training_loop import SNAPSHOT

START_METHOD = "forkserver"
PRELOAD = ["playground.worker.child"]    # not "__main__": the app's main module imports Qt

_context = multiprocessing.get_context(START_METHOD)
_context.set_forkserver_preload(PRELOAD)


class TrainingProcess(QObject):
    # Each carries the number the owner gave this process, so it can tell a replaced process's late messages.
    received = Signal(int, str, object)  # (number, kind, payload) from the child: training_loop's SNAPSHOT, ...
    lost = Signal(int)                   # the child ended without being asked to (killed, crashed)

    def __init__(self, number: int):
        super().__init__()
        self.number = number
        child_commands, self._commands = _context.Pipe(duplex=False)
        self._results, child_results = _context.Pipe(duplex=False)
        _widen(child_results)
        self._process = _context.Process(target=serve, args=(child_commands, child_results),
                                         name="trainingProcess", daemon=True)
        self._stopping = False
        with _main_module_hidden():
            self._process.start()
        # Only the child holds its ends now, so its death reads as end-of-file here.
        child_commands.close()
        child_results.close()
        self._reader = threading.Thread(target=self._read, name="trainingReader", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def is_alive(self) -> bool:
        return self._process.is_alive()

    def exit_description(self) -> str:
        """How the child ended, in words (after `lost`)."""
        self._process.join(1.0)
        code = self._process.exitcode
        if code is None:
            return "it stopped answering"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def send(self, name: str, *args) -> bool:
        """Queue a command for the child; False if it is gone."""
        try:
            self._commands.send((name, args))
        except (BrokenPipeError, ConnectionResetError, OSError):
            return False
        return True

    def stop(self, timeout_s: float) -> bool:
        """Ask the child to end (it does between two slices), wait for it, then for the reader; forced if it
        does not answer. True once both have ended."""
        self._stopping = True
        self.send(STOP)
        self._process.join(timeout_s)
        if self._process.is_alive():     # a very long step (scalar engine, big net): no need to wait it out
            self._process.terminate()
            self._process.join(1.0)
        self._reader.join(timeout_s)
        self._commands.close()
        return not (self._process.is_alive() or self._reader.is_alive())

    def _read(self) -> None:
        """The reader thread: everything the child sends, in order, until its end of the pipe closes."""
        try:
            while True:
                kind, payload = self._results.recv()
                if kind == SNAPSHOT:
                    payload = refrozen(payload)
                self.received.emit(self.number, kind, payload)
        except (EOFError, OSError):
            pass
        finally:
            self._results.close()
        if not self._stopping:
            self.lost.emit(self.number)


RESULTS_PIPE_BYTES = 1 << 20   # Linux's limit for a user's pipe (/proc/sys/fs/pipe-max-size)


def _widen(connection) -> None:
    """A snapshot is ~450 KiB: in a default 64 KiB pipe, its write waits for the reader 7 times, and the
    reader needs this process's GIL each time (Linux only; elsewhere the pipe stays as it is)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, RESULTS_PIPE_BYTES)


@contextlib.contextmanager
def _main_module_hidden():
    """multiprocessing has a forkserver child import the parent's main module again (as __mp_main__) unless
    it ran as `python -m package`: the console script `micrograd-playground` and the benchmarks import Qt
    there, and the child must stay Qt-free (and cheap to start). While a child starts, __main__ is a blank."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main
