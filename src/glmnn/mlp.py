"""One hidden layer: the network that is *not* a GLM, and the tools to look inside it.

Chapter 7 uses it. :func:`build` makes the Keras network
``Input(p) -> Dense(h, tanh) -> Dense(1, sigmoid)`` in float64; :func:`hidden_features`
reads the hidden layer's outputs with a Keras sub-model, so that the last layer can be
refitted as a logistic regression (with :mod:`glmnn.keras_glm`); :func:`fit` trains the
network to a local optimum of its summed cross-entropy (optionally with weight decay)
by L-BFGS on the network's own loss, differentiated by JAX through ``stateless_call``,
fast enough to train it from many starts; :func:`canonical` maps a solution to one
representative of the :func:`n_symmetries` weight vectors that compute the same function
(hidden units permuted, signs of a ``tanh`` unit flipped).

Keras must run on JAX, and this module switches JAX to 64-bit floats. The hidden layer
uses :func:`tanh`, a float64-exact activation, because Keras 3.15's own ``"tanh"`` returns
float32 even for float64 inputs.

Weights are passed around as :class:`Weights`: ``W1`` (p, h), ``b1`` (h,), ``w2`` (h,)
and ``b2`` (a float), the order of the Keras layer variables.

:func:`fit` warns with :class:`SeparationWarning` when the trained network puts every
training example on its own side: the loss then has no minimum (it falls towards 0 as the
output weights grow), and the weights returned are wherever L-BFGS stopped.
"""

from __future__ import annotations

import functools
import math
import os
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.optimize
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import (
    as_binary_labels,
    as_design,
    as_seed,
    as_vector,
    check_aligned,
    check_same_length,
    column_names,
    non_negative_number,
    positive_int,
    positive_number,
)
from glmnn.keras_glm import _enable_float64
from glmnn.neuron import logistic

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402

__all__ = [
    "MLPResult", "SeparationWarning", "Weights", "build", "canonical", "fit", "hessian",
    "hidden_features", "loss", "n_symmetries", "predict", "tanh",
]


class SeparationWarning(UserWarning):
    """The trained network separates the training classes: its loss has no minimum."""


@dataclass(frozen=True)
class Weights:
    """The weights of a one-hidden-layer network, in the order of its Keras variables."""

    W1: NDArray[np.float64]  #: input-to-hidden kernel, shape (p, h)
    b1: NDArray[np.float64]  #: hidden biases, shape (h,)
    w2: NDArray[np.float64]  #: hidden-to-output weights, shape (h,)
    b2: float  #: output bias

    def as_list(self) -> list[NDArray[np.float64]]:
        """The four arrays as Keras' ``set_weights`` wants them."""
        return [self.W1, self.b1, self.w2[:, None], np.array([self.b2])]

    def flat(self) -> NDArray[np.float64]:
        """All weights in one vector: W1 (row-major), b1, w2, b2."""
        return np.concatenate([self.W1.ravel(), self.b1, self.w2, [self.b2]])

    @classmethod
    def from_flat(cls, theta: ArrayLike, n_inputs: int, n_hidden: int) -> Weights:
        """Inverse of :meth:`flat`.

        Raises
        ------
        ValueError
            If ``n_inputs`` or ``n_hidden`` is not a positive integer, or ``theta`` is not
            a finite 1-D array of ``n_inputs * n_hidden + 2 * n_hidden + 1`` numbers.
        """
        p, h = positive_int(n_inputs, "n_inputs"), positive_int(n_hidden, "n_hidden")
        theta = as_vector(theta, "theta")
        if theta.shape != (p * h + 2 * h + 1,):
            raise ValueError(f"theta must have {p * h + 2 * h + 1} entries for p={p}, h={h}, got shape {theta.shape}")
        return cls(theta[: p * h].reshape(p, h), theta[p * h : p * h + h], theta[p * h + h : p * h + 2 * h], float(theta[-1]))

    @classmethod
    def from_model(cls, model: Any) -> Weights:
        """Read the weights of a network made by :func:`build` (or of the same shape)."""
        _check_model(model)
        W1, b1, w2, b2 = (np.asarray(v.value, dtype=np.float64) for v in model.weights)
        return cls(W1, b1, w2[:, 0], float(b2[0]))


@dataclass(frozen=True)
class MLPResult:
    """A trained network: its weights, its summed loss and whether L-BFGS converged."""

    weights: Weights
    loss: float  #: summed cross-entropy at the weights (plus the penalty, if any)
    converged: bool
    iterations: int


