"""The training process's main: a TrainingLoop fed by commands from a pipe, its snapshots sent down another.

Training runs in its own process because the GUI's painting (pyqtgraph, in Python) and a training thread
share one GIL: in-thread, the app trained at 18-27% of a headless loop (issue 10). This module and what it
imports must stay Qt-free (tests/test_training_process.py checks the real child): the forkserver preloads it,
so starting a child is a fork, not a fresh interpreter.
"""
from __future__ import annotations

import signal
from multiprocessing.reduction import ForkingPickler

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
    loop = TrainingLoop(lambda kind, payload: results.send_bytes(pickled((kind, payload))))
    try:
        while True:
            # Commands first, each between two slices; while running and allowed a step, poll(0) only peeks.
            if commands.poll(loop.wait_seconds()):
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
        results.close()
