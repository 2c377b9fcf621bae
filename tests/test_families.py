"""Tests of glmnn.families: the table of GLM families, links, activations and losses."""

import numpy as np
import pytest
import statsmodels.api as sm

from glmnn import data, families


def test_binomial_defaults_to_its_canonical_link():
    row = families.get("binomial")
    assert (row.family, row.link, row.activation, row.canonical) == ("binomial", "logit", "sigmoid", True)
    assert families.get("Binomial", "LOGIT") is row


def test_statsmodels_family_matches_the_row():
    fam = families.get("binomial").statsmodels_family()
    assert isinstance(fam, sm.families.Binomial)
    assert isinstance(fam.link, sm.families.links.Logit)


def test_nll_is_minus_the_statsmodels_log_likelihood():
    import jax

    jax.config.update("jax_enable_x64", True)  # as keras_glm.fit does
    X, y = data.simulate_logistic(100, [1.0, -0.5], 0.2, seed=3)
    theta = np.array([0.1, 0.7, -0.2])
    X1 = sm.add_constant(X)
    mean = 1 / (1 + np.exp(-(X1 @ theta)))
    nll = np.sum(np.asarray(families.get("binomial").nll(y, mean)))
    assert nll == pytest.approx(-sm.Logit(y, X1).loglike(theta), rel=1e-12)


@pytest.mark.parametrize(
    ("family", "link"), [("poisson", None), ("binomial", "probit"), ("gaussian", "identity")]
)
def test_unknown_pairs_are_refused_with_the_valid_ones_listed(family, link):
    with pytest.raises(ValueError, match=r"unknown family/link: .*valid pairs \(family/link\): binomial/logit"):
        families.get(family, link)


def test_non_string_names_are_refused():
    with pytest.raises(ValueError, match="family and link must be strings"):
        families.get(1)


def test_check_y_rejects_labels_outside_0_1():
    with pytest.raises(ValueError, match="only 0 and 1"):
        families.get("binomial").check_y([0.0, 2.0])


def test_multinomial_row_is_a_softmax_with_categorical_cross_entropy():
    import jax

    jax.config.update("jax_enable_x64", True)
    row = families.get("multinomial")
    assert (row.link, row.activation, row.canonical, row.multiclass) == ("logit", "softmax", True, True)
    assert row.statsmodels_family is None  # statsmodels fits it with sm.MNLogit
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(40, 2)), np.arange(40) % 3
    theta = rng.normal(size=(3, 2))  # MNLogit layout: (p + 1, K - 1), class 0 the reference
    z = np.column_stack([np.zeros(40), sm.add_constant(X) @ theta])
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    nll = np.sum(np.asarray(row.nll(y.astype(float), probs)))
    mnlogit = sm.MNLogit(y, sm.add_constant(X))
    assert nll == pytest.approx(-mnlogit.loglike(theta.ravel(order="F")), rel=1e-12)
    with pytest.raises(ValueError, match="no observations of class 1"):
        row.check_y([0, 2, 2])
