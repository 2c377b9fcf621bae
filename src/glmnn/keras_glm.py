"""Fit a generalised linear model as a Keras network, to the maximum-likelihood optimum.

Chapters 3 to 5 use it. :func:`fit` builds a network without hidden layers, a ``Dense``
output layer whose activation is the inverse link of the chosen row of
:data:`glmnn.families.TABLE`, and finds the weights that minimise the family's negative
log-likelihood *exactly*: Newton's method on the network's own loss, differentiated by JAX
through ``model.stateless_call``. A model already trained with ``model.fit`` can be passed
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

    Attributes
    ----------
    params : ndarray of shape (p + 1,)
        Bias, then the weights of the columns of ``X``.
    bse : ndarray of shape (p + 1,)
        Standard errors: square roots of the diagonal of :attr:`cov_params`.
    cov_params : ndarray of shape (p + 1, p + 1)
        Inverse Hessian of the network's summed negative log-likelihood at :attr:`params`.
    llf : float
        Log-likelihood at the optimum (minus the summed loss; for the binomial family it
        equals statsmodels' ``llf``).
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
    iterations: int
    model: Any = field(repr=False)
    family: families.FamilyLink = field(repr=False)


def build_model(n_inputs: int, family: str = "binomial", link: str | None = None) -> Any:
    """A float64 Keras network ``Input(n_inputs) -> Dense(1, activation=g^{-1})``, weights 0.

    Raises
    ------
    ValueError
        For an unknown family/link pair or ``n_inputs < 1``.
    """
    row = families.get(family, link)
    n_inputs = positive_int(n_inputs, "n_inputs")
    return _build(row, n_inputs)


def _build(row: families.FamilyLink, n_inputs: int) -> Any:
    _enable_float64()
    return keras.Sequential(
        [
            keras.Input((n_inputs,), dtype="float64"),
            keras.layers.Dense(
                1,
                activation=row.activation,
                kernel_initializer="zeros",
                dtype="float64",
            ),
        ]
    )


def model_params(model: Any) -> NDArray[np.float64]:
    """The weights of a one-layer network as ``(bias, w_1, ..., w_p)``.

    Raises
    ------
    ValueError
        If the model's weights are not one kernel of shape ``(p, 1)`` and one bias.
    """
    # not model.get_weights(): with numpy 2 it goes through a deprecated __array__ path
    weights = [np.asarray(v.value) for v in model.weights]
    if len(weights) != 2 or weights[0].ndim != 2 or weights[0].shape[1] != 1:
        shapes = [w.shape for w in weights]
        raise ValueError(
            f"expected a network with one Dense(1) layer (a kernel of shape (p, 1) and a "
            f"bias), got weights of shapes {shapes}"
        )
    kernel, bias = weights
    return np.r_[bias, kernel[:, 0]].astype(np.float64)


def _enable_float64() -> None:
    if keras.backend.backend() != "jax":
        raise RuntimeError(
            f"glmnn.keras_glm needs Keras on JAX, but Keras runs on "
            f"{keras.backend.backend()!r}: set KERAS_BACKEND=jax before importing keras"
        )
    if not jax.config.jax_enable_x64:
        jax.config.update("jax_enable_x64", True)


@functools.lru_cache(maxsize=32)
def _objective(row: families.FamilyLink, n_inputs: int) -> tuple[Callable[..., Any], ...]:
    """Jitted value-and-gradient and Hessian of the summed loss, through the network itself.

    Cached per (family row, number of inputs): a second fit of the same shape reuses the
    compiled functions.
    """
    template = _build(row, n_inputs)
    non_trainable = [v.value for v in template.non_trainable_variables]

    def loss(theta: Any, X: Any, y: Any) -> Any:
        kernel = theta[1:].reshape(n_inputs, 1)
        mean, _ = template.stateless_call([kernel, theta[:1]], non_trainable, X)
        return jnp.sum(row.nll(y, mean[:, 0]))

    return jax.jit(loss), jax.jit(jax.value_and_grad(loss)), jax.jit(jax.hessian(loss))


def _check_design(X: NDArray[np.float64]) -> None:
    constant = np.flatnonzero(np.ptp(X, axis=0) == 0)
    if constant.size:
        raise ValueError(
            f"column {constant[0]} of X is constant: the network's bias is already the "
            "intercept, so a constant column would be aliased with it; leave it out"
        )
    full_rank_with_intercept(X)


def _start(row: families.FamilyLink, y: NDArray[np.float64], p: int) -> NDArray[np.float64]:
    theta = np.zeros(p + 1)
    if row.family == "binomial":
        mean = np.clip(y.mean(), 1e-3, 1 - 1e-3)
        theta[0] = np.log(mean / (1 - mean))  # the intercept-only fit
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
        Response; for ``family="binomial"`` labels 0 and 1.
    family : str, default "binomial"
    link : str, optional
        ``None`` for the family's canonical link. The valid pairs are the keys of
        :data:`glmnn.families.TABLE`.
    model : keras.Model, optional
        A network with one ``Dense(1)`` layer, e.g. trained with ``model.fit``: Newton's
        method starts from its weights. It is not modified.
    tol : float, default 1e-10
        Stop when no Newton step changes a parameter by more than ``tol * (1 + |param|)``.
    max_iter : int, default 100

    Returns
    -------
    GLMResult

    Raises
    ------
    ValueError
        On a constant or aliased column of ``X``, a response the family does not allow
        (for the binomial family: labels other than 0 and 1), NaN or inf, mismatched
        lengths, an unknown family/link pair, or when the likelihood has no finite maximum
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
    theta = _start(row, y, p) if model is None else model_params(model)
    if theta.size != p + 1:
        raise ValueError(f"model has {theta.size - 1} inputs but X has {p} columns")

    loss, value_and_grad, hessian = _objective(row, p)
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
    boundary = converged and _at_boundary(row, theta, X, y)
    if not converged or boundary:
        raise ValueError(_no_optimum_message(row, X, y, iterations, boundary))

    cov = np.linalg.inv(np.asarray(hessian(jnp.asarray(theta), X_j, y_j)))
    fitted = _build(row, p)
    fitted.set_weights([theta[1:].reshape(p, 1), theta[:1]])
    return GLMResult(
        params=theta,
        bse=np.sqrt(np.diag(cov)),
        cov_params=cov,
        llf=-float(value),
        iterations=iterations,
        model=fitted,
        family=row,
    )


def _at_boundary(
    row: families.FamilyLink, theta: NDArray[np.float64], X: NDArray[np.float64],
    y: NDArray[np.float64],
) -> bool:
    """Whether some fitted probability equals its label to 1e-10: the mark of separation.

    On (quasi-)separated data Newton's steps shrink once the probabilities of the separated
    examples round to 0 or 1, so the iteration can *look* converged; the weights are then
    wherever rounding stopped them. A genuine estimate would need ``|z| > 23`` for that.
    """
    if row.family != "binomial":
        return False
    z = theta[0] + X @ theta[1:]
    # |y - sigma(z)| computed without cancellation: sigma(-|z|) when z has the sign of y
    gap = np.where((2 * y - 1) * z > 0, 1 / (1 + np.exp(np.abs(z))), 1.0)
    return bool(np.any(gap < 1e-10))


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
    if boundary:
        return (
            "the classes are quasi-completely separated (some fitted probabilities are 0 "
            "or 1 to within 1e-10): the log-likelihood has no finite maximum"
        )
    return (
        f"Newton's method did not converge in {iterations} iterations: raise max_iter, "
        "or the likelihood may have no finite maximum"
    )
