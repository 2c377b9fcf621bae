"""Input checks shared by every public function of :mod:`glmnn`: one contract, written once.

Each helper either returns a clean float64 array (or number) or raises an exception whose
message names the argument, the problem and what to do. The contract:

* data are finite real numbers: ``None``, complex numbers, strings, datetimes, other
  objects, missing values (NaN, ``None``, ``pd.NA``) and infinities are refused
  (``ValueError``); booleans count as 0/1; pandas objects are read column by column;
* shapes and lengths: 2-D designs, 1-D vectors, one value per row;
* pandas: arguments with indexes must have equal indexes (:func:`check_aligned`, as
  statsmodels), a DataFrame's column names must be unique and not ``const``
  (:func:`column_names`);
* ranges where overflow would follow: no value beyond 1e150 (:func:`check_magnitude`);
  aliasing judged relative to each column's size (:func:`full_rank_with_intercept`);
* options: numbers, integers (numpy's too), fractions, seeds, flags and names each
  checked for type and range; a flag or a name of the wrong type is a ``TypeError``.

The chapters never call these directly; the tests in ``tests/test_checks.py`` pin their
messages.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_bool",
    "as_design",
    "as_binary_labels",
    "as_class_labels",
    "as_counts",
    "as_positive",
    "as_response",
    "as_seed",
    "as_xy",
    "as_vector",
    "check_aligned",
    "check_magnitude",
    "check_same_length",
    "column_names",
    "fraction",
    "full_rank",
    "full_rank_with_intercept",
    "non_empty_str",
    "non_negative_number",
    "positive_number",
    "positive_int",
]


def _describe(x: Any) -> str:
    shape = getattr(x, "shape", None)
    return f"an array of shape {shape}" if shape is not None else type(x).__name__


def _at(index: tuple[Any, ...]) -> str:
    """``(3, 1)`` as " at row 3, column 1", ``(3,)`` as " at position 3", ``()`` as ""."""
    index = tuple(int(i) for i in index)
    if len(index) == 2:
        return f" at row {index[0]}, column {index[1]}"
    if len(index) == 1:
        return f" at position {index[0]}"
    return "" if not index else f" at index {index}"


def _first_bad_element(raw: NDArray[Any]) -> tuple[Any, Any] | None:
    """The first element of an object array that is not a real number, and its position."""
    for index, value in np.ndenumerate(raw):
        if value is None or isinstance(value, (str, bytes, complex, np.complexfloating)):
            return index, value
        if isinstance(value, (bool, np.bool_, numbers.Real)):
            continue
        return index, value
    return None


def _refuse_element(name: str, index: Any, value: Any) -> ValueError:
    where = _at(index)
    if value is None:
        return ValueError(f"{name} contains None (a missing value){where}: glmnn needs "
                          "finite real numbers; drop or fill the missing values")
    if isinstance(value, (complex, np.complexfloating)):
        return ValueError(f"{name} contains the complex number {value!r}{where}: glmnn "
                          "needs real numbers")
    if isinstance(value, (str, bytes)):
        return ValueError(f"{name} must be numeric, but contains the string {value!r}"
                          f"{where}: encode categories as numbers (e.g. 0/1 dummies) first")
    kind = type(value).__name__
    if kind == "NAType" or (kind == "NaTType"):
        return ValueError(f"{name} contains a missing value (pd.NA / <NA>){where}: glmnn "
                          "needs finite real numbers; drop or fill the missing values")
    if kind in ("Timestamp", "datetime", "date", "Timedelta", "timedelta"):
        return ValueError(f"{name} must be numeric, but contains a {kind} (a datetime)"
                          f"{where}: convert it to a number first")
    return ValueError(f"{name} must be numeric, but contains a {kind} ({value!r}){where}")


def _is_pandas(x: Any) -> bool:
    return type(x).__module__.startswith("pandas") and hasattr(x, "to_numpy")


def _pandas_as_float(x: Any, name: str) -> NDArray[np.float64]:
    """A pandas Series or DataFrame as float64, column by column: see :func:`_as_float_array`."""
    from pandas.api import types

    frame = x.to_frame() if x.ndim == 1 else x
    for j, (label, dtype) in enumerate(frame.dtypes.items()):
        what = name if x.ndim == 1 else f"{name} (column {label!r})"
        if types.is_complex_dtype(dtype):
            raise ValueError(f"{what} is complex (dtype {dtype}): glmnn needs real numbers")
        if types.is_datetime64_any_dtype(dtype) or types.is_timedelta64_dtype(dtype):
            raise ValueError(f"{what} must be numeric, got datetimes (dtype {dtype}): convert "
                             "them to numbers first")
        if not (types.is_numeric_dtype(dtype) or types.is_bool_dtype(dtype)):
            bad = _first_bad_element(frame.iloc[:, j].to_numpy(dtype=object))
            if bad is not None:
                raise _refuse_element(what, *bad)
    missing = frame.isna().to_numpy()
    if missing.any():
        i, j = np.argwhere(missing)[0]
        where = f"row {i}" + ("" if x.ndim == 1 else f", column {frame.columns[j]!r}")
        raise ValueError(f"{name} contains a missing value (NaN, None or pd.NA) at {where}: "
                         "glmnn needs finite real numbers; drop or fill the missing values")
    try:
        arr = frame.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {_describe(x)} ({exc})") from None
    return arr[:, 0] if x.ndim == 1 else arr


def _as_float_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    """``x`` as a float64 array of finite real numbers, or a ``ValueError`` naming the problem.

    Refused: ``None``; complex numbers (numpy would silently drop the imaginary part);
    strings (numpy would silently parse ``"1.5"``); datetimes; objects that are not
    numbers; missing values (``None``, ``pd.NA``, NaN); infinities. Booleans count as 0/1.
    A pandas object is checked column by column (no element-wise scan of numeric columns).
    """
    if x is None:
        raise ValueError(f"{name} is None: pass an array of finite real numbers")
    if isinstance(x, (str, bytes)):
        raise ValueError(f"{name} must be numeric (an array of numbers), got the string {x!r}")
    if _is_pandas(x) and getattr(x, "ndim", 0) in (1, 2):
        arr = _pandas_as_float(x, name)
    else:
        try:
            raw = np.asarray(x)
        except (TypeError, ValueError) as exc:  # e.g. ragged nested lists
            raise ValueError(f"{name} must be numeric (a rectangular array of numbers), got "
                             f"{_describe(x)} ({exc})") from None
        kind = raw.dtype.kind
        if kind == "c":
            raise ValueError(f"{name} is complex (dtype {raw.dtype}): glmnn needs real numbers "
                             f"(numpy would silently drop the imaginary part); pass {name}.real "
                             "if the imaginary parts are 0")
        if kind in "USa":
            raise ValueError(f"{name} must be numeric, got strings (dtype {raw.dtype}): encode "
                             "categories as numbers (e.g. 0/1 dummies) first")
        if kind in "Mm":
            raise ValueError(f"{name} must be numeric, got datetimes (dtype {raw.dtype}): "
                             "convert them to numbers first")
        if kind == "V":
            raise ValueError(f"{name} must be numeric, got a structured array (dtype "
                             f"{raw.dtype})")
        if kind == "O":  # numbers, or None, strings, complex numbers...: look at each
            bad = _first_bad_element(raw)
            if bad is not None:
                raise _refuse_element(name, *bad)
        try:
            arr = np.asarray(raw, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numeric, got {_describe(x)} ({exc})") from None
    if not np.all(np.isfinite(arr)):
        where = _at(tuple(np.argwhere(~np.isfinite(arr))[0]))
        raise ValueError(f"{name} must be finite: it contains NaN or inf (first{where}; "
                         "NaN also marks a missing value); drop or fill those entries")
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


# Aliasing is judged on [1, X] with every column scaled to unit length, so that the units of a
# column (1e-20 or 1e15) do not matter: singular values of the scaled design below RCOND of
# the largest mean a column that is, to that relative accuracy, a combination of others. The
# Hessian of a GLM, X' W X, has the squared condition number; at RCOND = 1.5e-8, the square
# root of float64's epsilon, it reaches 1 / epsilon: numerically singular.
RCOND = float(np.sqrt(np.finfo(np.float64).eps))


def full_rank(X1: NDArray[np.float64], labels: list[str]) -> None:
    """Raise ``ValueError`` unless the design ``X1`` (intercept column included) has full rank.

    Scale-free: judged on ``X1`` with each column scaled to unit length, singular values
    below :data:`RCOND` of the largest counted as zero; ``labels`` name the columns in the
    message. ``X1``'s squares must not overflow: scale its columns (by powers of two, say)
    first if they may be beyond 1e150. Costs ``O(n p^2)``: the eigenvalues of the scaled
    ``X1'X1`` settle every well-conditioned design; only a nearly aliased one pays for a QR
    and an SVD.
    """
    n, m = X1.shape
    G = X1.T @ X1
    length = np.sqrt(np.diag(G))
    length = np.where(length > 0, length, 1.0)  # a column of zeros stays zero: rank-deficient
    if n >= m:
        eig = np.linalg.eigvalsh(G / np.outer(length, length))
        if eig[0] > 1e-10 * eig[-1]:  # singular values above 1e-5 of the largest
            return
    Xs = X1 / length
    R = np.linalg.qr(Xs, mode="r") if n > m else Xs
    _, sv, Vt = np.linalg.svd(R)
    sv = np.r_[sv, np.zeros(m - sv.size)]  # fewer rows than columns: zeros
    small = sv <= RCOND * sv[0]
    rank = int(np.sum(~small))
    if rank == m:
        return
    if n < m:
        raise ValueError(
            f"X with an intercept column has rank {rank} < {m} parameters: some "
            f"coefficients are aliased, because X has only {n} rows (observations) for "
            f"{m} parameters; the estimate is not unique"
        )
    null = Vt[small]  # the near-null directions: combinations of columns close to zero
    weight = np.max(np.abs(null), axis=0)
    involved = [labels[j] for j in np.flatnonzero(weight > 0.05 * weight.max())]
    raise ValueError(
        f"X with an intercept column has rank {rank} < {m} parameters: some "
        f"coefficients are aliased: {', '.join(involved)} are (nearly) linear combinations "
        f"of one another, to within {max(sv[-1], 1e-17):.1g} of their sizes (the rank is "
        f"judged with every column scaled to length 1, so units do not matter; below "
        f"{RCOND:.1g} counts as aliased), so the estimate is not unique or not determined "
        f"to float64 precision; drop one of them"
    )


def full_rank_with_intercept(X: NDArray[np.float64], names: list[str] | None = None) -> None:
    """Raise ``ValueError`` unless ``[1, X]`` has full column rank relative to its columns' sizes.

    Scale-free (see :func:`full_rank`): a column in other units (times 1e-20 or 1e15) is
    not aliased; a column equal to another plus noise of relative size 1e-9 is. The
    message names the columns involved (``names``: those of ``X``'s columns, default
    ``column 0``, ``column 1``...; the intercept is ``const``).
    """
    n, p = X.shape
    big = np.max(np.abs(X), axis=0) if p else np.ones(0)
    # divide by powers of two (exact) so that no square overflows, whatever the units
    scale = np.where(big > 0, np.ldexp(1.0, np.frexp(big)[1]), 1.0)
    X1 = np.empty((n, p + 1))
    X1[:, 0] = 1.0
    X1[:, 1:] = X / scale
    full_rank(X1, ["const", *(names if names is not None else [f"column {j}" for j in range(p)])])


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


# Beyond about sqrt(1.8e308) = 1.3e154, squares and products of the data overflow float64.
LARGEST = 1e150


def check_magnitude(arr: NDArray[np.float64], name: str, limit: float = LARGEST) -> None:
    """Raise ``ValueError`` if some ``|arr|`` exceeds ``limit`` (1e150: squares would overflow)."""
    if arr.size == 0 or (np.max(arr) <= limit and np.min(arr) >= -limit):
        return
    big = np.abs(arr)
    k = int(np.argmax(big))
    if big.flat[k] > limit:
        where = _at(np.unravel_index(k, arr.shape))
        raise ValueError(
            f"{name} has a value of magnitude {big.flat[k]:.3g}{where}: beyond {limit:g}, "
            "squares and products of the data overflow float64 (largest about 1.8e308); "
            f"rescale {name} (e.g. change its units)"
        )


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (for messages: 139, not np.int64(139))."""
    return value.item() if isinstance(value, np.generic) else value


