"""Input checks shared by every public function of :mod:`glmnn`.

Each helper either returns a clean float64 array (or number) or raises a
``ValueError`` whose message names the argument, what was expected and what
was received. The chapters never call these directly; the tests in
``tests/test_checks.py`` pin their messages.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_design",
    "as_binary_labels",
    "as_class_labels",
    "as_counts",
    "as_positive",
    "as_response",
    "as_xy",
    "as_vector",
    "check_same_length",
    "positive_number",
    "positive_int",
]


def _describe(x: Any) -> str:
    shape = getattr(x, "shape", None)
    return f"an array of shape {shape}" if shape is not None else type(x).__name__


def _as_float_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {_describe(x)} ({exc})") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite: it contains NaN or inf")
    return arr


def as_design(X: ArrayLike, name: str = "X", *, allow_no_columns: bool = False) -> NDArray[np.float64]:
    """Return ``X`` as a finite 2-D float64 array with at least one row and column.

    With ``allow_no_columns`` a design of shape ``(n, 0)`` is accepted too (the
    intercept-only model of a GLM).
    """
    arr = _as_float_array(X, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features), got {arr.ndim}-D with shape {arr.shape}"
        )
    if allow_no_columns and arr.shape[0] == 0:
        raise ValueError(f"{name} must have at least one row, got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0 and not allow_no_columns:
        raise ValueError(f"{name} must have at least one row and one column, got shape {arr.shape}")
    return arr


def as_vector(v: ArrayLike, name: str, length: int | None = None) -> NDArray[np.float64]:
    """Return ``v`` as a finite 1-D float64 array, optionally of a given length."""
    arr = _as_float_array(v, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}, got length {arr.shape[0]}")
    return arr


def as_response(y: ArrayLike, name: str = "y") -> NDArray[np.float64]:
    """Return ``y`` as a non-empty, finite 1-D float64 array."""
    arr = as_vector(y, name)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    return arr


def as_binary_labels(y: ArrayLike, name: str = "y") -> NDArray[np.float64]:
    """Return ``y`` as a 1-D float64 array whose values are all 0 or 1."""
    arr = as_response(y, name)
    bad = ~np.isin(arr, (0.0, 1.0))
    if bad.any():
        examples = ", ".join(f"{v:g}" for v in np.unique(arr[bad])[:3])
        raise ValueError(f"{name} must contain only 0 and 1 (binary labels), found {examples}")
    return arr


def as_class_labels(y: ArrayLike, name: str = "y") -> NDArray[np.float64]:
    """Return ``y`` as a 1-D float64 array of class labels 0, 1, ..., K-1, each present.

    ``K`` is one more than the largest label; there must be at least two classes.
    """
    arr = as_response(y, name)
    bad = (arr != np.round(arr)) | (arr < 0)
    if bad.any():
        examples = ", ".join(f"{v:g}" for v in np.unique(arr[bad])[:3])
        raise ValueError(
            f"{name} must contain class labels 0, 1, ..., K-1 (non-negative integers), "
            f"found {examples}"
        )
    n_classes = int(arr.max()) + 1
    if n_classes < 2:
        raise ValueError(f"{name} must contain at least two classes, found only class 0")
    missing = np.setdiff1d(np.arange(n_classes), arr)
    if missing.size:
        listed = ", ".join(str(int(k)) for k in missing[:3])
        raise ValueError(
            f"{name} has no observations of class {listed}: labels must be 0, 1, ..., K-1 "
            f"with every class present (K = {n_classes} here); renumber the classes"
        )
    return arr


def as_counts(y: ArrayLike, name: str = "y") -> NDArray[np.float64]:
    """Return ``y`` as a non-empty 1-D float64 array of non-negative values (counts)."""
    arr = as_response(y, name)
    if np.any(arr < 0):
        examples = ", ".join(f"{v:g}" for v in np.unique(arr[arr < 0])[:3])
        raise ValueError(f"{name} must contain non-negative counts, found {examples}")
    return arr


def as_positive(y: ArrayLike, name: str = "y") -> NDArray[np.float64]:
    """Return ``y`` as a non-empty 1-D float64 array of strictly positive values."""
    arr = as_response(y, name)
    if np.any(arr <= 0):
        examples = ", ".join(f"{v:g}" for v in np.unique(arr[arr <= 0])[:3])
        raise ValueError(f"{name} must be strictly positive, found {examples}")
    return arr


def check_same_length(X: NDArray[Any], y: NDArray[Any], x_name: str = "X", y_name: str = "y") -> None:
    """Raise if ``X`` and ``y`` do not describe the same number of samples."""
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of samples, "
            f"got {X.shape[0]} rows in {x_name} and {y_name} of length {y.shape[0]}"
        )


def as_xy(X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Check a labelled data set: ``X`` a finite 2-D array, ``y`` 0/1 labels, one per row."""
    X_arr = as_design(X)
    y_arr = as_binary_labels(y)
    check_same_length(X_arr, y_arr)
    return X_arr, y_arr


def full_rank_with_intercept(X: NDArray[np.float64]) -> None:
    """Raise ``ValueError`` unless ``[1, X]`` has full column rank (no aliased coefficient)."""
    n, p = X.shape
    Xt = np.column_stack([np.ones(n), X])
    # a cheap certificate first: the eigenvalues of Xt'Xt are the squared singular values of
    # Xt to within about 1e-16 of the largest, so a smallest one above 1e-8 of the largest
    # proves full rank; only a design that close to aliased pays for numpy's SVD-based rank
    eig = np.linalg.eigvalsh(Xt.T @ Xt)
    if eig[0] > 1e-8 * eig[-1]:
        return
    rank = np.linalg.matrix_rank(Xt)
    if rank < p + 1:
        raise ValueError(
            f"X with an intercept column has rank {rank} < {p + 1} parameters: some "
            "coefficients are aliased (a constant column, or a column that is a linear "
            "combination of others), so the estimate is not unique"
        )


def positive_number(value: Any, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def non_negative_number(value: Any, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")
    return float(value)


def positive_int(value: Any, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
