"""Tests of glmnn.plotting: each helper draws on the axes it is given and returns it."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from glmnn import data, plotting


@pytest.fixture
def ax():
    return plt.subplots()[1]


def test_plot_logistic_draws_the_curve(ax):
    assert plotting.plot_logistic(ax=ax) is ax
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-x)))


def test_helpers_create_axes_when_none_given():
    X, y = data.blog_toy()
    for out in (
        plotting.plot_logistic(),
        plotting.plot_points(X, y),
        plotting.plot_decision_line([0.5, -1.0, 0.0]),
        plotting.plot_network(2),
        plotting.plot_weight_growth([1, 10], [1.0, 2.0]),
    ):
        assert out.figure is not None


def test_plot_points_uses_marker_and_colour_per_class(ax):
    X, y = data.blog_toy()
    plotting.plot_points(X, y, ax=ax)
    assert len(ax.collections) == 2
    assert [t for t in ax.get_legend_handles_labels()[1]] == ["$y = 1$", "$y = 0$"]


def test_decision_line_lies_where_output_is_one_half(ax):
    params = np.array([0.3, -1.2, 0.8])
    plotting.plot_decision_line(params, ax=ax)
    x1, x2 = ax.lines[0].get_data()
    np.testing.assert_allclose(params[0] + params[1] * x1 + params[2] * x2, 0.0, atol=1e-12)


def test_decision_line_handles_vertical_lines(ax):
    plotting.plot_decision_line([1.0, -2.0, 0.0], ax=ax)
    x1, _ = ax.lines[0].get_data()
    np.testing.assert_allclose(x1, 0.5)


def test_network_small_is_labelled_and_large_is_not(ax):
    plotting.plot_network(2, ax=ax)
    texts = {t.get_text() for t in ax.texts}
    assert {"$w_{1}$", "$w_{2}$", "$b$", "$x_{1}$", "$x_{2}$"} <= texts
    _, ax2 = plt.subplots()
    plotting.plot_network(32, 16, ax=ax2, activation="softmax")
    assert len(ax2.lines) == (32 + 1) * 16  # one edge per weight and bias
    assert not any(t.get_text().startswith("$w") for t in ax2.texts)


def test_weight_growth_uses_log_epochs(ax):
    plotting.plot_weight_growth([1, 10, 100], [0.5, 2.0, 4.0], ax=ax)
    assert ax.get_xscale() == "log"


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: plotting.plot_logistic(z_max=0), "z_max must be a positive number"),
        (lambda: plotting.plot_points([[0, 0, 0]], [1]), "exactly 2 columns"),
        (lambda: plotting.plot_points([[0, 0]], [2]), "only 0 and 1"),
        (lambda: plotting.plot_decision_line([1.0, 0.0, 0.0]), "no decision line"),
        (lambda: plotting.plot_decision_line([1.0, 2.0]), "params must have length 3"),
        (lambda: plotting.plot_network(0), "n_inputs must be a positive integer"),
        (lambda: plotting.plot_network(2, input_labels=["a"]), "input_labels must have 2 entries"),
        (lambda: plotting.plot_network(2, output_labels=["a", "b"]), "output_labels must have 1 entries"),
        (lambda: plotting.plot_weight_growth([1, 1], [1.0, 2.0]), "strictly increasing"),
        (lambda: plotting.plot_weight_growth([1, 2], [1.0]), "norms must have length 2"),
        (lambda: plotting.plot_weight_growth([1, 2], [1.0, -1.0]), "non-negative"),
    ],
)
def test_plotting_rejects_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_small_softmax_network_shows_one_shared_box():
    from matplotlib.patches import FancyBboxPatch

    ax = plotting.plot_network(4, 3, activation="softmax")
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 1  # one softmax for all outputs, not one per unit
    texts = [t.get_text() for t in ax.texts]
    assert "softmax" in texts and {"$z_{0}$", "$z_{1}$", "$z_{2}$", "$\\hat p_{0}$"} <= set(texts)
    # a sigmoid output stays a single unit with its own activation
    ax2 = plotting.plot_network(2)
    assert not [p for p in ax2.patches if isinstance(p, FancyBboxPatch)]
