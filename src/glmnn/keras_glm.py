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

Bad input (issue 22) is refused before Newton's first step, with the argument and the
cause named: the input contract of :mod:`glmnn._checks`, then, on the rows of positive
weight, aliasing judged relative to each column's size, a response without a finite estimate
(one class, an empty class, all counts 0), a dispersion that cannot be estimated, too few
observations for the parameters, a loss that is not finite at the start. When Newton's
method fails, the message says why: no finite maximum (complete or quasi-complete
separation, an all-zero Poisson group: decided by a linear program), a singular or indefinite
Hessian, or too few iterations. Newton's method itself runs on columns (and a Gaussian
response) divided by powers of two to size about 1, so the units of the data do not matter.

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
    LARGEST,
    _as_float_array,
    as_bool,
    as_design,
    check_aligned,
    check_magnitude,
    check_same_length,
    column_names,
    fraction,
    full_rank,
    non_empty_str,
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

        Raises
        ------
        ValueError
            If ``alpha`` is not a real number strictly between 0 and 1 (a string, ``None``,
            an array, a complex number, a bool or NaN included).
        """
        alpha = fraction(alpha, "alpha")
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
        one for new data too (none means zero offset, as statsmodels assumes). A model
        fitted on a DataFrame takes the columns of a DataFrame ``X`` by name, in any order.

        Raises
        ------
        ValueError
            If ``X`` breaks the input contract of :func:`fit` (not numeric, not finite, not
            2-D...), has the wrong number of columns, or (for a model fitted on a DataFrame)
            is a DataFrame without the columns fitted; if ``offset`` or ``exposure`` is
            given without ``X``, or is bad as in :func:`fit`.
        """
        if X is None:
            if offset is not None or exposure is not None:
                raise ValueError("offset and exposure need X: without X, predict returns "
                                 "the fitted values")
            return self.fittedvalues
        fitted_names = self.exog_names[1:]
        columns = getattr(X, "columns", None)
        if self._labelled and columns is not None and hasattr(X, "iloc"):
            given = [str(c) for c in columns]
            missing = [c for c in fitted_names if c not in given]
            if missing or len(given) != len(fitted_names):
                raise ValueError(f"X has the columns {given}, but the model was fitted on the "
                                 f"columns {fitted_names} (taken by name)")
            X = X.iloc[:, [given.index(c) for c in fitted_names]]
        check_aligned(("X", X), ("offset", offset), ("exposure", exposure))
        X = as_design(X, allow_no_columns=True)
        if X.shape[1] != self._n_inputs:
            raise ValueError(f"X has {X.shape[1]} columns, the model was fitted on "
                             f"{self._n_inputs}")
        off = _offset(offset, exposure, X.shape[0], self.family)
        mean = _objective(self.family, self._n_inputs, _units(self._shape), off is not None)[0]
        args = (jnp.asarray(self._theta), jnp.asarray(X))
        if off is not None:
            args += (jnp.asarray(off),)
        return np.asarray(mean(*args), dtype=np.float64)

    def summary(self, alpha: float = 0.05, yname: str | None = "y") -> Any:
        """A statsmodels ``Summary``: the model, then coef, std err, z, P>|z| and the interval.

        The coefficient table is made by statsmodels' own ``summary_params`` from this
        network's numbers; for the multinomial family one block per class, headed
        ``yname=k`` as in ``MNLogit``'s summary. ``yname`` (``None``: ``"y"``) names the
        response, shown as the dependent variable.

        Raises
        ------
        ValueError
            If ``alpha`` is not a real number strictly between 0 and 1, or ``yname`` is an
            empty string.
        TypeError
            If ``yname`` is neither ``None`` nor a string.
        """
        from statsmodels.iolib.summary import Summary, summary_params, table_extend
        from statsmodels.iolib.table import SimpleTable

        alpha = fraction(alpha, "alpha")
        yname = "y" if yname is None else non_empty_str(yname, "yname")
        row = self.family
        top = [
            ("Dep. Variable:", yname),
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
        tables = []
        for k in range(columns.shape[1]):
            est, se = columns[:, k], bses[:, k]
            z = est / se
            rows = slice(k * columns.shape[0], (k + 1) * columns.shape[0])
            table = summary_params((None, est, se, z, 2 * stats.norm.sf(np.abs(z)), ci[rows]),
                                   yname=yname if theta.ndim == 1 else f"{yname}={k + 1}",
                                   xname=list(self.exog_names), alpha=alpha, use_t=False)
            if theta.ndim == 2:  # table_extend moves the title into the header: "y=1"
                table.title = f"{yname}={k + 1}"
            tables.append(table)
        smry.tables.append(tables[0] if theta.ndim == 1 else table_extend(tables))
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
    """``X`` as a finite float64 matrix (it may have no columns) and a DataFrame's column names.

    Duplicate column names and a column named ``const`` are refused (:func:`column_names`).
    """
    names = column_names(X)
    X = as_design(X, allow_no_columns=True)
    check_magnitude(X, "X")
    return X, names


def _per_example(v: ArrayLike | None, name: str, n: int) -> NDArray[np.float64] | None:
    if v is None:
        return None
    arr = _as_float_array(v, name)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{name} must be 1-D with one value per row of X ({n}), got shape "
                         f"{arr.shape}")
    check_magnitude(arr, name)
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


def _power_of_two(size: NDArray[np.float64]) -> NDArray[np.float64]:
    """The power of two nearest above ``size`` (1 for 0): dividing by it is exact."""
    size = np.asarray(size, dtype=np.float64)
    return np.where(size > 0, np.ldexp(1.0, np.frexp(size)[1]), 1.0)


