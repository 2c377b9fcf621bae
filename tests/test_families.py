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
    ("family", "link"), [("poisson", "identity"), ("binomial", "log"), ("tweedie", None), ("gamma", "inverse_power")]
)
def test_unknown_pairs_are_refused_with_the_valid_ones_listed(family, link):
    valid = (
        "gaussian/identity, binomial/logit, binomial/probit, binomial/cloglog, "
        "multinomial/logit, poisson/log, gamma/log"
    )
    with pytest.raises(ValueError, match=r"unknown family/link: .*valid pairs \(family/link\): " + valid):
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


EXPECTED_ROWS = {
    ("gaussian", "identity"): ("linear", True, sm.families.Gaussian, sm.families.links.Identity),
    ("binomial", "logit"): ("sigmoid", True, sm.families.Binomial, sm.families.links.Logit),
    ("binomial", "probit"): ("normal CDF", False, sm.families.Binomial, sm.families.links.Probit),
    ("binomial", "cloglog"): ("1 - exp(-exp(z))", False, sm.families.Binomial, sm.families.links.CLogLog),
    ("poisson", "log"): ("exponential", True, sm.families.Poisson, sm.families.links.Log),
    ("gamma", "log"): ("exponential", False, sm.families.Gamma, sm.families.links.Log),
}


@pytest.mark.parametrize("key", EXPECTED_ROWS, ids="/".join)
def test_each_row_names_its_activation_and_statsmodels_family(key):
    activation, canonical, family_class, link_class = EXPECTED_ROWS[key]
    row = families.get(*key)
    assert (row.activation, row.canonical) == (activation, canonical)
    fam = row.statsmodels_family()
    assert type(fam) is family_class and type(fam.link) is link_class
    assert row.dispersion == (key[0] in ("gaussian", "gamma"))


@pytest.mark.parametrize("key", EXPECTED_ROWS, ids="/".join)
def test_activation_is_the_inverse_of_statsmodels_link(key):
    import keras

    row = families.get(*key)
    z = np.linspace(-3.0, 2.0, 11)
    activation = keras.activations.get(row.keras_activation)
    mean = np.asarray(activation(keras.ops.convert_to_tensor(z, dtype="float64")))
    np.testing.assert_allclose(mean, row.statsmodels_family().link.inverse(z), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("key", EXPECTED_ROWS, ids="/".join)
def test_nll_differences_equal_statsmodels_loglike_differences(key):
    """The loss drops terms free of the mean (log y!, dispersion): differences must agree."""
    import jax

    jax.config.update("jax_enable_x64", True)
    row = families.get(*key)
    rng = np.random.default_rng(7)
    mean_a, mean_b = rng.uniform(0.2, 0.8, 30), rng.uniform(0.2, 0.8, 30)
    y = {"gaussian": rng.normal(size=30), "binomial": (rng.uniform(size=30) < 0.5) * 1.0,
         "poisson": rng.poisson(2.0, 30) * 1.0, "gamma": rng.gamma(2.0, 1.0, 30)}[key[0]]
    fam = row.statsmodels_family()
    scale = 1.0
    ours = np.sum(np.asarray(row.nll(y, mean_a)) - np.asarray(row.nll(y, mean_b)))
    theirs = fam.loglike(y, mean_b, scale=scale) - fam.loglike(y, mean_a, scale=scale)
    assert ours == pytest.approx(theirs, rel=1e-10)


def test_gamma_defaults_to_its_log_link_and_canonical_links_are_defaults():
    assert families.get("gamma").link == "log"
    assert families.get("poisson").link == "log"
    assert families.get("gaussian").link == "identity"
    assert families.get("binomial").link == "logit"


@pytest.mark.parametrize(
    ("family", "y", "match"),
    [
        ("poisson", [0.0, 3.0, -1.0], "non-negative counts, found -1"),
        ("gamma", [1.0, 0.0, 2.0], "strictly positive, found 0"),
        ("gamma", [1.0, -2.0], "strictly positive, found -2"),
        ("gaussian", [1.0, np.nan], "NaN or inf"),
        ("gaussian", [], "must not be empty"),
    ],
)
def test_check_y_rejects_responses_the_family_does_not_allow(family, y, match):
    with pytest.raises(ValueError, match=match):
        families.get(family).check_y(y)


# ---- bad input (issue 22) ------------------------------------------------------------------


def test_an_empty_link_is_refused_not_read_as_the_default():
    for link in ("", "  "):
        with pytest.raises(ValueError, match="link must be a link name or None"):
            families.get("binomial", link)
    assert families.get("binomial", None).link == "logit"


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("poisson", 1.0, [1.0, 2.0], [1.0, 1.0], 1.0), TypeError, "row must be a FamilyLink"),
        ((None, np.nan, [0.0, 1.0], [1.0, 1.0], 1.0), ValueError, "loss must be a finite real number"),
        ((None, 1.0, [0.0, 1.0], [1.0, 1.0, 1.0], 1.0), ValueError, "w must have length 2"),
        ((None, 1.0, [0.0, 1.0], [1.0, -1.0], 1.0), ValueError, "w .* must be non-negative"),
        ((None, 1.0, [0.0, 1.0], [1.0, 1.0], 0.0), ValueError, r"scale \(the dispersion\) must be a finite number > 0"),
        ((None, 1.0, [0.0, 1.0], [1.0, 1.0], -1.0), ValueError, "scale"),
        ((None, 1.0, [0.0, 2.0], [1.0, 1.0], 1.0), ValueError, "only 0 and 1"),
    ],
)
def test_loglike_refuses_what_would_give_nan_or_a_deep_error(args, error, match):
    row, *rest = args
    with pytest.raises(error, match=match):
        families.loglike(families.get("binomial") if row is None else row, *rest)


def test_loglike_refuses_the_gaussian_perfect_fit_and_a_zero_gamma_scale():
    y = np.array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="a loss of 0 is a perfect fit, sigma.2 = 0"):
        families.loglike(families.get("gaussian"), 0.0, y, np.ones(3), 1.0)
    with pytest.raises(ValueError, match="scale"):
        families.loglike(families.get("gamma"), 1.0, y, np.ones(3), 0.0)


def test_activations_refuse_what_is_not_a_number():
    for f in (families.normal_cdf, families.inverse_cloglog):
        with pytest.raises(ValueError, match="z must be numeric"):
            f("abc")
        with pytest.raises(ValueError, match="z must be numeric"):
            f(None)
    np.testing.assert_allclose(np.asarray(families.normal_cdf(np.array([0.0]))), [0.5])
