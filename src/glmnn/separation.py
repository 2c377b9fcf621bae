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

from glmnn._checks import as_xy, check_aligned, column_names

__all__ = ["separating_params", "is_separable", "separation_kind", "mle_exists",
           "max_margin_params"]


def _checked_xy(X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    check_aligned(("X", X), ("y", y))
    column_names(X)  # unique, and not "const"
    return as_xy(X, y)


def _standardise(
    X: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Each column of ``X`` centred at its mid-range and scaled to [-1, 1]: ``Z = (X - c) / h``.

    Returns ``Z``, the centres ``c`` and the half-ranges ``h``. A constant column becomes 0
    (``h = 0``). With an intercept in the model this changes no fitted value: ``b + X w`` is
    ``b' + Z w'`` with ``w = w' / h`` and ``b = b' - c @ w``. Mid-range and half-range are
    computed as ``max / 2 +- min / 2``, which cannot overflow.

    Raises
    ------
    ValueError
        If distinct values of a column become equal once it is scaled to [-1, 1] (one
        entry of 1e308 among values near 1): float64 cannot hold that column on one scale.
    """
    high, low = X.max(axis=0), X.min(axis=0)
    centre = high / 2 + low / 2
    half = high / 2 - low / 2
    Z = (X - centre) / np.where(half > 0, half, 1.0)
    for j in np.flatnonzero(half > 0):
        values, first = np.unique(X[:, j], return_index=True)
        scaled = Z[first, j]
        same = np.flatnonzero(np.diff(scaled) == 0)  # unique values are sorted, and so are these
        if same.size:
            a, b = values[same[0]], values[same[0] + 1]
            raise ValueError(
                f"column {j} of X spans too many orders of magnitude (from {low[j]:.3g} to "
                f"{high[j]:.3g}) for float64: scaled to a common range, distinct values such as "
                f"{a:.3g} and {b:.3g} become equal, so no computation can tell them apart; "
                "rescale or transform that column (e.g. take logs, or remove an extreme value)"
            )
    return Z, centre, half


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
        On wrong shapes, non-finite values, labels other than 0 and 1, pandas ``X`` and
        ``y`` whose row labels differ (or ``X`` with duplicate column names or one named
        ``const``), or a column spanning too many orders of magnitude
        to be scaled (one entry of 1e308 among values near 1).
    """
    X, y = _checked_xy(X, y)
    # the linear program on centred and scaled columns, so that the answer depends neither on
    # the inputs' units (1e-200 or 1e300) nor on their origin; the margins are the same in both
    # coordinates, and the parameters are mapped back at the end
    Z, centre, half = _standardise(X)
    A = (2.0 * y - 1.0)[:, None] * np.column_stack([np.ones(X.shape[0]), Z])
    theta = _separating(A)
    if theta is None:
        return None
    w = np.where(half > 0, theta[1:] / np.where(half > 0, half, 1.0), 0.0)
    return np.concatenate([[theta[0] - centre @ w], w])


def _separating(A: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """A ``theta`` with every margin ``A @ theta >= 1``, or ``None`` if there is none."""
    res = linprog(
        c=np.zeros(A.shape[1]),
        A_ub=-A,
        b_ub=-np.ones(A.shape[0]),
        bounds=[(None, None)] * A.shape[1],
        method="highs",
    )
    return None if res.status != 0 else np.asarray(res.x, dtype=np.float64)


def is_separable(X: ArrayLike, y: ArrayLike) -> bool:
    """``True`` if a hyperplane completely separates the two classes.

    See :func:`separating_params` for the parameters and the exceptions.
    """
    return separating_params(X, y) is not None


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
        On wrong shapes, non-finite values, labels other than 0 and 1, pandas ``X`` and
        ``y`` whose row labels differ (or ``X`` with duplicate column names or one named
        ``const``), or a column spanning too many orders of magnitude
        to be scaled (one entry of 1e308 among values near 1).
    """
    X, y = _checked_xy(X, y)
    s = 2.0 * y - 1.0
    Z = _standardise(X)[0]  # centred and scaled columns: the same answer, well conditioned
    A = s[:, None] * np.column_stack([np.ones(X.shape[0]), Z])  # row i: margin of example i
    if _separating(A) is not None:
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
    # the columns are scaled to [-1, 1], so a separating direction in the box has a total
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
        wrong shapes, non-finite values, labels other than 0 and 1, pandas ``X`` and
        ``y`` whose row labels differ (or ``X`` with duplicate column names or one named
        ``const``), or a column spanning too many orders of
        magnitude to be scaled.
    """
    X, y = _checked_xy(X, y)
    start = separating_params(X, y)
    if start is None:
        raise ValueError("the classes are not completely separated: no hard-margin solution exists")
    # solved in scaled coordinates theta' = theta * size (columns of largest |x| 1), where the
    # constraints are well conditioned whatever the units (1e-200 or 1e300); the objective
    # |theta|^2 = sum_j (theta'_j / size_j)^2 becomes sum_j q_j theta'_j^2 with weights
    # q_j = (m / size_j)^2 <= 1, m the smallest size: the same minimiser, no overflow
    size = np.r_[1.0, np.max(np.abs(X), axis=0)]
    size = np.where(size > 0, size, 1.0)
    q = (size.min() / size) ** 2
    A = (2.0 * y - 1.0)[:, None] * (np.column_stack([np.ones(X.shape[0]), X]) / size)
    res = minimize(
        fun=lambda t: float(t @ (q * t)),
        jac=lambda t: 2.0 * q * t,
        x0=start * size,
        constraints=[{"type": "ineq", "fun": lambda t: A @ t - 1.0, "jac": lambda t: A}],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    if not res.success:
        raise RuntimeError(
            f"the hard-margin problem was not solved ({res.message}): with the bias counted "
            "as a weight, columns far from 0 compared with their spread (shifted by 1e5 or "
            "more) make it too ill-conditioned for float64; the solution is not invariant "
            "to centring, so centre X only if that is the problem you want"
        )
    return np.asarray(res.x, dtype=np.float64) / size
