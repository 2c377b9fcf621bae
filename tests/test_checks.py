"""Tests of glmnn._checks: every message a user can meet."""

import numpy as np
import pytest

from glmnn import _checks


def test_as_design_returns_float64_copy_of_valid_input():
    X = _checks.as_design([[1, 2], [3, 4]])
    assert X.dtype == np.float64 and X.shape == (2, 2)


@pytest.mark.parametrize(
    ("X", "match"),
    [
        ([1.0, 2.0], "must be 2-D"),
        (np.zeros((0, 2)), "at least one row and one column"),
        ([[1.0, np.nan]], "NaN or inf"),
        ([[1.0, np.inf]], "NaN or inf"),
        ([["a", "b"]], "must be numeric"),
    ],
)
def test_as_design_rejects(X, match):
    with pytest.raises(ValueError, match=match):
        _checks.as_design(X)


def test_as_vector_checks_length_and_dimension():
    assert _checks.as_vector([1, 2, 3], "v", length=3).shape == (3,)
    with pytest.raises(ValueError, match="v must have length 2, got length 3"):
        _checks.as_vector([1, 2, 3], "v", length=2)
    with pytest.raises(ValueError, match="v must be 1-D"):
        _checks.as_vector([[1, 2]], "v")


def test_binary_labels():
    np.testing.assert_array_equal(_checks.as_binary_labels([0, 1, True]), [0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"only 0 and 1 .* found 2"):
        _checks.as_binary_labels([0, 1, 2])
    with pytest.raises(ValueError, match="only 0 and 1"):
        _checks.as_binary_labels([0.5])
    with pytest.raises(ValueError, match="must not be empty"):
        _checks.as_binary_labels([])


def test_same_length():
    with pytest.raises(ValueError, match="same number of samples, got 2 rows in X and y of length 3"):
        _checks.check_same_length(np.zeros((2, 1)), np.zeros(3))


@pytest.mark.parametrize("bad", [0, -1.0, np.nan, np.inf, "1", True, None])
def test_positive_number_rejects(bad):
    with pytest.raises(ValueError, match="rate must be a positive number"):
        _checks.positive_number(bad, "rate")


@pytest.mark.parametrize("bad", [-1e-9, np.nan, np.inf, "0", False, None])
def test_non_negative_number_rejects(bad):
    with pytest.raises(ValueError, match="penalty must be a non-negative number"):
        _checks.non_negative_number(bad, "penalty")


def test_non_negative_number_accepts_zero():
    assert _checks.non_negative_number(0, "penalty") == 0.0


@pytest.mark.parametrize("bad", [0, -3, 2.0, "5", True])
def test_positive_int_rejects(bad):
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        _checks.positive_int(bad, "epochs")


def test_positive_accepts_numpy_scalars():
    assert _checks.positive_number(np.float32(0.5), "x") == 0.5
    assert _checks.positive_int(np.int64(7), "x") == 7


def test_as_xy_checks_data_labels_and_lengths_together():
    X, y = _checks.as_xy([[1, 2], [3, 4]], [0, 1])
    assert X.shape == (2, 2) and y.dtype == np.float64
    with pytest.raises(ValueError, match="same number of samples"):
        _checks.as_xy([[1, 2]], [0, 1])
    with pytest.raises(ValueError, match="only 0 and 1"):
        _checks.as_xy([[1, 2]], [5])


def test_full_rank_with_intercept_names_the_rank():
    X = np.column_stack([np.arange(5.0), 2 * np.arange(5.0)])
    with pytest.raises(ValueError, match=r"rank 2 < 3 parameters: some coefficients are aliased"):
        _checks.full_rank_with_intercept(X)
    _checks.full_rank_with_intercept(np.column_stack([np.arange(5.0), np.arange(5.0) ** 2]))


def test_class_labels_accepts_0_to_k_minus_1_each_present():
    out = _checks.as_class_labels([2, 0, 1, 1])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [2.0, 0.0, 1.0, 1.0])


@pytest.mark.parametrize(
    ("y", "match"),
    [
        ([0, 1.5, 2], r"class labels 0, 1, \.\.\., K-1 \(non-negative integers\), found 1\.5"),
        ([0, -1, 1], "non-negative integers.*found -1"),
        ([0, 1, 3], r"no observations of class 2: .*\(K = 4 here\)"),
        ([1, 2, 2], "no observations of class 0"),
        ([0, 0], "at least two classes"),
        ([], "must not be empty"),
        ([[0, 1]], "must be 1-D"),
    ],
)
def test_class_labels_rejects(y, match):
    with pytest.raises(ValueError, match=match):
        _checks.as_class_labels(y)


def test_counts_positive_and_response():
    np.testing.assert_array_equal(_checks.as_counts([0, 2, 5]), [0.0, 2.0, 5.0])
    np.testing.assert_array_equal(_checks.as_positive([0.5, 2]), [0.5, 2.0])
    for check in (_checks.as_counts, _checks.as_positive, _checks.as_response):
        with pytest.raises(ValueError, match="must not be empty"):
            check([])
    with pytest.raises(ValueError, match="non-negative counts, found -1"):
        _checks.as_counts([1, -1])
    with pytest.raises(ValueError, match="strictly positive, found 0"):
        _checks.as_positive([1, 0])


def test_as_design_accepts_no_columns_only_when_asked():
    assert _checks.as_design(np.zeros((4, 0)), allow_no_columns=True).shape == (4, 0)
    with pytest.raises(ValueError, match="at least one row and one column"):
        _checks.as_design(np.zeros((4, 0)))
    with pytest.raises(ValueError, match="at least one row, got shape"):
        _checks.as_design(np.zeros((0, 0)), allow_no_columns=True)


def test_full_rank_with_intercept_sees_near_aliasing_past_the_cheap_certificate():
    # an ill-conditioned but full-rank design fails the eigenvalue certificate and is
    # decided by the SVD; an exactly aliased one is refused either way
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    _checks.full_rank_with_intercept(np.column_stack([x, x + 1e-6 * rng.normal(size=50)]))
    with pytest.raises(ValueError, match=r"rank 2 < 3"):
        _checks.full_rank_with_intercept(np.column_stack([x, 2 * x]))
