"""The training process's main: a TrainingLoop fed by commands from a pipe, its snapshots sent down another.

Training runs in its own process because the GUI's painting (pyqtgraph, in Python) and a training thread
share one GIL: in-thread, the app trained at 18-27% of a headless loop (issue 10). This module and what it
imports must stay Qt-free (tests/test_training_process.py checks the real child): the forkserver preloads it,
so starting a child is a fork, not a fresh interpreter.
"""
from __future__ import annotations

import select
import signal
import sys
from multiprocessing.reduction import ForkingPickler

from playground.worker.snapshot_sender import SWITCH_INTERVAL, SnapshotSender
from playground.worker.training_loop import COMMANDS, TrainingLoop

STOP = "stop"     # the one command that is not the loop's: end the process


def pickled(message) -> memoryview:
    """What Connection.send would write, in pickle protocol 5: numpy arrays go in without an intermediate
    copy (~40% off pickling a snapshot); the GUI's Connection.recv reads any protocol."""
    return ForkingPickler.dumps(message, protocol=5)


def serve(commands, results) -> None:
    """Run until STOP arrives or the GUI's end of a pipe closes. `commands` yields (name, args) tuples sent by
    the controller; `results` takes (kind, payload) tuples (training_loop's SNAPSHOT, CONFIG_REJECTED...)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl+C in a terminal is for the app, which stops us
    sys.setswitchinterval(SWITCH_INTERVAL)
    # Pictures, pickling and the pipe's writes on a thread of their own, beside the training (snapshot_sender.py).
    sender = SnapshotSender(results, pickled)
    loop = TrainingLoop(sender.send, deferred_pictures=True)
    # Is a command waiting? Asked between every two slices: one poll object, not Connection.poll's selector
    # built per call (~40 µs, 5% of the training process's time when slices are short).
    waiting = select.poll()
    waiting.register(commands.fileno(), select.POLLIN)
    try:
        while True:
            # Commands first, each between two slices; while running and allowed a step, poll(0) only peeks.
            wait = loop.wait_seconds()
            if waiting.poll(None if wait is None else wait * 1000):   # milliseconds; EOF reads as ready too
                name, args = commands.recv()
                if name == STOP:
                    return
                if name not in COMMANDS:
                    raise ValueError(f"not a training command: {name!r}")
                getattr(loop, name)(*args)
            else:
                loop.run_slice()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return                                       # the GUI process is gone: nobody to train for
    finally:
        sender.close()
        results.close()
