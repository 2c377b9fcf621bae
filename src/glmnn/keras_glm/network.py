"""The network: a Keras ``Dense`` layer whose activation is the inverse link, and its functions.

What is here: :func:`build_model` (the float64 network ``Input -> Dense(g^{-1})``, with an
offset as a second input whose weight is fixed at 1), :func:`model_params` (a network's
weights in statsmodels' layout) and ``_weights`` (the way back), the checks that Keras runs
on JAX in float64 (``_enable_float64``) and that a model is a Keras model
(``_check_model``), and the jitted functions of a network that :mod:`.newton` and
:mod:`.results` evaluate: ``_objective`` (the network's output, its loss, and the loss with
gradient and Hessian ``J^T D J``, ``D`` by autodiff) and ``_linear_predictor`` (the
weighted sum ``z``, its Jacobian in the weights and the slope of the activation, for
:meth:`GLMResult.get_prediction <glmnn.keras_glm.GLMResult.get_prediction>`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from glmnn import families
from glmnn._checks import as_bool, positive_int

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402


def _units(shape: tuple[int, ...]) -> int:
    return shape[1] + 1 if len(shape) == 2 else 1


def build_model(
    n_inputs: int,
    family: str = "binomial",
    link: str | None = None,
    *,
    n_classes: int | None = None,
    offset: bool = False,
) -> Any:
    """A float64 Keras network ``Input(n_inputs) -> Dense(units, activation=g^{-1})``.

    ``units`` is 1, or ``n_classes`` for the multinomial family (a softmax output). The
    weights start at zero. ``n_inputs`` may be 0: the intercept-only network.

    With ``offset=True`` the network has a second input, the offset (``log`` of the
    exposure in a rate model): it reaches the weighted sum through a weight fixed at 1, a
    non-trainable ``Dense`` of one weight, and the activation is applied to the sum. Its
    inputs are then ``[X, offset]``, the offset of shape ``(n, 1)``.

    Raises
    ------
    ValueError
        For an unknown family/link pair (an empty link included), ``n_inputs`` not an
        integer >= 0 (numpy integers accepted), ``n_classes`` missing or below 2 for the
        multinomial family (or given for another family), or an offset for the
        multinomial family.
    TypeError
        If ``offset`` is not a bool.
    """
    row = families.get(family, link)
    n_inputs = _n_inputs(n_inputs)
    offset = as_bool(offset, "offset")
    if row.multiclass:
        if n_classes is None or positive_int(n_classes, "n_classes") < 2:
            raise ValueError(
                f"the multinomial family needs n_classes >= 2, got {n_classes!r}"
            )
        if offset:
            raise ValueError("an offset is for one-output families; the multinomial "
                             "family (sm.MNLogit) has none")
        return _build(row, n_inputs, int(n_classes))
    if n_classes is not None:
        raise ValueError(f"n_classes is only for the multinomial family, not {row.family!r}")
    return _build(row, n_inputs, 1, offset=bool(offset))


def _n_inputs(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"n_inputs must be a non-negative integer, got {value!r}")
    return int(value)


def _build(row: families.FamilyLink, n_inputs: int, units: int, *, offset: bool = False) -> Any:
    _enable_float64()
    dense = keras.layers.Dense(
        units,
        activation=row.keras_activation,
        kernel_initializer="zeros",
        dtype="float64",
    )
    if not offset:
        return keras.Sequential([keras.Input((n_inputs,), dtype="float64"), dense])
    x = keras.Input((n_inputs,), dtype="float64", name="X")
    off = keras.Input((1,), dtype="float64", name="offset")
    z = keras.layers.Dense(units, kernel_initializer="zeros", dtype="float64",
                           name="weighted_sum")(x)
    fixed = keras.layers.Dense(units, use_bias=False, kernel_initializer="ones",
                               trainable=False, dtype="float64", name="offset_weight_1")(off)
    total = keras.layers.Add(dtype="float64", name="plus_offset")([z, fixed])
    out = keras.layers.Activation(row.keras_activation, dtype="float64", name="inverse_link")(total)
    return keras.Model([x, off], out)


def model_params(model: Any) -> NDArray[np.float64]:
    """The weights of a network with one ``Dense`` layer, in statsmodels' layout.

    For one output unit: ``(bias, w_1, ..., w_p)``, shape ``(p + 1,)``. For ``K >= 2``
    units (a softmax output): the weights of units 1, ..., K-1 *minus those of unit 0*,
    shape ``(p + 1, K - 1)``, bias in the first row. Adding one vector to every unit's
    weights changes no softmax probability, so these differences are all the probabilities
    depend on; they are ``sm.MNLogit``'s parameters. Only trainable weights count (an
    offset's fixed weight is not a parameter).

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model (or layer).
    ValueError
        If the model's trainable weights are not one kernel of shape ``(p, units)`` and one
        bias.
    """
    _check_model(model)
    # not model.get_weights(): with numpy 2 it goes through a deprecated __array__ path
    weights = [np.asarray(v.value, dtype=np.float64) for v in model.trainable_weights]
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


def _check_model(model: Any) -> None:
    if not isinstance(model, keras.layers.Layer):
        raise TypeError(
            f"model must be a Keras model (e.g. from build_model, or keras.Sequential with one "
            f"Dense layer), got {type(model).__name__} {model!r:.40}"
        )


@functools.lru_cache(maxsize=32)
def _objective(
    row: families.FamilyLink, n_inputs: int, units: int, offset: bool = False
) -> tuple[Callable[..., Any], ...]:
    """Jitted functions of the network: output, loss, and loss with gradient and Hessian.

    ``mean(theta, X[, off])`` is the network's output through ``stateless_call``.
    ``value(theta, Xt, y, w, off)`` and ``newton(theta, Xt, y, w, off)`` (value, gradient,
    Hessian) work on the layer's output ``z = Xt B + off``, ``Xt`` the design with its
    column of ones: the loss is the family's loss of the network's own activation of ``z``,
    and the Hessian is ``J^T D J`` with ``D`` the curvature in ``z`` by autodiff (see the
    module docstring). The free parameters ``theta`` are flat, output by output
    (column-major); for a softmax output the network's class-0 weights are held at zero.
    Cached per (family row, inputs, units, offset): a second fit of the same shape reuses
    the compiled functions.
    """
    template = _build(row, n_inputs, units, offset=offset)
    non_trainable = [v.value for v in template.non_trainable_variables]
    dense = next(layer for layer in template.layers if isinstance(layer, keras.layers.Dense))
    activation = dense.activation if not offset else template.layers[-1].activation
    free = units - 1 if row.multiclass else 1

    def mean(theta: Any, X: Any, off: Any = None) -> Any:
        weights = _weights(theta, n_inputs, row.multiclass, jnp)
        inputs = X if not offset else [X, off[:, None]]
        out, _ = template.stateless_call(weights, non_trainable, inputs)
        return out if row.multiclass else out[:, 0]

    def layer_output(theta: Any, Xt: Any, off: Any) -> Any:
        Z = Xt @ theta.reshape(free, n_inputs + 1).T  # (n, free)
        if row.multiclass:
            return jnp.concatenate([jnp.zeros((Xt.shape[0], 1), Z.dtype), Z], axis=1)
        return Z[:, 0] + off

    def example_loss(z: Any, y: Any) -> Any:
        """One example's loss as a function of the layer's output (a number, or K numbers)."""
        if row.multiclass:
            return row.nll(y[None], activation(z[None, :]))[0]
        return row.nll(y, activation(z))

    def value(theta: Any, Xt: Any, y: Any, w: Any, off: Any) -> Any:
        z = layer_output(theta, Xt, off)
        return jnp.sum(w * jax.vmap(example_loss)(z, y))

    def curvature(theta: Any, Xt: Any, y: Any, w: Any, off: Any) -> Any:
        """Summed loss, and per example the weighted gradient and curvature in ``z``."""
        z = layer_output(theta, Xt, off)
        loss_i, g = jax.vmap(jax.value_and_grad(example_loss))(z, y)  # dloss/dz
        d = jax.vmap(jax.hessian(example_loss))(z, y)  # curvature in z: (n,) or (n, K, K)
        wg = w.reshape((-1,) + (1,) * (g.ndim - 1))
        wd = w.reshape((-1,) + (1,) * (d.ndim - 1))
        return jnp.sum(w * loss_i), wg * g, wd * d

    def newton_multiclass(theta: Any, Xt: Any, y: Any, w: Any, off: Any) -> Any:
        value, g, d = curvature(theta, Xt, y, w, off)
        g, d = g[:, 1:], d[:, 1:, 1:]  # the free classes: class 0's weights are fixed
        grad = (Xt.T @ g).T.reshape(-1)  # class by class
        k, m = free, n_inputs + 1
        H = jnp.einsum("ikl,ia,ib->kalb", d, Xt, Xt)  # sum_i of kron(D_i, x_i x_i')
        return value, grad, H.reshape(k * m, k * m)

    jit_mean = jax.jit(mean) if offset else jax.jit(lambda theta, X: mean(theta, X))
    if row.multiclass:
        return jit_mean, jax.jit(value), jax.jit(newton_multiclass)
    jit_curvature = jax.jit(curvature)

    def newton(theta: Any, Xt: Any, y: Any, w: Any, off: Any, Xt_np: Any = None) -> Any:
        # one output: D is diagonal, and J^T D J = Xt' diag(d) Xt is one matrix product,
        # which numpy's BLAS forms faster than XLA's CPU backend does in float64
        value, g, d = (np.asarray(a) for a in jit_curvature(theta, Xt, y, w, off))
        X_ = np.asarray(Xt) if Xt_np is None else Xt_np
        return value, X_.T @ g, X_.T @ (d[:, None] * X_)

    return jit_mean, jax.jit(value), newton


@functools.lru_cache(maxsize=32)
def _linear_predictor(
    row: families.FamilyLink, n_inputs: int, offset: bool = False
) -> tuple[Callable[..., Any], ...]:
    """Jitted functions for ``get_prediction``: the weighted sum ``z``, its Jacobian, the slope.

    ``linear(theta, X[, off])`` returns the weighted sum ``z = b + X w`` (plus the offset),
    the network's output before its activation, and its Jacobian in ``theta`` (one row per
    example), ``jax.jacfwd`` of ``z``. ``z`` is computed by a network through
    ``stateless_call``: the network of the same inputs and weights whose activation is the
    identity (the Gaussian/identity row's; its output is the weighted sum itself).
    ``slope(z)`` is ``d mean / d z`` at each ``z``, ``jax.grad`` of the row's activation
    taken from its network's layer (as in :func:`_objective`); ``inverse(z)`` is that
    activation, the inverse link, applied elementwise. Cached like :func:`_objective`.
    """
    weighted_sum = _build(families.TABLE["gaussian", "identity"], n_inputs, 1, offset=offset)
    non_trainable = [v.value for v in weighted_sum.non_trainable_variables]
    network = _build(row, n_inputs, 1, offset=offset)
    dense = next(layer for layer in network.layers if isinstance(layer, keras.layers.Dense))
    activation = dense.activation if not offset else network.layers[-1].activation

    def z(theta: Any, X: Any, off: Any = None) -> Any:
        weights = _weights(theta, n_inputs, False, jnp)
        inputs = X if not offset else [X, off[:, None]]
        out, _ = weighted_sum.stateless_call(weights, non_trainable, inputs)
        return out[:, 0]

    def linear(theta: Any, X: Any, off: Any = None) -> Any:
        return z(theta, X, off), jax.jacfwd(z)(theta, X, off)

    def slope(values: Any) -> Any:
        return jax.vmap(jax.grad(lambda v: activation(v[None])[0]))(values)

    jit_linear = jax.jit(linear) if offset else jax.jit(lambda theta, X: linear(theta, X))
    return jit_linear, jax.jit(slope), jax.jit(activation)
