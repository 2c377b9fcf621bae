"""Tests of glmnn.data."""

import numpy as np
import pytest

from glmnn import data


def test_blog_toy_is_the_blog_table():
    X, y = data.blog_toy()
    np.testing.assert_array_equal(X, [[1, 0], [0, 0], [1, 1], [0, 1]])
    np.testing.assert_array_equal(y, [0, 1, 0, 1])
    np.testing.assert_array_equal(y, 1 - X[:, 0])


def test_simulation_is_seeded_and_shaped():
    X1, y1 = data.simulate_logistic(40, [1.0, -1.0], 0.5, seed=7)
    X2, y2 = data.simulate_logistic(40, [1.0, -1.0], 0.5, seed=7)
    X3, _ = data.simulate_logistic(40, [1.0, -1.0], 0.5, seed=8)
    assert X1.shape == (40, 2) and y1.shape == (40,)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert set(np.unique(y1)) <= {0.0, 1.0}


def test_simulation_follows_the_model_on_average():
    # With bias 0 and weight 0 every label is a fair coin: the mean is within 4 standard errors of 1/2.
    _, y = data.simulate_logistic(20_000, [0.0], 0.0, seed=0)
    assert abs(y.mean() - 0.5) < 4 * 0.5 / np.sqrt(y.size)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 0}, "n must be a positive integer"),
        ({"n": 2.5}, "n must be a positive integer"),
        ({"weights": []}, "weights must have at least one entry"),
        ({"weights": [[1.0]]}, "weights must be 1-D"),
        ({"weights": [np.nan]}, "weights must be finite"),
        ({"bias": np.inf}, "bias must be finite"),
    ],
)
def test_simulation_rejects(kwargs, match):
    args = {"n": 10, "weights": [1.0], "bias": 0.0, "seed": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        data.simulate_logistic(**args)


def test_package_is_a_regular_package_with_version():
    import glmnn

    assert glmnn.__file__ is not None and glmnn.__file__.endswith("__init__.py")
    import re
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert glmnn.__version__ == re.search(r'^version = "(.+)"', pyproject, re.M).group(1)


def test_mixed_logistic_mixes_the_simulation():
    X, y = data.mixed_logistic(4000, seed=3)
    Z, y_z = data.simulate_logistic(4000, weights=[1.0, -1.0, 0.5], bias=0.5, seed=3)
    np.testing.assert_array_equal(y, y_z)
    np.testing.assert_allclose(X, Z @ data.MIXING.T + [0.0, 0.0, 2.0], rtol=1e-15)
    assert 0.75 < np.corrcoef(X, rowvar=False)[0, 1] < 0.85
    with pytest.raises(ValueError, match="n"):
        data.mixed_logistic(0, seed=3)


def test_u_shaped_risk_is_high_at_both_ends():
    X, y = data.u_shaped(20_000, seed=4)
    assert X.shape == (20_000, 2)
    middle, ends = np.abs(X[:, 0]) < 0.5, np.abs(X[:, 0]) > 1.5
    assert y[middle].mean() < 0.15 and y[ends].mean() > 0.8
    with pytest.raises(ValueError, match="n"):
        data.u_shaped(0, seed=4)


@pytest.mark.parametrize("seed", [None, True, -1, 1.5, "a", np.float64(2.0)])
def test_seeds_must_be_whole_numbers_or_generators(seed):
    with pytest.raises(ValueError, match="seed must be a whole number >= 0 or a numpy.random.Generator"):
        data.simulate_logistic(5, [1.0], 0.0, seed=seed)
    with pytest.raises(ValueError, match="seed"):
        data.mixed_logistic(5, seed=seed)
    with pytest.raises(ValueError, match="seed"):
        data.u_shaped(5, seed=seed)


def test_numpy_integer_seeds_and_generators_are_accepted():
    X, y = data.simulate_logistic(5, [1.0], 0.0, seed=3)
    for seed in (np.int64(3), np.uint8(3), np.random.default_rng(3)):
        X_s, y_s = data.simulate_logistic(5, [1.0], 0.0, seed=seed)
        np.testing.assert_array_equal(X_s, X)
        np.testing.assert_array_equal(y_s, y)
    np.testing.assert_array_equal(data.u_shaped(5, seed=np.int32(4))[0], data.u_shaped(5, seed=4)[0])


@pytest.mark.parametrize("n", ["5", True, 2.5, -3, None])
def test_sizes_must_be_positive_integers(n):
    for make in (lambda: data.mixed_logistic(n, seed=0), lambda: data.u_shaped(n, seed=0)):
        with pytest.raises(ValueError, match="n must be a positive integer"):
            make()


def test_sex2_is_the_logistf_data():
    d = data.sex2()
    assert d.shape == (239, 7)
    assert list(d.columns) == ["case", "age", "oc", "vic", "vicl", "vis", "dia"]
    assert all(d[c].dtype == np.float64 for c in d.columns)
    assert d.isin([0.0, 1.0]).all().all()
    assert 0 < d["case"].sum() < len(d)


def test_endometrial_is_quasi_separated_by_nv():
    d = data.endometrial()
    assert d.shape == (79, 4)
    assert list(d.columns) == ["NV", "PI", "EH", "HG"]
    assert d["NV"].isin([0.0, 1.0]).all() and d["HG"].isin([0.0, 1.0]).all()
    assert (d.loc[d["NV"] == 1, "HG"] == 1).all() and (d["NV"] == 1).any()
    # NV = 0 does not imply HG = 0: the separation is quasi-complete, not complete
    assert (d.loc[d["NV"] == 0, "HG"] == 1).any()


def test_sex2_firth_holds_the_published_coefficients_and_loglik():
    assert list(data.SEX2_FIRTH) == [
        "Intercept", "age", "oc", "vic", "vicl", "vis", "dia", "loglik",
    ]
    assert all(isinstance(v, float) and np.isfinite(v) for v in data.SEX2_FIRTH.values())
    assert data.SEX2_FIRTH["loglik"] == -132.5394


def test_loaders_return_fresh_copies():
    d = data.sex2()
    d.loc[0, "case"] = 5.0
    assert data.sex2().loc[0, "case"] in (0.0, 1.0)


def test_bump_draws_from_its_probability_and_is_reproducible():
    X, y = data.bump(2000, 0)
    assert X.shape == (2000, 1) and set(np.unique(y)) <= {0.0, 1.0}
    assert np.all((X >= -2) & (X <= 2))
    X2, y2 = data.bump(2000, np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    # the share of label 1 agrees with the mean true probability (binomial noise)
    p = data.bump_probability(X[:, 0])
    assert abs(y.mean() - p.mean()) < 4 * np.sqrt(p.mean() * (1 - p.mean()) / 2000)


def test_bump_probability_is_a_two_unit_tanh_network():
    x = np.linspace(-2, 2, 9)
    z = -2 + 2.5 * np.tanh(1.5 * (x + 0.8)) - 2.5 * np.tanh(2 * (x - 0.6))
    np.testing.assert_allclose(data.bump_probability(x), 1 / (1 + np.exp(-z)), rtol=1e-15)
    assert data.bump_probability([0.0])[0] > 0.85 > 0.2 > data.bump_probability([2.0])[0]


@pytest.mark.parametrize("bad", [0, -3, 2.5, None, "10"])
def test_bump_refuses_a_bad_n(bad):
    with pytest.raises(ValueError, match="n"):
        data.bump(bad, 0)


@pytest.mark.parametrize("bad", [[np.nan], [np.inf], "x"])
def test_bump_probability_refuses_bad_x(bad):
    with pytest.raises(ValueError, match="x"):
        data.bump_probability(bad)


def test_u_shaped_log_odds_is_the_truth_of_u_shaped():
    X, y = data.u_shaped(5000, 3)
    z = data.u_shaped_log_odds(X)
    np.testing.assert_allclose(z, -3 + 3 * X[:, 0] ** 2 + 0.5 * X[:, 1], rtol=1e-15)
    p = 1 / (1 + np.exp(-z))
    assert abs(y.mean() - p.mean()) < 4 * np.sqrt(p.mean() * (1 - p.mean()) / 5000)
    with pytest.raises(ValueError, match="2 columns"):
        data.u_shaped_log_odds(np.ones((3, 3)))
