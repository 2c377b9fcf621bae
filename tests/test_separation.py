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


QUASI_X = [[0.0], [1.0], [1.0], [2.0]]  # the two middle points share x and carry both labels
QUASI_Y = [0, 0, 1, 1]


def test_separation_kind_tells_the_three_cases_apart():
    X, y = data.blog_toy()
    assert separation.separation_kind(X, y) == "complete"
    assert separation.separation_kind(QUASI_X, QUASI_Y) == "quasi-complete"
    X, y = data.simulate_logistic(200, [1.0, -2.0], 0.5, seed=1)
    assert separation.separation_kind(X, y) == "overlap"
    assert separation.separation_kind([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 0, 1, 1]) == "overlap"


def test_mle_exists_exactly_when_neither_separation_holds():
    assert not separation.mle_exists(*data.blog_toy())
    # quasi-complete: is_separable says False, yet there is no finite estimate
    assert not separation.is_separable(QUASI_X, QUASI_Y)
    assert not separation.mle_exists(QUASI_X, QUASI_Y)
    assert separation.mle_exists(*data.simulate_logistic(200, [1.0, -2.0], 0.5, seed=1))


def test_quasi_complete_separation_has_no_maximiser():
    """Along theta = t (-1, 1) the log-likelihood rises towards 2 log(1/2) and never attains it."""
    import statsmodels.api as sm

    X = sm.add_constant(np.asarray(QUASI_X))
    model = sm.Logit(np.asarray(QUASI_Y, float), X)
    values = [model.loglike(t * np.array([-1.0, 1.0])) for t in (1, 10, 100)]
    assert values[0] < values[1] < values[2] < 2 * np.log(0.5) + 1e-9


def test_quasi_complete_separation_in_more_dimensions():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(float)
    assert separation.separation_kind(X, y) == "complete"
    # put two points with both labels on the separating line x1 = 0
    X = np.vstack([X, [[0.0, 1.0], [0.0, 1.0]]])
    y = np.r_[y, 0.0, 1.0]
    assert separation.separation_kind(X, y) == "quasi-complete"
    # one more point on the wrong side anywhere off the line makes the classes overlap
    X = np.vstack([X, [[1.0, 0.0]]])
    y = np.r_[y, 0.0]
    assert separation.separation_kind(X, y) == "overlap"


@pytest.mark.parametrize("scale", [1e-200, 1e-20, 1.0, 1e20, 1e300])
def test_separation_does_not_depend_on_units(scale):
    X, y = data.blog_toy()
    assert separation.is_separable(X * scale, y)
    theta = separation.separating_params(X * scale, y)
    assert np.all((2 * y - 1) * (theta[0] + (X * scale) @ theta[1:]) > 0)
    assert separation.separation_kind(np.asarray(QUASI_X) * scale, QUASI_Y) == "quasi-complete"
    X, y = data.simulate_logistic(200, [1.0, -2.0], 0.5, seed=1)
    assert separation.mle_exists(X * scale, y)


SEP_X, SEP_Y = np.arange(6.0)[:, None], np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
QS_X = np.array([[0.0], [1.0], [2.0], [2.0], [3.0], [4.0]])


@pytest.mark.parametrize(("scale", "shift"), [(1e-200, 0.0), (1e300, 0.0), (1.0, 1e8), (1e-3, 1e8), (1.0, -1e12)])
def test_separation_does_not_depend_on_the_origin_either(scale, shift):
    """Centring a column is harmless with an intercept: timestamps near 1e9 are fine."""
    assert separation.separation_kind(SEP_X * scale + shift, SEP_Y) == "complete"
    assert separation.separation_kind(QS_X * scale + shift, SEP_Y) == "quasi-complete"
    X, y = data.simulate_logistic(60, [1.0, -2.0], 0.5, seed=1)
    assert separation.separation_kind(X * scale + shift, y) == "overlap"
    theta = separation.separating_params(SEP_X * scale + shift, SEP_Y)
    assert np.all((2 * SEP_Y - 1) * (theta[0] + (SEP_X * scale + shift) @ theta[1:]) >= 1 - 1e-6)


def test_a_column_beyond_float64_resolution_is_refused():
    X = SEP_X.copy()
    X[5, 0] = 1.7e308  # 0, 1, ..., 4 become equal once the column is scaled to [-1, 1]
    with pytest.raises(ValueError, match="column 0 of X spans too many orders of magnitude"):
        separation.separation_kind(X, SEP_Y)


@pytest.mark.parametrize("scale", [1e-200, 1e-20, 1e20, 1e300])
def test_max_margin_in_any_units(scale):
    # by hand: the bias is -5 and the weight 2 / scale (margin 1 at x = 2 and x = 3)
    theta = separation.max_margin_params(SEP_X * scale, SEP_Y)
    np.testing.assert_allclose(theta * [1.0, scale], [-5.0, 2.0], rtol=1e-7)
    margins = (2 * SEP_Y - 1) * (theta[0] + SEP_X[:, 0] * scale * theta[1])
    assert margins.min() == pytest.approx(1.0, abs=1e-7)


def test_pandas_labels_must_be_aligned():
    import pandas as pd

    X, y = data.blog_toy()
    with pytest.raises(ValueError, match="not aligned"):
        separation.max_margin_params(pd.DataFrame(X), pd.Series(y)[::-1])
    with pytest.raises(ValueError, match="not aligned"):
        separation.is_separable(pd.DataFrame(X, index=[5, 6, 7, 8]), pd.Series(y))
    assert separation.is_separable(pd.DataFrame(X), pd.Series(y))


def test_complex_input_is_refused():
    with pytest.raises(ValueError, match="complex"):
        separation.separating_params(np.array([[0.0], [1.0]]) + 1e-3j, [0, 1])
