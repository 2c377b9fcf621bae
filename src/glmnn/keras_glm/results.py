"""The result of :func:`glmnn.keras_glm.fit`, laid out as statsmodels lays it out.

What is here: :class:`GLMResult`: the estimate and its statistics (``params``, ``bse``,
``tvalues``, ``pvalues``, ``conf_int``, labelled when ``X`` was a DataFrame), the network
holding the estimate (``model``), predictions (``predict``), the mean with its standard
error and confidence interval by the delta method (``get_prediction``, computed in
:mod:`.prediction`), and statsmodels' ``summary()``.
"""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from glmnn._checks import as_design, check_aligned, fraction, non_empty_str
from glmnn.keras_glm.checks import _offset
from glmnn.keras_glm.network import _build, _objective, _units, _weights
from glmnn.keras_glm.prediction import PredictionResult, _delta_method


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
                 names, labelled, nobs, wnobs, offset, fitted_mean, exog=None, row_labels=None):
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
        # the rows fitted, for get_prediction() without X
        self._exog, self._exog_offset, self._row_labels = exog, offset, row_labels
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
        X, off = self._new_data(X, offset, exposure)
        mean = _objective(self.family, self._n_inputs, _units(self._shape), off is not None)[0]
        args = (jnp.asarray(self._theta), jnp.asarray(X))
        if off is not None:
            args += (jnp.asarray(off),)
        return np.asarray(mean(*args), dtype=np.float64)

    def _new_data(self, X: ArrayLike, offset: ArrayLike | None, exposure: ArrayLike | None
                  ) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
        """New rows, checked as :meth:`predict` says: ``X`` as float64, and the offset or None."""
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
        return X, _offset(offset, exposure, X.shape[0], self.family)

    def get_prediction(self, X: ArrayLike | None = None, *, offset: ArrayLike | None = None,
                       exposure: ArrayLike | None = None) -> PredictionResult:
        """The mean at ``X`` with its standard error and confidence interval, as statsmodels'.

        The network's counterpart of statsmodels' ``GLMResults.get_prediction`` (at
        ``sm.add_constant(X)``): ``summary_frame(alpha)`` has the columns ``mean``,
        ``mean_se``, ``mean_ci_lower`` and ``mean_ci_upper``, indexed like ``X`` (a
        DataFrame's index, else 0, ..., n-1); ``linpred`` is the linear predictor ``z``.
        The delta method on the link scale (:mod:`glmnn.keras_glm.prediction`): ``z`` and its
        gradient in the weights by autodiff on the network, ``se(z)`` from
        :attr:`cov_params` (the dispersion included), the interval ``z -/+ z_(1 - alpha/2)
        se(z)`` mapped through the inverse link, ``mean_se = |d mean / d z| se(z)``. The
        covariance is the observed information's: for a non-canonical link (probit,
        cloglog, Gamma/log) it equals statsmodels' after ``fit(method="newton")``, not after
        its default IRLS, which reports the expected information.

        Without ``X``: the rows fitted, with their offset and index, as :meth:`predict`
        (statsmodels' ``get_prediction()`` without ``exog`` takes the offset as 0 there).
        ``X``, ``offset`` and ``exposure`` are taken as :meth:`predict` takes them: new
        rows without an offset get offset 0, as in statsmodels.

        Raises
        ------
        ValueError
            For the multinomial family (:meth:`predict` gives its class probabilities); if
            ``offset`` or ``exposure`` is given without ``X``; on the input :meth:`predict`
            refuses (not numeric, NaN or inf, the wrong columns, a bad offset or exposure).
            ``alpha`` is checked by the result's ``conf_int`` and ``summary_frame``.
        """
        if self.family.multiclass:
            raise ValueError(
                "get_prediction is for one-output families; the multinomial family has K "
                "class probabilities from K - 1 linear predictors (statsmodels' MNLogit has "
                "no get_prediction either): use predict for the class probabilities"
            )
        if X is None:
            if offset is not None or exposure is not None:
                raise ValueError("offset and exposure need X: without X, get_prediction is "
                                 "for the rows fitted, with their offset")
            X, off, labels = self._exog, self._exog_offset, self._row_labels
            if X is None:
                raise ValueError("this result does not hold the data fitted: pass X")
        else:
            labels = X.index if hasattr(X, "iloc") and hasattr(X, "columns") else None
            X, off = self._new_data(X, offset, exposure)
        return _delta_method(self.family, self._theta, self.cov_params, X, off, labels)

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
