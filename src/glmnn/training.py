"""Training choices as estimators: what a switch in Keras' ``fit`` makes the network estimate.

Chapter 8 uses it. :func:`smooth_labels` writes out the targets of Keras' label smoothing;
:func:`logistic_fit` is an independent Newton (Fisher scoring) solver for the logistic
model with fractional targets, case weights, a ridge penalty or Firth's penalty, the
reference the chapter checks Keras against; :func:`keras_newton` minimises *Keras' own*
loss of a network (its loss object, its regularisers, an optional extra term), with
derivatives taken by JAX through ``stateless_call``, so that the optimum of any training
choice can be computed exactly rather than approximated by an optimiser's last epoch;
:func:`firth_penalty` is Firth's term, minus half the log-determinant of the Fisher
information, computed by autodiff on the network; :func:`reliability` bins predicted
probabilities for a reliability diagram.

Keras must run on JAX; this module switches JAX to 64-bit floats.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import (
    as_design,
    as_vector,
    check_same_length,
    non_negative_number,
    positive_int,
    positive_number,
)
from glmnn.keras_glm import _check_model, _enable_float64
from glmnn.neuron import logistic

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

__all__ = [
    "KerasNewton", "LogisticFit", "firth_penalty", "keras_newton", "logistic_fit",
    "reliability", "smooth_labels",
]


def smooth_labels(y: ArrayLike, smoothing: float) -> NDArray[np.float64]:
    """The targets Keras' ``BinaryCrossentropy(label_smoothing=a)`` trains on: ``y (1 - a) + a / 2``.

    Parameters
    ----------
    y : array_like of shape (n,)
        Labels, 0 or 1.
    smoothing : float
        ``a`` with ``0 <= a <= 1``.

    Raises
    ------
    ValueError
        If a label is not 0 or 1, or ``smoothing`` is outside [0, 1].
    """
    y = _labels(y, "y")
    a = non_negative_number(smoothing, "smoothing")
    if a > 1:
        raise ValueError(f"smoothing must be between 0 and 1, got {smoothing!r}")
    return y * (1.0 - a) + a / 2.0


def _labels(y: ArrayLike, name: str) -> NDArray[np.float64]:
    y = as_vector(y, name)
    if not np.all((y == 0) | (y == 1)):
        bad = y[(y != 0) & (y != 1)][0]
        raise ValueError(f"{name} must hold labels 0 and 1, found {bad:g}")
    return y


@dataclass
class LogisticFit:
    """What :func:`logistic_fit` returns.

    Attributes
    ----------
    params : ndarray of shape (p + 1,)
        Bias first.
    cov : ndarray of shape (p + 1, p + 1)
        The inverse of the negative Hessian of the weighted log-likelihood plus the ridge
        term (for Firth's fit, the inverse Fisher information at the estimate, the
        covariance logistf reports).
    objective : float
        The maximised value: the weighted log-likelihood, minus the ridge term, plus
        ``log det(I) / 2`` for Firth's fit (logistf's penalised log-likelihood).
    iterations : int
    converged : bool
    """

    params: NDArray[np.float64]
    cov: NDArray[np.float64] = field(repr=False)
    objective: float
    iterations: int
    converged: bool


def logistic_fit(
    X: ArrayLike,
    target: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    penalty: float = 0.0,
    penalise_bias: bool = False,
    firth: bool = False,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> LogisticFit:
    """Maximise a weighted, optionally penalised, logistic log-likelihood by Newton's method.

    The objective is ``sum_i w_i [t_i log p_i + (1 - t_i) log(1 - p_i)] - (lam / 2) |w|^2``
    with ``p_i = sigmoid(b + x_i w)``, targets ``t_i`` in [0, 1] (fractional targets are
    allowed: smoothed labels), case weights ``w_i >= 0`` and a ridge penalty ``lam`` on the
    weights (on the bias too with ``penalise_bias=True``). With ``firth=True`` it adds
    Firth's term ``log det I(theta) / 2``, ``I = X1' diag(w p (1 - p)) X1``, and takes the
    modified-score Fisher-scoring steps of Heinze and Schemper (2002),
    ``delta = I^{-1} X1' w (t - p + h (1/2 - p))`` with ``h`` the diagonal of the hat
    matrix. Every step is halved while it would lower the objective; the fit stops when
    every component of a full step is below ``tol``.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Inputs, without a column of ones.
    target : array_like of shape (n,)
        Targets in [0, 1].
    weights : array_like of shape (n,), optional
        Case weights ``>= 0`` (ones by default).
    penalty : float, default 0
        ``lam >= 0``.
    penalise_bias : bool, default False
    firth : bool, default False
    tol : float, default 1e-10
    max_iter : int, default 100

    Returns
    -------
    LogisticFit

    Raises
    ------
    ValueError
        On bad input (shapes, NaN, targets outside [0, 1], negative or all-zero weights,
        a negative penalty, Firth combined with a penalty), if ``[1, X]`` is rank deficient
        where the weights are positive, or if the iteration does not converge (for
        example: labels 0 and 1 that are separated and neither a penalty nor Firth).
    """
    X = as_design(X, "X", allow_no_columns=True)
    t = as_vector(target, "target")
    check_same_length(X, t, "X", "target")
    if np.any((t < 0) | (t > 1)):
        raise ValueError(f"target must lie in [0, 1], found {t[(t < 0) | (t > 1)][0]:g}")
    n, p = X.shape
    w = np.ones(n) if weights is None else as_vector(weights, "weights", length=n)
    if np.any(w < 0) or not np.any(w > 0):
        raise ValueError("weights must be >= 0 with at least one > 0")
    lam = non_negative_number(penalty, "penalty")
    if not isinstance(penalise_bias, (bool, np.bool_)) or not isinstance(firth, (bool, np.bool_)):
        raise ValueError("penalise_bias and firth must be True or False")
    if firth and lam > 0:
        raise ValueError("choose Firth's penalty or a ridge penalty, not both")
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    X1 = np.column_stack([np.ones(n), X])
    if np.linalg.matrix_rank(X1[w > 0]) < p + 1:
        raise ValueError("[1, X] (rows with weight > 0) does not have full column rank: "
                         "aliased coefficients have no unique estimate")
    ridge = np.full(p + 1, lam)
    if not penalise_bias:
        ridge[0] = 0.0

    def parts(theta: NDArray[np.float64]) -> tuple[float, Any, Any, Any]:
        z = X1 @ theta
        prob = logistic(z)
        # log p = -log(1 + e^-z), log(1 - p) = -log(1 + e^z): no log(0)
        value = float(-np.sum(w * (t * np.logaddexp(0, -z) + (1 - t) * np.logaddexp(0, z)))
                      - 0.5 * np.sum(ridge * theta**2))
        info = (X1.T * (w * prob * (1 - prob))) @ X1
        if firth:
            sign, logdet = np.linalg.slogdet(info)
            value += 0.5 * logdet if sign > 0 else -np.inf
        return value, prob, info, z

    theta = np.zeros(p + 1)
    value, prob, info, _ = parts(theta)
    converged, iterations = False, 0
    for iterations in range(1, max_iter + 1):
        score = X1.T @ (w * (t - prob)) - ridge * theta
        curvature = info + np.diag(ridge)
        try:
            if firth:
                inv = np.linalg.inv(info)
                hat = np.einsum("ij,jk,ik->i", X1, inv, X1) * w * prob * (1 - prob)
                score = score + X1.T @ (hat * (0.5 - prob))
                delta = inv @ score
            else:
                delta = np.linalg.solve(curvature, score)
        except np.linalg.LinAlgError:
            break
        step = delta
        for _ in range(40):
            new = parts(theta + step)
            if np.isfinite(new[0]) and new[0] >= value - 1e-12 * abs(value):
                break
            step = step / 2
        else:
            break
        theta = theta + step
        value, prob, info, _ = new
        if np.max(np.abs(delta)) < tol:
            converged = True
            break
    if not converged:
        raise ValueError(
            f"no convergence in {max_iter} iterations (largest |theta| "
            f"{np.max(np.abs(theta)):.3g}): with labels 0 and 1 that are separated the "
            "log-likelihood has no finite maximum; add a penalty or use firth=True"
        )
    cov = np.linalg.inv(info + np.diag(ridge))
    return LogisticFit(theta, cov, value, iterations, converged)


@dataclass
class KerasNewton:
    """What :func:`keras_newton` returns.

    Attributes
    ----------
    params : ndarray
        The trainable weights at the optimum, flattened in the order of
        ``model.trainable_variables`` (for one ``Dense(1)`` layer: the kernel, then the bias).
    value : float
        The minimised objective.
    gradient_norm : float
        Largest absolute component of its gradient at ``params``.
    iterations : int
    """

    params: NDArray[np.float64]
    value: float
    gradient_norm: float
    iterations: int


def _flat(model: Any) -> tuple[NDArray[np.float64], Callable[[Any], list[Any]]]:
    shapes = [tuple(v.shape) for v in model.trainable_variables]
    sizes = [int(np.prod(s)) for s in shapes]

    def unflatten(theta: Any) -> list[Any]:
        parts, start = [], 0
        for shape, size in zip(shapes, sizes):
            parts.append(theta[start:start + size].reshape(shape))
            start += size
        return parts

    theta = np.concatenate([np.asarray(v.value, dtype=np.float64).ravel()
                            for v in model.trainable_variables])
    return theta, unflatten


def network_function(model: Any) -> tuple[NDArray[np.float64], Callable[..., Any]]:
    """The network as a JAX function of its flattened trainable weights.

    Returns ``(theta, f)``: the current weights, flattened in the order of
    ``model.trainable_variables``, and ``f(theta, X) -> (output, regularisation_losses)``
    computed by ``model.stateless_call``, differentiable by JAX.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.
    """
    _check_model(model)
    _enable_float64()
    theta, unflatten = _flat(model)
    fixed = [v.value for v in model.non_trainable_variables]

    def f(theta_: Any, X: Any) -> tuple[Any, Any]:
        out, _, losses = model.stateless_call(unflatten(theta_), fixed, X, return_losses=True)
        return out, sum(losses) if losses else 0.0

    return theta, f


def keras_newton(
    model: Any,
    loss: Callable[..., Any],
    X: ArrayLike,
    y: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    extra: Callable[[Any], Any] | None = None,
    tol: float = 1e-10,
    max_iter: int = 50,
) -> KerasNewton:
    """Minimise a Keras network's own training objective by Newton's method, and set its weights.

    The objective is what ``model.fit`` minimises, evaluated on the whole data set at once:
    ``loss(y, model(X), sample_weight)`` (the Keras loss object, with its own reduction,
    label smoothing, focusing parameter...) plus the model's regularisation losses (a
    ``kernel_regularizer``), plus ``extra(theta)`` if given. Gradient and Hessian are taken
    by JAX through ``model.stateless_call``; steps are halved while they would raise the
    objective. It stops when every component of a full step is below ``tol`` and sets the
    model's weights to the result.

    Parameters
    ----------
    model : keras.Model
        Float64 network; its current weights are the start.
    loss : callable
        A Keras loss, e.g. ``keras.losses.BinaryCrossentropy(label_smoothing=0.1)``.
    X, y : array_like
        Inputs (n, p) and targets (n,) or (n, 1).
    sample_weight : array_like of shape (n,), optional
        What ``fit(class_weight=...)`` or ``fit(sample_weight=...)`` passes to the loss.
    extra : callable, optional
        A further term ``extra(theta)``, a JAX function of the flattened weights.
    tol : float, default 1e-10
    max_iter : int, default 50

    Returns
    -------
    KerasNewton

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.
    ValueError
        On bad input (shapes, NaN), a non-callable ``loss``, or no convergence.
    """
    if not callable(loss):
        raise ValueError(f"loss must be a Keras loss (callable), got {loss!r}")
    if extra is not None and not callable(extra):
        raise ValueError(f"extra must be a function of the weights, got {extra!r}")
    theta, f = network_function(model)
    Xa = as_design(X, "X")
    ya = as_vector(np.asarray(y).reshape(-1) if np.ndim(y) == 2 else y, "y")
    check_same_length(Xa, ya, "X", "y")
    sw = None if sample_weight is None else jnp.asarray(
        as_vector(sample_weight, "sample_weight", length=len(ya)))
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    Xj, yj = jnp.asarray(Xa), jnp.asarray(ya[:, None])

    def objective(th: Any) -> Any:
        out, reg = f(th, Xj)
        value = loss(yj, out, sample_weight=sw) + reg
        return value + extra(th) if extra is not None else value

    value_and_grad = jax.jit(jax.value_and_grad(objective))
    hess = jax.jit(jax.hessian(objective))
    th = jnp.asarray(theta)
    value, grad = value_and_grad(th)
    converged, iterations = False, 0
    for iterations in range(1, max_iter + 1):
        g = np.asarray(grad)
        try:
            delta = -np.linalg.solve(np.asarray(hess(th)), g)
        except np.linalg.LinAlgError:
            delta = -g
        if not g @ delta < 0:  # not a descent direction (a non-convex loss): the gradient
            delta = -g * max(1.0, float(np.max(np.abs(th)))) / max(float(np.max(np.abs(g))), 1e-300)
        step = delta
        for _ in range(60):
            new_value, new_grad = value_and_grad(th + step)
            # Keras rounds each example's loss to float32 precision (its ops.mean), so
            # near the optimum the value is noisy: a step that shrinks the gradient is
            # accepted too
            if np.isfinite(float(new_value)) and (
                    float(new_value) <= float(value) + 1e-12 * abs(float(value))
                    or np.max(np.abs(np.asarray(new_grad))) < 1e-3 * np.max(np.abs(g))):
                break
            step = step / 2
        else:
            break
        th, value, grad = th + step, new_value, new_grad
        if np.max(np.abs(step)) < tol:
            converged = True
            break
    if not converged:
        raise ValueError(f"Newton's method did not converge in {max_iter} iterations "
                         "(an objective without a finite minimum, e.g. separated labels?)")
    params = np.asarray(th, dtype=np.float64)
    _, unflatten = _flat(model)
    for variable, part in zip(model.trainable_variables, unflatten(params)):
        variable.assign(part)
    return KerasNewton(params, float(value), float(np.max(np.abs(np.asarray(grad)))), iterations)


def firth_penalty(model: Any, X: ArrayLike, *, reduction: str = "sum_over_batch_size"
                  ) -> Callable[[Any], Any]:
    """Firth's term as a function of the network's weights, on the scale of a Keras loss.

    Returns ``penalty(theta) = -log det I(theta) / 2``, divided by ``n`` for the default
    ``reduction="sum_over_batch_size"`` (a mean loss) and not for ``reduction="sum"``.
    ``I`` is the Fisher information of the Bernoulli model that a network with one sigmoid
    output defines, ``sum_i grad p_i grad p_i' / (p_i (1 - p_i))``, with the gradients of
    the output ``p_i`` with respect to the flattened weights taken by JAX through the
    network (``jax.jacfwd``). It does not depend on the labels. For a sigmoid output on a
    weighted sum (logistic regression) it is ``X1' diag(p (1 - p)) X1``, also the Hessian
    of the summed cross-entropy. Added to Keras' binary cross-entropy with the same
    reduction, it gives minus Firth's penalised log-likelihood (divided by ``n`` for a mean).

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.
    ValueError
        On bad ``X`` (shape, NaN) or an unknown ``reduction``.
    """
    if reduction not in ("sum_over_batch_size", "sum"):
        raise ValueError(f"reduction must be 'sum_over_batch_size' or 'sum', got {reduction!r}")
    _, f = network_function(model)
    Xa = as_design(X, "X")
    Xj = jnp.asarray(Xa)
    scale = Xa.shape[0] if reduction == "sum_over_batch_size" else 1

    def prob(th: Any) -> Any:
        return f(th, Xj)[0][:, 0]

    jacobian = jax.jacfwd(prob)

    def penalty(th: Any) -> Any:
        p, J = prob(th), jacobian(th)
        info = (J.T / (p * (1 - p))) @ J
        return -0.5 * jnp.linalg.slogdet(info)[1] / scale

    return penalty


def reliability(
    prob: ArrayLike, y: ArrayLike, bins: int = 10
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Bin predicted probabilities for a reliability diagram.

    The interval [0, 1] is cut into ``bins`` equal bins; empty bins are dropped.

    Returns
    -------
    mean_predicted, observed, count : ndarrays of one length
        Per non-empty bin: the average prediction, the share of label 1, the number of
        examples.

    Raises
    ------
    ValueError
        If ``prob`` is outside [0, 1], a label is not 0 or 1, the lengths differ, or
        ``bins`` is not a positive integer.
    """
    prob = as_vector(prob, "prob")
    y = _labels(y, "y")
    if len(prob) != len(y):
        raise ValueError(f"prob and y must have the same length, got {len(prob)} and {len(y)}")
    if np.any((prob < 0) | (prob > 1)):
        raise ValueError("prob must lie in [0, 1]")
    bins = positive_int(bins, "bins")
    which = np.minimum((prob * bins).astype(int), bins - 1)
    count = np.bincount(which, minlength=bins)
    keep = count > 0
    mean = np.bincount(which, prob, bins)[keep] / count[keep]
    observed = np.bincount(which, y, bins)[keep] / count[keep]
    return mean, observed, count[keep]
