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

The estimate fails to exist in a second case too, *quasi-complete* separation: some
``(b, w) != 0`` gives ``s_i (b + x_i @ w) >= 0`` for every example, with equality for some
(points *on* the hyperplane, which carry both labels or sit where the fitted probability
runs to 0 or 1). For a design of full column rank (with the column of ones), the
maximum-likelihood estimate exists if and only if the data are neither completely nor
quasi-completely separated (Albert and Anderson, 1984). :func:`mle_exists` decides this with
one more linear program (Konis, 2007): maximise ``sum_i s_i (b + x_i @ w)`` subject to every
``s_i (b + x_i @ w) >= 0`` and ``|b|, |w_j| <= 1``. The optimum is 0 exactly when no
direction separates, i.e. when the estimate exists. Columns are scaled to the largest
absolute value 1 first, so the answer does not depend on the units of the inputs.

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

__all__ = ["separating_params", "is_separable", "separation_kind", "mle_exists",
           "max_margin_params"]


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
    # columns scaled to the largest absolute value 1, so that the answer does not depend on
    # the inputs' units (1e-200 or 1e300); the parameters are scaled back at the end
    X1 = np.column_stack([np.ones(n), X])
    size = np.max(np.abs(X1), axis=0)
    size = np.where(size > 0, size, 1.0)
    res = linprog(
        c=np.zeros(p + 1),
        A_ub=-s[:, None] * (X1 / size),
        b_ub=-np.ones(n),
        bounds=[(None, None)] * (p + 1),
        method="highs",
    )
    if res.status != 0:
        return None
    return np.asarray(res.x, dtype=np.float64) / size


def is_separable(X: ArrayLike, y: ArrayLike) -> bool:
    """``True`` if a hyperplane completely separates the two classes.

    See :func:`separating_params` for the parameters and the exceptions.
    """
    return separating_params(X, y) is not None


def _scaled_design(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """``[1, X]`` with every column divided by its largest absolute value (0 columns kept)."""
    X1 = np.column_stack([np.ones(X.shape[0]), X])
    size = np.max(np.abs(X1), axis=0)
    return X1 / np.where(size > 0, size, 1.0)


def separation_kind(X: ArrayLike, y: ArrayLike) -> str:
    """Which of the three cases of Albert and Anderson (1984) the data are in.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a column of ones.
    y : array_like of shape (n,)
        Labels, 0 or 1.

    Returns
    -------
    str
        ``"complete"`` (a hyperplane puts every example strictly on its own side),
        ``"quasi-complete"`` (a hyperplane puts every example on its own side or on
        the hyperplane, but none puts all strictly) or ``"overlap"`` (neither: for a
        design of full rank, a finite maximum-likelihood estimate exists and is unique).

    Raises
    ------
    ValueError
        On wrong shapes, non-finite values or labels other than 0 and 1.
    """
    X, y = as_xy(X, y)
    s = 2.0 * y - 1.0
    A = s[:, None] * _scaled_design(X)  # row i: the margin of example i is A[i] @ theta
    if is_separable(X, y):
        return "complete"
    # Konis' linear program: the largest total margin with no margin negative, in the box
    res = linprog(
        c=-A.sum(axis=0),
        A_ub=-A,
        b_ub=np.zeros(A.shape[0]),
        bounds=[(-1.0, 1.0)] * A.shape[1],
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - a bounded, feasible (theta = 0) program
        raise RuntimeError(f"the separation linear program failed: {res.message}")
    # the columns are scaled to at most 1, so a separating direction in the box has a total
    # margin of order 1 or more; what is left at theta = 0 is the solver's rounding
    return "quasi-complete" if -res.fun > 1e-7 else "overlap"


def mle_exists(X: ArrayLike, y: ArrayLike) -> bool:
    """``True`` if the logistic log-likelihood has a finite maximiser.

    That is: the classes are neither completely nor quasi-completely separated
    (:func:`separation_kind` returns ``"overlap"``). For a design of full column rank
    the maximiser is then also unique; with aliased columns it exists but is not unique.

    See :func:`separation_kind` for the parameters and the exceptions.
    """
    return separation_kind(X, y) == "overlap"


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
