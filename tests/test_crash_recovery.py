"""End to end: the app trains, is killed with SIGKILL, and the next launch restores the work from the autosave.

Drives the real app as a person would meet it, in subprocesses:
    python -m playground DATA.csv --data-dir DIR --train-on-start   (imports the CSV and trains; autosaves)
    python -m playground --data-dir DIR --restore yes               (restores the autosave it finds)
The test process only polls DIR/autosave.json (a new write shows as a new inode: QSaveFile renames).
"""
from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playground.files.autosave import AUTOSAVE_NAME
from playground.files.dataset_csv import write_csv
from playground.files.session_io import BadFileError, read_session

ROOT = Path(__file__).resolve().parents[1]
APP = [sys.executable, "-m", "playground"]
TIMEOUT = 90  # seconds for each wait; a slow CI machine starts Qt and numpy in a few seconds

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


@pytest.fixture(scope="module", autouse=True)
def app_supports_the_flags():
    try:
        import playground.window.main_window  # noqa: F401  (the whole app imports)
    except ImportError as exc:
        pytest.skip(f"the app is not complete yet: {exc}")
    help_text = subprocess.run([*APP, "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    missing = [flag for flag in ("--data-dir", "--train-on-start", "--restore") if flag not in help_text]
    if missing:
        pytest.skip(f"python -m playground lacks {', '.join(missing)}")


def launch(tmp_path: Path, name: str, *args: str) -> subprocess.Popen:
    home = tmp_path / "home"  # settings, caches and the default data folder stay in the test's folder
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    log = open(tmp_path / f"{name}.log", "wb")
    proc = subprocess.Popen([*APP, *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = tmp_path / f"{name}.log"
    log.close()
    return proc


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def wait_for_autosave(path: Path, proc: subprocess.Popen, accept, why: str, not_inode=None):
    """Poll the autosave until `accept(state)`; every new write is checked. Returns (state, inode)."""
    deadline = time.monotonic() + TIMEOUT
    seen = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited with {proc.returncode}:\n{proc.log_path.read_text()[-3000:]}")
        try:
            inode = os.stat(path).st_ino
            if inode != seen and inode != not_inode:
                seen = inode
                state = read_session(path)
                if accept(state):
                    return state, inode
        except FileNotFoundError:
            pass
        except BadFileError as exc:  # QSaveFile renames complete files into place: never a torn one
            pytest.fail(f"an autosave could not be read: {exc}")
        # Another process's file has no Qt signal: wait on that process instead (it may exit: checked above).
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.05)
    pytest.fail(f"no autosave {why} within {TIMEOUT} s; the app's output:\n{proc.log_path.read_text()[-3000:]}")


def two_blobs(n=120, seed=3):
    rng = random.Random(seed)
    points, labels = [], []
    for i in range(n):
        k = i % 2
        points.append([rng.gauss(-1.5 if k else 1.5, 0.4), rng.gauss(1.0 if k else -1.0, 0.4)])
        labels.append(k)
    return points, labels


def test_work_killed_mid_training_comes_back_on_the_next_launch(tmp_path):
    data_dir = tmp_path / "data"
    autosave = data_dir / AUTOSAVE_NAME
    points, labels = two_blobs()
    write_csv(tmp_path / "blobs.csv", points, labels)

    first = launch(tmp_path, "first", str(tmp_path / "blobs.csv"), "--data-dir", str(data_dir), "--train-on-start")
    try:
        wait_for_autosave(
            autosave, first, lambda s: s.points == points and s.weights is not None and s.step >= 50
            and len(s.history.get("train_loss", [])) >= 2,
            "holding the imported CSV and 50+ training steps (is the CSV imported, training started, and "
            "state_changed connected to SessionFiles.mark_dirty?)")
    finally:
        kill(first)
    assert first.returncode == -signal.SIGKILL
    crashed, inode = read_session(autosave), os.stat(autosave).st_ino  # the last autosave survives the kill
    assert crashed.points == points and crashed.weights is not None

    second = launch(tmp_path, "second", "--data-dir", str(data_dir), "--restore", "yes")
    try:
        # The restored session is unsaved work: the app keeps it in the autosave, so it writes it anew.
        restored, _ = wait_for_autosave(autosave, second, lambda s: True,
                                        "after the relaunch (did it restore, and mark the session dirty?)",
                                        not_inode=inode)
    finally:
        kill(second)
    assert read_session(autosave).points == points  # and it survives a second kill
    assert restored.points == points and restored.labels == labels
    assert (restored.weights, restored.step) == (crashed.weights, crashed.step), \
        "the restored weights and step count are those of the crashed run"
    for key in ("step", "train_loss"):
        assert restored.history[key][:len(crashed.history[key])] == crashed.history[key]
    restored_fields = restored.to_dict()    # once: a long run's dict takes a while to build
    settings_changed = {k for k, v in crashed.to_dict().items()
                        if k not in ("history",) and restored_fields[k] != v}
    assert not settings_changed, f"restored with different {settings_changed}"
