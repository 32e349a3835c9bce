"""Colours that carry meaning: class colours, the diverging score map, probability blending."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PySide6.QtGui import QColor

from playground.views import palette

ORANGE, BLUE = (0xF5, 0x93, 0x22), (0x08, 0x77, 0xBD)


def neutral_rgb(name=palette.LIGHT_NEUTRAL):
    c = QColor(name)
    return np.array([c.red(), c.green(), c.blue()])


def towards(rgb, amount, neutral=palette.LIGHT_NEUTRAL):
    n = neutral_rgb(neutral)
    return n + (np.asarray(rgb) - n) * amount


def test_binary_classes_are_tensorflow_playgrounds_orange_and_blue():
    assert tuple(palette.class_rgb(2)[0]) == ORANGE
    assert tuple(palette.class_rgb(2)[1]) == BLUE
    assert palette.class_color(1) == QColor("#0877bd")


def test_all_six_class_colours_are_distinct_and_named():
    rgb = palette.class_rgb(6).astype(int)
    gaps = [np.abs(rgb[i] - rgb[j]).sum() for i in range(6) for j in range(i + 1, 6)]
    assert min(gaps) > 60
    assert len(set(palette.CLASS_COLOR_NAMES)) == 6


@pytest.mark.parametrize("k", [1, 7, 2.0, True, "2"])
def test_class_count_out_of_range_is_refused(k):
    with pytest.raises(ValueError, match="number of classes"):
        palette.class_rgb(k)


def test_score_zero_is_neutral_and_confident_scores_saturate_to_the_class_colour():
    rgba = palette.score_to_rgba(np.array([[-50.0, 0.0, 50.0]]))
    assert rgba.dtype == np.uint8 and rgba.shape == (1, 3, 4)
    assert np.all(rgba[..., 3] == 255)
    np.testing.assert_allclose(rgba[0, 1, :3], neutral_rgb(), atol=2)
    np.testing.assert_allclose(rgba[0, 0, :3], towards(ORANGE, palette.BOUNDARY_STRENGTH), atol=2)
    np.testing.assert_allclose(rgba[0, 2, :3], towards(BLUE, palette.BOUNDARY_STRENGTH), atol=2)


def test_score_colour_moves_steadily_from_orange_to_blue():
    rgba = palette.score_to_rgba(np.linspace(-3, 3, 61)[None, :]).astype(int)
    warmth = rgba[0, :, 0] - rgba[0, :, 2]             # red minus blue: high for orange, low for blue
    assert np.all(np.diff(warmth) <= 0)
    assert warmth[0] > 100 and warmth[-1] < -100


def test_scale_widens_the_pale_band():
    near = np.array([[0.5]])
    pale = palette.score_to_rgba(near, scale=5.0)[0, 0, :3].astype(int)
    strong = palette.score_to_rgba(near, scale=0.2)[0, 0, :3].astype(int)
    assert np.abs(pale - neutral_rgb()).sum() < np.abs(strong - neutral_rgb()).sum()


def test_nan_scores_are_neutral_not_garbage():
    rgba = palette.score_to_rgba(np.array([[np.nan, np.inf, -np.inf]]))
    np.testing.assert_allclose(rgba[0, 0, :3], neutral_rgb(), atol=2)
    np.testing.assert_allclose(rgba[0, 1, :3], towards(BLUE, palette.BOUNDARY_STRENGTH), atol=2)


def test_huge_scores_at_any_scale_saturate_without_overflow_warnings():
    """The colours are worked out in float32 (issue 10: it runs for every painted snapshot)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for scale in (1e-300, 1.0, 1e300):
            rgba = palette.score_to_rgba(np.array([[1e308, -np.inf, 21 * scale, np.nan]]), scale=scale)
            np.testing.assert_array_equal(rgba[0, 0], rgba[0, 2])
            np.testing.assert_allclose(rgba[0, 0, :3], towards(BLUE, palette.BOUNDARY_STRENGTH), atol=2)
    np.testing.assert_array_equal(palette.score_to_rgba(np.linspace(-3, 3, 61)[None]),
                                  palette.values_to_rgba(np.tanh(np.linspace(-3, 3, 61))[None], levels=(-1, 1)))


