"""The mean of a one-output GLM with its standard error and interval: ``get_prediction``.

What is here: :class:`PredictionResult`, shaped like the result of statsmodels'
``GLMResults.get_prediction`` (``predicted``, ``se``, ``linpred``, ``conf_int``,
``summary_frame``, with statsmodels' aliases ``predicted_mean`` and ``se_mean``), and
``_delta_method``, which computes it on the network. The method is statsmodels':

* the weighted sum ``z = b + x'w`` (plus the offset) and its gradient ``J`` in the weights
  come from the network by autodiff (:func:`._linear_predictor
  <glmnn.keras_glm.network._linear_predictor>`; for a network of one ``Dense`` layer ``J``
  is ``(1, x)``), and ``se(z) = sqrt(J C J')``, ``C`` the result's ``cov_params`` (the
  dispersion included, for the Gaussian and Gamma families);
* the interval of ``z`` is ``z -/+ q se(z)``, ``q`` the normal quantile ``z_(1 - alpha/2)``
  (statsmodels' default for every GLM family, ``use_t=False``), and the interval of the
  mean is its image through the network's activation, the inverse link (ends in order);
* the mean is the network's output, with the standard error ``|d mean / d z| se(z)`` (the
  delta method), the slope of the activation by autodiff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax.numpy as jnp
import numpy as np
from numpy.typing import NDArray
from scipy import stats

from glmnn import families
from glmnn._checks import fraction
from glmnn.keras_glm.network import _linear_predictor, _objective


class PredictionResult:
    """Predictions, standard errors, confidence intervals, as statsmodels' ``get_prediction``.

    :meth:`GLMResult.get_prediction <glmnn.keras_glm.GLMResult.get_prediction>` returns one
    for the mean; its :attr:`linpred` is one for the linear predictor ``z`` (the weighted
    sum, offset included).

    Attributes
    ----------
    predicted : ndarray of shape (n,)
        The mean, the network's output (for :attr:`linpred`: ``z``). ``predicted_mean`` is
        the same array, statsmodels' name.
    se : ndarray of shape (n,)
        Its standard error by the delta method (``se_mean``, statsmodels' name).
    linpred : PredictionResult or None
        The linear predictor ``z`` with its standard error; ``None`` for ``z`` itself.
    row_labels : pandas Index or None
        The index of ``X`` when it was a DataFrame (without ``X``: of the data fitted),
        else ``None`` (rows 0, ..., n-1).
    """

    def __init__(self, predicted: NDArray[np.float64], se: NDArray[np.float64], *,
                 row_labels: Any = None, linpred: PredictionResult | None = None,
                 inverse: Callable[[Any], Any] | None = None) -> None:
        self.predicted = predicted
        self.se = se
        self.row_labels = row_labels
        self.linpred = linpred
        self._inverse = inverse

    def __repr__(self) -> str:
        what = "mean" if self.linpred is not None else "linear predictor"
        return f"PredictionResult({what}, n={self.predicted.shape[0]})"

    @property
    def predicted_mean(self) -> NDArray[np.float64]:
        return self.predicted

    @property
    def se_mean(self) -> NDArray[np.float64]:
        return self.se

    def conf_int(self, alpha: float = 0.05) -> NDArray[np.float64]:
        """The ``1 - alpha`` confidence intervals, shape (n, 2): lower, upper.

        For the linear predictor ``z -/+ z_(1 - alpha/2) se`` (the normal quantile, as
        statsmodels' GLM); for the mean, those ends mapped through the inverse link.

        Raises
        ------
        ValueError
            If ``alpha`` is not a real number strictly between 0 and 1.
        """
        alpha = fraction(alpha, "alpha")
        if self.linpred is not None and self._inverse is not None:
            ends = np.asarray(self._inverse(jnp.asarray(self.linpred.conf_int(alpha))),
                              dtype=np.float64)
            return np.sort(ends, axis=1)  # a decreasing inverse link swaps the ends
        half = stats.norm.ppf(1 - alpha / 2) * self.se
        return np.column_stack([self.predicted - half, self.predicted + half])

    def summary_frame(self, alpha: float = 0.05) -> Any:
        """A DataFrame of the columns of statsmodels' ``summary_frame``, in its order.

        ``mean``, ``mean_se``, ``mean_ci_lower`` and ``mean_ci_upper``, indexed by
        :attr:`row_labels` (``0, ..., n-1`` when there are none).

        Raises
        ------
        ValueError
            If ``alpha`` is not a real number strictly between 0 and 1.
        """
        import pandas as pd

        ci = self.conf_int(alpha)
        columns = {"mean": self.predicted, "mean_se": self.se,
                   "mean_ci_lower": ci[:, 0], "mean_ci_upper": ci[:, 1]}
        return pd.DataFrame(columns, index=self.row_labels)


def _delta_method(row: families.FamilyLink, theta: NDArray[np.float64],
                  cov: NDArray[np.float64], X: NDArray[np.float64],
                  off: NDArray[np.float64] | None, row_labels: Any) -> PredictionResult:
    """The mean at the rows of ``X`` (checked, float64) and its errors by the delta method.

    ``theta`` and ``cov`` are the estimate and its covariance in parameter order (bias
    first), ``off`` the offset of each row (``log(exposure)`` included) or ``None``.
    """
    n_inputs, has_offset = X.shape[1], off is not None
    linear, slope, inverse = _linear_predictor(row, n_inputs, has_offset)
    mean = _objective(row, n_inputs, 1, has_offset)[0]  # the network, as predict
    args = (jnp.asarray(theta), jnp.asarray(X)) + ((jnp.asarray(off),) if has_offset else ())
    z, J = (np.asarray(a, dtype=np.float64) for a in linear(*args))
    se_z = np.sqrt(np.sum((J @ cov) * J, axis=1))  # the diagonal of J C J'
    se_mean = np.abs(np.asarray(slope(jnp.asarray(z)), dtype=np.float64)) * se_z
    linpred = PredictionResult(z, se_z, row_labels=row_labels)
    return PredictionResult(np.asarray(mean(*args), dtype=np.float64), se_mean,
                            row_labels=row_labels, linpred=linpred, inverse=inverse)
