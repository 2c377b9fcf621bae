"""Data sets of the course: the blog's four toy points and seeded simulations.

Nothing here downloads anything. Chapter 1 uses :func:`blog_toy` (the perfectly
separated task of the Learning Machines blog) and :func:`simulate_logistic`
(a task with overlapping classes, where a finite maximum-likelihood estimate
exists). Chapters 2 and 3 share :func:`mixed_logistic`, a logistic task whose
inputs are correlated and on different scales. Later chapters load statsmodels'
bundled data sets directly. Chapters 4 and 7 share :func:`u_shaped`, a risk that no
straight line in the inputs can follow. Chapter 8 uses two small published data sets that
ship with the package (``glmnn/datasets``, see its README for origin and licence):
:func:`sex2`, with the Firth estimates published for it (:data:`SEX2_FIRTH`), and
:func:`endometrial`, which is quasi-completely separated. Chapter 9 (and
``scripts/hidden_coverage.py``) simulate from :func:`bump`, whose true probability
:func:`bump_probability` is itself a network with two ``tanh`` units.
"""

from __future__ import annotations

import numbers
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import as_design, as_vector, positive_int
from glmnn.neuron import forward

__all__ = [
    "MIXING", "SEX2_FIRTH", "blog_toy", "bump", "bump_probability", "endometrial",
    "mixed_logistic", "sex2", "simulate_logistic", "u_shaped", "u_shaped_log_odds",
]


def _rng(seed: Any) -> np.random.Generator:
    """The generator for ``seed``: a whole number >= 0 (numpy integers too) or a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(
            f"seed must be a whole number >= 0 or a numpy.random.Generator, got {seed!r}: "
            "pass e.g. seed=0 (None would draw different data at every run)"
        )
    return np.random.default_rng(int(seed))


def blog_toy() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The four points of the blog's toy task.

    Returns
    -------
    X : ndarray of shape (4, 2)
        Columns "input 1" and "input 2", in the blog's row order.
    y : ndarray of shape (4,)
        The target, equal to ``1 - X[:, 0]``: the classes are perfectly
        separated by the line ``input 1 = 1/2``.
    """
    X = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    y = 1.0 - X[:, 0]
    return X, y