@pytest.mark.parametrize("bad, match", [(np.zeros(5), "shape"), (np.zeros((2, 2, 2)), "shape"),
                                        (np.zeros((0, 3)), "shape"), ([["a"]], "numeric")])
def test_score_images_of_the_wrong_shape_are_refused(bad, match):
    with pytest.raises(ValueError, match=match):
        palette.score_to_rgba(bad)


@pytest.mark.parametrize("scale", [0, -1, np.inf, np.nan])
def test_bad_scale_is_refused(scale):
    with pytest.raises(ValueError, match="scale"):
        palette.score_to_rgba(np.zeros((2, 2)), scale=scale)


def test_confident_probabilities_show_the_class_colour_and_uniform_ones_fade_to_neutral():
    k = 4
    probs = np.zeros((1, k + 1, k))
    probs[0, np.arange(k), np.arange(k)] = 1.0
    probs[0, k] = 1.0 / k
    rgba = palette.probabilities_to_rgba(probs)
    for i in range(k):
        np.testing.assert_allclose(rgba[0, i, :3], towards(palette.class_rgb(k)[i], palette.BOUNDARY_STRENGTH),
                                   atol=2)
    np.testing.assert_allclose(rgba[0, k, :3], neutral_rgb(), atol=2)


def test_probabilities_that_do_not_sum_to_one_are_normalised():
    a = palette.probabilities_to_rgba(np.array([[[2.0, 6.0, 0.0]]]))
    b = palette.probabilities_to_rgba(np.array([[[0.25, 0.75, 0.0]]]))
    np.testing.assert_array_equal(a, b)


def test_probabilities_with_nan_or_zero_rows_become_neutral():
    rgba = palette.probabilities_to_rgba(np.array([[[np.nan, np.nan], [0.0, 0.0]]]))
    np.testing.assert_allclose(rgba[0, :, :3], [neutral_rgb()] * 2, atol=2)


@pytest.mark.parametrize("shape", [(4, 4), (4, 4, 1), (4, 4, 7)])
def test_probability_images_need_two_to_six_classes(shape):
    with pytest.raises(ValueError):
        palette.probabilities_to_rgba(np.ones(shape))


def test_values_are_symmetric_about_zero_by_default_and_levels_can_fix_the_range():
    v = np.array([[-1.0, 0.0, 4.0]])
    rgba = palette.values_to_rgba(v)
    np.testing.assert_allclose(rgba[0, 1, :3], neutral_rgb(), atol=2)
    np.testing.assert_allclose(rgba[0, 2, :3], towards(BLUE, palette.BOUNDARY_STRENGTH), atol=2)
    fixed = palette.values_to_rgba(v, levels=(0.0, 4.0))
    np.testing.assert_allclose(fixed[0, 1, :3], towards(ORANGE, palette.BOUNDARY_STRENGTH), atol=2)
    with pytest.raises(ValueError, match="levels"):
        palette.values_to_rgba(v, levels=(1.0, 1.0))


def test_dark_theme_gets_a_dark_neutral_and_a_light_outline():
    assert palette.neutral_for(QColor("#202020")) == palette.DARK_NEUTRAL
    assert palette.neutral_for(QColor("#fafafa")) == palette.LIGHT_NEUTRAL
    assert palette.outline_for(QColor("#202020")).lightness() > 200
    assert palette.outline_for(QColor("#fafafa")).lightness() < 60
    dark = palette.score_to_rgba(np.zeros((1, 1)), neutral=palette.DARK_NEUTRAL)
    assert dark[0, 0, :3].max() < 80


def test_test_points_are_drawn_as_rings_and_training_points_filled():
    train = palette.train_point_style(2, QColor("white"))
    test = palette.test_point_style(2, QColor("white"))
    assert train["brush"].color() == palette.class_color(2)
    assert test["pen"].color() == palette.class_color(2)
    assert test["brush"].color() != palette.class_color(2)
    assert test["pen"].widthF() > train["pen"].widthF()


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_the_sign_of_a_score_picks_the_side_of_the_map(scores):
    rgba = palette.score_to_rgba(scores).astype(int)
    orange_side = rgba[..., 0] > rgba[..., 2]          # more red than blue
    assert np.all(orange_side[scores < -0.05])
    assert not np.any(orange_side[scores > 0.05])
