"""The training process's sender thread (issue 10): snapshots finished and written off the training thread, in
the order the loop sent them, each picturing the view as it was when it was sent; a failure ends the process's
side of the pipe, so the GUI hears of it."""
from __future__ import annotations

import os
import sys
import threading

import numpy as np
import pytest

from engine import datasets
from playground.model.state import PlaygroundState
from playground.worker.child import pickled
from playground.worker.config import TrainingConfig
from playground.worker.snapshot_sender import PICTURE_NICENESS, SnapshotSender
from playground.worker.training_loop import SNAPSHOT, TrainingLoop


class Pipe:
    """The results pipe's write end: keeps each message written (as it was before pickling)."""

    def __init__(self, fail_with: BaseException | None = None):
        self.messages: list = []
        self.closed = False
        self.threads: set[str] = set()
        self._fail_with = fail_with
        self._pickling = None

    def pickled(self, message):
        """child.pickled, remembering the message for the write that follows."""
        self._pickling = message
        return pickled(message)

    def send_bytes(self, data) -> None:
        self.threads.add(threading.current_thread().name)
        if self._fail_with is not None:
            raise self._fail_with
        assert len(data) > 0
        self.messages.append(self._pickling)

    def close(self) -> None:
        self.closed = True


def moons_config() -> TrainingConfig:
    points, labels = datasets.moons_centered(120, 0.1, 0)
    state = PlaygroundState(points=points.tolist(), labels=labels.tolist(), hidden_layers=[8],
                            activation="tanh", loss="hinge", optimizer="adam", learning_rate=0.03)
    state.validate()
    return TrainingConfig.from_state(state)


def test_messages_are_written_in_the_order_sent_with_callables_computed_on_the_sender_thread():
    pipe = Pipe()
    sender = SnapshotSender(pipe, pipe.pickled)
    computed_on = []

    def later(value):
        def compute():
            computed_on.append(threading.current_thread().name)
            return value
        return compute

    sender.send("a", 1)
    sender.send("b", later(2))
    sender.send("c", 3)
    sender.send("d", later(4))
    sender.close()
    assert pipe.messages == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    assert computed_on == ["snapshotSender"] * 2
    assert pipe.threads == {"snapshotSender"}


def test_a_deferred_snapshot_pictures_the_view_it_was_sent_with_and_equals_an_immediate_one():
    pipe = Pipe()
    sender = SnapshotSender(pipe, pipe.pickled)
    gate = threading.Event()                             # the sender finishes nothing until all was sent
    sender.send("gate", lambda: gate.wait(10))
    deferred = TrainingLoop(sender.send, deferred_pictures=True)
    immediate_sent = []
    immediate = TrainingLoop(lambda kind, payload: immediate_sent.append(payload) if kind == SNAPSHOT else None)
    for loop in (deferred, immediate):
        loop.configure(moons_config())
        loop.set_view_extent((-1.0, 1.0, -1.0, 1.0))
        loop.set_view_extent((-3.0, 3.0, -2.0, 2.0))     # the canvas zoomed out right after
    gate.set()
    sender.close()
    snaps = [payload for kind, payload in pipe.messages if kind == SNAPSHOT]
    assert [s.extent for s in snaps] == [s.extent for s in immediate_sent]
    assert snaps[-2].extent == (-1.0, 1.0, -1.0, 1.0) and snaps[-1].extent == (-3.0, 3.0, -2.0, 2.0)
    for a, b in zip(snaps, immediate_sent, strict=True):   # same seed, same weights: the same pictures
        assert a.boundary.shape == b.boundary.shape
        np.testing.assert_array_equal(a.boundary, b.boundary)
    assert snaps[-2].boundary.shape != snaps[-1].boundary.shape   # grids of the view each was sent with


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own priority is Linux's")
def test_pictures_yield_to_training_the_sender_runs_at_a_lower_priority_than_the_training_thread():
    pipe = Pipe()
    sender = SnapshotSender(pipe, pipe.pickled)
    sender.send("a", 1)
    sender.send("b", lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))   # its own niceness
    sender.close()
    training = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert pipe.messages[-1] == ("b", training + PICTURE_NICENESS)


def test_a_broken_pipe_stops_the_sender_and_the_next_send_raises():
    pipe = Pipe(fail_with=BrokenPipeError("the GUI is gone"))
    sender = SnapshotSender(pipe, pipe.pickled)
    sender.send("a", 1)
    sender.close()
    with pytest.raises(BrokenPipeError):
        sender.send("b", 2)


def test_a_bug_in_a_snapshot_closes_the_pipe_so_the_gui_sees_the_process_end(capfd):
    pipe = Pipe()
    sender = SnapshotSender(pipe, pipe.pickled)

    def broken():
        raise ZeroDivisionError("a bug in the pictures")

    sender.send(SNAPSHOT, broken)
    sender.close()
    assert pipe.closed and pipe.messages == []
    assert "ZeroDivisionError" in capfd.readouterr().err
    with pytest.raises(ZeroDivisionError):
        sender.send("b", 2)
