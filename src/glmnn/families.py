"""GLM families as network output layers: one table shared by :mod:`glmnn.keras_glm`, chapters and tests.

A generalised linear model has three parts: a distribution for the response, a linear
predictor ``z = b + w^T x`` and a link ``g`` with ``g(mean) = z``. A network without hidden
layers has the same three parts under other names: a loss, a weighted sum and an output
activation, which is ``g^{-1}``. Each :class:`FamilyLink` row of :data:`TABLE` states both
views of one (family, link) pair, so that the code that fits networks
(:func:`glmnn.keras_glm.fit`) and the text that explains them read the same facts.

Chapter 4 uses the Bernoulli/binomial family with the logit link, chapter 5 the
multinomial family with its logit link (a softmax output of K units), chapter 6 all rows:
Gaussian/identity (linear regression), binomial with logit, probit and complementary
log-log links, Poisson/log and Gamma/log.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import statsmodels.api as sm
from scipy import special
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import (
    as_binary_labels,
    as_class_labels,
    as_counts,
    as_positive,
    as_response,
    as_vector,
)

__all__ = ["FamilyLink", "TABLE", "get", "loglike", "normal_cdf", "inverse_cloglog"]


@dataclass(frozen=True)
class FamilyLink:
    """One row of the table: a response family with one link, seen from both sides.

    Attributes
    ----------
    family, link : str
        Names as :func:`get` accepts them, e.g. ``"binomial"`` and ``"logit"``.
    activation : str
        The name of the output activation ``g^{-1}``: Keras' name where Keras has one
        (``"sigmoid"``, ``"linear"``, ``"exponential"``, ``"softmax"``), else a
        description (``"normal CDF"``, ``"1 - exp(-exp(z))"``).
    keras_activation : str or callable
        What the ``Dense`` layer is given as ``activation``: the Keras name, or a function
        of the weighted sum written with ``keras.ops``.
    link_formula, activation_formula : str
        ``g(mu)`` and ``g^{-1}(z)`` in LaTeX, for tables.
    loss : str
        The network's loss in words (the family's negative log-likelihood).
    canonical : bool
        Whether ``g`` is the family's canonical link (then Newton's method, Fisher scoring
        and IRLS coincide, and observed and expected information are equal).
    statsmodels_family : callable or None
        Builds the matching ``sm.families`` object, with its link; ``None`` for the
        multinomial family, which statsmodels fits with ``sm.MNLogit`` instead of ``GLM``.
    nll : callable
        ``nll(y, mean)``: per-example negative log-likelihood up to terms free of the
        parameters, written with ``jax.numpy`` so that it can be differentiated. For the
        multinomial family ``mean`` holds the K class probabilities in its last axis and
        ``y`` the class labels 0, ..., K-1.
    check_y : callable
        Validates the response and returns it as a float array; raises ``ValueError``.
    multiclass : bool
        Whether the output layer has one unit per class (softmax) instead of one unit.
    dispersion : bool
        Whether the family has a dispersion parameter (``sigma^2`` for the Gaussian, ``1 /
        shape`` for the Gamma). It does not change the estimate; it scales the covariance,
        and is estimated as statsmodels does: Pearson's chi-squared over the residual
        degrees of freedom (for the Gaussian, the residual sum of squares over
        ``n - p - 1``), with the variance function ``V(mu)`` of the statsmodels family.
    """

    family: str
    link: str
    activation: str
    keras_activation: str | Callable[[Any], Any]
    link_formula: str
    activation_formula: str
    loss: str
    canonical: bool
    statsmodels_family: Callable[[], Any] | None
    nll: Callable[[Any, Any], Any]
    check_y: Callable[[ArrayLike], NDArray[np.float64]]
    multiclass: bool = False
    dispersion: bool = False


def _bernoulli_nll(y: Any, mean: Any) -> Any:
    import jax.numpy as jnp

    return -(y * jnp.log(mean) + (1.0 - y) * jnp.log1p(-mean))


def _gaussian_nll(y: Any, mean: Any) -> Any:
    return 0.5 * (y - mean) ** 2  # / sigma^2, a constant factor


def _poisson_nll(y: Any, mean: Any) -> Any:
    import jax.numpy as jnp

    return mean - y * jnp.log(mean)  # + log(y!), free of the parameters


def _gamma_nll(y: Any, mean: Any) -> Any:
    import jax.numpy as jnp

    return y / mean + jnp.log(mean)  # times the shape, a constant factor


def _check_activation_input(z: Any, name: str = "z") -> None:
    """Refuse non-numbers given to an activation; tensors (Keras, JAX) pass untouched."""
    if isinstance(z, np.ndarray) or not hasattr(z, "dtype"):
        kind = np.asarray(z, dtype=object if z is None else None).dtype.kind
        if kind not in "biuf":
            raise ValueError(f"{name} must be numeric (a number, an array or a tensor), got "
                             f"{z!r:.60}")


def _numeric_activation(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``fn`` that first refuses non-numbers (``ValueError`` for a string, ``None``, complex
    numbers...); tensors (Keras, JAX) pass untouched. The decorated activations stay two
    lines of ``keras.ops``, as chapter 6 prints them."""

    @functools.wraps(fn)
    def activation(z: Any) -> Any:
        _check_activation_input(z)
        return fn(z)

    return activation