def tanh(x: Any) -> Any:
    """The hyperbolic tangent as a Keras activation that keeps float64.

    Keras 3.15's own ``"tanh"`` returns float32 for float64 input (its dtype promotion
    demotes float64, keras-team/keras#23223), which would round the hidden layer to single
    precision. On the JAX backend this is ``jax.numpy.tanh``, exact in float64.
    """
    return jnp.tanh(x)


def build(n_inputs: int, n_hidden: int, *, seed: int | None = None) -> Any:
    """The float64 Keras network ``Input(n_inputs) -> Dense(n_hidden, tanh) -> Dense(1, sigmoid)``.

    The hidden activation is :func:`tanh` (float64-exact); the output is Keras' sigmoid.

    Parameters
    ----------
    n_inputs, n_hidden : int
        Number of inputs and of hidden units, each at least 1.
    seed : int, optional
        A whole number from 0 to 2**32 - 1 (numpy integers too), passed to
        ``keras.utils.set_random_seed`` before the layers draw their initial weights
        (Keras' defaults: Glorot-uniform kernels, zero biases). ``None`` leaves Keras'
        random state as it is (not reproducible).

    Raises
    ------
    ValueError
        If a count is not a positive integer, or ``seed`` is neither ``None`` nor a whole
        number from 0 to 2**32 - 1.
    """
    n_inputs = positive_int(n_inputs, "n_inputs")
    n_hidden = positive_int(n_hidden, "n_hidden")
    if seed is not None:
        seed = _seed(seed)
    _enable_float64()
    if seed is not None:
        keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input((n_inputs,), dtype="float64"),
            keras.layers.Dense(n_hidden, activation=tanh, dtype="float64", name="hidden"),
            keras.layers.Dense(1, activation="sigmoid", dtype="float64", name="output"),
        ]
    )


def _seed(seed: Any) -> int:
    """``seed`` as an int after checking it is an integer Keras accepts: 0 to 2**32 - 1."""
    seed = as_seed(seed)
    if seed >= 2**32:
        raise ValueError(f"seed must be below 2**32 (Keras' limit), got {seed}")
    return seed


def _check_weights(weights: Any, name: str = "weights") -> Weights:
    """``weights`` as float64 :class:`Weights` of consistent shapes, every entry finite."""
    if not isinstance(weights, Weights):
        raise ValueError(
            f"{name} must be mlp.Weights(W1, b1, w2, b2) (e.g. from Weights.from_model or "
            f"fit(...).weights), got {type(weights).__name__}"
        )
    W1 = as_design(weights.W1, f"{name}.W1")
    h = W1.shape[1]
    b1 = as_vector(weights.b1, f"{name}.b1", length=h)
    w2 = as_vector(weights.w2, f"{name}.w2", length=h)
    if np.ndim(weights.b2) != 0:
        raise ValueError(f"{name}.b2 must be a number (the output bias), got shape {np.shape(weights.b2)}")
    b2 = float(as_vector([weights.b2], f"{name}.b2")[0])
    return Weights(W1, b1, w2, b2)


def _check_columns(X: NDArray[np.float64], weights: Weights) -> None:
    p = weights.W1.shape[0]
    if X.shape[1] != p:
        raise ValueError(f"X must have {p} columns, one per network input (weights.W1 has {p} rows), got {X.shape[1]}")


def _check_model(model: Any) -> None:
    shapes = [tuple(v.shape) for v in getattr(model, "weights", [])]
    ok = (
        len(shapes) == 4
        and len(shapes[0]) == 2
        and shapes[1] == (shapes[0][1],)
        and shapes[2] == (shapes[0][1], 1)
        and shapes[3] == (1,)
    )
    if not ok:
        raise ValueError(f"expected a network Input(p) -> Dense(h) -> Dense(1) as made by mlp.build, got weight shapes {shapes}")


def hidden_features(model: Any, X: ArrayLike) -> NDArray[np.float64]:
    """The hidden layer's outputs ``h(x)`` for every row of ``X``, read with a Keras sub-model.

    Raises
    ------
    ValueError
        If ``model`` is not a one-hidden-layer network, or ``X`` is not a finite 2-D array
        with as many columns as the network has inputs.
    """
    _check_model(model)
    X = as_design(X)
    p = model.weights[0].shape[0]
    if X.shape[1] != p:
        raise ValueError(f"X must have {p} columns, one per network input, got {X.shape[1]}")
    sub = keras.Model(inputs=model.inputs[0], outputs=model.layers[0].output)
    return np.asarray(sub(jnp.asarray(X)), dtype=np.float64)


