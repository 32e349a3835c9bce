"""DatasetModel: every edit is one undoable command, strokes undo as one step, bad input changes nothing."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from playground.model.state import MAX_POINTS
from playground.undo.dataset_model import DatasetModel


@pytest.fixture
def model(qapp):
    return DatasetModel()


class Spy:
    """Counts a signal's emissions (and keeps their arguments)."""

    def __init__(self, signal):
        self.calls = []
        signal.connect(lambda *args: self.calls.append(args))

    def __len__(self):
        return len(self.calls)


def snapshot(model):
    return model.points(), model.labels(), model.num_classes


def assert_same(a, b):
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert a[2] == b[2]


def test_a_new_model_is_empty_with_two_classes_and_its_own_stack(model):
    assert model.count() == 0 and model.num_classes == 2
    assert model.points().shape == (0, 2) and model.labels().shape == (0,)
    assert isinstance(model.undo_stack, QUndoStack) and model.undo_stack.count() == 0


def test_the_parent_comes_first_and_a_given_stack_is_used(qapp):
    stack = QUndoStack()
    model = DatasetModel(None, num_classes=3, undo_stack=stack)
    model.add_points([0.5, 0.5], 2)
    assert model.undo_stack is stack and stack.count() == 1
    with pytest.raises(ValueError, match="QUndoStack"):
        DatasetModel(undo_stack="stack")


def test_each_add_is_one_step_and_undo_redo_restore_exactly(model):
    changed = Spy(model.changed)
    model.add_points([0.1, 0.2], 0)
    model.add_points(np.array([[1.0, 1.0], [1.5, -1.0]]), 1)
    after = snapshot(model)
    assert model.count() == 3 and model.undo_stack.count() == 2 and len(changed) == 2
    np.testing.assert_array_equal(model.labels(), [0, 1, 1])
    model.undo_stack.undo()
    np.testing.assert_array_equal(model.points(), [[0.1, 0.2]])
    model.undo_stack.undo()
    assert model.count() == 0
    model.undo_stack.redo()
    model.undo_stack.redo()
    assert_same(snapshot(model), after)
    assert len(changed) == 6


def test_a_stroke_of_many_adds_undoes_as_one_step(model):
    model.add_points([0.0, 0.0], 0)
    model.begin_stroke()
    for i in range(10):
        model.add_points([[i / 10, 1.0], [i / 10, 1.1]], 1)
    model.end_stroke()
    assert model.count() == 21 and model.undo_stack.count() == 2
    assert model.undo_stack.text(1) == "Add 20 points"
    model.undo_stack.undo()
    assert model.count() == 1
    model.undo_stack.redo()
    assert model.count() == 21


def test_two_strokes_are_two_steps_and_edits_outside_a_stroke_never_merge(model):
    for _ in range(2):
        model.begin_stroke()
        model.add_points([0.0, 0.0], 0)
        model.add_points([0.1, 0.0], 0)
        model.end_stroke()
    model.add_points([0.2, 0.0], 0)
    model.add_points([0.3, 0.0], 0)
    assert model.undo_stack.count() == 4 and not model.in_stroke


def test_remove_near_removes_only_points_within_the_radius(model):
    model.replace([[0, 0], [0.05, 0], [1, 1], [-1, 1]], [0, 1, 0, 1])
    assert model.remove_near(0.0, 0.0, 0.1) == 2
    np.testing.assert_array_equal(model.points(), [[1, 1], [-1, 1]])
    np.testing.assert_array_equal(model.labels(), [0, 1])


def test_removing_nothing_pushes_nothing_and_says_nothing(model):
    model.add_points([1.0, 1.0], 0)
    changed = Spy(model.changed)
    assert model.remove_near(-1.0, -1.0, 0.2) == 0
    model.clear()
    model.clear()
    assert model.undo_stack.count() == 2 and len(changed) == 1   # one add, one clear


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.lists(st.tuples(st.floats(-2, 2), st.floats(-2, 2)), min_size=1, max_size=6))
def test_an_erase_stroke_undoes_as_one_step_with_every_point_back_in_place(qapp, seed, centres):
    model = DatasetModel(num_classes=3)
    rng = np.random.default_rng(seed)
    model.replace(rng.uniform(-2, 2, (60, 2)), rng.integers(0, 3, 60), text="seed data")
    before = snapshot(model)
    model.begin_stroke()
    removed = sum(model.remove_near(x, y, 0.5) for x, y in centres)
    model.end_stroke()
    assert model.count() == 60 - removed
    assert model.undo_stack.count() == (2 if removed else 1)
    if removed:
        after = snapshot(model)
        model.undo_stack.undo()
        assert_same(snapshot(model), before)
        assert _follows(after[0], before[0], model.last_edit())    # the rows put back, wherever they were
        model.undo_stack.redo()
        assert_same(snapshot(model), after)
        assert _follows(before[0], after[0], model.last_edit())


def test_replace_can_change_the_class_count_and_undo_brings_it_back(model):
    model.add_points([0.0, 0.0], 1)
    classes = Spy(model.num_classes_changed)
    model.replace([[0, 0], [1, 1], [2, 2]], [0, 3, 4], num_classes=5, text="Preset blobs")
    assert model.num_classes == 5 and model.undo_stack.text(1) == "Preset blobs"
    np.testing.assert_array_equal(model.class_counts(), [1, 0, 0, 1, 1])
    model.undo_stack.undo()
    assert model.num_classes == 2 and model.count() == 1
    assert classes.calls == [(5,), (2,)]


