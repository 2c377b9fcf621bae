"""The data checks of :func:`glmnn.keras_glm.fit`, made before Newton's first step.

What is here: the design and the per-example arguments as float64 arrays (``_design``,
``_per_example``), the offset with ``log(exposure)`` (``_offset``, also used by
:meth:`GLMResult.predict <glmnn.keras_glm.GLMResult.predict>`), ``_check_data`` (on the rows
of positive weight: too few rows, a constant or too small column, aliasing, a response
without a finite estimate or without a dispersion estimate, too few degrees of freedom; it
also scales the columns by powers of two for Newton's method), and ``_model_start`` (a
starting ``model`` checked against the data). Each refusal is a ``ValueError`` naming the
argument and the cause.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn import families
from glmnn._checks import (
    LARGEST,
    _as_float_array,
    as_design,
    check_magnitude,
    column_names,
    full_rank,
)
from glmnn.keras_glm.network import model_params


def _design(X: ArrayLike) -> tuple[NDArray[np.float64], list[str] | None]:
    """``X`` as a finite float64 matrix (it may have no columns) and a DataFrame's column names.

    Duplicate column names and a column named ``const`` are refused (:func:`column_names`).
    """
    names = column_names(X)
    X = as_design(X, allow_no_columns=True)
    check_magnitude(X, "X")
    return X, names


def _per_example(v: ArrayLike | None, name: str, n: int) -> NDArray[np.float64] | None:
    if v is None:
        return None
    arr = _as_float_array(v, name)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{name} must be 1-D with one value per row of X ({n}), got shape "
                         f"{arr.shape}")
    check_magnitude(arr, name)
    return arr


def _offset(offset: ArrayLike | None, exposure: ArrayLike | None, n: int,
            row: families.FamilyLink) -> NDArray[np.float64] | None:
    """The offset added to the weighted sum: ``offset + log(exposure)``, or None."""
    off = _per_example(offset, "offset", n)
    exp = _per_example(exposure, "exposure", n)
    if off is None and exp is None:
        return None
    if row.multiclass:
        raise ValueError("offset and exposure are for one-output families; the multinomial "
                         "family (sm.MNLogit) has none")
    if exp is not None:
        if np.any(exp <= 0):
            raise ValueError("exposure must be strictly positive (it enters as log(exposure))"
                             f", found {np.min(exp):g}")
        if row.link != "log":
            raise ValueError(f"exposure is for the log link (a rate model), not "
                             f"{row.family}/{row.link}: pass offset=np.log(exposure) if meant")
        off = np.log(exp) if off is None else off + np.log(exp)
    return off


def _power_of_two(size: NDArray[np.float64]) -> NDArray[np.float64]:
    """The power of two nearest above ``size`` (1 for 0): dividing by it is exact."""
    size = np.asarray(size, dtype=np.float64)
    return np.where(size > 0, np.ldexp(1.0, np.frexp(size)[1]), 1.0)


def _check_data(row: families.FamilyLink, X: NDArray[np.float64], y: NDArray[np.float64],
                w: NDArray[np.float64], labels: list[str], weighted: bool, units: int
                ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Refuse, before any Newton step, data on which the estimate is not defined.

    Returns the powers of two ``sx`` that scale ``X``'s columns to at most 1, and the design
    Newton's method works on, ``[1, X / sx]``.

    ``X``, ``y`` and ``w`` are the rows of positive weight; ``labels`` name ``X``'s columns;
    ``units`` is the number of outputs (classes for the multinomial family, else 1).
    Refused: fewer rows than coefficients; a constant column, a column too small for its
    coefficient's variance to be a float64, an aliased design (scale-free rank); a
    response with no finite estimate (one class, an empty class, all counts 0) or no
    dispersion estimate (a constant Gaussian or Gamma response, a Gaussian response varying
    by less than 1e-150); fewer observations (sum of the weights) than parameters.
    """
    n, p = X.shape
    among = " among the rows of positive weight" if weighted else ""
    m = (p + 1) * (units - 1 if row.multiclass else 1)  # parameters
    if n < p + 1:
        raise ValueError(
            f"X has {n} row{'s' if n != 1 else ''} (observations){among} for {p + 1} "
            "coefficients per output "
            f"(intercept and {p} columns): too few observations, so the coefficients are "
            f"aliased (rank at most {n}) and the estimate is not unique"
        )
    hi, lo = (X.max(axis=0), X.min(axis=0)) if p else (np.ones(0), np.ones(0))
    if p:
        constant = np.flatnonzero(hi == lo)
        if constant.size:
            j = int(constant[0])
            raise ValueError(
                f"column {j} of X is constant{among}: the network's bias is already the "
                f"intercept, so a constant column ({labels[j]!r}) would be aliased with it; "
                "leave it out"
            )
        size = np.maximum(hi, -lo)
        tiny = np.flatnonzero(size < 1 / LARGEST)
        if tiny.size:
            j = int(tiny[0])
            raise ValueError(
                f"column {j} of X ({labels[j]!r}) is too small a scale: its values are at "
                f"most {size[j]:.3g} in magnitude, so its coefficient's variance (of order "
                f"1e+{int(-2 * np.log10(size[j]))}) would overflow float64; rescale the "
                "column (change its units), e.g. multiply it by a power of 10"
            )
    sx = _power_of_two(np.maximum(hi, -lo))
    Xt = np.empty((n, p + 1))
    Xt[:, 0] = 1.0
    np.divide(X, sx, out=Xt[:, 1:])
    if p:
        full_rank(Xt, ["const", *labels])
    if row.family == "binomial" and np.all(y == y[0]):
        label = int(y[0])
        raise ValueError(
            f"every label y is {label}{among}: only one class, so the classes are "
            f"trivially separated and the log-likelihood has no finite maximum (the "
            f"intercept would run to {'+' if label else '-'}inf); both classes are needed"
        )
    if row.multiclass:
        total = np.bincount(y.astype(int), minlength=units)
        empty = np.flatnonzero(total == 0)
        if empty.size:
            k = int(empty[0])
            raise ValueError(
                f"class {k} has no rows of positive weight (its freq_weights sum to 0): its "
                "probability estimate would be 0 and its coefficients have no finite "
                "estimate; drop the class and renumber the labels, or give its rows weight"
            )
    if row.family == "poisson" and np.all(y == 0):
        raise ValueError(
            f"every count y is zero{among}: the Poisson log-likelihood increases as the "
            "intercept goes to -inf (fitted means 0), so there is no finite estimate"
        )
    if row.dispersion:
        spread = float(np.ptp(y))
        if spread == 0:
            raise ValueError(
                f"y is constant ({y[0]:g} in every row{among}): every residual of the fit "
                f"is 0, so the dispersion (scale) of the {row.family} family is estimated "
                "as 0 and the standard errors and log-likelihood are degenerate (0 and "
                "+inf); a constant response has nothing to explain"
            )
        if row.family == "gaussian" and spread < 1 / LARGEST:
            raise ValueError(
                f"y varies by at most {spread:.3g}: far too small a scale, the variance "
                "sigma^2 would underflow float64; rescale y (change its units)"
            )
    wn = float(np.sum(w))
    df = wn - m
    if df < 0 or (row.dispersion and df <= 0):
        what = (f"the freq_weights sum to {wn:g} observations" if weighted or wn != n
                else f"X has {n} rows (observations)")
        need = "more than" if row.dispersion else "at least"
        raise ValueError(
            f"{what} for {m} parameters: the residual degrees of freedom, df_resid = "
            f"{wn:g} - {m} = {df:g}, would be {'negative' if df < 0 else '0'}"
            + (f", so the dispersion of the {row.family} family (Pearson's chi-squared over "
               "df_resid) cannot be estimated" if row.dispersion else "")
            + f"; {need} {m} observations are needed"
        )
    return sx, Xt


def _model_start(model: Any, p: int, units: int, row: families.FamilyLink) -> NDArray[np.float64]:
    """The parameters of a ``model`` passed to :func:`fit`, checked against the data."""
    start = model_params(model)
    if start.shape[0] != p + 1:
        raise ValueError(f"model has {start.shape[0] - 1} inputs but X has {p} columns")
    model_units = 1 if start.ndim == 1 else start.shape[1] + 1
    if model_units != units:
        what = f"with {units} classes " if row.multiclass else ""
        raise ValueError(
            f"model has {model_units} output units but the {row.family} family "
            f"{what}needs {units}"
        )
    if not np.all(np.isfinite(start)):
        raise ValueError("model has weights that are NaN or inf: Newton's method cannot start "
                         "from them; pass a model with finite weights, or none (Newton's "
                         "method then starts from the intercept-only fit)")
    return start
