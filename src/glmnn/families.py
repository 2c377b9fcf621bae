"""GLM families as network output layers: one table shared by :mod:`glmnn.keras_glm`, chapters and tests.

A generalised linear model has three parts: a distribution for the response, a linear
predictor ``z = b + w^T x`` and a link ``g`` with ``g(mean) = z``. A network without hidden
layers has the same three parts under other names: a loss, a weighted sum and an output
activation, which is ``g^{-1}``. Each :class:`FamilyLink` row of :data:`TABLE` states both
views of one (family, link) pair, so that the code that fits networks
(:func:`glmnn.keras_glm.fit`) and the text that explains them read the same facts.

Chapter 3 uses the Bernoulli/binomial family with the logit link, chapter 4 the
multinomial family with its logit link (a softmax output of K units); chapter 5 adds rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import statsmodels.api as sm
from numpy.typing import ArrayLike, NDArray

from glmnn._checks import as_binary_labels, as_class_labels

__all__ = ["FamilyLink", "TABLE", "get"]


@dataclass(frozen=True)
class FamilyLink:
    """One row of the table: a response family with one link, seen from both sides.

    Attributes
    ----------
    family, link : str
        Names as :func:`get` accepts them, e.g. ``"binomial"`` and ``"logit"``.
    activation : str
        The Keras activation of the output layer, ``g^{-1}`` (e.g. ``"sigmoid"``).
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
    """

    family: str
    link: str
    activation: str
    loss: str
    canonical: bool
    statsmodels_family: Callable[[], Any] | None
    nll: Callable[[Any, Any], Any]
    check_y: Callable[[ArrayLike], NDArray[np.float64]]
    multiclass: bool = False


def _bernoulli_nll(y: Any, mean: Any) -> Any:
    import jax.numpy as jnp

    return -(y * jnp.log(mean) + (1.0 - y) * jnp.log1p(-mean))


def _categorical_nll(y: Any, probs: Any) -> Any:
    import jax.numpy as jnp

    observed = jnp.take_along_axis(probs, jnp.asarray(y, dtype=int)[:, None], axis=1)
    return -jnp.log(observed[:, 0])


TABLE: dict[tuple[str, str], FamilyLink] = {
    ("binomial", "logit"): FamilyLink(
        family="binomial",
        link="logit",
        activation="sigmoid",
        loss="binary cross-entropy",
        canonical=True,
        statsmodels_family=lambda: sm.families.Binomial(link=sm.families.links.Logit()),
        nll=_bernoulli_nll,
        check_y=as_binary_labels,
    ),
    ("multinomial", "logit"): FamilyLink(
        family="multinomial",
        link="logit",
        activation="softmax",
        loss="categorical cross-entropy",
        canonical=True,
        statsmodels_family=None,
        nll=_categorical_nll,
        check_y=as_class_labels,
        multiclass=True,
    ),
}

_CANONICAL = {row.family: row.link for row in TABLE.values() if row.canonical}


def get(family: str, link: str | None = None) -> FamilyLink:
    """The row for ``family`` with ``link`` (``None``: the family's canonical link).

    Raises
    ------
    ValueError
        If the pair is not in :data:`TABLE`; the message lists the valid pairs.
    """
    if not isinstance(family, str) or (link is not None and not isinstance(link, str)):
        raise ValueError(f"family and link must be strings, got {family!r} and {link!r}")
    key = (family.lower(), (link or _CANONICAL.get(family.lower(), "")).lower())
    if key not in TABLE:
        valid = ", ".join(f"{f}/{g}" for f, g in TABLE)
        asked = f"{family!r} with link {link!r}" if link else f"{family!r}"
        raise ValueError(f"unknown family/link: {asked}; valid pairs (family/link): {valid}")
    return TABLE[key]
