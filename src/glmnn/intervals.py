"""Intervals for a network's predicted probability: four ways, one hidden layer.

Chapter 9 ("Hidden layers: four ways to an interval") uses it. For a network trained by
:func:`glmnn.mlp.fit` (``Input(p) -> Dense(h, tanh) -> Dense(1, sigmoid)``, loss the summed
cross-entropy plus ``l2 * (||W1||^2 + ||w2||^2)``) and new points ``X0``, each function
returns an :class:`Interval` for the probability ``p(x0)``:

* :func:`last_layer_laplace` -- the last layer is a (ridge) logistic regression on the
  hidden features ``h(x) = tanh(x W1 + b1)``: its inverse Hessian, hidden layer held
  fixed, gives a Wald interval on the logit scale, mapped through the sigmoid;
* :func:`full_laplace` -- the same with the Hessian of the penalised loss in *all* the
  weights (:func:`glmnn.mlp.hessian`) and the delta method, the gradient of the logit
  being :func:`logit_jacobian`;
* :func:`bootstrap` -- refits on resampled data, warm-started at the trained weights as
  chapter 7 does, and a percentile interval; :func:`same_copy` (chapter 7's check) says
  which refits stayed on the original's copy of the optimum;
* :func:`ensemble` -- a deep ensemble: networks trained from different random starts on the
  same data, mean plus or minus a multiple of the spread of their logits (a heuristic).

:func:`stored_coverage` reads ``datasets/hidden_coverage.csv``, the Monte Carlo of these
intervals' coverage made by ``scripts/hidden_coverage.py`` (settings in
``datasets/README.md``).

Every public function checks its input and raises ``ValueError`` with a message saying what
was expected. Training goes through :mod:`glmnn.mlp`, so Keras runs on JAX in float64; the
intervals themselves are computed with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import scipy.optimize
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from glmnn import mlp
from glmnn._checks import (
    as_binary_labels,
    as_bool,
    as_design,
    as_seed,
    check_aligned,
    check_same_length,
    column_names,
    fraction,
    non_negative_number,
    positive_int,
    positive_number,
)
from glmnn.neuron import logistic

__all__ = [
    "Interval", "bootstrap", "ensemble", "full_laplace", "last_layer_laplace",
    "logit_jacobian", "same_copy", "stored_coverage",
]

#: Eigenvalues of a Hessian at or below this fraction of the largest count as flat.
RCOND = 1e-8


@dataclass(frozen=True)
class Interval:
    """An interval for the predicted probability at each of ``m`` new points.

    ``prob``, ``lower`` and ``upper`` have shape ``(m,)``; the other fields are filled by
    the methods they belong to and are ``None`` otherwise.
    """

    method: str  #: "last-layer Laplace", "full Laplace", "bootstrap" or "ensemble"
    level: float  #: the nominal coverage, e.g. 0.95
    prob: NDArray[np.float64]  #: the point estimate of p(x0)
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    #: Laplace: standard error of the logit z0; ensemble: the members' standard deviation
    se: NDArray[np.float64] | None = None
    #: Laplace: the covariance of the weights used (last layer: order b2, w2; full: flat order)
    cov: NDArray[np.float64] | None = None
    #: bootstrap: the refits' probabilities, shape (n_boot, m); ensemble: the members'
    members: NDArray[np.float64] | None = None
    #: bootstrap: the penalised loss of each refit on its resample; ensemble: of each member
    losses: NDArray[np.float64] | None = None
    #: bootstrap: did each refit stay on the original's copy of the optimum (:func:`same_copy`)
    same_basin: NDArray[np.bool_] | None = None
    #: bootstrap, ensemble: fits whose L-BFGS did not reach its gradient tolerance
    n_not_converged: int = 0

    @property
    def width(self) -> NDArray[np.float64]:
        """``upper - lower`` at each point."""
        return self.upper - self.lower

    @property
    def n_left_basin(self) -> int | None:
        """Bootstrap: how many refits left the original's copy of the optimum; else ``None``."""
        return None if self.same_basin is None else int(np.sum(~self.same_basin))

    def to_frame(self) -> Any:
        """``prob``, ``lower``, ``upper`` and ``width`` as a pandas DataFrame, one row per point."""
        import pandas as pd

        return pd.DataFrame({"prob": self.prob, "lower": self.lower, "upper": self.upper,
                             "width": self.width})


# ---------------------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------------------