@_numeric_activation
def normal_cdf(z: Any) -> Any:
    """The inverse probit link, Phi(z), as a Keras activation."""
    import keras

    return 0.5 * (1.0 + keras.ops.erf(z / np.sqrt(2.0)))


@_numeric_activation
def inverse_cloglog(z: Any) -> Any:
    """The inverse cloglog link, 1 - exp(-exp(z)), as a Keras activation."""
    import keras

    return -keras.ops.expm1(-keras.ops.exp(z))


def _categorical_nll(y: Any, probs: Any) -> Any:
    import jax.numpy as jnp

    observed = jnp.take_along_axis(probs, jnp.asarray(y, dtype=int)[:, None], axis=1)
    return -jnp.log(observed[:, 0])


_BERNOULLI = {
    "family": "binomial",
    "loss": "binary cross-entropy",
    "nll": _bernoulli_nll,
    "check_y": as_binary_labels,
}

TABLE: dict[tuple[str, str], FamilyLink] = {
    ("gaussian", "identity"): FamilyLink(
        family="gaussian",
        link="identity",
        activation="linear",
        keras_activation="linear",
        link_formula=r"\mu",
        activation_formula=r"z",
        loss="squared error",
        canonical=True,
        statsmodels_family=lambda: sm.families.Gaussian(link=sm.families.links.Identity()),
        nll=_gaussian_nll,
        check_y=as_response,
        dispersion=True,
    ),
    ("binomial", "logit"): FamilyLink(
        link="logit",
        activation="sigmoid",
        keras_activation="sigmoid",
        link_formula=r"\log\frac{\mu}{1 - \mu}",
        activation_formula=r"\frac{1}{1 + e^{-z}}",
        canonical=True,
        statsmodels_family=lambda: sm.families.Binomial(link=sm.families.links.Logit()),
        **_BERNOULLI,
    ),
    ("binomial", "probit"): FamilyLink(
        link="probit",
        activation="normal CDF",
        keras_activation=normal_cdf,
        link_formula=r"\Phi^{-1}(\mu)",
        activation_formula=r"\Phi(z)",
        canonical=False,
        statsmodels_family=lambda: sm.families.Binomial(link=sm.families.links.Probit()),
        **_BERNOULLI,
    ),
    ("binomial", "cloglog"): FamilyLink(
        link="cloglog",
        activation="1 - exp(-exp(z))",
        keras_activation=inverse_cloglog,
        link_formula=r"\log\bigl(-\log(1 - \mu)\bigr)",
        activation_formula=r"1 - e^{-e^{z}}",
        canonical=False,
        statsmodels_family=lambda: sm.families.Binomial(link=sm.families.links.CLogLog()),
        **_BERNOULLI,
    ),
    ("multinomial", "logit"): FamilyLink(
        family="multinomial",
        link="logit",
        activation="softmax",
        keras_activation="softmax",
        link_formula=r"\log\frac{\mu_k}{\mu_0}",
        activation_formula=r"\frac{e^{z_k}}{\sum_j e^{z_j}}",
        loss="categorical cross-entropy",
        canonical=True,
        statsmodels_family=None,
        nll=_categorical_nll,
        check_y=as_class_labels,
        multiclass=True,
    ),
    ("poisson", "log"): FamilyLink(
        family="poisson",
        link="log",
        activation="exponential",
        keras_activation="exponential",
        link_formula=r"\log \mu",
        activation_formula=r"e^{z}",
        loss="Poisson log-likelihood, negated (Keras: Poisson)",
        canonical=True,
        statsmodels_family=lambda: sm.families.Poisson(link=sm.families.links.Log()),
        nll=_poisson_nll,
        check_y=as_counts,
    ),
    ("gamma", "log"): FamilyLink(
        family="gamma",
        link="log",
        activation="exponential",
        keras_activation="exponential",
        link_formula=r"\log \mu",
        activation_formula=r"e^{z}",
        loss="Gamma log-likelihood, negated (not in Keras)",
        canonical=False,
        statsmodels_family=lambda: sm.families.Gamma(link=sm.families.links.Log()),
        nll=_gamma_nll,
        check_y=as_positive,
        dispersion=True,
    ),
}

