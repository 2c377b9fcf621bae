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

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import (
    as_vector,
    as_xy,
    full_rank_with_intercept,
    non_negative_number,
    positive_int,
    positive_number,
)
from glmnn.neuron import delta_rule, log_likelihood, logistic
from glmnn.separation import separation_kind

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


def _start(
    X: ArrayLike, y: ArrayLike, init: ArrayLike | None, penalised: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
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
    full_rank_with_intercept(X)
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
    the penalty's ``-lam`` and ``-lam * w``) and moves to ``theta + delta``. It stops when
    every component of ``delta`` is below ``tol`` in absolute value.

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
        coefficients) or the classes are completely or quasi-completely separated (no
        finite maximum: :func:`glmnn.separation.mle_exists`). With a
        penalty: if all labels are equal. And on bad input.
    """
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    lam = non_negative_number(penalty, "penalty")
    X, y, theta = _start(X, y, init, penalised=lam > 0)
    # the penalty's Hessian: -lam on every weight, 0 on the bias
    ridge = lam * np.diag(np.r_[0.0, np.ones(X.shape[1])])
    history = [theta.copy()]
    converged = False
    for _ in range(max_iter):
        g = gradient(theta, X, y) - ridge @ theta
        delta = np.linalg.solve(hessian(theta, X, y) - ridge, -g)
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
