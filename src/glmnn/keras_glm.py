"""Fit a generalised linear model as a Keras network, to the maximum-likelihood optimum.

Chapters 4 to 6 use it. :func:`fit` builds a network without hidden layers, a ``Dense``
output layer whose activation is the inverse link of the chosen row of
:data:`glmnn.families.TABLE` (one unit; for the multinomial family one softmax unit per
class), and finds the weights that minimise the family's negative log-likelihood
*exactly*: Newton's method on the network's own loss. A model already trained with
``model.fit`` can be passed in; Newton's method then starts from its weights. Standard
errors come from the inverse Hessian of the same loss. The result is shaped like
statsmodels' (labelled when ``X`` is a DataFrame, with ``summary()``, ``conf_int()``,
``pvalues``, ``predict``, ``llf`` with every constant...).

The Hessian. The ``Dense`` layer's output ``z = b + X w`` (plus an offset) is linear in the
weights, so the Hessian of the loss is ``J^T D J``: ``J`` the layer's Jacobian (the design
matrix with its column of ones, once per output unit) and ``D`` the curvature of each
example's loss in the layer's output, a number per example (a K x K block for the
softmax). ``D`` is computed by JAX, differentiating twice the composition of the network's
own activation (taken from its ``Dense`` layer) and the family's loss: no formula per
family is written by hand, and it is the *observed* information for every link (the
tests compare it with ``jax.hessian`` of the whole network's loss). This costs what
forming ``X^T W X`` costs, instead of one pass through the network per parameter.

Offsets and exposure (Poisson rate models) are, in the network, a second input whose
weight is fixed at 1: a non-trainable part of the output layer (see :func:`build_model`).
Frequency weights multiply each example's loss.

The network's bias is the intercept, so ``X`` must not contain a constant column; ``X``
may have no columns at all (the intercept-only, null model). Keras must run on JAX:
importing this module sets ``KERAS_BACKEND=jax`` unless it is already set, and
:func:`fit` switches JAX to 64-bit floats, which the comparisons to 1e-6 need.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from glmnn import families
from glmnn._checks import (
    _as_float_array,
    as_design,
    check_same_length,
    full_rank_with_intercept,
    positive_int,
    positive_number,
)
from glmnn.separation import separation_kind

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402

__all__ = ["fit", "GLMResult", "build_model", "model_params"]


class GLMResult:
    """The fitted network and its statistics, laid out as statsmodels lays them out.

    Parameters are in statsmodels' order, intercept first. For the multinomial family with
    K classes the layout is ``sm.MNLogit``'s: class 0 is the reference, and column
    ``k - 1`` of :attr:`params` holds the weights of class ``k`` minus those of class 0
    (the softmax network with class 0's weights fixed at zero).

    When ``X`` was a pandas DataFrame, :attr:`params`, :attr:`bse`, :attr:`tvalues` and
    :attr:`pvalues` are labelled like statsmodels' (a ``Series`` indexed ``const`` and the
    column names; a ``DataFrame`` with columns 0, ..., K-2 for the multinomial family);
    with numpy input they are numpy arrays.

    Attributes
    ----------
    params : ndarray or pandas object, shape (p + 1,), or (p + 1, K - 1) for the multinomial family
        Bias, then the weights of the columns of ``X``.
    bse : like :attr:`params`
        Standard errors: square roots of the diagonal of :attr:`cov_params`.
    cov_params : ndarray of shape (m, m), m = number of parameters
        :attr:`scale` times the inverse Hessian of the network's summed loss at
        :attr:`params` (the *observed* information; for non-canonical links statsmodels'
        IRLS reports the expected one instead), parameters in column-major order (class by
        class, as ``MNLogit``).
    llf : float
        The log-likelihood at the optimum with every constant, statsmodels' ``llf``: minus
        the summed loss, plus the terms free of the weights (``-log y!`` for the Poisson;
        for the Gaussian and Gamma families the dispersion terms, with the dispersion
        statsmodels uses there: ``SSR / n`` for the Gaussian, :attr:`scale` for the Gamma).
    scale : float
        The dispersion: 1 for the binomial, multinomial and Poisson families; for the
        Gaussian and Gamma families Pearson's chi-squared over :attr:`df_resid`, as
        statsmodels estimates it (for the Gaussian: the residual mean square of OLS).
    nobs : int
        Number of rows of ``X``.
    df_model, df_resid : float
        Parameters other than the intercepts; (sum of the frequency weights) minus the
        number of parameters.
    iterations : int
        Newton steps taken after the starting point.
    model : keras.Model
        The network, holding :attr:`params` as its weights (float64), built on first use.
        With an offset it has two inputs, ``[X, offset]``. Call it directly, ``model(X)``,
        for float64 predictions (``model.predict`` casts to ``keras.config.floatx()``), or
        use :meth:`predict`.
    family : glmnn.families.FamilyLink
        The row of the family table that was fitted.
    exog_names : list of str
        ``const`` and the names of the columns (``x1, x2, ...`` for numpy input).
    """

    def __init__(self, *, theta, shape, cov, loss, llf, scale, iterations, row, n_inputs,
                 names, labelled, nobs, wnobs, offset, fitted_mean):
        self._theta = theta
        self._shape = shape
        self.cov_params = cov
        self.loss = loss
        self.llf = llf
        self.scale = scale
        self.iterations = iterations
        self.family = row
        self._n_inputs = n_inputs
        self.exog_names = names
        self._labelled = labelled
        self.nobs = nobs
        self.df_model = float(theta.size - (shape[1] if len(shape) == 2 else 1))
        self.df_resid = float(wnobs - theta.size)
        self._has_offset = offset is not None
        self.fittedvalues = fitted_mean
        self._model = None

    def __repr__(self) -> str:
        return (f"GLMResult(family={self.family.family!r}, link={self.family.link!r}, "
                f"nobs={self.nobs}, params={self._theta.size}, llf={self.llf:.6g})")

    # ---- the statistics, numpy or labelled like statsmodels' ----
    def _label(self, values: NDArray[np.float64]) -> Any:
        values = values.reshape(self._shape, order="F")
        if not self._labelled:
            return values
        import pandas as pd

        if values.ndim == 1:
            return pd.Series(values, index=self.exog_names)
        return pd.DataFrame(values, index=self.exog_names, columns=range(values.shape[1]))

    @property
    def params(self) -> Any:
        return self._label(self._theta)

    @property
    def bse(self) -> Any:
        return self._label(np.sqrt(np.diag(self.cov_params)))

    @property
    def tvalues(self) -> Any:
        """Wald statistics, ``params / bse`` (z-values: the normal distribution, as statsmodels)."""
        return self._label(self._theta / np.sqrt(np.diag(self.cov_params)))

    @property
    def pvalues(self) -> Any:
        """Two-sided p-values of the z-values under the normal distribution."""
        z = self._theta / np.sqrt(np.diag(self.cov_params))
        return self._label(2 * stats.norm.sf(np.abs(z)))

    def conf_int(self, alpha: float = 0.05) -> Any:
        """Wald intervals ``params -/+ z_(1 - alpha/2) bse``: shape (m, 2) in parameter order.

        Labelled input gives a ``DataFrame`` with columns 0 and 1 (lower, upper), as
        statsmodels' ``GLMResults.conf_int``; for the multinomial family its index is
        (class, name) pairs, as ``MNLogit``'s, with columns ``lower`` and ``upper``.
        """
        alpha = float(alpha)
        if not 0 < alpha < 1:
            raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
        half = stats.norm.ppf(1 - alpha / 2) * np.sqrt(np.diag(self.cov_params))
        ci = np.column_stack([self._theta - half, self._theta + half])
        if not self._labelled:
            return ci
        import pandas as pd

        if len(self._shape) == 1:
            return pd.DataFrame(ci, index=self.exog_names)
        index = pd.MultiIndex.from_tuples(
            [(str(k + 1), name) for k in range(self._shape[1]) for name in self.exog_names])
        return pd.DataFrame(ci, index=index, columns=["lower", "upper"])

    # ---- the network ----
    @property
    def model(self) -> Any:
        if self._model is None:
            units = self._shape[1] + 1 if len(self._shape) == 2 else 1
            model = _build(self.family, self._n_inputs, units, offset=self._has_offset)
            kernel, bias = _weights(self._theta, self._n_inputs, self.family.multiclass)
            model.trainable_weights[0].assign(kernel)
            model.trainable_weights[1].assign(bias)
            self._model = model
        return self._model

    def predict(self, X: ArrayLike | None = None, *, offset: ArrayLike | None = None,
                exposure: ArrayLike | None = None) -> NDArray[np.float64]:
        """The network's output in float64: the mean, or the K class probabilities.

        Without ``X``: the fitted values. A model fitted with an offset or exposure needs
        one for new data too (none means zero offset, as statsmodels assumes).
        """
        if X is None:
            if offset is not None or exposure is not None:
                raise ValueError("offset and exposure need X: without X, predict returns "
                                 "the fitted values")
            return self.fittedvalues
        X, _ = _design(X)
        if X.shape[1] != self._n_inputs:
            raise ValueError(f"X has {X.shape[1]} columns, the model was fitted on "
                             f"{self._n_inputs}")
        off = _offset(offset, exposure, X.shape[0], self.family)
        mean = _objective(self.family, self._n_inputs, _units(self._shape), off is not None)[0]
        args = (jnp.asarray(self._theta), jnp.asarray(X))
        if off is not None:
            args += (jnp.asarray(off),)
        return np.asarray(mean(*args), dtype=np.float64)

    def summary(self, alpha: float = 0.05, yname: str = "y") -> Any:
        """A statsmodels ``Summary``: the model, then coef, std err, z, P>|z| and the interval.

        The coefficient table is made by statsmodels' own ``summary_params`` (or
        ``summary_params_2d`` for the multinomial family) from this network's numbers.
        """
        from statsmodels.iolib.summary import Summary, summary_params
        from statsmodels.iolib.table import SimpleTable

        row = self.family
        top = [
            ("Model:", "Keras network (no hidden layer)"),
            ("Family / link:", f"{row.family} / {row.link}"),
            ("Output activation:", row.activation),
            ("Loss:", row.loss),
            ("No. Observations:", f"{self.nobs}"),
            ("Df Residuals:", f"{self.df_resid:g}"),
            ("Df Model:", f"{self.df_model:g}"),
            ("Scale:", f"{self.scale:.4f}"),
            ("Log-Likelihood:", f"{self.llf:.2f}"),
            ("Newton iterations:", f"{self.iterations}"),
        ]
        smry = Summary()
        smry.tables.append(SimpleTable([[a, b] for a, b in top],
                                       title="Generalised linear model as a network"))
        theta = self._theta.reshape(self._shape, order="F")
        bse = np.sqrt(np.diag(self.cov_params)).reshape(self._shape, order="F")
        ci = self.conf_int(alpha)
        ci = np.asarray(ci)
        columns = theta[:, None] if theta.ndim == 1 else theta
        bses = bse[:, None] if bse.ndim == 1 else bse
        for k in range(columns.shape[1]):
            est, se = columns[:, k], bses[:, k]
            z = est / se
            rows = slice(k * columns.shape[0], (k + 1) * columns.shape[0])
            table = summary_params((None, est, se, z, 2 * stats.norm.sf(np.abs(z)), ci[rows]),
                                   yname=yname if theta.ndim == 1 else f"{yname}={k + 1}",
                                   xname=list(self.exog_names), alpha=alpha, use_t=False)
            smry.tables.append(table)
        return smry


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
        For an unknown family/link pair, ``n_inputs < 0``, ``n_classes`` missing or below
        2 for the multinomial family (or given for another family), or an offset for the
        multinomial family.
    """
    row = families.get(family, link)
    n_inputs = _n_inputs(n_inputs)
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
    ValueError
        If the model's trainable weights are not one kernel of shape ``(p, units)`` and one
        bias.
    """
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


def _design(X: ArrayLike) -> tuple[NDArray[np.float64], list[str] | None]:
    """``X`` as a finite float64 matrix (it may have no columns) and a DataFrame's column names."""
    columns = getattr(X, "columns", None)
    names = [str(c) for c in columns] if columns is not None and hasattr(X, "to_numpy") else None
    return as_design(X, allow_no_columns=True), names


