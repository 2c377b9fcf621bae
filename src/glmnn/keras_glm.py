"""Fit a generalised linear model as a Keras network, to the maximum-likelihood optimum.

Chapters 4 to 6 use it. :func:`fit` builds a network without hidden layers, a ``Dense``
output layer whose activation is the inverse link of the chosen row of
:data:`glmnn.families.TABLE` (one unit; for the multinomial family one softmax unit per
class), and finds the weights that minimise the family's negative log-likelihood
*exactly*: Newton's method on the network's own loss, differentiated by JAX through
``model.stateless_call``. A model already trained with ``model.fit`` can be passed
in; Newton's method then starts from its weights. Standard errors come from the inverse
Hessian of the same loss.

The network's bias is the intercept, so ``X`` must not contain a constant column. Keras
must run on JAX: importing this module sets ``KERAS_BACKEND=jax`` unless it is already set,
and :func:`fit` switches JAX to 64-bit floats, which the comparisons to 1e-6 need.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn import families
from glmnn._checks import (
    as_design,
    check_same_length,
    full_rank_with_intercept,
    positive_int,
    positive_number,
)
from glmnn.separation import is_separable

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402

__all__ = ["fit", "GLMResult", "build_model", "model_params"]


@dataclass(frozen=True)
class GLMResult:
    """The fitted network and its statistics, in statsmodels' order (intercept first).

    For the multinomial family with K classes the layout is ``sm.MNLogit``'s: class 0 is
    the reference, and column ``k - 1`` of :attr:`params` holds the weights of class ``k``
    minus those of class 0 (the softmax network with class 0's weights fixed at zero).

    Attributes
    ----------
    params : ndarray of shape (p + 1,), or (p + 1, K - 1) for the multinomial family
        Bias, then the weights of the columns of ``X``.
    bse : ndarray of the shape of :attr:`params`
        Standard errors: square roots of the diagonal of :attr:`cov_params`.
    cov_params : ndarray of shape (m, m), m = params.size
        :attr:`scale` times the inverse Hessian of the network's summed loss at
        :attr:`params` (the *observed* information; for non-canonical links statsmodels'
        IRLS reports the expected one instead), for the parameters in column-major order
        (class by class, as ``MNLogit``).
    llf : float
        Minus the summed loss at the optimum. For the binomial and multinomial families
        this is the log-likelihood, statsmodels' ``llf``; for the others it omits terms
        free of the weights (``log y!`` for the Poisson) and the dispersion.
    scale : float
        The dispersion: 1 for the binomial, multinomial and Poisson families; for the
        Gaussian and Gamma families Pearson's chi-squared over ``n - params.size``, as
        statsmodels estimates it (for the Gaussian: the residual mean square of OLS).
    iterations : int
        Newton steps taken after the starting point.
    model : keras.Model
        The network, holding :attr:`params` as its weights (float64). Call it directly,
        ``model(X)``, for float64 predictions: ``model.predict`` first casts its input to
        ``keras.config.floatx()``, which is float32 unless set otherwise.
    family : glmnn.families.FamilyLink
        The row of the family table that was fitted.
    """

    params: NDArray[np.float64]
    bse: NDArray[np.float64]
    cov_params: NDArray[np.float64] = field(repr=False)
    llf: float
    scale: float
    iterations: int
    model: Any = field(repr=False)
    family: families.FamilyLink = field(repr=False)


def build_model(
    n_inputs: int,
    family: str = "binomial",
    link: str | None = None,
    *,
    n_classes: int | None = None,
) -> Any:
    """A float64 Keras network ``Input(n_inputs) -> Dense(units, activation=g^{-1})``.

    ``units`` is 1, or ``n_classes`` for the multinomial family (a softmax output). The
    weights start at zero.

    Raises
    ------
    ValueError
        For an unknown family/link pair, ``n_inputs < 1``, or ``n_classes`` missing or
        below 2 for the multinomial family (or given for another family).
    """
    row = families.get(family, link)
    n_inputs = positive_int(n_inputs, "n_inputs")
    if row.multiclass:
        if n_classes is None or positive_int(n_classes, "n_classes") < 2:
            raise ValueError(
                f"the multinomial family needs n_classes >= 2, got {n_classes!r}"
            )
        return _build(row, n_inputs, int(n_classes))
    if n_classes is not None:
        raise ValueError(f"n_classes is only for the multinomial family, not {row.family!r}")
    return _build(row, n_inputs, 1)


def _build(row: families.FamilyLink, n_inputs: int, units: int) -> Any:
    _enable_float64()
    return keras.Sequential(
        [
            keras.Input((n_inputs,), dtype="float64"),
            keras.layers.Dense(
                units,
                activation=row.keras_activation,
                kernel_initializer="zeros",
                dtype="float64",
            ),
        ]
    )


def model_params(model: Any) -> NDArray[np.float64]:
    """The weights of a network with one ``Dense`` layer, in statsmodels' layout.

    For one output unit: ``(bias, w_1, ..., w_p)``, shape ``(p + 1,)``. For ``K >= 2``
    units (a softmax output): the weights of units 1, ..., K-1 *minus those of unit 0*,
    shape ``(p + 1, K - 1)``, bias in the first row. Adding one vector to every unit's
    weights changes no softmax probability, so these differences are all the probabilities
    depend on; they are ``sm.MNLogit``'s parameters.

    Raises
    ------
    ValueError
        If the model's weights are not one kernel of shape ``(p, units)`` and one bias.
    """
    # not model.get_weights(): with numpy 2 it goes through a deprecated __array__ path
    weights = [np.asarray(v.value, dtype=np.float64) for v in model.weights]
    if len(weights) != 2 or weights[0].ndim != 2 or weights[1].shape != weights[0].shape[1:]:
        shapes = [w.shape for w in weights]
        raise ValueError(
            f"expected a network with one Dense layer (a kernel of shape (p, units) and a "
            f"bias), got weights of shapes {shapes}"
        )
    kernel, bias = weights
    full = np.vstack([bias, kernel])  # (p + 1, units)
    if full.shape[1] == 1:
        return full[:, 0]
    return full[:, 1:] - full[:, :1]


def _weights(theta: Any, p: int, multiclass: bool, xp: Any = np) -> list[Any]:
    """Kernel and bias of the network from the free parameters (class 0's fixed at 0)."""
    B = theta.reshape(-1, p + 1).T  # column-major: one column per free output
    if multiclass:
        B = xp.concatenate([xp.zeros((p + 1, 1), dtype=B.dtype), B], axis=1)
    return [B[1:], B[0]]


def _enable_float64() -> None:
    if keras.backend.backend() != "jax":
        raise RuntimeError(
            f"glmnn.keras_glm needs Keras on JAX, but Keras runs on "
            f"{keras.backend.backend()!r}: set KERAS_BACKEND=jax before importing keras"
        )
    if not jax.config.jax_enable_x64:
        jax.config.update("jax_enable_x64", True)


@functools.lru_cache(maxsize=32)
def _objective(
    row: families.FamilyLink, n_inputs: int, units: int
) -> tuple[Callable[..., Any], ...]:
    """Jitted network output, value-and-gradient and Hessian of the summed loss.

    All three go through the network itself (``stateless_call`` on a template model).

    The free parameters ``theta`` are flat, output by output (column-major); for a
    softmax output the network's class-0 weights are held at zero. Cached per (family row,
    inputs, units): a second fit of the same shape reuses the compiled functions.
    """
    template = _build(row, n_inputs, units)
    non_trainable = [v.value for v in template.non_trainable_variables]

    def mean(theta: Any, X: Any) -> Any:
        weights = _weights(theta, n_inputs, row.multiclass, jnp)
        out, _ = template.stateless_call(weights, non_trainable, X)
        return out if row.multiclass else out[:, 0]

    def loss(theta: Any, X: Any, y: Any) -> Any:
        return jnp.sum(row.nll(y, mean(theta, X)))

    return (
        jax.jit(mean),
        jax.jit(jax.value_and_grad(loss)),
        jax.jit(jax.hessian(loss)),
    )


def _check_design(X: NDArray[np.float64]) -> None:
    constant = np.flatnonzero(np.ptp(X, axis=0) == 0)
    if constant.size:
        raise ValueError(
            f"column {constant[0]} of X is constant: the network's bias is already the "
            "intercept, so a constant column would be aliased with it; leave it out"
        )
    full_rank_with_intercept(X)


def _start(row: families.FamilyLink, y: NDArray[np.float64], p: int) -> NDArray[np.float64]:
    """Slopes 0 and the intercept-only fit, ``g(mean of y)``: Newton's method starts here."""
    if row.multiclass:
        counts = np.bincount(y.astype(int))
        theta = np.zeros((p + 1, counts.size - 1))
        theta[0] = np.log(counts[1:] / counts[0])
        return theta
    mean = float(y.mean())
    if row.family == "binomial":
        mean = min(max(mean, 1e-3), 1 - 1e-3)
    elif row.link == "log":
        mean = max(mean, 1e-3)
    theta = np.zeros(p + 1)
    theta[0] = row.statsmodels_family().link(np.array([mean]))[0]  # g(mean)
    return theta


def fit(
    X: ArrayLike,
    y: ArrayLike,
    family: str = "binomial",
    link: str | None = None,
    *,
    model: Any = None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> GLMResult:
    """Fit the GLM ``family``/``link`` as a Keras network, to the maximum-likelihood optimum.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a constant column (the network's bias is the intercept).
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
        On a constant or aliased column of ``X``, a response the family does not allow
        (binomial: labels other than 0 and 1; multinomial: labels that are not 0, ...,
        K-1, or a class without observations; Poisson: negative counts; Gamma: values that
        are not positive), NaN or inf, mismatched lengths, an unknown family/link pair, a
        ``model`` of the wrong shape, or when the likelihood has no finite maximum
        (separated classes) or Newton's method does not converge.
    """
    row = families.get(family, link)
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    X = as_design(X)
    y = row.check_y(y)
    check_same_length(X, y)
    _check_design(X)
    n, p = X.shape
    units = int(y.max()) + 1 if row.multiclass else 1
    if model is None:
        start = _start(row, y, p)
    else:
        start = model_params(model)
        if start.shape[0] != p + 1:
            raise ValueError(f"model has {start.shape[0] - 1} inputs but X has {p} columns")
        model_units = 1 if start.ndim == 1 else start.shape[1] + 1
        if model_units != units:
            what = f"with {units} classes " if row.multiclass else ""
            raise ValueError(
                f"model has {model_units} output units but the {row.family} family "
                f"{what}needs {units}"
            )
    shape = start.shape
    theta = start.reshape(-1, order="F")

    mean, value_and_grad, hessian = _objective(row, p, units)
    X_j, y_j = jnp.asarray(X), jnp.asarray(y)
    value, grad = value_and_grad(jnp.asarray(theta), X_j, y_j)
    converged = False
    iterations = 0
    for iterations in range(1, max_iter + 1):
        H = np.asarray(hessian(jnp.asarray(theta), X_j, y_j))
        try:
            step = np.linalg.solve(H, -np.asarray(grad))
        except np.linalg.LinAlgError:
            break
        # at the floor of rounding an ill-conditioned design can keep proposing steps a
        # little above tol that decrease nothing: stop when the decrease Newton predicts,
        # -grad . step, is below 1e-20 of the loss (far below anything an estimate shows)
        decrease = -float(np.dot(np.asarray(grad), step))
        if decrease <= 1e-20 * max(1.0, abs(float(value))):
            converged = True
            break
        # halve the step until the loss does not increase (Newton's safeguard)
        for _ in range(30):
            new_value, new_grad = value_and_grad(jnp.asarray(theta + step), X_j, y_j)
            if np.isfinite(new_value) and new_value <= value + 1e-12 * abs(value):
                break
            step = step / 2
        theta = theta + step
        value, grad = new_value, new_grad
        if not np.all(np.isfinite(theta)):
            break
        if np.all(np.abs(step) <= tol * (1 + np.abs(theta))):
            converged = True
            break
    finite = bool(np.all(np.isfinite(theta)))
    fitted_mean = np.asarray(mean(jnp.asarray(theta), X_j)) if finite else None
    boundary = finite and _at_boundary(row, fitted_mean, y)
    if not converged or boundary:
        raise ValueError(_no_optimum_message(row, X, y, iterations, boundary))

    scale = 1.0
    if row.dispersion:  # Pearson's chi-squared over the residual degrees of freedom
        variance = row.statsmodels_family().variance(fitted_mean)  # V(mu)
        pearson = np.sum((y - fitted_mean) ** 2 / variance)
        scale = float(pearson / (n - theta.size))
    cov = scale * np.linalg.inv(np.asarray(hessian(jnp.asarray(theta), X_j, y_j)))
    fitted = _build(row, p, units)
    fitted.set_weights(_weights(theta, p, row.multiclass))
    return GLMResult(
        params=theta.reshape(shape, order="F"),
        bse=np.sqrt(np.diag(cov)).reshape(shape, order="F"),
        cov_params=cov,
        llf=-float(value),
        scale=scale,
        iterations=iterations,
        model=fitted,
        family=row,
    )


def _at_boundary(row: families.FamilyLink, mean: Any, y: NDArray[np.float64]) -> bool:
    """Whether some fitted probability equals its label to 1e-10: the mark of separation.

    On (quasi-)separated data Newton's steps shrink once the probabilities of the separated
    examples round to 0 or 1, so the iteration can *look* converged; the weights are then
    wherever rounding stopped them. ``mean`` is the network's output at the weights found.
    """
    if row.multiclass:
        # 1 - P(observed class), summed over the other classes to avoid cancellation
        others = np.array(mean, dtype=np.float64)
        others[np.arange(len(y)), y.astype(int)] = 0.0
        return bool(np.any(others.sum(axis=1) < 1e-10))
    if row.family != "binomial":
        return False
    return bool(np.any(np.abs(y - mean) < 1e-10))


def _no_optimum_message(
    row: families.FamilyLink,
    X: NDArray[np.float64],
    y: NDArray[np.float64],
    iterations: int,
    boundary: bool,
) -> str:
    if row.family == "binomial" and is_separable(X, y):
        return (
            "the classes are completely separated: the log-likelihood has no finite "
            "maximum, and the network's weights would grow without bound"
        )
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
    return (
        f"Newton's method did not converge in {iterations} iterations: raise max_iter, "
        "or the likelihood may have no finite maximum"
    )
