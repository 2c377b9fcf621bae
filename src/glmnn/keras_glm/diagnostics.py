"""Why Newton's method failed, or why the estimate does not exist: the messages of ``fit``.

What is here: the message for a start where the loss is not finite
(``_bad_start_message``); the marks, after Newton's method, of an estimate at infinity
(``_at_boundary``: fitted probabilities of 0 or 1; ``_near_zero_mean``: Poisson means of
about 0); the linear programs that decide whether the log-likelihood has a finite maximum
(``_poisson_no_mle``: an all-zero group, Haberman's condition; ``_multinomial_separated``:
Konis' program for the softmax; the binomial one is :func:`glmnn.separation.separation_kind`),
gathered in ``_no_optimum_reason``; and ``_newton_failure_message`` when the estimate exists
but Newton's method stopped (singular or indefinite Hessian, no decreasing step, too few
iterations).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from glmnn import families
from glmnn.separation import separation_kind


def _bad_start_message(row: families.FamilyLink, value: float, from_model: bool,
                       off: NDArray[np.float64] | None) -> str:
    where = "at model's weights" if from_model else "at its starting point"
    causes = []
    if from_model:
        causes.append("model's weights are too large for these data (pass a model with "
                      "smaller weights, or none: Newton's method then starts from the "
                      "intercept-only fit)")
    if off is not None:
        causes.append(f"offset (with log(exposure)) reaches {np.max(np.abs(off)):.3g} in "
                      f"magnitude, where the {row.family}/{row.link} mean is 0, 1 or inf to "
                      "float64 precision; check offset and exposure")
    if not causes:
        causes.append("the data put the mean where the loss overflows; rescale X")
    return (f"Newton's method cannot start {where}: the loss there is not finite "
            f"({value:g}), or its gradient or Hessian is not; {'; or '.join(causes)}")


def _at_boundary(row: families.FamilyLink, mean: Any, y: NDArray[np.float64],
                 w: NDArray[np.float64], within: float = 1e-10) -> bool:
    """Whether some fitted probability equals its label to ``within``: the mark of separation.

    On (quasi-)separated data Newton's steps shrink once the probabilities of the separated
    examples round to 0 or 1, so the iteration can *look* converged; the weights are then
    wherever rounding stopped them. ``mean`` is the network's output at the weights found;
    examples of weight 0 do not count.
    """
    used = w > 0
    if row.multiclass:
        # 1 - P(observed class), summed over the other classes to avoid cancellation
        others = np.array(mean, dtype=np.float64)
        others[np.arange(len(y)), y.astype(int)] = 0.0
        return bool(np.any(others.sum(axis=1)[used] < within))
    if row.family != "binomial":
        return False
    return bool(np.any(np.abs(y - mean)[used] < within))


def _near_zero_mean(row: families.FamilyLink, mean: Any, y: NDArray[np.float64]) -> bool:
    """Poisson: whether a count of 0 got a fitted mean below 1e-10 of the largest count.

    The mark of counts that are 0 wherever some direction of the inputs points (an all-zero
    group): the coefficients run to -inf until the means of those rows round away. Only a
    trigger: :func:`_poisson_no_mle` decides.
    """
    if row.family != "poisson":
        return False
    return bool(np.any(mean[y == 0] < 1e-10 * float(np.max(y))))


def _scaled_with_ones(X: NDArray[np.float64]) -> NDArray[np.float64]:
    X1 = np.column_stack([np.ones(X.shape[0]), X])
    size = np.max(np.abs(X1), axis=0)
    return X1 / np.where(size > 0, size, 1.0)


def _poisson_no_mle(X: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """A direction along which the Poisson log-likelihood rises without bound, or None.

    The maximum-likelihood estimate exists (for a design of full rank) unless some ``d != 0``
    has ``x_i @ d <= 0`` for every row and ``= 0`` wherever ``y_i > 0`` (Haberman, 1974):
    along ``t d`` the means of some zero counts fall to 0 and no other term changes. A linear
    program in the box ``|d_j| <= 1``, columns scaled to at most 1: it maximises the total
    ``-x_i @ d`` over the zero counts.
    """
    from scipy.optimize import linprog

    X1 = _scaled_with_ones(X)
    zero = y == 0
    if not zero.any():
        return None
    pos = ~zero
    res = linprog(c=X1[zero].sum(axis=0), A_ub=X1[zero], b_ub=np.zeros(int(zero.sum())),
                  A_eq=X1[pos] if pos.any() else None,
                  b_eq=np.zeros(int(pos.sum())) if pos.any() else None,
                  bounds=[(-1.0, 1.0)] * X1.shape[1], method="highs")
    if res.status != 0 or -res.fun <= 1e-7:
        return None
    return np.asarray(res.x)


def _multinomial_separated(X: NDArray[np.float64], y: NDArray[np.float64]) -> bool:
    """Whether the classes are (quasi-)separated: the multinomial estimate does not exist.

    It fails to exist (for a design of full rank) when some weights ``B != 0`` (class 0's
    fixed at 0) rank every example's own class first or tied: ``(b_c - b_j) @ x_i >= 0`` for
    every example ``i`` of class ``c`` and every class ``j``; along ``t B`` no probability of
    an observed class falls. Konis' linear program, as :func:`glmnn.separation.separation_kind`,
    with one constraint per example and other class, in the box ``|B| <= 1``.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    X1 = _scaled_with_ones(X)
    n, m = X1.shape
    labels = y.astype(int)
    K = int(labels.max()) + 1
    # one constraint per (example i, other class j): + b_c . x_i - b_j . x_i >= 0
    i = np.repeat(np.arange(n), K)
    j = np.tile(np.arange(K), n)
    other = j != labels[i]
    i, j = i[other], j[other]
    c = labels[i]
    r = i.size
    rows, cols, vals = [], [], []
    for k, sign in ((c, 1.0), (j, -1.0)):  # class 0's weights are fixed: no variables
        keep = k > 0
        rows.append(np.repeat(np.flatnonzero(keep), m))
        cols.append(((k[keep] - 1)[:, None] * m + np.arange(m)).ravel())
        vals.append(sign * X1[i[keep]].ravel())
    A = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(r, m * (K - 1)))
    res = linprog(c=-np.asarray(A.sum(axis=0)).ravel(), A_ub=-A, b_ub=np.zeros(r),
                  bounds=[(-1.0, 1.0)] * (m * (K - 1)), method="highs")
    return res.status == 0 and -res.fun > 1e-7