def test_fewer_classes_refuses_to_drop_points_unless_asked(model):
    model.set_num_classes(4)
    model.replace([[0, 0], [1, 1], [2, 2], [0, 2]], [0, 3, 2, 3])
    before = snapshot(model)
    with pytest.raises(ValueError, match=r"3 point\(s\) belong to classes 2..3"):
        model.set_num_classes(2)
    assert_same(snapshot(model), before)
    assert model.set_num_classes(3, drop_points=True) == 2
    assert model.num_classes == 3 and model.count() == 2
    assert "removed 2 points" in model.undo_stack.text(model.undo_stack.index() - 1)
    model.undo_stack.undo()
    assert_same(snapshot(model), before)


def test_more_classes_or_the_same_count_never_touches_points(model):
    model.add_points([0.0, 0.0], 1)
    assert model.set_num_classes(2) == 0 and model.undo_stack.count() == 1
    assert model.set_num_classes(6) == 0 and model.count() == 1


def test_accessors_hand_out_copies(model):
    model.add_points([0.5, 0.5], 1)
    model.points()[0] = 99
    model.labels()[0] = 0
    np.testing.assert_array_equal(model.points(), [[0.5, 0.5]])
    np.testing.assert_array_equal(model.labels(), [1])


def test_nearest_index_respects_the_distance_limit(model):
    model.replace([[0, 0], [1, 0], [0, 1]], [0, 1, 0])
    assert model.nearest_index(0.9, 0.1) == 1
    assert model.nearest_index(0.5, 0.5, max_distance=0.1) == -1
    assert DatasetModel().nearest_index(0, 0) == -1


def test_float_labels_that_are_whole_numbers_are_accepted(model):
    model.replace([[0, 0], [1, 1]], np.array([0.0, 1.0]))
    assert model.labels().dtype == np.int64


BAD_EDITS = [
    (lambda m: m.add_points([np.nan, 0.0], 0), "point 0 is not finite"),
    (lambda m: m.add_points([[0, 0], [np.inf, 0]], 0), "point 1 is not finite"),
    (lambda m: m.add_points([[0, 0, 0]], 0), r"shape \(M, 2\)"),
    (lambda m: m.add_points([["a", "b"]], 0), "must be numbers"),
    (lambda m: m.add_points([0, 0], 2), r"class id in 0..1"),
    (lambda m: m.add_points([0, 0], True), "class id"),
    (lambda m: m.add_points([0, 0], 0.5), "class id"),
    (lambda m: m.replace([[0, 0]], [0, 1]), r"labels must have shape \(1,\)"),
    (lambda m: m.replace([[0, 0], [1, 1]], [0, 2]), "label 1 is 2, not a class id in 0..1"),
    (lambda m: m.replace([[0, 0]], [0.5]), "whole class ids"),
    (lambda m: m.replace([[0, 0]], [True]), "whole class ids"),
    (lambda m: m.replace([[0, 0]], [0], num_classes=7), "number of classes"),
    (lambda m: m.replace([[0, 0]], [0], text=""), "text"),
    (lambda m: m.remove_near(0, 0, 0), "radius"),
    (lambda m: m.remove_near(np.nan, 0, 1), "x must be a finite number"),
    (lambda m: m.set_num_classes(1), "number of classes"),
    (lambda m: m.replace(np.zeros((MAX_POINTS + 1, 2)), np.zeros(MAX_POINTS + 1, int)), "100,000 allowed"),
]


@pytest.mark.parametrize("edit, message", BAD_EDITS)
def test_bad_input_raises_a_clear_message_and_changes_nothing(model, edit, message):
    model.replace([[0.5, 0.5], [-0.5, -0.5]], [0, 1])
    before, steps = snapshot(model), model.undo_stack.count()
    changed = Spy(model.changed)
    with pytest.raises(ValueError, match=message):
        edit(model)
    assert_same(snapshot(model), before)
    assert model.undo_stack.count() == steps and len(changed) == 0


def test_the_point_limit_refuses_an_add_that_would_pass_it(model):
    model.replace(np.zeros((MAX_POINTS - 1, 2)), np.zeros(MAX_POINTS - 1, int))
    model.add_points([1.0, 1.0], 1)
    with pytest.raises(ValueError, match="100,000-point limit"):
        model.add_points([1.0, 1.0], 1)
    assert model.count() == MAX_POINTS


def _follows(before_points, after_points, edit) -> bool:
    """Does `edit` turn the data before it into the data after it?"""
    if edit.kind == "removed":
        return np.array_equal(np.delete(before_points, edit.rows, axis=0), after_points)
    return np.array_equal(np.delete(after_points, edit.rows, axis=0), before_points)


def test_each_edit_undo_and_redo_names_the_rows_it_moved(model):
    """The canvas repaints only around these rows (issue 10): they must describe the change exactly."""
    model.replace([[0, 0], [1, 1], [2, 2]], [0, 1, 0])
    assert model.last_edit() is None                         # a whole new dataset
    steps = [lambda: model.add_points([[3, 3], [4, 4]], 1),
             lambda: model.remove_near(1, 1, 0.1),
             lambda: model.remove_near(3, 3, 0.1)]
    for step in steps:
        before = model.points()
        step()
        edit = model.last_edit()
        assert edit.count_before == len(before) and edit.count_after == model.count()
        assert _follows(before, model.points(), edit)
    for move in (model.undo_stack.undo,) * 3 + (model.undo_stack.redo,) * 3:
        before = model.points()
        move()
        assert _follows(before, model.points(), model.last_edit())
