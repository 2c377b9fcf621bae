"""One artificial neuron with a logistic activation, and the delta rule that trains it.

Used by chapter 1 ("The neuron") and reused by later chapters:

* :func:`logistic` -- the activation, safe for any finite input (no overflow,
  no warning at ``|z| = 1000``);
* :func:`forward` -- the neuron's output ``sigma(b + X @ w)`` for every row of ``X``;
* :func:`log_likelihood` -- the Bernoulli log-likelihood of labels under the neuron;
* :func:`delta_rule` -- online (one example at a time, as in the blog) or batch
  training, with a history of the parameters for plotting.

Parameters are ordered as statsmodels orders them: the bias (intercept) first,
then one weight per column of ``X``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import (
    as_binary_labels,
    as_design,
    as_vector,
    as_xy,
    check_aligned,
    check_same_length,
    column_names,
    positive_int,
    positive_number,
)

__all__ = ["logistic", "forward", "log_likelihood", "delta_rule", "DeltaRuleResult", "online_epoch"]


def logistic(z: ArrayLike) -> NDArray[np.float64]:
    """The logistic function ``sigma(z) = 1 / (1 + exp(-z))``, computed without overflow.

    For ``z >= 0`` it evaluates ``1 / (1 + exp(-z))`` and for ``z < 0`` the equal
    ``exp(z) / (1 + exp(z))``, so ``exp`` only ever sees a non-positive argument.

    Parameters
    ----------
    z : array_like
        Real numbers; ``+inf`` and ``-inf`` are allowed (they give 1 and 0).

    Returns
    -------
    ndarray of float64, same shape as ``z``, values in [0, 1].

    Raises
    ------
    ValueError
        If ``z`` is not real and numeric (``None``, strings, complex numbers) or
        contains NaN.
    """
    z = _real_array(z, "z")
    if np.isnan(z).any():
        raise ValueError("z must not contain NaN")
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _real_array(x: Any, name: str) -> NDArray[np.float64]:
    """``x`` as a float64 array, refusing what numpy would convert silently or obscurely:
    ``None`` (to NaN), complex numbers (imaginary part dropped) and strings."""
    if x is None:
        raise ValueError(f"{name} must be numeric (a number or an array of numbers), got None")
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric (a number or an array of numbers)") from None
    items = list(raw.flat) if raw.dtype == object else []
    if raw.dtype.kind == "c" or any(isinstance(v, (complex, np.complexfloating)) for v in items):
        raise ValueError(f"{name} must be real: it holds complex numbers (their imaginary part would be dropped)")
    if raw.dtype.kind in "US" or any(v is None or isinstance(v, (str, bytes)) for v in items):
        raise ValueError(f"{name} must be numeric: it holds strings or None")
    try:
        return np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric (a number or an array of numbers)") from None


def _logistic_scalar(z: float) -> float:
    """Scalar twin of :func:`logistic` for the online loop (plain floats are faster)."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def online_epoch(b: float, w: list[float], rows: list[list[float]], labels: list[float],
                 eta: float) -> float:
    """One epoch of the online delta rule; updates ``w`` in place and returns the new bias.

    Plain Python floats, unchecked: :func:`delta_rule` validates and calls it.
    """
    for x, y in zip(rows, labels):
        z = b  # weighted sum: bias plus the weighted inputs
        for wj, xj in zip(w, x):
            z += wj * xj
        step = eta * (y - _logistic_scalar(z))  # learning rate times the error
        b += step  # the bias sees a constant input 1
        for j, xj in enumerate(x):
            w[j] += step * xj
    return b


