"""Tests for glmnn.report: the sentences chapters print instead of rounding-level numbers."""

import numpy as np
import pytest

from glmnn import report


@pytest.mark.parametrize(
    ("bound", "text"),
    [(1e-12, "1e-12"), (5e-7, "5e-7"), (2.5e-3, "2.5e-3"), (1e-6, "1e-6"),
     (0.5, "0.5"), (0.01, "0.01"), (30, "30"), (1e5, "1e5")],
)
def test_format_bound(bound, text):
    assert report.format_bound(bound) == text


@pytest.mark.parametrize("bound", [0, -1e-3, float("nan"), float("inf"), "1e-3", True])
def test_format_bound_rejects(bound):
    with pytest.raises(ValueError, match="bound"):
        report.format_bound(bound)


def test_close_relative():
    text = report.close("network = statsmodels", [1.0, -2.0], [1.0, -2.0 * (1 + 1e-15)], rtol=1e-12)
    assert text == "network = statsmodels: largest relative difference < 1e-12 (asserted)"


def test_close_absolute_and_both():
    assert report.close("a = b", [0.0], [1e-13], atol=1e-10) == "a = b: largest difference < 1e-10 (asserted)"
    assert (report.close("a = b", [1.0, 0.0], [1.0, 1e-14], rtol=1e-6, atol=1e-12)
            == "a = b: equal to rtol 1e-6, atol 1e-12 (asserted)")


def test_close_is_a_real_check():
    with pytest.raises(AssertionError, match="network = statsmodels"):
        report.close("network = statsmodels", [1.0], [1.0 + 1e-9], rtol=1e-12)


def test_close_broadcasts():
    assert "relative" in report.close("row", np.ones((3, 2)), [1.0, 1.0], rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "give rtol or atol"),
        ({"rtol": -1e-6}, "rtol must be finite and >= 0"),
        ({"atol": float("inf")}, "atol must be finite and >= 0"),
        ({"rtol": "1e-6"}, "rtol must be a real number"),
    ],
)
def test_close_rejects_tolerances(kwargs, match):
    with pytest.raises(ValueError, match=match):
        report.close("a = b", [1.0], [1.0], **kwargs)


def test_close_rejects_values():
    with pytest.raises(ValueError, match="label must be a non-empty string"):
        report.close("  ", [1.0], [1.0], rtol=1e-6)
    with pytest.raises(ValueError, match="actual contains NaN"):
        report.close("a = b", [np.nan], [np.nan], rtol=1e-6)
    with pytest.raises(ValueError, match="desired must be numeric"):
        report.close("a = b", [1.0], ["x"], rtol=1e-6)
    with pytest.raises(ValueError, match="broadcastable shapes"):
        report.close("a = b", [1.0, 2.0], [1.0, 2.0, 3.0], rtol=1e-6)
    with pytest.raises(ValueError, match="actual must not be empty"):
        report.close("a = b", [], [], rtol=1e-6)


def test_below():
    assert report.below("largest |gradient|", [3e-14, -1e-13], 1e-10) == "largest |gradient| < 1e-10 (asserted)"
    assert report.below("L-BFGS iterations", 17, 30) == "L-BFGS iterations < 30 (asserted)"


def test_below_is_a_real_check():
    with pytest.raises(AssertionError, match=r"largest \|value\| 2\.000e-10 is not below 1e-10"):
        report.below("gap", [-2e-10], 1e-10)
    with pytest.raises(AssertionError):
        report.below("gap", 1e-10, 1e-10)  # strictly below


def test_below_rejects():
    with pytest.raises(ValueError, match="bound must be > 0"):
        report.below("gap", 1.0, 0.0)
    with pytest.raises(ValueError, match="value contains NaN"):
        report.below("gap", [np.nan], 1.0)
    with pytest.raises(ValueError, match="label"):
        report.below(None, 1.0, 2.0)


def test_module_examples():
    import doctest

    assert doctest.testmod(report).failed == 0


def test_close_wraps_long_lines():
    label = "standard errors of the network after Newton = MNLogit"
    text = report.close(label, [1.0], [1.0], rtol=1e-8)
    assert text == f"{label}:\n    largest relative difference < 1e-8 (asserted)"
    assert max(len(line) for line in text.splitlines()) <= report.WIDTH


@pytest.mark.parametrize(
    ("value", "match"),
    [(np.array([1 + 5j]), "complex"), (1 + 5j, "complex"), (None, "None"), (["a"], "numeric"),
     (np.array([1.0, None], dtype=object), "numeric"), ({"a": 1}, "numeric")],
)
def test_close_and_below_refuse_what_is_not_a_real_number(value, match):
    with pytest.raises(ValueError, match=match):
        report.close("x", value, 1.0, rtol=1e-10)
    with pytest.raises(ValueError, match=match):
        report.below("x", value, 1e-10)


@pytest.mark.parametrize(("actual", "desired"), [(np.inf, np.inf), (np.inf, 1.0), ([1.0, -np.inf], [1.0, 0.0])])
def test_close_refuses_infinities(actual, desired):
    with pytest.raises(ValueError, match="contains inf"):
        report.close("x", actual, desired, rtol=1e-10)


def test_close_compares_labelled_values_by_label():
    import pandas as pd

    a = pd.Series([1.0, 2.0], index=["a", "b"])
    assert report.close("x", a, pd.Series([2.0, 1.0], index=["b", "a"]), rtol=1e-10).endswith("(asserted)")
    frame = pd.DataFrame({"u": [1.0, 2.0], "v": [3.0, 4.0]}, index=["r", "s"])
    shuffled = frame.loc[["s", "r"], ["v", "u"]]
    assert "1e-10" in report.close("x", frame, shuffled, rtol=1e-10)
    with pytest.raises(AssertionError):  # other labels: compared by position, as numpy does
        report.close("x", a, pd.Series([2.0, 1.0], index=["c", "d"]), rtol=1e-10)


@pytest.mark.parametrize("bound", [1.2345674e-7, 1.00000001, 1 / 3, 9999.99999, np.float32(1e-6), 2.0000001e-300])
def test_printed_bound_is_never_below_the_asserted_one(bound):
    assert float(report.format_bound(bound)) >= bound
    printed = report.below("g", float(bound) * (1 - 1e-12), bound).split("< ")[1].split(" ")[0]
    assert float(printed) >= bound


def test_bound_rounded_up_only_when_seven_digits_do_not_write_it():
    assert report.format_bound(1.2345674e-7) == "1.234568e-7"
    assert report.format_bound(1.00000001) == "1.000001"
    assert report.format_bound(np.float32(1e-6)) == "1e-6"
    assert report.format_bound(0.1) == "0.1"
    assert report.below("g", 1.000000005, 1.00000001) == "g < 1.000001 (asserted)"
