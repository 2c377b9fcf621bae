"""Assert an agreement and say it in words that every machine prints identically.

Used by chapters 2 to 6. Two correct machines agree on a well-conditioned
result to about 1e-15, but not on the *digits* of a rounding-level difference: the
gap between a network and statsmodels may be 4.4e-16 on one CPU and 5.6e-17 on
another. So a chapter never prints such a gap; it asserts it against a bound and
prints the bound, through one of these helpers:

>>> print(close("network = statsmodels", [1.0, 2.0], [1.0, 2.0 + 1e-15], rtol=1e-10))
network = statsmodels: largest relative difference < 1e-10 (asserted)
>>> print(below("largest |gradient| at the estimate", [3e-14, -1e-13], 1e-10))
largest |gradient| at the estimate < 1e-10 (asserted)

Both raise ``AssertionError`` (with the measured value) when the claim is false,
so a notebook cell fails exactly where a printed claim stops being true. The bound
is printed rounded *up* when it has more than 7 significant digits, so the printed
claim is never stronger than the asserted one.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_CEILING, Decimal
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

__all__ = ["WIDTH", "below", "close", "format_bound"]

#: Longest line :func:`close` returns: a notebook's code box shows about 80 characters.
WIDTH = 79


def _tolerance(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be finite and >= 0, got {value}")
    return value


def _label(label: Any) -> str:
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"label must be a non-empty string, got {label!r}")
    return label


def _values(x: ArrayLike, name: str) -> NDArray[np.float64]:
    """``x`` as a non-empty float64 array without NaN; complex, strings and None refused."""
    if x is None:
        raise ValueError(f"{name} is None: expected a number or an array of numbers")
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric ({exc})") from None
    items = list(raw.flat) if raw.dtype == object else []
    if raw.dtype.kind == "c" or any(isinstance(v, (complex, np.complexfloating)) for v in items):
        raise ValueError(
            f"{name} is complex: only real numbers are compared here (numpy would silently "
            "drop the imaginary part); compare the real and imaginary parts separately"
        )
    if raw.dtype.kind in "US" or any(v is None or isinstance(v, (str, bytes)) for v in items):
        raise ValueError(f"{name} must be numeric: it holds strings or None")
    try:
        arr = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric ({exc})") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN: nothing can be asserted about it")
    return arr


def _aligned(actual: Any, desired: Any) -> Any:
    """``desired`` in the label order of ``actual`` when both are labelled with the same labels.

    Two ``Series`` (or two ``DataFrame``) whose labels are the same set in another order are
    compared label by label, as pandas' arithmetic would; in every other case the values are
    compared by position, as numpy does.
    """
    kinds = (pd.Series, pd.DataFrame)
    if not (isinstance(actual, kinds) and type(actual) is type(desired)):
        return desired
    for axis in ("index", "columns") if isinstance(actual, pd.DataFrame) else ("index",):
        a, d = getattr(actual, axis), getattr(desired, axis)
        if not a.equals(d) and a.is_unique and d.is_unique and len(a) == len(d) and set(a) == set(d):
            desired = desired.reindex(**{axis: a})
    return desired


def format_bound(bound: float) -> str:
    """Write a positive bound the short way: 1e-12, 5e-7, 2.5e-3, 0.5, 30.

    The text is never below ``bound``: a bound that at most 7 significant digits do not
    write exactly (1.2345674e-7) is rounded *up* at the 7th digit (1.234568e-7), so the
    claim printed with it is never stronger than the one asserted.

    Raises
    ------
    ValueError
        If ``bound`` is not a finite positive number.
    """
    bound = _tolerance(bound, "bound")
    if bound == 0:
        raise ValueError("bound must be > 0")
    text = _not_below(bound)
    if 1e-2 <= bound < 1e4:
        fixed = format(Decimal(text), "f")
        return fixed.rstrip("0").rstrip(".") if "." in fixed else fixed
    mantissa, exponent = text.split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def _not_below(bound: float) -> str:
    """``bound`` in scientific notation: the shortest of at most 7 significant digits that
    reads back as ``bound``, else its 7 digits rounded up (never a smaller number)."""
    for digits in range(1, 8):
        text = f"{bound:.{digits - 1}e}"
        if float(text) == bound:
            return text
    exact = Decimal(bound)  # the binary value, exactly
    up = exact.quantize(Decimal(1).scaleb(exact.adjusted() - 6), rounding=ROUND_CEILING)
    return f"{up:.6e}"


def close(
    label: str,
    actual: ArrayLike,
    desired: ArrayLike,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
) -> str:
    """Assert ``actual`` equals ``desired`` to a tolerance; return the sentence that says so.

    The check is :func:`numpy.testing.assert_allclose`:
    ``|actual - desired| <= atol + rtol * |desired|`` elementwise.

    Parameters
    ----------
    label : str
        What is compared, e.g. ``"network = statsmodels"``.
    actual, desired : array_like
        Real, finite numbers of broadcastable shapes. Two pandas ``Series`` (or
        ``DataFrame``) with the same labels in a different order are compared label by
        label; otherwise values are compared by position.
    rtol, atol : float
        Relative and absolute tolerance, each >= 0, at least one > 0.

    Returns
    -------
    str
        ``"<label>: largest relative difference < <rtol> (asserted)"`` (only ``rtol``),
        ``"<label>: largest difference < <atol> (asserted)"`` (only ``atol``), or
        ``"<label>: equal to rtol <rtol>, atol <atol> (asserted)"``. When that is longer
        than :data:`WIDTH`, the part after the colon goes on a second, indented line.

    Raises
    ------
    ValueError
        On an empty label, a negative or non-finite tolerance, both tolerances zero,
        values that are not real finite numbers (NaN, inf, complex, strings, None, empty),
        or shapes that do not broadcast.
    AssertionError
        If the values differ by more than the tolerance.
    """
    label = _label(label)
    rtol, atol = _tolerance(rtol, "rtol"), _tolerance(atol, "atol")
    if rtol == 0 and atol == 0:
        raise ValueError("give rtol or atol (> 0): for exact equality use np.testing.assert_array_equal")
    a, d = _values(actual, "actual"), _values(_aligned(actual, desired), "desired")
    for arr, name in ((a, "actual"), (d, "desired")):
        if np.isinf(arr).any():
            raise ValueError(
                f"{name} contains inf: the difference to an infinite value is undefined "
                "(inf - inf is NaN), so nothing can be asserted; compare finite values"
            )
    try:
        a, d = np.broadcast_arrays(a, d)
    except ValueError:
        raise ValueError(f"actual and desired must have broadcastable shapes, got {a.shape} and {d.shape}") from None
    np.testing.assert_allclose(a, d, rtol=rtol, atol=atol, err_msg=label)
    if atol == 0:
        claim = f"largest relative difference < {format_bound(rtol)} (asserted)"
    elif rtol == 0:
        claim = f"largest difference < {format_bound(atol)} (asserted)"
    else:
        claim = f"equal to rtol {format_bound(rtol)}, atol {format_bound(atol)} (asserted)"
    # one line if it fits a notebook's code box, else the claim indented below
    one_line = f"{label}: {claim}"
    return one_line if len(one_line) <= WIDTH else f"{label}:\n    {claim}"


def below(label: str, value: ArrayLike, bound: float) -> str:
    """Assert that every ``|value|`` is below ``bound``; return the sentence that says so.

    Parameters
    ----------
    label : str
        What is bounded, e.g. ``"largest |gradient| at the estimate"``.
    value : array_like
        A real number or an array of real numbers, without NaN.
    bound : float
        A finite positive bound.

    Returns
    -------
    str
        ``"<label> < <bound> (asserted)"``.

    Raises
    ------
    ValueError
        On an empty label, values that are not real numbers (NaN, complex, strings, None)
        or no values, or a bound that is not finite and positive.
    AssertionError
        If the largest ``|value|`` is not below ``bound``.
    """
    label = _label(label)
    text = format_bound(bound)
    bound = float(bound)  # a float32 bound would make numpy compare in float32
    largest = float(np.max(np.abs(_values(value, "value"))))
    if not largest < bound:
        raise AssertionError(f"{label}: largest |value| {largest:.3e} is not below {text}")
    return f"{label} < {text} (asserted)"