# the default link of each family: its canonical one, else its first row (gamma: log)
_DEFAULT_LINK = {row.family: row.link for row in TABLE.values() if row.canonical}
for _row in TABLE.values():
    _DEFAULT_LINK.setdefault(_row.family, _row.link)


def get(family: str, link: str | None = None) -> FamilyLink:
    """The row for ``family`` with ``link`` (names are case-insensitive).

    ``link=None`` gives the family's canonical link, or for the Gamma family (whose
    canonical link, the inverse, is not in the table) its log link.

    Raises
    ------
    ValueError
        If ``family`` is not a string, ``link`` is neither ``None`` nor a string, ``link`` is
        the empty string (``None`` asks for the default link; ``""`` is refused rather than
        read as ``None``), or the pair is not in :data:`TABLE`; the message lists the valid
        pairs.
    """
    if not isinstance(family, str) or (link is not None and not isinstance(link, str)):
        raise ValueError(f"family and link must be strings, got {family!r} and {link!r}")
    if link is not None and not link.strip():
        raise ValueError(f"link must be a link name or None (the default link), got {link!r}")
    name = link if link is not None else _DEFAULT_LINK.get(family.lower(), "")
    key = (family.lower(), name.lower())
    if key not in TABLE:
        valid = ", ".join(f"{f}/{g}" for f, g in TABLE)
        asked = f"{family!r} with link {link!r}" if link else f"{family!r}"
        raise ValueError(f"unknown family/link: {asked}; valid pairs (family/link): {valid}")
    return TABLE[key]


def loglike(row: FamilyLink, loss: float, y: NDArray[np.float64],
             w: NDArray[np.float64], scale: float) -> float:
    """The full log-likelihood, statsmodels' ``llf``, from a row's summed loss ``sum w * nll``.

    The loss of :data:`glmnn.families.TABLE` omits, per example: ``log y!`` (Poisson);
    ``log(2 pi sigma^2) / 2`` and the factor ``1 / sigma^2`` (Gaussian, with statsmodels'
    ``sigma^2 = SSR / n``); the factor ``1 / phi`` and ``-(1/phi) log(y / phi) +
    log Gamma(1/phi) + log y`` (Gamma, dispersion ``phi``). ``w`` are the frequency weights
    the loss was summed with, ``scale`` the estimated dispersion (used for the Gamma).

    Raises
    ------
    TypeError
        If ``row`` is not a :class:`FamilyLink` (e.g. a family name: use ``get(name)``).
    ValueError
        If ``loss`` is not a finite real number (or is not > 0 for the Gaussian family: a
        perfect fit has ``sigma^2 = 0`` and ``llf = +inf``), ``y`` is not a response the
        family allows (``row.check_y``), ``w`` is not a finite 1-D array of ``y``'s
        length, ``w`` has a negative value or sums to 0, or ``scale`` is not a finite
        number > 0.
    """
    if not isinstance(row, FamilyLink):
        raise TypeError(f"row must be a FamilyLink (a row of families.TABLE, e.g. "
                        f"families.get('poisson')), got {type(row).__name__} {row!r:.40}")
    real = isinstance(loss, numbers.Real) or (
        isinstance(loss, np.ndarray) and loss.ndim == 0 and loss.dtype.kind in "iuf")
    if isinstance(loss, (bool, np.bool_)) or not real or not np.isfinite(loss):
        raise ValueError(f"loss must be a finite real number (the summed loss), got {loss!r}")
    loss = float(loss)
    y = row.check_y(y)
    w = as_vector(w, "w", length=y.shape[0])
    if np.any(w < 0) or not np.sum(w) > 0:
        raise ValueError("w (the frequency weights) must be non-negative with a positive sum")
    if isinstance(scale, (bool, np.bool_)) or not isinstance(scale, numbers.Real) \
            or not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale (the dispersion) must be a finite number > 0, got {scale!r}")
    if row.family in ("binomial", "multinomial"):
        return -loss
    if row.family == "poisson":
        return -loss - float(np.sum(w * special.gammaln(y + 1)))
    if row.family == "gaussian":
        if loss <= 0:
            raise ValueError(
                f"loss must be > 0 for the gaussian family, got {loss!r}: a loss of 0 is a "
                "perfect fit, sigma^2 = 0 and the log-likelihood is +inf"
            )
        wn = float(np.sum(w))
        sigma2 = 2 * loss / wn  # loss = SSR / 2
        return -wn / 2 * (1 + np.log(2 * np.pi * sigma2))
    if row.family == "gamma":
        a = 1 / scale
        return -a * loss + float(np.sum(w * (a * np.log(a * y) - special.gammaln(a) - np.log(y))))
    raise ValueError(f"no log-likelihood constants for the {row.family} family")
