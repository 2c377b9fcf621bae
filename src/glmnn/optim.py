"""The logistic-regression objective and two ways to optimise it: Newton (IRLS) and gradient descent.

Used by chapter 2 ("One objective, many optimisers"). Parameters are a single vector
``theta = (b, w_1, ..., w_p)``, bias first as in statsmodels, and ``X`` never contains a
column of ones: the functions add it.

* :func:`negative_log_likelihood` -- ``-sum_i l_i``, the summed binary cross-entropy;
* :func:`gradient` and :func:`hessian` -- of the *log-likelihood*: ``X1^T (y - p)`` and
  ``-X1^T W X1`` with ``W = diag(p (1 - p))`` and ``X1 = [1, X]``;
* :func:`newton` -- Newton's method, which for the logit link is Fisher scoring and
  iteratively reweighted least squares (IRLS);
* :func:`gradient_descent` -- fixed-step gradient ascent on the mean log-likelihood.

Both optimisers record every iterate, for plots of the distance to the optimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import as_vector, as_xy, positive_int, positive_number
from glmnn.neuron import delta_rule, log_likelihood, logistic
from glmnn.separation import is_separable

__all__ = [
    "negative_log_likelihood",
    "gradient",
    "hessian",
    "newton",
    "gradient_descent",
    "OptimResult",
]


def _prepare(
    theta: ArrayLike, X: ArrayLike, y: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
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


def _start(
    X: ArrayLike, y: ArrayLike, init: ArrayLike | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    X, y = as_xy(X, y)
    n, p = X.shape
    rank = np.linalg.matrix_rank(np.column_stack([np.ones(n), X]))
    if rank < p + 1:
        raise ValueError(
            f"X with an intercept column has rank {rank} < {p + 1} parameters: some "
            "coefficients are aliased (a constant column, or a column that is a linear "
            "combination of others), so the estimate is not unique"
        )
    if is_separable(X, y):
        raise ValueError(
            "the classes are completely separated: the log-likelihood has no finite "
            "maximum (see glmnn.separation), so there is nothing to converge to"
        )
    theta0 = np.zeros(p + 1) if init is None else as_vector(init, "init", length=p + 1)
    return X, y, theta0.copy()


def newton(
    X: ArrayLike,
    y: ArrayLike,
    tol: float = 1e-10,
    max_iter: int = 50,
    init: ArrayLike | None = None,
) -> OptimResult:
    """Maximise the log-likelihood by Newton's method (= Fisher scoring = IRLS for the logit).

    Each step solves ``H delta = -g`` with the :func:`hessian` ``H`` and :func:`gradient`
    ``g`` at the current iterate and moves to ``theta + delta``. It stops when every
    component of ``delta`` is below ``tol`` in absolute value.

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

    Returns
    -------
    OptimResult

    Raises
    ------
    ValueError
        If ``[1, X]`` does not have full column rank (aliased coefficients), if the
        classes are completely separated (no finite maximum), or on bad input.
    """
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    X, y, theta = _start(X, y, init)
    history = [theta.copy()]
    converged = False
    for _ in range(max_iter):
        delta = np.linalg.solve(hessian(theta, X, y), -gradient(theta, X, y))
        theta = theta + delta
        history.append(theta.copy())
        if np.max(np.abs(delta)) < tol:
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
        As :func:`newton`, and for a non-positive learning rate.
    """
    max_iter = positive_int(max_iter, "max_iter")
    X, y, theta = _start(X, y, init)
    # The batch delta rule of chapter 1 is exactly this iteration: reuse it, recording every step.
    run = delta_rule(X, y, learning_rate, max_iter, init=theta, mode="batch",
                     record=np.arange(1, max_iter + 1), tol=tol)
    history = np.vstack([theta, run.history_params])
    return OptimResult(run.params, run.epochs_run, bool(run.converged), history)
