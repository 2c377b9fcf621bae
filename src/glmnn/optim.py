"""The logistic-regression objective, a second loss, and two ways to optimise: Newton (IRLS) and gradient descent.

Used by chapters 2 ("One objective") and 3 ("Many optimisers"). Parameters are a single vector
``theta = (b, w_1, ..., w_p)``, bias first as in statsmodels, and ``X`` never contains a
column of ones: the functions add it.

* :func:`negative_log_likelihood` -- ``-sum_i l_i``, the summed binary cross-entropy;
* :func:`squared_error` -- ``sum_i (y_i - p_i)^2``, the loss of a network trained with
  squared error on its sigmoid output (``n`` times the Brier score);
* :func:`gradient` and :func:`hessian` -- of the *log-likelihood*: ``X1^T (y - p)`` and
  ``-X1^T W X1`` with ``W = diag(p (1 - p))`` and ``X1 = [1, X]``;
* :func:`newton` -- Newton's method, which for the logit link is Fisher scoring and
  iteratively reweighted least squares (IRLS), optionally with a ridge (L2) penalty on the
  weights, the bias left unpenalised;
* :func:`gradient_descent` -- fixed-step gradient ascent on the mean log-likelihood.

Both optimisers record every iterate, for plots of the distance to the optimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import (
    as_vector,
    as_xy,
    check_aligned,
    column_names,
    full_rank_with_intercept,
    non_negative_number,
    positive_int,
    positive_number,
)
from glmnn.neuron import delta_rule, log_likelihood, logistic
from glmnn.separation import _standardise, separation_kind

__all__ = [
    "negative_log_likelihood",
    "squared_error",
    "gradient",
    "hessian",
    "newton",
    "gradient_descent",
    "OptimResult",
]


def _prepare(
    theta: ArrayLike, X: ArrayLike, y: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    check_aligned(("X", X), ("y", y))
    column_names(X)
    X, y = as_xy(X, y)
    theta = as_vector(theta, "theta", length=X.shape[1] + 1)
    X1 = np.column_stack([np.ones(X.shape[0]), X])
    return theta, X1, y


def negative_log_likelihood(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """``-sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)]`` at ``theta = (b, w)``.

    This is ``n`` times the mean binary cross-entropy that a network reports.

    Raises
    ------
    ValueError
        On wrong shapes (``theta`` must have ``p + 1`` entries), non-finite values or
        labels other than 0 and 1.
    """
    theta, X1, y = _prepare(theta, X, y)
    return -log_likelihood(X1[:, 1:], y, theta[1:], theta[0])


def squared_error(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """``sum_i (y_i - p_i)^2`` at ``theta = (b, w)``, with ``p_i = sigma(b + w^T x_i)``.

    Divided by ``n`` this is the Brier score. Unlike :func:`negative_log_likelihood` it is
    not convex in ``theta``, and each example contributes at most 1.

    Raises
    ------
    ValueError
        As :func:`negative_log_likelihood`.
    """
    theta, X1, y = _prepare(theta, X, y)
    return float(np.sum((y - logistic(X1 @ theta)) ** 2))


def gradient(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Gradient of the log-likelihood, ``X1^T (y - p)``: the sum of the delta-rule corrections.

    Raises
    ------
    ValueError
        As :func:`negative_log_likelihood`.
    """
    theta, X1, y = _prepare(theta, X, y)
    return X1.T @ (y - logistic(X1 @ theta))