def _check_data(row: families.FamilyLink, X: NDArray[np.float64], y: NDArray[np.float64],
                w: NDArray[np.float64], labels: list[str], weighted: bool, units: int
                ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Refuse, before any Newton step, data on which the estimate is not defined.

    Returns the powers of two ``sx`` that scale ``X``'s columns to at most 1, and the design
    Newton's method works on, ``[1, X / sx]``.

    ``X``, ``y`` and ``w`` are the rows of positive weight; ``labels`` name ``X``'s columns;
    ``units`` is the number of outputs (classes for the multinomial family, else 1).
    Refused: fewer rows than coefficients; a constant column, a column too small for its
    coefficient's variance to be a float64, an aliased design (scale-free rank); a
    response with no finite estimate (one class, an empty class, all counts 0) or no
    dispersion estimate (a constant Gaussian or Gamma response, a Gaussian response varying
    by less than 1e-150); fewer observations (sum of the weights) than parameters.
    """
    n, p = X.shape
    among = " among the rows of positive weight" if weighted else ""
    m = (p + 1) * (units - 1 if row.multiclass else 1)  # parameters
    if n < p + 1:
        raise ValueError(
            f"X has {n} row{'s' if n != 1 else ''} (observations){among} for {p + 1} "
            "coefficients per output "
            f"(intercept and {p} columns): too few observations, so the coefficients are "
            f"aliased (rank at most {n}) and the estimate is not unique"
        )
    hi, lo = (X.max(axis=0), X.min(axis=0)) if p else (np.ones(0), np.ones(0))
    if p:
        constant = np.flatnonzero(hi == lo)
        if constant.size:
            j = int(constant[0])
            raise ValueError(
                f"column {j} of X is constant{among}: the network's bias is already the "
                f"intercept, so a constant column ({labels[j]!r}) would be aliased with it; "
                "leave it out"
            )
        size = np.maximum(hi, -lo)
        tiny = np.flatnonzero(size < 1 / LARGEST)
        if tiny.size:
            j = int(tiny[0])
            raise ValueError(
                f"column {j} of X ({labels[j]!r}) is too small a scale: its values are at "
                f"most {size[j]:.3g} in magnitude, so its coefficient's variance (of order "
                f"1e+{int(-2 * np.log10(size[j]))}) would overflow float64; rescale the "
                "column (change its units), e.g. multiply it by a power of 10"
            )
    sx = _power_of_two(np.maximum(hi, -lo))
    Xt = np.empty((n, p + 1))
    Xt[:, 0] = 1.0
    np.divide(X, sx, out=Xt[:, 1:])
    if p:
        full_rank(Xt, ["const", *labels])
    if row.family == "binomial" and np.all(y == y[0]):
        label = int(y[0])
        raise ValueError(
            f"every label y is {label}{among}: only one class, so the classes are "
            f"trivially separated and the log-likelihood has no finite maximum (the "
            f"intercept would run to {'+' if label else '-'}inf); both classes are needed"
        )
    if row.multiclass:
        total = np.bincount(y.astype(int), minlength=units)
        empty = np.flatnonzero(total == 0)
        if empty.size:
            k = int(empty[0])
            raise ValueError(
                f"class {k} has no rows of positive weight (its freq_weights sum to 0): its "
                "probability estimate would be 0 and its coefficients have no finite "
                "estimate; drop the class and renumber the labels, or give its rows weight"
            )
    if row.family == "poisson" and np.all(y == 0):
        raise ValueError(
            f"every count y is zero{among}: the Poisson log-likelihood increases as the "
            "intercept goes to -inf (fitted means 0), so there is no finite estimate"
        )
    if row.dispersion:
        spread = float(np.ptp(y))
        if spread == 0:
            raise ValueError(
                f"y is constant ({y[0]:g} in every row{among}): every residual of the fit "
                f"is 0, so the dispersion (scale) of the {row.family} family is estimated "
                "as 0 and the standard errors and log-likelihood are degenerate (0 and "
                "+inf); a constant response has nothing to explain"
            )
        if row.family == "gaussian" and spread < 1 / LARGEST:
            raise ValueError(
                f"y varies by at most {spread:.3g}: far too small a scale, the variance "
                "sigma^2 would underflow float64; rescale y (change its units)"
            )
    wn = float(np.sum(w))
    df = wn - m
    if df < 0 or (row.dispersion and df <= 0):
        what = (f"the freq_weights sum to {wn:g} observations" if weighted or wn != n
                else f"X has {n} rows (observations)")
        need = "more than" if row.dispersion else "at least"
        raise ValueError(
            f"{what} for {m} parameters: the residual degrees of freedom, df_resid = "
            f"{wn:g} - {m} = {df:g}, would be {'negative' if df < 0 else '0'}"
            + (f", so the dispersion of the {row.family} family (Pearson's chi-squared over "
               "df_resid) cannot be estimated" if row.dispersion else "")
            + f"; {need} {m} observations are needed"
        )
    return sx, Xt


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


def _model_start(model: Any, p: int, units: int, row: families.FamilyLink) -> NDArray[np.float64]:
    """The parameters of a ``model`` passed to :func:`fit`, checked against the data."""
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
    if not np.all(np.isfinite(start)):
        raise ValueError("model has weights that are NaN or inf: Newton's method cannot start "
                         "from them; pass a model with finite weights, or none (Newton's "
                         "method then starts from the intercept-only fit)")
    return start


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
    )


def _check_model(model: Any) -> None:
    if not isinstance(model, keras.layers.Layer):
        raise TypeError(
            f"model must be a Keras model (e.g. from build_model, or keras.Sequential with one "
            f"Dense layer), got {type(model).__name__} {model!r:.40}"
        )


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