def _no_optimum_reason(row: families.FamilyLink, X: NDArray[np.float64], y: NDArray[np.float64],
                       labels: list[str], weighted: bool, multiclass_lp: bool = True) -> str | None:
    """Why the log-likelihood has no finite maximum on these rows, or None if it has one.

    The binomial and Poisson linear programs cost about one fit; the multinomial one, with a
    constraint per example and other class, much more: ``multiclass_lp=False`` skips it.
    """
    among = " among the rows of positive weight" if weighted else ""
    if row.family == "binomial" and X.shape[1]:
        kind = separation_kind(X, y)
        if kind != "overlap":
            return (
                f"the classes are {kind}ly separated{among}: the log-likelihood has no "
                "finite maximum, and the network's weights would grow without bound"
            )
    if row.multiclass and multiclass_lp and _multinomial_separated(X, y):
        return (
            f"the classes are (quasi-)separated{among}: some direction of the weights ranks "
            "every example's own class first (or tied), so the log-likelihood has no finite "
            "maximum and the weights would grow without bound"
        )
    if row.family == "poisson":
        d = _poisson_no_mle(X, y)
        if d is not None:
            names = ["const", *labels]
            involved = [names[j] for j in np.flatnonzero(np.abs(d) > 1e-6 * np.max(np.abs(d)))]
            which = (f"{involved[0]} is" if len(involved) == 1
                     else f"a combination of {', '.join(involved)} is")
            return (
                f"the counts are zero wherever {which} nonzero{among} (an all-zero group): "
                "the Poisson log-likelihood rises as the coefficients involved run to -inf, "
                "so they have no finite estimate (fitted means would be 0); drop the group's "
                "rows and column, or merge the group with another"
            )
    return None


def _newton_failure_message(row: families.FamilyLink, failure: str, iterations: int,
                            max_iter: int, decrease: float, value: float, boundary: bool,
                            finite: bool) -> str:
    """What went wrong in Newton's method when the estimate exists (or was not excluded)."""
    if boundary and row.multiclass:
        return (
            "the classes are (quasi-)separated: some examples get probability 1 to within "
            "1e-10 for their own class, so the log-likelihood has no finite maximum"
        )
    if boundary:
        return (
            "the classes are quasi-completely separated (some fitted probabilities are 0 "
            "or 1 to within 1e-10): the log-likelihood has no finite maximum"
        )
    if not finite:
        return (f"Newton's method diverged at iteration {iterations}: the weights became "
                "inf or NaN; rescale X, or start from a model with reasonable weights")
    if failure == "singular":
        return (
            f"Newton's method stopped at iteration {iterations}: the Hessian of the loss is "
            "singular there (the curvature vanished: fitted means at the edge of their range, "
            "or nearly aliased columns), so no Newton step exists; raising max_iter would not "
            "help"
        )
    if failure == "indefinite":
        return (
            f"Newton's method stopped at iteration {iterations}: the Hessian of the loss is "
            f"not positive definite there (the {row.family}/{row.link} log-likelihood is not "
            "concave at this point), so Newton's direction does not descend; start from "
            "another point (model=...)"
        )
    if failure == "line search":
        return (
            f"Newton's method stopped at iteration {iterations}: no fraction of Newton's step "
            "decreased the loss (it is flat to rounding there, or not finite nearby); "
            "raising max_iter would not help"
        )
    return (
        f"Newton's method did not converge in {iterations} iterations: the loss was still "
        f"falling by {decrease:.3g} (of {value:.6g}) at the last step, so more iterations "
        f"would help: raise max_iter (now {max_iter})"
    )