def hessian(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Hessian of the log-likelihood, ``-X1^T diag(p (1 - p)) X1`` (it does not involve ``y``).

    Raises
    ------
    ValueError
        As :func:`negative_log_likelihood`.
    """
    theta, X1, _ = _prepare(theta, X, y)
    p = logistic(X1 @ theta)
    return -(X1.T * (p * (1.0 - p))) @ X1


@dataclass(frozen=True)
class OptimResult:
    """What :func:`newton` and :func:`gradient_descent` return.

    Attributes
    ----------
    params : ndarray of shape (p + 1,)
        The last iterate, bias first.
    iterations : int
        Number of steps taken.
    converged : bool
        Whether the stopping rule was met within the allowed steps.
    history : ndarray of shape (iterations + 1, p + 1)
        Every iterate, starting with the initial value.
    """

    params: NDArray[np.float64]
    iterations: int
    converged: bool
    history: NDArray[np.float64] = field(repr=False)


def _check_rank(X: NDArray[np.float64], names: list[str] | None) -> None:
    """Refuse aliased or nearly aliased coefficients, whatever the units and origin of X.

    The rank is judged on the columns centred and scaled to [-1, 1]: with the intercept in
    the model, shifting or scaling a column changes neither the rank nor the fit (Newton
    runs in those coordinates), so a column in units of 1e-200, or near 1e8, is as good
    as any other.
    """
    Z = _standardise(X)[0]
    labels = names if names is not None else [f"column {j}" for j in range(X.shape[1])]
    constant = [labels[j] for j in range(X.shape[1]) if np.all(Z[:, j] == 0)]
    if constant:
        one = len(constant) == 1
        raise ValueError(
            f"{', '.join(constant)} of X {'is' if one else 'are'} constant: aliased with the "
            f"intercept, so the estimate is not unique; drop {'it' if one else 'them'} (the "
            "intercept is added for you)"
        )
    full_rank_with_intercept(Z, names)


def _start(
    X: ArrayLike, y: ArrayLike, init: ArrayLike | None, penalised: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    check_aligned(("X", X), ("y", y))
    names = column_names(X)
    X, y = as_xy(X, y)
    _, p = X.shape
    theta0 = np.zeros(p + 1) if init is None else as_vector(init, "init", length=p + 1)
    if penalised:
        # The penalty makes the objective strictly concave in w; only the unpenalised bias
        # can run off to infinity, and it does exactly when one label is missing.
        if np.all(y == y[0]):
            raise ValueError(
                f"every label is {y[0]:g}: the unpenalised bias has no finite maximum; "
                "both classes must be present"
            )
        return X, y, theta0.copy()
    _check_rank(X, names)
    kind = separation_kind(X, y)
    if kind != "overlap":
        raise ValueError(
            f"the classes are {kind}ly separated: the log-likelihood has no finite "
            "maximum (see glmnn.separation), so there is nothing to converge to; a "
            "penalty > 0 gives a finite (penalised) estimate"
        )
    return X, y, theta0.copy()


def newton(
    X: ArrayLike,
    y: ArrayLike,
    tol: float = 1e-10,
    max_iter: int = 50,
    init: ArrayLike | None = None,
    penalty: float = 0.0,
) -> OptimResult:
    """Maximise the log-likelihood by Newton's method (= Fisher scoring = IRLS for the logit).

    With ``penalty = lam > 0`` it maximises the ridge-penalised log-likelihood
    ``l(theta) - (lam / 2) * ||w||^2`` instead: the weights are penalised, the bias is not.
    (A Keras model whose kernel carries ``keras.regularizers.L2(l)`` and whose loss is the
    mean binary cross-entropy minimises the same function divided by ``n`` when
    ``lam = 2 n l``; statsmodels' ``GLM.fit_regularized(alpha=a, L1_wt=0)`` with ``a`` on
    the weights and 0 on the intercept does when ``lam = n a``.)

    Each step solves ``H delta = -g`` with the Hessian ``H`` and gradient ``g`` of the
    (penalised) objective at the current iterate (:func:`hessian`, :func:`gradient` and
    the penalty's ``-lam`` and ``-lam * w``) and moves to ``theta + delta``, halving the
    step while it would lower the objective (from a start far from the optimum). It stops
    when every component of ``delta`` is below ``tol`` in absolute value.

    Newton's method is affine invariant, which makes it work in any units: a column whose
    largest ``|x|`` is outside [1e-4, 1e4], or whose values sit far from 0 compared with
    their spread (timestamps), is centred and scaled to [-1, 1] for the computation, and
    every iterate is mapped back; the iterates are still those of the formula above (to
    rounding), and ``tol`` applies to such a column's coefficient in the scaled units (its
    change times the column's half-range). Other columns are used as they are.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a column of ones.
    y : array_like of shape (n,)
        Labels, 0 or 1.
    tol : float, default 1e-10
    max_iter : int, default 50
    init : array_like of shape (p + 1,), optional
        Starting point, bias first; zeros by default.
    penalty : float, default 0
        Ridge penalty ``lam >= 0`` on the weights (not on the bias).

    Returns
    -------
    OptimResult

    Raises
    ------
    ValueError
        Without a penalty: if ``[1, X]`` does not have full column rank (aliased
        coefficients: a constant column, or a column that is a combination of others),
        or is nearly aliased (judged by ``glmnn._checks.full_rank_with_intercept`` on the
        columns centred and scaled to [-1, 1], so units and origin do not matter; the
        message names the columns),
        or the classes are completely or quasi-completely separated (no finite maximum:
        :func:`glmnn.separation.mle_exists`). With a penalty: if all labels are equal.
        Always: if a column spans too many orders of magnitude for float64 (one entry of
        1e300 among values near 1), if pandas ``X`` and ``y`` have different row labels
        (or ``X`` has duplicate column names, or one named ``const``),
        if ``init`` is so far out that the log-likelihood overflows there, and on bad
        input (shapes, NaN or inf, complex numbers, labels other than 0 and 1, ``tol``,
        ``max_iter``, ``penalty`` or ``init``; a ``penalty`` on a column so tiny that it
        overflows).
    """
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    lam = non_negative_number(penalty, "penalty")
    X, y, theta = _start(X, y, init, penalised=lam > 0)
    n, p = X.shape
    # Newton's method is affine invariant: columns in extreme units or far from 0 are centred
    # and scaled to [-1, 1] (Z = (X - c) / h, where the Hessian is well conditioned) and every
    # iterate is mapped back, theta = T theta'; the others are kept as they are (c = 0, h = 1),
    # so that on ordinary data the iterates are exactly the textbook ones. A constant column
    # in extreme units (h = 0; possible only with a penalty) gets the weight 0 the penalty
    # gives it.
    _, centre, half = _standardise(X)
    big = np.max(np.abs(X), axis=0)
    keep = (big >= 1e-4) & (big <= 1e4) & ((np.abs(centre) <= 1e4 * half) | (half == 0))
    centre, half = np.where(keep, 0.0, centre), np.where(keep, 1.0, half)
    used = np.flatnonzero(half > 0)
    if used.size == p and np.all(keep):
        T = None  # theta' = theta
        Z1 = np.column_stack([np.ones(n), X])
    else:
        Z1 = np.ascontiguousarray(np.column_stack([np.ones(n), (X[:, used] - centre[used]) / half[used]]))
        T = np.zeros((p + 1, used.size + 1))
        T[0, 0] = 1.0
        T[used + 1, np.arange(1, used.size + 1)] = 1.0 / half[used]
        T[0, 1:] = -centre[used] / half[used]
    # the penalty (lam / 2) |w|^2 in the new coordinates: w_j = w'_j / h_j
    ridge = np.zeros(used.size + 1)
    if lam > 0:
        with np.errstate(over="ignore", under="ignore", divide="ignore"):
            ridge[1:] = lam / half[used] ** 2
        if not np.all(np.isfinite(ridge)):
            j = used[np.flatnonzero(~np.isfinite(ridge[1:]))[0]]
            raise ValueError(
                f"penalty: column {j} of X spans only {2 * half[j]:.3g}, so its coefficient "
                "is so large that the penalty on it overflows float64; rescale that column "
                "(a ridge penalty depends on the units of the columns)"
            )
    s = 2.0 * y - 1.0

    def objective(t: NDArray[np.float64]) -> float:
        with np.errstate(over="ignore", invalid="ignore"):  # a trial step too long: NaN, refused
            return float(-np.sum(np.logaddexp(0.0, -s * (Z1 @ t))) - 0.5 * np.sum(ridge * t**2))

    def ascend(t: NDArray[np.float64], value: float, delta: NDArray[np.float64]) -> tuple[Any, float]:
        """Halve ``delta`` until the objective does not decrease (Newton's safeguard, needed
        from a start far from the optimum, where the quadratic model is poor)."""
        for _ in range(60):
            new_value = objective(t + delta)
            if new_value >= value - 1e-12 * abs(value):
                return delta, new_value
            delta = delta / 2
        return None, value

    t = theta.copy() if T is None else np.r_[theta[0] + centre[used] @ theta[1:][used],
                                             theta[1:][used] * half[used]]
    value = objective(t)
    if not np.isfinite(value):
        raise ValueError(
            "init is so far out that the log-likelihood there overflows float64 (largest "
            f"|init| {np.max(np.abs(theta)):.3g}); start nearer the optimum (the default is zeros)"
        )
    history = [theta.copy()]
    converged = False
    for _ in range(max_iter):
        prob = logistic(Z1 @ t)
        g = Z1.T @ (y - prob) - ridge * t
        H = -(Z1.T * (prob * (1.0 - prob))) @ Z1 - np.diag(ridge)
        try:
            delta, new_value = ascend(t, value, np.linalg.solve(H, -g))
        except np.linalg.LinAlgError:  # every p (1 - p) rounded to 0: H is singular
            delta = None
        newton_step = delta is not None
        if not newton_step:
            # far from the optimum (probabilities saturated at 0 or 1) Newton's step can be
            # useless: a step along the gradient instead, first as long as the parameters
            size = max(1.0, float(np.linalg.norm(t))) / max(float(np.linalg.norm(g)), 1e-300)
            delta, new_value = ascend(t, value, g * size)
            if delta is None:
                break  # no step increases the objective: stuck (reported as not converged)
        t, value = t + delta, new_value
        theta = t.copy() if T is None else T @ t
        history.append(theta.copy())
        if newton_step and np.max(np.abs(delta)) < tol:
            converged = True
            break
    return OptimResult(theta, len(history) - 1, converged, np.array(history))


def gradient_descent(
    X: ArrayLike,
    y: ArrayLike,
    learning_rate: float,
    max_iter: int = 100_000,
    tol: float = 1e-10,
    init: ArrayLike | None = None,
) -> OptimResult:
    """Fixed-step gradient ascent on the *mean* log-likelihood (descent on the mean cross-entropy).

    Each step is ``theta + learning_rate * gradient(theta) / n``: this is the batch delta rule
    of chapter 1, and it runs :func:`glmnn.neuron.delta_rule` with ``mode="batch"``, adding the
    checks of :func:`newton` and a record of every iterate. It stops when every component of
    the mean gradient is below ``tol``.

    Parameters
    ----------
    X, y, init
        As for :func:`newton`.
    learning_rate : float
        Step size ``eta > 0``; it must be below ``2 / lambda_max`` of the mean negative
        Hessian for the iteration to converge.
    max_iter : int, default 100_000
    tol : float, default 1e-10

    Returns
    -------
    OptimResult

    Raises
    ------
    ValueError
        As :func:`newton`, for a non-positive learning rate, and when an update overflows
        (a learning rate far too large for the data).
    """
    max_iter = positive_int(max_iter, "max_iter")
    X, y, theta = _start(X, y, init)
    # The batch delta rule of chapter 1 is exactly this iteration: reuse it, recording every step.
    run = delta_rule(X, y, learning_rate, max_iter, init=theta, mode="batch",
                     record=np.arange(1, max_iter + 1), tol=tol)
    history = np.vstack([theta, run.history_params])
    return OptimResult(run.params, run.epochs_run, bool(run.converged), history)
