"""Tests of glmnn.separation."""

import numpy as np
import pytest

from glmnn import data, separation


def test_blog_toy_is_separated_and_certificate_holds():
    X, y = data.blog_toy()
    theta = separation.separating_params(X, y)
    assert theta is not None
    s = 2 * y - 1
    assert np.all(s * (theta[0] + X @ theta[1:]) >= 1 - 1e-9)
    assert separation.is_separable(X, y)


def test_overlapping_classes_are_not_separated():
    X, y = data.simulate_logistic(200, [1.0, -2.0], 0.5, seed=1)
    assert separation.separating_params(X, y) is None
    assert not separation.is_separable(X, y)
    # XOR: the classic non-separable pattern
    assert not separation.is_separable([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 0, 1, 1])


def test_max_margin_of_blog_toy():
    X, y = data.blog_toy()
    # by hand: min b^2 + w1^2 + w2^2 s.t. b >= 1 and -(b + w1) >= 1 gives (1, -2, 0)
    np.testing.assert_allclose(separation.max_margin_params(X, y), [1.0, -2.0, 0.0], atol=1e-7)


def test_max_margin_refuses_overlapping_classes():
    with pytest.raises(ValueError, match="not completely separated"):
        separation.max_margin_params([[0.0], [1.0], [2.0]], [0, 1, 0])


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        ([[0.0], [1.0]], [0, 3], "only 0 and 1"),
        ([[0.0], [np.inf]], [0, 1], "NaN or inf"),
        ([[0.0], [1.0]], [0, 1, 1], "same number of samples"),
    ],
)
def test_separation_rejects_bad_input(X, y, match):
    with pytest.raises(ValueError, match=match):
        separation.is_separable(X, y)
