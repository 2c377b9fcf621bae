"""Detecting complete separation, the case where logistic regression has no finite estimate.

Used by chapter 1 (the blog's toy task is separated) and by ``keras_glm``,
which refuses to report diverged coefficients (chapter 4).

Labels are *completely separated* by a hyperplane when some bias ``b`` and
weights ``w`` give ``b + x_i @ w > 0`` for every example with ``y_i = 1`` and
``< 0`` for every example with ``y_i = 0``. Then the log-likelihood along the
ray ``t * (b, w)`` increases towards its supremum 0 as ``t`` grows, and no
finite maximiser exists. Scaling turns the strict inequalities into
``s_i (b + x_i @ w) >= 1`` with ``s_i = 2 y_i - 1``: a linear feasibility
problem, solved here with :func:`scipy.optimize.linprog`.

On separated data, gradient descent on the logistic loss drifts towards the
*maximum-margin* direction, the solution of the hard-margin problem
``min |theta|^2`` subject to ``s_i (theta @ (1, x_i)) >= 1`` (bias counted as a
weight, as the delta rule does), and its norm grows like ``|theta_hat| log t``
(Soudry et al., 2018). :func:`max_margin_params` solves that problem.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog, minimize

from glmnn._checks import as_xy

__all__ = ["separating_params", "is_separable", "max_margin_params"]


def separating_params(X: ArrayLike, y: ArrayLike) -> NDArray[np.float64] | None:
    """Parameters of a hyperplane that completely separates the classes, if one exists.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a column of ones.
    y : array_like of shape (n,)
        Labels, 0 or 1.

    Returns
    -------
    ndarray of shape (p + 1,) or None
        ``(b, w_1, ..., w_p)`` with ``(2 y_i - 1)(b + x_i @ w) >= 1`` for all
        ``i``, or ``None`` if the classes are not completely separated.
        (Quasi-complete separation, where some points lie *on* every
        separating hyperplane, is reported as ``None``.)

    Raises
    ------
    ValueError
        On wrong shapes, non-finite values or labels other than 0 and 1.
    """
    X, y = as_xy(X, y)
    n, p = X.shape
    s = 2.0 * y - 1.0
    X1 = np.column_stack([np.ones(n), X])
    res = linprog(
        c=np.zeros(p + 1),
        A_ub=-s[:, None] * X1,
        b_ub=-np.ones(n),
        bounds=[(None, None)] * (p + 1),
        method="highs",
    )
    if res.status != 0:
        return None
    return np.asarray(res.x, dtype=np.float64)


def is_separable(X: ArrayLike, y: ArrayLike) -> bool:
    """``True`` if a hyperplane completely separates the two classes.

    See :func:`separating_params` for the parameters and the exceptions.
    """
    return separating_params(X, y) is not None


def max_margin_params(X: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """The hard-margin solution ``theta_hat``, with the bias treated as a weight.

    ``theta_hat = argmin |theta|^2`` subject to ``(2 y_i - 1) theta @ (1, x_i) >= 1``
    for every ``i``: the separating hyperplane through the augmented inputs
    ``(1, x_i)`` with the largest margin ``1 / |theta_hat|``.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a column of ones.
    y : array_like of shape (n,)
        Labels, 0 or 1, completely separated.

    Returns
    -------
    ndarray of shape (p + 1,)
        ``(b, w_1, ..., w_p)``.

    Raises
    ------
    ValueError
        If the classes are not completely separated (no solution exists), or on
        wrong shapes, non-finite values or labels other than 0 and 1.
    """
    start = separating_params(X, y)
    if start is None:
        raise ValueError("the classes are not completely separated: no hard-margin solution exists")
    X = np.asarray(X, dtype=np.float64)
    s = 2.0 * np.asarray(y, dtype=np.float64) - 1.0
    A = s[:, None] * np.column_stack([np.ones(X.shape[0]), X])
    res = minimize(
        fun=lambda t: float(t @ t),
        jac=lambda t: 2.0 * t,
        x0=start,
        constraints=[{"type": "ineq", "fun": lambda t: A @ t - 1.0, "jac": lambda t: A}],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    if not res.success:  # pragma: no cover - SLSQP on a feasible convex QP
        raise RuntimeError(f"the hard-margin problem was not solved: {res.message}")
    return np.asarray(res.x, dtype=np.float64)