def check_aligned(*named: tuple[str, Any]) -> None:
    """Refuse pandas arguments whose indexes differ, as statsmodels does.

    ``named`` are ``(name, value)`` pairs; the pandas ones (Series, DataFrame) must have
    equal indexes: same labels in the same order (statsmodels: "The indices for endog and
    exog are not aligned"). Rows are then paired by position, as with numpy input.
    """
    first: tuple[str, Any] | None = None
    for name, value in named:
        index = getattr(value, "index", None) if _is_pandas(value) else None
        if index is None:
            continue
        if first is None:
            first = (name, index)
            continue
        if not index.equals(first[1]):
            other, ref = first
            if len(index) != len(ref):
                detail = f"{len(index)} labels against {len(ref)}"
            else:
                k = int(np.argmax(np.asarray(index) != np.asarray(ref)))
                detail = f"at position {k}: {_plain(index[k])!r} against {_plain(ref[k])!r}"
            raise ValueError(
                f"the indices of {name} and {other} are not aligned ({detail}); statsmodels "
                f"refuses this too. Reindex {name} with {name}.reindex({other}.index) to pair "
                f"rows by label, or pass {name}.to_numpy() to pair them by position"
            )


def column_names(X: Any, name: str = "X",
                 reserved: tuple[str, ...] = ("const",)) -> list[str] | None:
    """A DataFrame's column names as strings, or ``None`` for other input.

    Refused: two columns with the same name (their parameters would share a label) and
    the ``reserved`` names (``const`` labels the intercept).
    """
    columns = getattr(X, "columns", None)
    if columns is None or not _is_pandas(X):
        return None
    labels = [str(c) for c in columns]
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise ValueError(f"{name} has two columns named {label!r}: their parameters would "
                             "share one label; rename the duplicate column")
        seen.add(label)
        if label in reserved:
            raise ValueError(f"{name} has a column named {label!r}, the label of the "
                             f"intercept: rename it (the intercept is added for you, so a "
                             f"column of ones is not needed)")
    return labels


def fraction(value: Any, name: str) -> float:
    """Return ``value`` as a float after checking it is a real number with ``0 < value < 1``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number between 0 and 1 (exclusive), got {value!r}")
    if not 0 < float(value) < 1:  # NaN fails too
        raise ValueError(f"{name} must be between 0 and 1 (exclusive), got {value!r}")
    return float(value)


def as_bool(value: Any, name: str) -> bool:
    """Return ``value`` as a bool, refusing anything but ``True``/``False`` (numpy's too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def non_empty_str(value: Any, name: str) -> str:
    """Return ``value`` after checking it is a non-empty string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def as_seed(value: Any, name: str = "seed", *, allow_none: bool = False) -> int | None:
    """Return ``value`` as a non-negative int: a Python or numpy integer (not a bool).

    ``None`` is accepted (and returned) only with ``allow_none``.
    """
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a non-negative integer (int or numpy integer), got "
                         f"{value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)