@functools.lru_cache(maxsize=16)
def _objective(n_inputs: int, n_hidden: int) -> tuple[Any, Any]:
    """Jitted value-and-gradient and Hessian of the summed loss, through the network.

    The loss is computed from the network's logit, the output layer's weighted sum, as
    Keras' ``BinaryCrossentropy(from_logits=True)`` does: stable even where the sigmoid
    saturates. The template is the network of :func:`build` with a linear output.
    """
    template = build(n_inputs, n_hidden)
    logits = keras.Sequential([keras.Input((n_inputs,), dtype="float64"), template.layers[0],
                               keras.layers.Dense(1, dtype="float64")])

    def loss_fn(theta: Any, X: Any, y: Any, l2: Any) -> Any:
        p, h = n_inputs, n_hidden
        W1 = theta[: p * h].reshape(p, h)
        b1 = theta[p * h : p * h + h]
        w2 = theta[p * h + h : p * h + 2 * h]
        b2 = theta[-1:]
        z, _ = logits.stateless_call([W1, b1, w2[:, None], b2], [], X)
        z = z[:, 0]
        nll = jnp.sum(jnp.logaddexp(0.0, z) - y * z)  # -log-likelihood from the logit
        return nll + l2 * (jnp.sum(W1**2) + jnp.sum(w2**2))

    return jax.jit(jax.value_and_grad(loss_fn)), jax.jit(jax.hessian(loss_fn))