def _check_params(
    X: ArrayLike, weights: ArrayLike, bias: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    X = as_design(X)
    w = as_vector(weights, "weights", length=X.shape[1])
    b = float(as_vector([bias], "bias")[0])
    return X, w, b


def _weighted_sums(X: NDArray[np.float64], w: NDArray[np.float64], b: float) -> NDArray[np.float64]:
    """``b + X @ w``, refusing an overflow (a sum beyond 1.8e308 is inf, and inf - inf is NaN)."""
    with np.errstate(over="ignore", invalid="ignore"):
        z = b + X @ w
    if not np.all(np.isfinite(z)):
        raise ValueError(
            "bias + X @ weights overflows float64 (some weighted sum is beyond 1.8e308): "
            f"the weights (largest |w| {np.max(np.abs(w), initial=abs(b)):.3g}) or the inputs "
            f"(largest |x| {np.max(np.abs(X)):.3g}) are too large; rescale X"
        )
    return z


def forward(X: ArrayLike, weights: ArrayLike, bias: float) -> NDArray[np.float64]:
    """The neuron's output: the probability ``sigma(bias + X @ weights)`` for each row.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, one row per example, without a column of ones.
    weights : array_like of shape (p,)
    bias : float

    Returns
    -------
    ndarray of shape (n,)

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array, ``weights`` does not have one
        entry per column of ``X``, ``bias`` is not a real number, or a weighted
        sum overflows float64 (weights or inputs beyond about 1e300).
    """
    X, w, b = _check_params(X, weights, bias)
    return logistic(_weighted_sums(X, w, b))


def log_likelihood(X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float) -> float:
    """Bernoulli log-likelihood ``sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)]``.

    Computed from the margins ``m_i = s_i z_i``, with ``s_i = 2 y_i - 1`` and
    the linear predictor ``z_i = bias + x_i @ weights``, as
    ``-sum_i log(1 + exp(-m_i))``. Every term keeps its relative accuracy when
    a probability is within rounding of 0 or 1, so on separated data the
    value stays strictly below 0 and a larger margin gives a larger value,
    digit for digit (until exp(-m_i) underflows, at margins above 745).

    Parameters
    ----------
    X : array_like of shape (n, p)
    y : array_like of shape (n,), values 0 and 1
    weights : array_like of shape (p,)
    bias : float

    Returns
    -------
    float
        At most 0; it equals 0 only in the limit of perfect, infinitely
        confident predictions.

    Raises
    ------
    ValueError
        On wrong shapes, non-finite values, labels other than 0 and 1, pandas ``X``
        and ``y`` with different row labels (or duplicate column names, or one named
        ``const``), or a weighted sum that overflows.
    """
    check_aligned(("X", X), ("y", y))
    column_names(X)  # unique, and not "const"
    X, w, b = _check_params(X, weights, bias)
    y = as_binary_labels(y)
    check_same_length(X, y)
    margins = (2.0 * y - 1.0) * _weighted_sums(X, w, b)
    return float(-np.sum(np.logaddexp(0.0, -margins)))


@dataclass(frozen=True)
class DeltaRuleResult:
    """What :func:`delta_rule` returns.

    Attributes
    ----------
    bias, weights
        The parameters after the last epoch run.
    epochs_run
        Number of epochs actually run (fewer than asked if ``tol`` was met).
    converged
        ``True`` if the gradient fell below ``tol``, ``False`` if it did not,
        ``None`` if no ``tol`` was given.
    history_epochs : ndarray of int, shape (k,)
        The epochs after which the parameters were recorded.
    history_params : ndarray, shape (k, p + 1)
        The recorded parameters, bias first.
    """

    bias: float
    weights: NDArray[np.float64]
    epochs_run: int
    converged: bool | None
    history_epochs: NDArray[np.int64] = field(repr=False)
    history_params: NDArray[np.float64] = field(repr=False)

    @property
    def params(self) -> NDArray[np.float64]:
        """Bias and weights in one vector, bias first (statsmodels' order)."""
        return np.concatenate([[self.bias], self.weights])


def _record_epochs(record: ArrayLike | None, epochs: int) -> NDArray[np.int64]:
    if record is None:
        # about 10 points per decade, always including the first and the last epoch
        grid = np.geomspace(1, epochs, num=max(2, int(10 * np.log10(epochs)) + 1))
        return np.unique(np.round(grid).astype(np.int64))
    arr = as_vector(record, "record")
    if arr.size == 0 or np.any(arr != np.round(arr)) or arr.min() < 1 or arr.max() > epochs:
        raise ValueError(f"record must hold whole epoch numbers between 1 and epochs={epochs}")
    return np.unique(arr.astype(np.int64))


def _overflow(epoch: int, X: NDArray[np.float64], eta: float) -> ValueError:
    return ValueError(
        f"the delta rule overflowed in epoch {epoch}: the parameters or the weighted sums "
        "are no longer finite float64 numbers, because the inputs (largest |x| "
        f"{np.max(np.abs(X)):.3g}) or the learning rate ({eta:g}) are too large; rescale X "
        "or lower learning_rate"
    )


def delta_rule(
    X: ArrayLike,
    y: ArrayLike,
    learning_rate: float,
    epochs: int,
    init: ArrayLike | float = 0.0,
    mode: Literal["online", "batch"] = "online",
    record: ArrayLike | None = None,
    tol: float | None = None,
) -> DeltaRuleResult:
    """Train one logistic neuron with the delta rule.

    Each correction moves the parameters by ``learning_rate * (y_i - p_i)``
    times the example's input (and times 1 for the bias), where ``p_i`` is
    the neuron's current output for example ``i``.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a column of ones: the bias is a parameter of its own.
    y : array_like of shape (n,)
        Labels, 0 or 1.
    learning_rate : float
        Step size ``eta > 0``.
    epochs : int
        Maximum number of passes over the data, at least 1.
    init : float or array_like of shape (p + 1,), default 0.0
        Starting parameters, bias first; a single number starts every
        parameter at that value (the blog starts all three at 0.2).
    mode : {"online", "batch"}, default "online"
        ``"online"`` corrects after every example, in the order of the rows
        of ``X`` (the blog's loop). ``"batch"`` applies, once per epoch, the
        *average* of the corrections of all examples: that is gradient
        ascent on the mean log-likelihood.
    record : array_like of int, optional
        Epochs after which to store the parameters. By default about ten
        epochs per decade, from 1 to ``epochs``, spaced evenly on a log scale.
    tol : float, optional
        Batch mode only: stop as soon as every component of the average
        correction ``mean_i (y_i - p_i) (1, x_i)`` (the gradient of the mean
        log-likelihood) is smaller than ``tol`` in absolute value.

    Returns
    -------
    DeltaRuleResult

    Raises
    ------
    ValueError
        On wrong shapes, non-finite values, labels other than 0 and 1, pandas ``X``
        and ``y`` with different row labels (or duplicate column names, or one named
        ``const``), a non-positive learning rate, tolerance
        or number of epochs, an unknown ``mode``, ``tol`` given in online mode, or
        when an update overflows float64 (inputs or learning rate far too large).
    """
    check_aligned(("X", X), ("y", y))
    column_names(X)  # unique, and not "const"
    X, y = as_xy(X, y)
    eta = positive_number(learning_rate, "learning_rate")
    epochs = positive_int(epochs, "epochs")
    n, p = X.shape
    if np.ndim(init) == 0:
        theta = np.full(p + 1, as_vector([init], "init")[0])
    else:
        theta = as_vector(init, "init", length=p + 1).copy()
    if mode not in ("online", "batch"):
        raise ValueError(f"mode must be 'online' or 'batch', got {mode!r}")
    if tol is not None:
        if mode != "batch":
            raise ValueError("tol applies to mode='batch' only (online updates never settle)")
        tol = positive_number(tol, "tol")
    rec = _record_epochs(record, epochs)

    history_epochs: list[int] = []
    history: list[NDArray[np.float64]] = []
    converged: bool | None = None if tol is None else False
    next_rec = 0
    epoch = 0

    if mode == "online":
        # Plain Python floats: for a handful of examples this is ~10x faster than numpy.
        b = float(theta[0])
        w = theta[1:].tolist()
        rows = X.tolist()
        labels = y.tolist()
        for epoch in range(1, epochs + 1):
            b = online_epoch(b, w, rows, labels, eta)
            if not math.isfinite(b + sum(w)):  # NaN or inf anywhere: an update overflowed
                raise _overflow(epoch, X, eta)
            if next_rec < rec.size and epoch == rec[next_rec]:
                history_epochs.append(epoch)
                history.append(np.array([b, *w]))
                next_rec += 1
        theta = np.array([b, *w])
    else:
        X1 = np.column_stack([np.ones(n), X])
        for epoch in range(1, epochs + 1):
            with np.errstate(over="ignore", invalid="ignore"):
                z = X1 @ theta
            if not np.all(np.isfinite(z)):
                raise _overflow(epoch, X, eta)
            grad = X1.T @ (y - logistic(z)) / n
            if tol is not None and np.max(np.abs(grad)) < tol:
                converged = True
                epoch -= 1  # this epoch only measured the gradient
                break
            with np.errstate(over="ignore", invalid="ignore"):
                theta = theta + eta * grad
            if not np.all(np.isfinite(theta)):
                raise _overflow(epoch, X, eta)
            if next_rec < rec.size and epoch == rec[next_rec]:
                history_epochs.append(epoch)
                history.append(theta.copy())
                next_rec += 1

    return DeltaRuleResult(
        bias=float(theta[0]),
        weights=theta[1:].copy(),
        epochs_run=epoch,
        converged=converged,
        history_epochs=np.array(history_epochs, dtype=np.int64),
        history_params=np.array(history).reshape(len(history), p + 1),
    )
