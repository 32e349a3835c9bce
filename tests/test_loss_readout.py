"""The loss plot's readout at a step: evaluations are sparser than steps, so it shows the latest one at or
before the step read, never a later one (which would show figures the network did not have yet)."""
from playground.model.history import LossHistory
from playground.views.loss_readout import readout_html

COLOURS = {"train": "#0072B2", "test": "#D55E00"}


def history() -> LossHistory:
    h = LossHistory()
    h.append_train(list(range(0, 201)), [1.0 / (1 + s) for s in range(0, 201)])
    h.append_eval(100, 0.25, 0.75, 0.5)          # test loss, train accuracy, test accuracy at step 100
    h.append_eval(200, 0.125, 1.0, 0.875)
    return h


def test_before_the_first_evaluation_only_the_train_loss_is_read():
    text, step = readout_html(history(), 20, COLOURS)
    assert step == 20 and f"{1 / 21:.3g}" in text
    assert "test" not in text and "%" not in text     # not step 100's 75% / 50%, which came later


def test_between_evaluations_the_earlier_one_is_read():
    text, step = readout_html(history(), 150, COLOURS)
    assert step == 150 and "75.0%" in text and "50.0%" in text and "0.25" in text
    assert "100.0%" not in text and "87.5%" not in text


def test_the_latest_reads_the_latest_evaluation():
    text, step = readout_html(history(), None, COLOURS)
    assert step == 200 and "100.0%" in text and "87.5%" in text and "0.125" in text