def _checked_xy(X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    check_aligned(("X", X), ("y", y))
    column_names(X)  # unique, and not "const"
    X = as_design(X)
    y = as_binary_labels(y)
    check_same_length(X, y)
    return X, y


def loss(weights: Weights, X: ArrayLike, y: ArrayLike, *, l2: float = 0.0) -> float:
    """Summed cross-entropy of the network with these weights, plus ``l2`` times the squared kernels.

    Raises
    ------
    ValueError
        If ``weights`` is not a :class:`Weights` of consistent shapes with finite entries,
        ``X`` is not a finite 2-D array with one column per network input, ``y`` does not
        hold one 0/1 label per row (pandas ``X`` and ``y`` must have the same row labels, ``X`` unique column
        names other than ``const``),
        or ``l2`` is negative.
    """
    weights = _check_weights(weights)
    X, y = _checked_xy(X, y)
    _check_columns(X, weights)
    l2 = non_negative_number(l2, "l2")
    value_and_grad, _ = _objective(X.shape[1], weights.w2.size)
    return float(value_and_grad(jnp.asarray(weights.flat()), X, y, l2)[0])


def hessian(weights: Weights, X: ArrayLike, y: ArrayLike, *, l2: float = 0.0) -> NDArray[np.float64]:
    """Hessian of :func:`loss` with respect to the flat weights (order of :meth:`Weights.flat`).

    Raises
    ------
    ValueError
        As :func:`loss`.
    """
    weights = _check_weights(weights)
    X, y = _checked_xy(X, y)
    _check_columns(X, weights)
    l2 = non_negative_number(l2, "l2")
    _, hess = _objective(X.shape[1], weights.w2.size)
    return np.asarray(hess(jnp.asarray(weights.flat()), X, y, l2))


def fit(
    X: ArrayLike,
    y: ArrayLike,
    n_hidden: int,
    *,
    seed: int = 0,
    l2: float = 0.0,
    init: Weights | None = None,
    max_iter: int = 2000,
    gtol: float = 1e-8,
) -> MLPResult:
    """Train the one-hidden-layer network to a local optimum of its summed cross-entropy.

    The start is Keras' own initialisation of :func:`build` under ``seed`` (or ``init``);
    L-BFGS (scipy) then minimises the loss of the Keras network, value and gradient by JAX
    through ``stateless_call``. Different seeds can end at different optima: the loss is
    not convex.

    Without weight decay, if the trained network puts every example on its own side (its
    logit positive exactly for the labels 1), the loss has no minimum: scaling up the
    output weights lowers it towards 0. ``fit`` then warns with :class:`SeparationWarning`;
    ``converged`` still only says that L-BFGS met ``gtol``. An ``l2 > 0`` gives a minimum.

    Parameters
    ----------
    X : array_like of shape (n, p)
    y : array_like of shape (n,)
        Labels 0 or 1.
    n_hidden : int
        Number of hidden ``tanh`` units.
    seed : int
        Seed of the initial weights: a whole number from 0 to 2**32 - 1 (numpy integers
        too); ``None`` is refused, so that every fit is reproducible.
    l2 : float
        Weight decay on both kernels (not the biases), >= 0.
    init : Weights, optional
        Start here instead of at Keras' initialisation.
    max_iter : int
        Most L-BFGS iterations.
    gtol : float
        Stop when the largest gradient component is below this (a positive number).

    Raises
    ------
    ValueError
        On bad ``X``/``y`` (shape, NaN, labels other than 0/1, pandas objects with different
        row labels, duplicate column names or one named ``const``), ``n_hidden`` or ``max_iter`` not a positive integer, a negative ``l2``,
        ``gtol`` not a positive number, ``seed`` not a whole number from 0 to 2**32 - 1, or
        ``init`` not :class:`Weights` of shape (p, n_hidden) with finite entries.

    Warns
    -----
    SeparationWarning
        Without weight decay, when the trained network separates the training classes.
    """
    X, y = _checked_xy(X, y)
    n_hidden = positive_int(n_hidden, "n_hidden")
    max_iter = positive_int(max_iter, "max_iter")
    l2 = non_negative_number(l2, "l2")
    gtol = positive_number(gtol, "gtol")
    seed = _seed(seed)
    p = X.shape[1]
    if init is None:
        start = Weights.from_model(build(p, n_hidden, seed=seed))
    else:
        start = _check_weights(init, "init")
        if start.W1.shape != (p, n_hidden):
            raise ValueError(
                f"init.W1 must have shape {(p, n_hidden)} (one row per column of X, one column "
                f"per hidden unit), got {start.W1.shape}"
            )
    value_and_grad, _ = _objective(p, n_hidden)
    Xj, yj = jnp.asarray(X), jnp.asarray(y)

    def fun(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        value, grad = value_and_grad(jnp.asarray(theta), Xj, yj, l2)
        return float(value), np.asarray(grad, dtype=np.float64)

    res = scipy.optimize.minimize(
        fun, start.flat(), jac=True, method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": gtol, "ftol": 0.0, "maxcor": 20},
    )
    weights = Weights.from_flat(res.x, p, n_hidden)
    grad_max = float(np.max(np.abs(fun(res.x)[1])))
    if l2 == 0 and np.all((2.0 * y - 1.0) * _logit(weights, X) > 0):
        warnings.warn(
            "the trained network separates the classes (every example on its own side): the "
            "loss has no minimum, it decreases towards 0 as the weights grow, so these weights "
            "are where L-BFGS stopped, not an optimum; use l2 > 0 for a minimum",
            SeparationWarning,
            stacklevel=2,
        )
    return MLPResult(weights, float(res.fun), grad_max < 1e3 * gtol, int(res.nit))


def _logit(weights: Weights, X: NDArray[np.float64]) -> NDArray[np.float64]:
    return weights.b2 + np.tanh(X @ weights.W1 + weights.b1) @ weights.w2


def predict(weights: Weights, X: ArrayLike) -> NDArray[np.float64]:
    """The network's probabilities: sigmoid(b2 + tanh(X W1 + b1) w2), in float64.

    Raises
    ------
    ValueError
        If ``weights`` is not a :class:`Weights` of consistent shapes with finite entries,
        or ``X`` is not a finite 2-D array with one column per network input.
    """
    weights = _check_weights(weights)
    X = as_design(X)
    _check_columns(X, weights)
    return logistic(_logit(weights, X))


def n_symmetries(n_hidden: int) -> int:
    """How many weight vectors compute the same network: ``h! 2^h`` (permutations, sign flips)."""
    h = positive_int(n_hidden, "n_hidden")
    return math.factorial(h) * 2**h


def canonical(weights: Weights) -> Weights:
    """One representative of the ``h! 2^h`` weight vectors that compute the same network.

    ``tanh`` is odd, so flipping the signs of a unit's incoming weights, bias and outgoing
    weight changes nothing: make every outgoing weight ``w2`` non-negative. Permuting the
    hidden units changes nothing either: sort them by outgoing weight, largest first
    (ties broken by the incoming weights). Two solutions are the same network up to these
    symmetries exactly when their canonical forms are equal.

    Raises
    ------
    ValueError
        If ``weights`` is not a :class:`Weights` of consistent shapes with finite entries.
    """
    weights = _check_weights(weights)
    sign = np.where(weights.w2 < 0, -1.0, 1.0)
    W1, b1, w2 = weights.W1 * sign, weights.b1 * sign, weights.w2 * sign
    keys = np.vstack([W1, b1[None, :], -w2[None, :]])  # lexsort: last row is the primary key
    order = np.lexsort(keys)
    return Weights(W1[:, order], b1[order], w2[order], weights.b2)
