"""Newton's method on the network's own loss: :func:`fit`, and its starting point.

What is here: ``_start`` (slopes 0 and the intercept-only fit) and :func:`fit`, which checks
the arguments (:mod:`.checks`), runs Newton's method with step halving on the jitted loss,
gradient and Hessian of :func:`._objective <glmnn.keras_glm.network._objective>`, explains a
failure (:mod:`.diagnostics`), estimates the dispersion, and returns a
:class:`~glmnn.keras_glm.results.GLMResult` whose covariance is the inverse Hessian.
"""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn import families
from glmnn._checks import (
    check_aligned,
    check_magnitude,
    check_same_length,
    positive_int,
    positive_number,
)
from glmnn.keras_glm.checks import (
    _check_data,
    _design,
    _model_start,
    _offset,
    _per_example,
    _power_of_two,
)
from glmnn.keras_glm.diagnostics import (
    _at_boundary,
    _bad_start_message,
    _near_zero_mean,
    _newton_failure_message,
    _no_optimum_reason,
)
from glmnn.keras_glm.network import _check_model, _objective
from glmnn.keras_glm.results import GLMResult


def _start(row: families.FamilyLink, y: NDArray[np.float64], w: NDArray[np.float64],
           p: int, off: NDArray[np.float64] | None) -> NDArray[np.float64]:
    """Slopes 0 and the intercept-only fit, ``g(mean of y)``: Newton's method starts here."""
    if row.multiclass:
        counts = np.bincount(y.astype(int), weights=w)
        theta = np.zeros((p + 1, counts.size - 1))
        theta[0] = np.log(counts[1:] / counts[0])
        return theta
    mean = float(np.sum(w * y) / np.sum(w))
    if row.family == "binomial":
        mean = min(max(mean, 1e-3), 1 - 1e-3)
    elif row.link == "log":  # > 0: all-zero counts are refused before (_check_data)
        mean = max(mean, np.finfo(np.float64).tiny)
    theta = np.zeros(p + 1)
    theta[0] = row.statsmodels_family().link(np.array([mean]))[0]  # g(mean)
    if off is not None:
        theta[0] -= float(np.sum(w * off) / np.sum(w))
    return theta