def simulate_logistic(
    n: int,
    weights: ArrayLike,
    bias: float,
    seed: int | np.random.Generator,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Simulate a logistic-regression data set with standard-normal inputs.

    Each row ``x_i`` has independent standard-normal entries, and
    ``y_i ~ Bernoulli(sigma(bias + x_i @ weights))`` independently.

    Parameters
    ----------
    n : int
        Number of samples, at least 1.
    weights : array_like of shape (p,)
        True weights (coefficients); ``p`` sets the number of inputs.
    bias : float
        True bias (intercept).
    seed : int or numpy.random.Generator
        Seed of the ``numpy.random.default_rng`` that draws inputs and labels,
        or a generator to draw from (a chapter passes its single ``rng``).

    Returns
    -------
    X : ndarray of shape (n, p)
    y : ndarray of shape (n,), values 0.0 and 1.0

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer, ``weights`` is not a finite 1-D
        array, ``bias`` is not finite, or ``seed`` is neither a whole number >= 0
        (numpy integers included) nor a Generator (``None``, ``True``, ``-1``, ``1.5``
        and strings are refused).
    """
    n = positive_int(n, "n")
    w = as_vector(weights, "weights")
    if w.size == 0:
        raise ValueError("weights must have at least one entry (one per input)")
    b = as_vector([bias], "bias")[0]
    rng = _rng(seed)
    X = rng.standard_normal((n, w.size))
    p = forward(X, w, b)
    y = (rng.random(n) < p).astype(np.float64)
    return X, y


#: The matrix that mixes standard-normal inputs in :func:`mixed_logistic`.
MIXING = np.array([[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [0.0, 0.0, 2.0]])


def mixed_logistic(
    n: int, seed: int | np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The logistic task of chapters 2 and 3: correlated inputs on different scales.

    Draws ``Z, y = simulate_logistic(n, weights=[1, -1, 0.5], bias=0.5, seed=seed)``
    and returns the inputs mixed as ``X = Z @ MIXING.T + (0, 0, 2)``: inputs 1 and 2
    have correlation 0.8, input 3 has standard deviation 2 and mean 2. The labels
    still follow a logistic model, in the mixed inputs, so nothing but the
    conditioning of the problem changes.

    Parameters
    ----------
    n : int
        Number of examples, at least 1.
    seed : int or numpy.random.Generator
        Seed or generator; a generator is advanced exactly as by
        :func:`simulate_logistic`.

    Returns
    -------
    X : ndarray of shape (n, 3)
    y : ndarray of shape (n,)

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer, or ``seed`` is neither a whole number >= 0
        nor a Generator.
    """
    Z, y = simulate_logistic(n, weights=[1.0, -1.0, 0.5], bias=0.5, seed=seed)
    return Z @ MIXING.T + np.array([0.0, 0.0, 2.0]), y


def u_shaped(
    n: int, seed: int | np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two standard-normal inputs and labels with U-shaped log-odds ``-3 + 3 x1^2 + 0.5 x2``.

    Both large and small ``x1`` mean high risk, so logistic regression on ``x1`` and ``x2``
    is misspecified (chapter 4) and a hidden layer or a spline can do better (chapter 7).

    Parameters
    ----------
    n : int
        Number of examples, at least 1.
    seed : int or numpy.random.Generator
        Seed or generator; a generator draws the inputs, then one uniform per label.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,)

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer, or ``seed`` is neither a whole number >= 0
        nor a Generator.
    """
    n = positive_int(n, "n")
    rng = _rng(seed)
    X = rng.normal(size=(n, 2))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-u_shaped_log_odds(X)))).astype(float)
    return X, y


def u_shaped_log_odds(X: ArrayLike) -> NDArray[np.float64]:
    """The true log-odds of :func:`u_shaped`, ``-3 + 3 x1^2 + 0.5 x2``, at the rows of ``X``.

    Raises
    ------
    ValueError
        If ``X`` is not an array of shape (n, 2) of finite numbers.
    """
    X = as_design(X, "X")
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (x1, x2), got {X.shape[1]}")
    return -3 + 3 * X[:, 0] ** 2 + 0.5 * X[:, 1]


#: Firth's penalised-likelihood fit of ``case ~ age + oc + vic + vicl + vis + dia`` on
#: :func:`sex2`, as published (six significant digits) in the documentation of the Python
#: package firthlogist 0.5.0 (README, "Usage"): the coefficients, then ``"loglik"``, the
#: penalised log-likelihood at the estimate (four decimals). A published reference for the
#: chapter to check against; nothing here is computed by the course.
SEX2_FIRTH: dict[str, float] = {
    "Intercept": 0.120254,
    "age": -1.10598,
    "oc": -0.0688167,
    "vic": 2.26887,
    "vicl": -2.11141,
    "vis": -0.788317,
    "dia": 3.09601,
    "loglik": -132.5394,
}


def _csv(name: str) -> Any:
    import pandas as pd

    with resources.files("glmnn").joinpath("datasets", name).open("r") as handle:
        return pd.read_csv(handle).astype(float)


def sex2() -> Any:
    """Urinary tract infection in 239 college women (the ``sex2`` data of R's logistf).

    Returns
    -------
    pandas.DataFrame
        Columns ``case`` (the outcome, 0/1) and the binary covariates ``age`` (24 years or
        older), ``oc`` (oral contraceptive), ``vic`` (condom), ``vicl`` (lubricated condom),
        ``vis`` (spermicide) and ``dia`` (diaphragm), as floats.
    """
    return _csv("sex2.csv")


def endometrial() -> Any:
    """The endometrial cancer study of Heinze and Schemper (2002): 79 patients.

    Returns
    -------
    pandas.DataFrame
        Columns ``NV`` (neovasculization, 0/1), ``PI`` (pulsatility index), ``EH``
        (endometrium height) and ``HG`` (histology grade: the outcome, 0/1), as floats.
        Every patient with ``NV = 1`` has ``HG = 1``: the classes are quasi-completely
        separated and the maximum-likelihood estimate of ``NV``'s coefficient is infinite.
    """
    return _csv("endometrial.csv")


def bump_probability(x: ArrayLike) -> NDArray[np.float64]:
    """The true probability of :func:`bump`: ``logit p(x) = -2 + 2.5 tanh(1.5 (x + 0.8))
    - 2.5 tanh(2 (x - 0.6))``, a bump from about 0.12 at x = +-2 to 0.9 near x = 0.

    It is a network with two ``tanh`` hidden units, so such a network contains the truth.

    Raises
    ------
    ValueError
        If ``x`` is not a vector of finite numbers.
    """
    x = as_vector(x, "x")
    z = -2 + 2.5 * np.tanh(1.5 * (x + 0.8)) - 2.5 * np.tanh(2 * (x - 0.6))
    return 1 / (1 + np.exp(-z))


def bump(n: int, seed: int | np.random.Generator) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``n`` examples with ``x ~ U(-2, 2)`` and labels drawn from :func:`bump_probability`.

    Returns
    -------
    X : ndarray of shape (n, 1)
    y : ndarray of shape (n,)

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer or ``seed`` is not a seed.
    """
    n = positive_int(n, "n")
    rng = _rng(seed)
    X = rng.uniform(-2, 2, size=(n, 1))
    y = (rng.uniform(size=n) < bump_probability(X[:, 0])).astype(float)
    return X, y
