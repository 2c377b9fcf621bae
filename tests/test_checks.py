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


# ---- the input contract (issue 22): no silently wrong number, no obscure exception ----------


@pytest.mark.parametrize(
    ("X", "match"),
    [
        (None, "X is None"),
        (np.ones((3, 2)) + 1e-3j, "X is complex"),
        (np.array([["1.5", "2"], ["3", "4"]]), "must be numeric, got strings"),
        (np.array([[1.0, None], [2.0, 3.0]], dtype=object), r"contains None \(a missing value\) at row 0, column 1"),
        (np.array([[1.0, 2j], [2.0, 3.0]], dtype=object), "contains the complex number"),
        (np.array([[1.0, "a"], [2.0, 3.0]], dtype=object), "contains the string 'a' at row 0, column 1"),
        (np.array([["2020-01-01"]], dtype="datetime64[D]"), "got datetimes"),
        ({"a": 1}, "must be numeric, but contains a dict"),
        ([[1.0, 2.0], [3.0]], "rectangular array of numbers"),
        ([[1.0, np.nan], [2.0, 3.0]], r"NaN or inf \(first at row 0, column 1"),
    ],
)
def test_only_finite_real_numbers_pass(X, match):
    with pytest.raises(ValueError, match=match):
        _checks.as_design(X)


def test_pandas_input_is_read_column_by_column():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [True, False, True]})
    np.testing.assert_array_equal(_checks.as_design(df), [[1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])
    with pytest.raises(ValueError, match=r"missing value \(NaN, None or pd.NA\) at row 1, column 'c'"):
        _checks.as_design(df.assign(c=pd.array([1, pd.NA, 3], dtype="Int64")))
    with pytest.raises(ValueError, match=r"X \(column 'c'\) must be numeric, but contains the string 'u'"):
        _checks.as_design(df.assign(c=pd.Categorical(["u", "v", "u"])))
    with pytest.raises(ValueError, match=r"X \(column 'c'\) must be numeric, got datetimes"):
        _checks.as_design(df.assign(c=pd.date_range("2020-01-01", periods=3)))
    with pytest.raises(ValueError, match="y is complex"):
        _checks.as_vector(pd.Series([1.0, 2j]), "y")


def test_check_magnitude_refuses_values_whose_squares_overflow():
    _checks.check_magnitude(np.array([1e150, -1e150]), "X")
    with pytest.raises(ValueError, match=r"offset has a value of magnitude 1e\+300 at position 1: .*rescale offset"):
        _checks.check_magnitude(np.array([0.0, -1e300]), "offset")


def test_pandas_indexes_must_be_equal_as_in_statsmodels():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0]}, index=[10, 11, 12])
    _checks.check_aligned(("X", X), ("y", pd.Series([0, 1, 0], index=[10, 11, 12])), ("w", None))
    _checks.check_aligned(("X", X), ("y", np.array([0, 1, 0])))  # numpy: paired by position
    with pytest.raises(ValueError, match=r"indices of y and X are not aligned \(at position 0: 12 against 10\)"):
        _checks.check_aligned(("X", X), ("y", pd.Series([0, 1, 0], index=[12, 11, 10])))
    with pytest.raises(ValueError, match=r"not aligned \(2 labels against 3\)"):
        _checks.check_aligned(("X", X), ("y", pd.Series([0, 1], index=[10, 11])))


def test_column_names_refuses_duplicates_and_the_intercepts_label():
    pd = pytest.importorskip("pandas")
    assert _checks.column_names(pd.DataFrame(np.zeros((2, 2)))) == ["0", "1"]
    assert _checks.column_names(np.zeros((2, 2))) is None
    with pytest.raises(ValueError, match="two columns named 'a'"):
        _checks.column_names(pd.DataFrame(np.zeros((2, 2)), columns=["a", "a"]))
    with pytest.raises(ValueError, match="column named 'const', the label of the intercept"):
        _checks.column_names(pd.DataFrame(np.zeros((2, 2)), columns=["const", "b"]))


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5, np.nan, "0.05", None, [0.05], 0.05 + 0j, True])
def test_fraction_is_a_real_number_strictly_between_0_and_1(bad):
    with pytest.raises(ValueError, match="alpha must be .*between 0 and 1"):
        _checks.fraction(bad, "alpha")
    assert _checks.fraction(np.float32(0.25), "alpha") == 0.25


def test_flags_names_and_seeds_are_checked_for_type_and_range():
    assert _checks.as_bool(np.bool_(True), "offset") is True
    with pytest.raises(TypeError, match="offset must be True or False, got 'no'"):
        _checks.as_bool("no", "offset")
    assert _checks.non_empty_str("admit", "yname") == "admit"
    with pytest.raises(TypeError, match="yname must be a string, got int"):
        _checks.non_empty_str(5, "yname")
    with pytest.raises(ValueError, match="yname must be a non-empty string"):
        _checks.non_empty_str(" ", "yname")
    assert _checks.as_seed(np.int64(3)) == 3 and _checks.as_seed(None, allow_none=True) is None
    for bad in (True, -1, 0.5, "1", None):
        with pytest.raises(ValueError, match="seed must be a non-negative integer"):
            _checks.as_seed(bad)


def test_rank_is_judged_relative_to_each_columns_size():
    # columns in other units are not aliased; a column equal to another plus 1e-9 noise is
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    for s in (1e-20, 1e15, 1e-200, 1e200):
        _checks.full_rank_with_intercept(X * np.array([s, 1.0]))
    near = np.column_stack([X, X[:, 0] + 1e-9 * rng.normal(size=40)])
    with pytest.raises(ValueError, match=r"rank 3 < 4 parameters: some coefficients are aliased: a, c are"):
        _checks.full_rank_with_intercept(near, ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"const, column 0 are \(nearly\) linear combinations"):
        _checks.full_rank_with_intercept(np.column_stack([5 + 1e-12 * X[:, 0], X[:, 1]]))
    with pytest.raises(ValueError, match="only 2 rows"):
        _checks.full_rank_with_intercept(X[:2])