def _check_design(X: NDArray[np.float64]) -> None:
    if X.shape[1] == 0:
        return
    constant = np.flatnonzero(np.ptp(X, axis=0) == 0)
    if constant.size:
        raise ValueError(
            f"column {constant[0]} of X is constant: the network's bias is already the "
            "intercept, so a constant column would be aliased with it; leave it out"
        )
    full_rank_with_intercept(X)


def _per_example(v: ArrayLike | None, name: str, n: int) -> NDArray[np.float64] | None:
    if v is None:
        return None
    arr = _as_float_array(v, name)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{name} must be 1-D with one value per row of X ({n}), got shape "
                         f"{arr.shape}")
    return arr


def _offset(offset: ArrayLike | None, exposure: ArrayLike | None, n: int,
            row: families.FamilyLink) -> NDArray[np.float64] | None:
    """The offset added to the weighted sum: ``offset + log(exposure)``, or None."""
    off = _per_example(offset, "offset", n)
    exp = _per_example(exposure, "exposure", n)
    if off is None and exp is None:
        return None
    if row.multiclass:
        raise ValueError("offset and exposure are for one-output families; the multinomial "
                         "family (sm.MNLogit) has none")
    if exp is not None:
        if np.any(exp <= 0):
            raise ValueError("exposure must be strictly positive (it enters as log(exposure))"
                             f", found {np.min(exp):g}")
        if row.link != "log":
            raise ValueError(f"exposure is for the log link (a rate model), not "
                             f"{row.family}/{row.link}: pass offset=np.log(exposure) if meant")
        off = np.log(exp) if off is None else off + np.log(exp)
    return off


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
    elif row.link == "log":
        mean = max(mean, 1e-3)
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
        On a constant or aliased column of ``X``, a response the family does not allow
        (binomial: labels other than 0 and 1; multinomial: labels that are not 0, ...,
        K-1, or a class without observations; Poisson: negative counts; Gamma: values that
        are not positive), NaN or inf, mismatched lengths, an exposure that is not positive
        or given for a link other than log, an offset for the multinomial family, negative
        or all-zero frequency weights, an unknown family/link pair, a ``model`` of the
        wrong shape, or when the likelihood has no finite maximum (separated classes) or
        Newton's method does not converge.
    """
    row = families.get(family, link)
    tol = positive_number(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    X, names = _design(X)
    y = row.check_y(y)
    check_same_length(X, y)
    _check_design(X)
    n, p = X.shape
    off = _offset(offset, exposure, n, row)
    w = _per_example(freq_weights, "freq_weights", n)
    if w is not None and (np.any(w < 0) or not np.any(w > 0)):
        raise ValueError("freq_weights must be non-negative, with at least one positive")
    weights = np.ones(n) if w is None else w
    units = int(y.max()) + 1 if row.multiclass else 1
    if model is None:
        start = _start(row, y, weights, p, off)
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

    mean, _, newton = _objective(row, p, units, off is not None)
    Xt = np.empty((n, p + 1))
    Xt[:, 0], Xt[:, 1:] = 1.0, X
    args = (jnp.asarray(Xt), jnp.asarray(y), jnp.asarray(weights),
            jnp.asarray(np.zeros(n) if off is None else off))
    extra = () if row.multiclass else (Xt,)  # the numpy design, for the one-output Hessian
    value, grad, H = (np.asarray(a) for a in newton(theta, *args, *extra))
    converged = False
    iterations = 0
    for iterations in range(1, max_iter + 1):
        try:
            step = np.linalg.solve(H, -grad)
        except np.linalg.LinAlgError:
            break
        # at the floor of rounding an ill-conditioned design can keep proposing steps a
        # little above tol that decrease nothing: stop when the decrease Newton predicts,
        # -grad . step, is below 1e-20 of the loss (far below anything an estimate shows)
        decrease = -float(np.dot(grad, step))
        if decrease <= 1e-20 * max(1.0, abs(float(value))):
            converged = True
            break
        # halve the step until the loss does not increase (Newton's safeguard); the
        # evaluation that accepts a step also brings the next gradient and Hessian
        for _ in range(30):
            trial = newton(theta + step, *args, *extra)
            new_value = float(trial[0])
            if np.isfinite(new_value) and new_value <= value + 1e-12 * abs(value):
                break
            step = step / 2
        theta = theta + step
        if not np.all(np.isfinite(theta)):
            break
        value, grad, H = (np.asarray(a) for a in trial)
        if np.all(np.abs(step) <= tol * (1 + np.abs(theta))):
            converged = True
            break
    finite = bool(np.all(np.isfinite(theta)))
    mean_args = (jnp.asarray(theta), jnp.asarray(X)) + (() if off is None else (jnp.asarray(off),))
    fitted_mean = np.asarray(mean(*mean_args)) if finite else None
    boundary = finite and _at_boundary(row, fitted_mean, y, weights)
    if not converged or boundary:
        raise ValueError(_no_optimum_message(row, X, y, iterations, boundary))

    wnobs = float(np.sum(weights))
    scale = 1.0
    if row.dispersion:  # Pearson's chi-squared over the residual degrees of freedom
        variance = row.statsmodels_family().variance(fitted_mean)  # V(mu)
        pearson = np.sum(weights * (y - fitted_mean) ** 2 / variance)
        scale = float(pearson / (wnobs - theta.size))
    cov = scale * np.linalg.inv(H)
    cov = (cov + cov.T) / 2
    return GLMResult(
        theta=theta, shape=shape, cov=cov, loss=float(value),
        llf=families.loglike(row, float(value), y, weights, scale), scale=scale,
        iterations=iterations, row=row, n_inputs=p,
        names=["const", *(names if names is not None else [f"x{j + 1}" for j in range(p)])],
        labelled=names is not None, nobs=n, wnobs=wnobs, offset=off, fitted_mean=fitted_mean,
    )


def _at_boundary(row: families.FamilyLink, mean: Any, y: NDArray[np.float64],
                 w: NDArray[np.float64]) -> bool:
    """Whether some fitted probability equals its label to 1e-10: the mark of separation.

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
        return bool(np.any(others.sum(axis=1)[used] < 1e-10))
    if row.family != "binomial":
        return False
    return bool(np.any(np.abs(y - mean)[used] < 1e-10))


def _no_optimum_message(
    row: families.FamilyLink,
    X: NDArray[np.float64],
    y: NDArray[np.float64],
    iterations: int,
    boundary: bool,
) -> str:
    kind = separation_kind(X, y) if row.family == "binomial" else "overlap"
    if kind != "overlap":
        return (
            f"the classes are {kind}ly separated: the log-likelihood has no finite "
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