def _as_weights(weights: Any) -> mlp.Weights:
    """``weights`` (an :class:`mlp.MLPResult` or :class:`mlp.Weights`) as checked Weights."""
    if isinstance(weights, mlp.MLPResult):
        weights = weights.weights
    if not isinstance(weights, mlp.Weights):
        raise ValueError(
            "weights must be a trained network: mlp.fit(...) (an MLPResult) or its .weights "
            f"(mlp.Weights), got {type(weights).__name__}"
        )
    return mlp._check_weights(weights)


def _as_xy(X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    check_aligned(("X", X), ("y", y))
    column_names(X)
    X_arr, y_arr = as_design(X), as_binary_labels(y)
    check_same_length(X_arr, y_arr)
    return X_arr, y_arr


def _columns(A: NDArray[np.float64], name: str, p: int) -> None:
    if A.shape[1] != p:
        raise ValueError(f"{name} must have {p} columns, one per network input (the network "
                         f"has {p} inputs), got {A.shape[1]}")


def _at_least_two(value: Any, name: str) -> int:
    value = positive_int(value, name)
    if value < 2:
        raise ValueError(f"{name} must be at least 2 (an interval needs a spread), got {value}")
    return value


def _seed(value: Any, count: int = 1) -> int:
    seed = as_seed(value)
    if seed + count - 1 >= 2**32:
        raise ValueError(f"seed + {count - 1} must be below 2**32 (Keras' limit), got seed {seed}")
    return seed


def _prepare(
    weights: Any, X: ArrayLike, y: ArrayLike, X0: ArrayLike, l2: Any, level: Any
) -> tuple[mlp.Weights, NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float,
           float]:
    w = _as_weights(weights)
    X_arr, y_arr = _as_xy(X, y)
    p = w.W1.shape[0]
    _columns(X_arr, "X", p)
    X0_arr = as_design(X0, "X0")
    _columns(X0_arr, "X0", p)
    return (w, X_arr, y_arr, X0_arr, non_negative_number(l2, "l2"),
            fraction(level, "level"))


def _quantile(level: float) -> float:
    """``q`` with ``P(-q < N(0, 1) < q) = level``."""
    return float(scipy.stats.norm.ppf(0.5 + level / 2))


def _logit(w: mlp.Weights, X: NDArray[np.float64]) -> NDArray[np.float64]:
    return w.b2 + np.tanh(X @ w.W1 + w.b1) @ w.w2


def _inverse(H: NDArray[np.float64], what: str, rcond: float, pinv: bool,
             hint: str) -> NDArray[np.float64]:
    """Inverse of the symmetric ``H``, or pseudo-inverse over its well-curved directions."""
    H = (H + H.T) / 2
    values, vectors = np.linalg.eigh(H)
    top = max(float(values[-1]), 0.0)
    keep = values > rcond * top
    if not keep.all() and not pinv:
        raise ValueError(
            f"the {what} is not positive definite: smallest eigenvalue {values[0]:.3g}, "
            f"largest {values[-1]:.3g}, ratio at or below rcond = {rcond:g}. The weights are "
            f"not at a strict local minimum of the loss with this l2, or the loss is flat in "
            f"some direction ({hint}); then the Laplace covariance does not exist. Train to "
            "a minimum with the same l2 (l2 > 0 removes the flat directions), or pass "
            "pinv=True to drop the flat directions (their uncertainty is then left out)"
        )
    if not keep.any():
        raise ValueError(f"the {what} has no positive eigenvalue: there is no curvature to "
                         "invert")
    V = vectors[:, keep]
    return (V / values[keep]) @ V.T


def _wald(method: str, level: float, z0: NDArray[np.float64], G: NDArray[np.float64],
          cov: NDArray[np.float64]) -> Interval:
    """Delta method on the logit scale: ``z0 +- q se``, ``se^2 = g' cov g`` for each row g of G."""
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", G, cov, G), 0.0))
    q = _quantile(level)
    return Interval(method, level, logistic(z0), logistic(z0 - q * se), logistic(z0 + q * se),
                    se=se, cov=cov)


# ---------------------------------------------------------------------------------------
# the four intervals
# ---------------------------------------------------------------------------------------


def last_layer_laplace(
    weights: mlp.MLPResult | mlp.Weights,
    X: ArrayLike,
    y: ArrayLike,
    X0: ArrayLike,
    *,
    l2: float = 0.0,
    level: float = 0.95,
    rcond: float = RCOND,
    pinv: bool = False,
) -> Interval:
    """Wald interval from the last layer alone: a logistic regression on the hidden features.

    With the hidden layer fixed, the output unit is a logistic regression of ``y`` on
    ``h(x) = tanh(x W1 + b1)``, trained with the ridge penalty ``l2 ||w2||^2`` (bias free).
    Its covariance is the inverse of the Hessian of that penalised loss in ``(b2, w2)``::

        A' diag(p (1 - p)) A + diag(0, 2 l2, ..., 2 l2),   A = [1, h(X)],

    at the trained weights. The interval is ``z0 +- q se(z0)`` on the logit scale,
    ``z0 = b2 + h(x0) w2``, ``q`` the normal quantile for ``level``, mapped through the
    sigmoid. It ignores that the hidden layer was learned from the same labels (chapter 7):
    expect it to be too narrow.

    Parameters
    ----------
    weights : mlp.MLPResult or mlp.Weights
        The trained network, best at a minimum of the penalised loss with this ``l2`` (its
        last layer is then the ridge logistic regression on ``h(x)``).
    X : array_like of shape (n, p)
    y : array_like of shape (n,)
        The training data, labels 0 or 1.
    X0 : array_like of shape (m, p)
        The points at which to give intervals.
    l2 : float
        The weight decay the network was trained with, >= 0.
    level : float
        Nominal coverage, strictly between 0 and 1.
    rcond : float
        Eigenvalues of the Hessian at or below ``rcond`` times the largest count as flat.
    pinv : bool
        If the Hessian is not positive definite: ``False`` raises, ``True`` inverts it on
        its well-curved directions only (pseudo-inverse), leaving the others' uncertainty out.

    Returns
    -------
    Interval
        ``prob`` the network's prediction; ``se`` the logit's standard error; ``cov`` the
        covariance of ``(b2, w2)``.

    Raises
    ------
    ValueError
        If ``weights`` is not a trained network with finite weights; ``X``, ``y`` or ``X0``
        are not finite, of matching shapes, with one column per network input and labels
        0/1; ``l2`` is negative; ``level`` is not strictly between 0 and 1; ``rcond`` is not
        positive; or the Hessian is not positive definite and ``pinv`` is ``False``.
    TypeError
        If ``pinv`` is not ``True`` or ``False`` (the package's rule for flags).
    """
    w, X, y, X0, l2, level = _prepare(weights, X, y, X0, l2, level)
    rcond = positive_number(rcond, "rcond")
    pinv = as_bool(pinv, "pinv")
    A = np.column_stack([np.ones(len(X)), np.tanh(X @ w.W1 + w.b1)])
    prob = logistic(A @ np.r_[w.b2, w.w2])
    H = (A * (prob * (1 - prob))[:, None]).T @ A
    H[1:, 1:] += 2 * l2 * np.eye(w.w2.size)
    cov = _inverse(H, "Hessian of the last layer's penalised loss", rcond, pinv,
                   "e.g. separated classes or two hidden units with the same features, l2 = 0")
    A0 = np.column_stack([np.ones(len(X0)), np.tanh(X0 @ w.W1 + w.b1)])
    return _wald("last-layer Laplace", level, _logit(w, X0), A0, cov)


def logit_jacobian(weights: mlp.MLPResult | mlp.Weights, X0: ArrayLike) -> NDArray[np.float64]:
    """The gradient of the logit ``z(x0) = b2 + tanh(x0 W1 + b1) w2`` in all the weights.

    Exact, by the chain rule: with ``h = tanh(x0 W1 + b1)``, ``dz/dW1[j, k] = x0_j w2_k
    (1 - h_k^2)``, ``dz/db1[k] = w2_k (1 - h_k^2)``, ``dz/dw2[k] = h_k``, ``dz/db2 = 1``.

    Returns
    -------
    ndarray of shape (m, p h + 2 h + 1)
        One row per point, columns in the order of :meth:`mlp.Weights.flat` (W1 row-major,
        b1, w2, b2): the order of :func:`mlp.hessian`.

    Raises
    ------
    ValueError
        If ``weights`` is not a trained network with finite weights, or ``X0`` is not a
        finite 2-D array with one column per network input.
    """
    w = _as_weights(weights)
    X0 = as_design(X0, "X0")
    _columns(X0, "X0", w.W1.shape[0])
    h = np.tanh(X0 @ w.W1 + w.b1)
    slope = w.w2 * (1 - h**2)  # dz/d(hidden unit's weighted sum), shape (m, h)
    dW1 = X0[:, :, None] * slope[:, None, :]  # (m, p, h), row-major as in flat()
    return np.column_stack([dW1.reshape(len(X0), -1), slope, h, np.ones(len(X0))])


def full_laplace(
    weights: mlp.MLPResult | mlp.Weights,
    X: ArrayLike,
    y: ArrayLike,
    X0: ArrayLike,
    *,
    l2: float = 0.0,
    level: float = 0.95,
    rcond: float = RCOND,
    pinv: bool = False,
) -> Interval:
    """Wald interval from the Hessian in all the weights, by the delta method.

    The covariance of all the weights is the inverse of the Hessian of the penalised loss
    (:func:`mlp.hessian`, summed cross-entropy plus ``l2 (||W1||^2 + ||w2||^2)``) at the
    trained weights; the standard error of the logit is ``sqrt(g' C g)``, ``g`` its gradient
    in the weights (:func:`logit_jacobian`). Interval ``z0 +- q se`` mapped through the
    sigmoid.

    **Flat directions.** The loss of a network can be flat (chapter 7): with ``l2 = 0`` a unit
    whose outgoing weight is 0 can turn its incoming weights freely, and redundant units
    trade weight between them. With ``l2 > 0`` the Hessian at a minimum is usually positive
    definite and the covariance exists, but not always: the biases are not penalised, so a
    unit whose outgoing weight is exactly 0 still leaves its bias flat. The Hessian counts as not positive
    definite when its smallest eigenvalue is at or below ``rcond`` times the largest (this
    also catches a saddle point or weights that are not a minimum). By default that raises
    ``ValueError``. With ``pinv=True`` the Hessian is inverted on its other directions only:
    the flat directions get zero variance. That loses nothing when a flat direction does not
    move the prediction (a dead unit's incoming weights), and understates the uncertainty
    when it does.

    Parameters
    ----------
    As :func:`last_layer_laplace`. ``weights`` should be a local minimum of the penalised
    loss with this ``l2``: the Laplace approximation is centred there.

    Returns
    -------
    Interval
        ``prob`` the network's prediction; ``se`` the logit's standard error; ``cov`` the
        covariance of the flat weights (order of :meth:`mlp.Weights.flat`).

    Raises
    ------
    ValueError
        As :func:`last_layer_laplace`, the Hessian here being the one in all the weights.
    TypeError
        If ``pinv`` is not ``True`` or ``False``.
    """
    w, X, y, X0, l2, level = _prepare(weights, X, y, X0, l2, level)
    rcond = positive_number(rcond, "rcond")
    pinv = as_bool(pinv, "pinv")
    H = mlp.hessian(w, X, y, l2=l2)
    cov = _inverse(H, "Hessian of the penalised loss in all the weights", rcond, pinv,
                   "with l2 = 0: a unit with outgoing weight 0, redundant units")
    return _wald("full Laplace", level, _logit(w, X0), logit_jacobian(w, X0), cov)


def same_copy(weights: mlp.MLPResult | mlp.Weights, reference: mlp.MLPResult | mlp.Weights,
              X: ArrayLike) -> bool:
    """Do the hidden units of ``weights`` compute ``reference``'s features, unit for unit?

    Chapter 7's check that a refit stayed on the original's copy of its optimum (one of
    the ``h! 2^h`` that compute the same network): correlate each unit's features
    ``tanh(X W1 + b1)`` over the rows of ``X`` with each of the reference's; the units must
    be matched in their own order (no other assignment of units has a larger total absolute
    correlation, found by :func:`scipy.optimize.linear_sum_assignment`) and with positive
    correlations. A unit that is constant over ``X`` has correlation 0: no match.

    Raises
    ------
    ValueError
        If either network is not a trained network with finite weights, they differ in
        shape, or ``X`` is not a finite 2-D array with one column per network input.
    """
    w, ref = _as_weights(weights), _as_weights(reference)
    if w.W1.shape != ref.W1.shape:
        raise ValueError(f"weights and reference must have the same shape, got W1 of shape "
                         f"{w.W1.shape} and {ref.W1.shape}")
    X = as_design(X)
    _columns(X, "X", w.W1.shape[0])
    h = w.w2.size
    F, R = np.tanh(X @ w.W1 + w.b1), np.tanh(X @ ref.W1 + ref.b1)
    F, R = F - F.mean(axis=0), R - R.mean(axis=0)
    scale = np.outer(np.linalg.norm(F, axis=0), np.linalg.norm(R, axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        C = np.where(scale > 0, (F.T @ R) / np.where(scale > 0, scale, 1.0), 0.0)
    rows, cols = scipy.optimize.linear_sum_assignment(-np.abs(C))
    best = float(np.abs(C[rows, cols]).sum())
    own = float(np.abs(np.diag(C)).sum())
    return bool(own >= best - 1e-12 * h and np.all(np.diag(C) > 0))


def bootstrap(
    weights: mlp.MLPResult | mlp.Weights,
    X: ArrayLike,
    y: ArrayLike,
    X0: ArrayLike,
    *,
    l2: float = 0.0,
    n_boot: int = 100,
    seed: int = 0,
    level: float = 0.95,
    kind: str = "percentile",
) -> Interval:
    """Bootstrap interval from refits on resampled data, each warm-started at ``weights``.

    As in chapter 7: draw ``n`` examples with replacement (numpy's ``default_rng(seed)``),
    refit with :func:`mlp.fit` from the trained weights and the same ``l2``, and read off
    ``p(x0)``. With ``kind="percentile"`` the interval runs between the ``(1 - level) / 2``
    and ``(1 + level) / 2`` quantiles of the ``n_boot`` refits' predictions; that needs many
    refits (with 40, the empirical 2.5 % and 97.5 % quantiles enclose on average only about
    90 % of the bootstrap distribution; Efron and Tibshirani advise 1,000 or more for
    percentiles). With ``kind="normal"`` it is ``z0 +- q sd`` on the logit scale, ``z0`` the
    trained network's log-odds and ``sd`` the standard deviation (``ddof=1``) of the refits'
    log-odds, mapped through the sigmoid: a bootstrap *standard error*, for which a few dozen
    refits suffice, used as the delta method uses its own (``se`` holds it). ``prob`` is the
    trained network's own prediction, which a percentile interval need not contain (it
    usually does).

    The warm start makes it likely, not certain, that a refit stays on the original's copy
    of its optimum; the interval is then conditional on that basin and leaves out the
    uncertainty from the start and from the other optima. Every refit is checked with
    :func:`same_copy` over the training inputs (cheap: no extra fit), and ``same_basin``
    records the answers; all refits are used for the interval whatever the check says
    (recompute from ``members[same_basin]`` to drop those that left).

    Parameters
    ----------
    weights, X, y, X0, l2, level
        As :func:`last_layer_laplace`.
    n_boot : int
        Number of refits, at least 2.
    seed : int
        Seed of the resampling, a whole number >= 0.
    kind : {"percentile", "normal"}
        The interval from the refits, see above.

    Returns
    -------
    Interval
        ``members`` the refits' probabilities, shape ``(n_boot, m)``; ``losses`` their
        penalised losses on their resamples; ``same_basin`` and ``n_left_basin`` the basin
        check; ``n_not_converged`` the refits whose L-BFGS missed its gradient tolerance.

    Raises
    ------
    ValueError
        As :func:`last_layer_laplace` (without the Hessian), or if ``n_boot`` is not an
        integer >= 2, ``seed`` is not a whole number >= 0, or ``kind`` is not
        ``"percentile"`` or ``"normal"``.
    """
    w, X, y, X0, l2, level = _prepare(weights, X, y, X0, l2, level)
    n_boot = _at_least_two(n_boot, "n_boot")
    if kind not in ("percentile", "normal"):
        raise ValueError(f"kind must be 'percentile' or 'normal', got {kind!r}")
    rng = np.random.default_rng(as_seed(seed))
    n, h = len(y), w.w2.size
    members, losses = np.empty((n_boot, len(X0))), np.empty(n_boot)
    logits = np.empty((n_boot, len(X0)))
    kept = np.empty(n_boot, dtype=bool)
    missed = 0
    for b in range(n_boot):
        idx = rng.integers(0, n, size=n)
        refit = mlp.fit(X[idx], y[idx], h, init=w, l2=l2)
        logits[b] = _logit(refit.weights, X0)
        members[b] = logistic(logits[b])
        losses[b] = refit.loss
        kept[b] = same_copy(refit.weights, w, X)
        missed += not refit.converged
    z0 = _logit(w, X0)
    if kind == "percentile":
        lower, upper = np.quantile(members, [(1 - level) / 2, (1 + level) / 2], axis=0)
        se = None
    else:
        se = np.std(logits, axis=0, ddof=1)
        half = _quantile(level) * se
        lower, upper = logistic(z0 - half), logistic(z0 + half)
    return Interval("bootstrap", level, logistic(z0), lower, upper, se=se,
                    members=members, losses=losses, same_basin=kept, n_not_converged=missed)


def ensemble(
    X: ArrayLike,
    y: ArrayLike,
    X0: ArrayLike,
    n_hidden: int,
    *,
    l2: float = 0.0,
    n_members: int = 5,
    seed: int = 0,
    level: float = 0.95,
) -> Interval:
    """A deep ensemble: networks from different random starts, and the spread of their logits.

    Member ``k`` is ``mlp.fit(X, y, n_hidden, seed=seed + k, l2=l2)``, for ``k = 0, ...,
    n_members - 1``: the same data, a different start. With ``zbar`` and ``s`` the mean and
    standard deviation (``ddof=1``) of the members' logits at ``x0``, the interval is
    ``zbar +- q s`` mapped through the sigmoid, and ``prob`` is ``sigmoid(zbar)`` (so the
    interval contains it; the members' mean probability is ``members.mean(axis=0)``).

    **This is a heuristic, not a confidence interval.** Nothing guarantees its coverage: the
    members differ only by where the optimiser started, so the spread measures the
    disagreement between the optima it reaches on *this* data set, not how the fit would
    vary over new data sets. When every start finds the same optimum (up to the network's
    symmetries), the interval shrinks to a point however little data there is.

    Parameters
    ----------
    X, y, X0, l2, level
        As :func:`last_layer_laplace`.
    n_hidden : int
        Hidden units of each member, at least 1.
    n_members : int
        Number of networks, at least 2.
    seed : int
        Seed of the first member, a whole number with ``seed + n_members - 1 < 2**32``.

    Returns
    -------
    Interval
        ``members`` the members' probabilities, shape ``(n_members, m)``; ``losses`` their
        penalised training losses; ``se`` the standard deviation of their logits;
        ``n_not_converged`` the members whose L-BFGS missed its gradient tolerance.

    Raises
    ------
    ValueError
        If ``X``, ``y`` or ``X0`` are not finite, of matching shapes, labels 0/1, with the
        same number of columns; ``n_hidden`` is not a positive integer; ``n_members`` is
        not an integer >= 2; ``l2`` is negative; ``level`` is not strictly between 0 and 1;
        or ``seed`` is not as above.
    """
    X, y = _as_xy(X, y)
    X0 = as_design(X0, "X0")
    _columns(X0, "X0", X.shape[1])
    n_hidden = positive_int(n_hidden, "n_hidden")
    n_members = _at_least_two(n_members, "n_members")
    l2 = non_negative_number(l2, "l2")
    level = fraction(level, "level")
    seed = _seed(seed, n_members)
    logits, losses = np.empty((n_members, len(X0))), np.empty(n_members)
    missed = 0
    for k in range(n_members):
        member = mlp.fit(X, y, n_hidden, seed=seed + k, l2=l2)
        logits[k] = _logit(member.weights, X0)
        losses[k] = member.loss
        missed += not member.converged
    mean, sd = logits.mean(axis=0), logits.std(axis=0, ddof=1)
    q = _quantile(level)
    return Interval("ensemble", level, logistic(mean), logistic(mean - q * sd),
                    logistic(mean + q * sd), se=sd, members=logistic(logits), losses=losses,
                    n_not_converged=missed)


def stored_coverage() -> Any:
    """The stored Monte Carlo of the four intervals' coverage (``scripts/hidden_coverage.py``).

    Returns
    -------
    pandas.DataFrame
        One row per method and evaluation point: ``method``, ``point``, ``x0``, ``true_p``,
        ``coverage`` (share of replications whose interval contained the true ``p(x0)``),
        ``mc_se`` (its Monte Carlo standard error), ``mean_width``, ``seconds_per_fit``
        (mean wall time of one call, as measured on a shared machine), ``replications``
        (those that gave an interval) and ``failed`` (those where the method raised). The
        settings are in the package's ``datasets/README.md``.
    """
    import pandas as pd

    path = resources.files("glmnn").joinpath("datasets", "hidden_coverage.csv")
    with path.open("r") as handle:
        return pd.read_csv(handle)
