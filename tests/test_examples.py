"""File ▸ Examples…: the example sessions validate and are what scripts/make_examples.py makes; from a default
window the gallery opens each one untitled and it trains; unsaved work is never lost (it asks to save)."""
from __future__ import annotations

import importlib.util
import math
from importlib.resources import as_file
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox
from test_app_flow import WAIT, button, click_point, wait_trainable
from test_help import missing_help
from test_session_files import answer_next_box

from playground.files.dataset_csv import read_csv
from playground.files.examples import EXAMPLES, load_example
from playground.resources import resource

Button = QMessageBox.StandardButton
ROOT = Path(__file__).resolve().parents[1]
MICROGRAD_FIRST_LOSS = 0.8958441028683222    # the first loss micrograd's demo prints


def make_examples_script():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_validates_and_is_what_the_script_makes():
    script = make_examples_script()
    shipped = {p.name for p in resource("examples").iterdir() if p.name.endswith(".json")}
    assert shipped == {e.file_name for e in EXAMPLES}, "an example file without a description, or the reverse"
    for example in EXAMPLES:
        state = load_example(example)                       # the session reader: validated
        assert state.points and state.weights is None and state.step == 0
        assert len(example.description) > 150 and example.title
        assert state.to_dict() == script.BUILDERS[example.slug]().to_dict(), \
            f"{example.file_name} is stale: run scripts/make_examples.py"


def test_the_micrograd_example_is_micrograds_demo():
    state = load_example(next(e for e in EXAMPLES if e.slug == "micrograd_demo"))
    with as_file(resource("examples", "micrograd_demo_moons.csv")) as path:
        data = read_csv(path)
    assert (state.points, state.labels) == (data.points, data.labels)
    assert (state.hidden_layers, state.activation, state.loss, state.l2) == ([16, 16], "relu", "hinge", 1e-4)
    assert (state.optimizer, state.momentum, state.learning_rate, state.batch_size) == ("sgd", 0.0, 1.0, 0)
    assert (state.seed, state.test_fraction) == (1337, 0.0)


def open_gallery(qtbot, window) -> QDialog:
    action = next(a for a in window.file_menu.actions() if a.objectName() == "actionExamples")
    action.trigger()
    gallery = window.findChild(QDialog, "examplesGallery")
    assert gallery is not None
    qtbot.waitExposed(gallery)
    return gallery


def step_once(qtbot, window, expected_step: int):
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda snap: snap.step == expected_step) as blocker:
        qtbot.mouseClick(button(window, "stepButton"), Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_the_gallery_opens_every_example_untitled_and_it_trains(window, qtbot):
    assert not missing_help(window)
    for example in EXAMPLES:
        gallery = open_gallery(qtbot, window)
        assert missing_help(window) == []                    # the gallery explains itself too
        gallery.select(example.slug)
        assert gallery.description.text() == example.description
        qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
        expected = load_example(example)
        state = window.current_state()
        assert (state.points, state.hidden_layers, state.features, state.learning_rate) == \
            (expected.points, expected.hidden_layers, expected.features, expected.learning_rate), example.slug
        # Untitled and clean: Save asks for a name instead of overwriting the packaged example.
        assert window.files.path is None and window.windowTitle().startswith("Untitled")
        assert not window.files.is_dirty
        wait_trainable(qtbot, window)
        snaps = [step_once(qtbot, window, k) for k in (1, 2, 3)]
        assert all(math.isfinite(s.train_loss) for s in snaps), example.slug
        if example.slug == "micrograd_demo":                 # micrograd's weights, its data, its first loss
            np.testing.assert_allclose(snaps[0].new_losses[0], MICROGRAD_FIRST_LOSS, rtol=1e-12)
    assert window.findChild(QDialog, "examplesGallery") is None or not window.findChild(
        QDialog, "examplesGallery").isVisible()


def test_the_diverging_example_pauses_itself(window, qtbot):
    gallery = open_gallery(qtbot, window)
    gallery.select("diverging_learning_rate")
    qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
    wait_trainable(qtbot, window)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda snap: snap.diverged):
        qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.session.running, timeout=WAIT)


@pytest.mark.parametrize("answer", [Button.Cancel, Button.Discard])
def test_opening_an_example_over_unsaved_work_asks_to_save(window, qtbot, answer):
    click_point(qtbot, window, 0.3, 0.2)                     # an edit: unsaved work
    qtbot.waitUntil(lambda: window.files.is_dirty, timeout=WAIT)
    before = window.current_state().points
    window.files.set_interactive(True)                       # real boxes, answered as a person would
    gallery = open_gallery(qtbot, window)
    gallery.select("xor_one_hidden_layer")
    asked = []
    answer_next_box(qtbot, answer, check=lambda box: asked.append(box.text()))
    qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
    window.files.set_interactive(False)                      # no real box when the fixture closes the window
    assert asked == ["Save the changes to “Untitled”?"]
    if answer == Button.Cancel:                              # nothing changes: the work is still there
        assert window.current_state().points == before and window.files.is_dirty
    else:
        assert window.current_state().points == load_example(
            next(e for e in EXAMPLES if e.slug == "xor_one_hidden_layer")).points
        assert not window.files.is_dirty and window.files.path is None


def test_the_examples_action_sits_in_the_file_menu(window):
    action = window.findChild(QAction, "actionExamples")
    assert action in window.file_menu.actions()
    names = [a.objectName() for a in window.file_menu.actions()]
    assert names.index("actionExamples") > names.index("actionOpen")


def test_the_micrograd_example_replays_micrograds_100_steps_in_the_app(window, qtbot):
    # Open it as a user would, press Step 100 times: each step's loss is the one micrograd 0.1.0 prints, with
    # its linear learning-rate schedule (recorded in micrograd_demo_losses.csv by running its demo loop).
    with resource("examples", "micrograd_demo_losses.csv").open(newline="") as f:
        printed = [float(row.split(",")[1]) for row in f.read().splitlines()[1:]]
    gallery = open_gallery(qtbot, window)
    gallery.select("micrograd_demo")
    qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
    wait_trainable(qtbot, window)
    losses = []
    for k in range(1, len(printed) + 1):
        losses.extend(step_once(qtbot, window, k).new_losses)
    assert len(printed) == 100 and losses[0] == pytest.approx(MICROGRAD_FIRST_LOSS, rel=1e-12)
    np.testing.assert_allclose(losses, printed, rtol=1e-9)