def fit(
    X: ArrayLike,
    y: ArrayLike,
    family: str = "binomial",
    link: str | None = None,
    *,
    model: Any = None,
    offset: ArrayLike | None = None,
    exposure: ArrayLike | None = None,
    freq_weights: ArrayLike | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> GLMResult:
    """Fit the GLM ``family``/``link`` as a Keras network, to the maximum-likelihood optimum.

    Parameters
    ----------
    X : array_like or pandas DataFrame of shape (n, p)
        Inputs, without a constant column (the network's bias is the intercept). ``p`` may
        be 0 (an array of shape ``(n, 0)``): the intercept-only model. A DataFrame's column
        names label the results.
    y : array_like of shape (n,)
        Response: for ``family="binomial"`` labels 0 and 1; for ``"multinomial"`` class
        labels 0, 1, ..., K-1 with every class present (class 0 is the reference); for
        ``"poisson"`` non-negative counts; for ``"gamma"`` positive values; for
        ``"gaussian"`` any finite values.
    family : {"gaussian", "binomial", "multinomial", "poisson", "gamma"}, default "binomial"
    link : str, optional
        ``None`` for the family's canonical link (log for the Gamma family). The valid
        pairs are the keys of :data:`glmnn.families.TABLE`: gaussian/identity,
        binomial/logit, probit or cloglog, multinomial/logit, poisson/log, gamma/log.
    model : keras.Model, optional
        A network with one ``Dense`` layer (one unit; K softmax units for the multinomial
        family), e.g. trained with ``model.fit``: Newton's method starts from its weights
        (mapped by :func:`model_params`). It is not modified.
    offset : array_like of shape (n,), optional
        Added to the weighted sum with weight 1 (statsmodels' ``offset``).
    exposure : array_like of shape (n,), optional
        Positive; for the log link, ``log(exposure)`` is added to the offset (a rate
        model, statsmodels' ``exposure``).
    freq_weights : array_like of shape (n,), optional
        Non-negative weights, each example's loss multiplied by its weight: a row with
        weight 3 counts as three identical rows (statsmodels' ``freq_weights``).
    tol : float, default 1e-10
        Stop when no Newton step changes a parameter by more than ``tol * (1 + |param|)``,
        or when the decrease of the loss the next step predicts is below 1e-20 of the loss
        (rounding level).
    max_iter : int, default 100

    Returns
    -------
    GLMResult

    Raises
    ------
    ValueError
        Before any Newton step, on input that breaks the contract of :mod:`glmnn._checks`:
        ``None``, strings, complex numbers, datetimes, missing values, NaN or inf in ``X``,
        ``y``, ``offset``, ``exposure`` or ``freq_weights``; values beyond 1e150 in
        magnitude (squares would overflow); wrong shapes or lengths; pandas arguments
        whose indexes differ (as statsmodels: align them first); a DataFrame with two
        columns of one name or a column named ``const``; an unknown family/link pair (an
        empty link included); ``tol`` or ``max_iter`` not positive; a response the family
        does not allow (binomial: labels other than 0 and 1; multinomial: labels that are
        not 0, ..., K-1, or a class without observations; Poisson: negative counts; Gamma:
        values that are not positive); an exposure that is not positive or given for a
        link other than log; an offset for the multinomial family; negative or all-zero
        frequency weights; a ``model`` of the wrong shape or with NaN weights. Then, on the
        rows of positive weight: fewer rows than coefficients; a constant column; a column
        so small (below 1e-150) that its variance would overflow; aliased columns, judged
        relative to each column's size (the message names them); only one class
        (binomial), a class of zero weight (multinomial), all counts 0 (Poisson), a
        constant response (Gaussian, Gamma: the dispersion would be 0) or a Gaussian
        response varying by less than 1e-150; residual degrees of freedom (sum of the
        weights minus the parameters) below 0, or not above 0 when a dispersion is
        estimated; a loss that is not finite at the start. After Newton's method, when the
        log-likelihood has no finite maximum (complete or quasi-complete separation for
        the binomial and multinomial families, an all-zero group for the Poisson), when
        Newton's method fails (singular or indefinite Hessian, no decreasing step: the
        message says which, and says "raise max_iter" only when the loss was still
        falling), or when the dispersion estimate is 0 (a perfect fit).
    TypeError
        If ``model`` is not a Keras model.
    """
    row = families.get(family, link)
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    if model is not None:
        _check_model(model)
    check_aligned(("X", X), ("y", y), ("offset", offset), ("exposure", exposure),
                  ("freq_weights", freq_weights))
    frame = X  # a DataFrame's index labels get_prediction() without X
    X, names = _design(X)
    y = row.check_y(y)
    check_same_length(X, y)
    check_magnitude(y, "y")
    n, p = X.shape
    labels = names if names is not None else [f"x{j + 1}" for j in range(p)]
    off = _offset(offset, exposure, n, row)
    w = _per_example(freq_weights, "freq_weights", n)
    if w is not None and (np.any(w < 0) or not np.any(w > 0)):
        found = (f"found {np.min(w):g} at position {int(np.argmin(w))}" if np.any(w < 0)
                 else "all are 0")
        raise ValueError(f"freq_weights must be non-negative, with at least one positive: "
                         f"{found}")
    weights = np.ones(n) if w is None else w
    # the diagnoses, and Newton's method, see only the rows of positive weight
    used = None if w is None or np.all(w > 0) else w > 0
    Xu, yu, wu = (X, y, weights) if used is None else (X[used], y[used], weights[used])
    offu = off if used is None or off is None else off[used]
    units = int(y.max()) + 1 if row.multiclass else 1
    free = units - 1 if row.multiclass else 1
    # Newton's method runs on Xt = [1, X / sx] and y / sy, sx and sy powers of two (exact):
    # each column, and the Gaussian response, of size about 1, whatever its units (1e-20,
    # 1e15); the parameters in the data's units are theta = D * theta_scaled
    sx, Xt = _check_data(row, Xu, yu, wu, labels, w is not None, units)
    sy = float(_power_of_two(np.ptp(yu))) if row.family == "gaussian" else 1.0
    D = np.tile(np.r_[sy, sy / sx], free)
    ys = y / sy
    Xs = Xt[:, 1:] if used is None else X / sx
    ysu = ys if used is None else ys[used]
    offs = None if off is None else off / sy
    offsu = None if offu is None else offu / sy
    if model is None:
        start = _start(row, ysu, wu, p, offsu)
    else:
        start = _model_start(model, p, units, row)
    shape = start.shape
    theta = start.reshape(-1, order="F") / D

    mean, _, newton = _objective(row, p, units, off is not None)
    args = (jnp.asarray(Xt), jnp.asarray(ysu), jnp.asarray(wu),
            jnp.asarray(np.zeros(Xt.shape[0]) if offsu is None else offsu))
    extra = () if row.multiclass else (Xt,)  # the numpy design, for the one-output Hessian
    value, grad, H = (np.asarray(a) for a in newton(theta, *args, *extra))
    if not (np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(H))):
        raise ValueError(_bad_start_message(row, float(value), model is not None, off))
    converged, failure, decrease = False, "max_iter", np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):
        try:
            step = np.linalg.solve(H, -grad)
        except np.linalg.LinAlgError:
            failure = "singular"
            break
        if not np.all(np.isfinite(step)):
            failure = "singular"
            break
        # at the floor of rounding an ill-conditioned design can keep proposing steps a
        # little above tol that decrease nothing: stop when the decrease Newton predicts,
        # -grad . step, is below 1e-20 of the loss (far below anything an estimate shows)
        decrease = -float(np.dot(grad, step))
        floor = 1e-20 * max(1.0, abs(float(value)))
        if decrease <= floor:
            if decrease >= -floor:
                converged = True
                # take this last step anyway: a start within rounding of the test (a
                # trained model's weights can be one) would otherwise be returned as it
                # came, and the result would depend on how good the start was
                if np.any(step != 0):
                    theta = theta + step
                    value, grad, H = (np.asarray(a) for a in newton(theta, *args, *extra))
            else:  # Newton's direction goes uphill: the Hessian is not positive definite
                failure = "indefinite"
            break
        # halve the step until the loss does not increase (Newton's safeguard); the
        # evaluation that accepts a step also brings the next gradient and Hessian
        for _ in range(30):
            trial = newton(theta + step, *args, *extra)
            new_value = float(trial[0])
            if np.isfinite(new_value) and new_value <= value + 1e-12 * abs(value):
                break
            step = step / 2
        else:  # no decrease at all: at the floor of rounding, or a failure
            converged = decrease <= 1e-10 * max(1.0, abs(float(value)))
            failure = "line search"
            break
        theta = theta + step
        value, grad, H = (np.asarray(a) for a in trial)
        if np.all(np.abs(step) <= tol * (1 + np.abs(theta))):
            converged = True
            break
    finite = bool(np.all(np.isfinite(theta)))
    fitted_mean = fitted_used = None
    if finite:  # on every row (one compiled shape), rows of weight 0 included
        off_arg = () if offs is None else (jnp.asarray(offs),)
        fitted_mean = np.asarray(mean(jnp.asarray(theta), jnp.asarray(Xs), *off_arg))
        fitted_used = fitted_mean if used is None else fitted_mean[used]
    boundary = finite and _at_boundary(row, fitted_used, ysu, wu)
    suspect = converged and not boundary and _near_zero_mean(row, fitted_used, yu)
    if not converged or boundary or suspect:
        # which of the diagnoses failed: the estimate does not exist (a linear program; the
        # multinomial one, with a constraint per example and other class, is skipped when
        # the probabilities already show separation, and on large data when nothing points
        # to it), or Newton's method itself
        lp = not (row.multiclass and (boundary or (
            failure == "max_iter" and finite and Xu.shape[0] * (units - 1) * (p + 1) > 1e5
            and not _at_boundary(row, fitted_used, ysu, wu, 1e-6))))
        reason = _no_optimum_reason(row, Xu, yu, labels, w is not None, multiclass_lp=lp)
        if reason is not None or not suspect:
            raise ValueError(reason or _newton_failure_message(
                row, failure, iterations, max_iter, decrease, float(value), boundary, finite))

    wnobs = float(np.sum(weights))
    scale_s = 1.0
    if row.dispersion:  # Pearson's chi-squared over the residual degrees of freedom
        variance = row.statsmodels_family().variance(fitted_used)  # V(mu)
        pearson = float(np.sum(wu * (ysu - fitted_used) ** 2 / variance))
        scale_s = pearson / (wnobs - theta.size)
        scale = scale_s * sy ** 2
        exact = np.max(np.abs(ysu - fitted_used)) <= 1e-12 * np.max(np.abs(ysu))
        if exact or not (np.isfinite(scale) and scale > 0):
            raise ValueError(
                f"the dispersion of the {row.family} family cannot be estimated: Pearson's "
                f"chi-squared is {pearson * sy ** 2:.3g} (every residual is 0 to float64 "
                "precision: a perfect fit), so the scale would be 0 and the standard errors "
                "and log-likelihood degenerate"
            )
    try:
        cov_s = scale_s * np.linalg.inv(H)
    except np.linalg.LinAlgError:
        raise ValueError("the Hessian at the estimate is singular: the estimate is not "
                         "determined (standard errors would be infinite)") from None
    cov = D[:, None] * ((cov_s + cov_s.T) / 2) * D[None, :]
    llf = families.loglike(row, float(value), ysu, wu, scale_s)
    if row.family == "gaussian":
        llf -= wnobs * np.log(sy)  # the density of y = sy * (y / sy)
    theta = theta * D
    return GLMResult(
        theta=theta, shape=shape, cov=cov, loss=float(value) * sy ** 2,
        llf=llf, scale=scale_s * sy ** 2,
        iterations=iterations, row=row, n_inputs=p,
        names=["const", *labels], labelled=names is not None, nobs=n, wnobs=wnobs,
        offset=off, fitted_mean=fitted_mean * sy,
        exog=X, row_labels=None if names is None else frame.index,
    )
