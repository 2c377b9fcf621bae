"""Tests of GLMResult.get_prediction: the mean, its standard error and interval, as statsmodels'."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from glmnn import families, keras_glm
from glmnn.keras_glm.network import _linear_predictor

RTOL = 1e-7
COLUMNS = ["mean", "mean_se", "mean_ci_lower", "mean_ci_upper"]


def _spector():
    d = sm.datasets.spector.load_pandas()
    return d.exog.to_numpy(float), d.endog.to_numpy(float)


def _stackloss():
    d = sm.datasets.stackloss.load_pandas()
    return d.exog.to_numpy(float), d.endog.to_numpy(float)


def _cpunish():
    d = sm.datasets.cpunish.load_pandas()
    X = d.exog.to_numpy(float)
    X[:, 3] = np.log(X[:, 3])  # as in statsmodels' GLM example
    return X, d.endog.to_numpy(float)


def _gamma_sim():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, 2))
    mean = np.exp(0.5 + X @ np.array([0.3, -0.2]))
    return X, rng.gamma(2.0, mean / 2.0)


# the data of each row, as in tests/test_keras_glm.py
ROWS = {
    ("gaussian", "identity"): _stackloss,
    ("binomial", "logit"): _spector,
    ("binomial", "probit"): _spector,
    ("binomial", "cloglog"): _spector,
    ("poisson", "log"): _cpunish,
    ("gamma", "log"): _gamma_sim,
}


def _new_rows(X, seed=0):
    """Rows like X's, not among them: a seeded mix of X's rows, moved a little."""
    rng = np.random.default_rng(seed)
    mix = X[rng.integers(0, len(X), 6)] * rng.uniform(0.9, 1.1, size=(6, X.shape[1]))
    return np.vstack([mix, X.mean(axis=0)])


def _statsmodels(X, y, row, **kwargs):
    """statsmodels' GLM at the optimum; Newton's method, for its observed-information covariance.

    The network's covariance is the inverse of the observed information (its own Hessian);
    statsmodels' IRLS reports the expected one, which differs for a non-canonical link.
    """
    glm = sm.GLM(y, sm.add_constant(X), family=row.statsmodels_family(), **kwargs)
    return glm.fit(method="newton", tol=1e-13, maxiter=200)


@pytest.fixture(scope="module")
def fitted():
    """Each row fitted once, by the network and by statsmodels."""
    out = {}
    for (family, link), load in ROWS.items():
        X, y = load()
        result = keras_glm.fit(X, y, family, link)
        out[family, link] = X, y, result, _statsmodels(X, y, result.family)
    return out


def test_every_one_output_row_of_the_table_is_tested():
    one_output = {key for key, row in families.TABLE.items() if not row.multiclass}
    assert set(ROWS) == one_output


@pytest.mark.parametrize("key", list(ROWS), ids="/".join)
def test_summary_frame_equals_statsmodels_get_prediction(fitted, key):
    X, _, result, glm = fitted[key]
    Xnew = _new_rows(X)
    ours = result.get_prediction(Xnew)
    theirs = glm.get_prediction(sm.add_constant(Xnew, has_constant="add"))
    for alpha in (0.05, 0.1):
        frame = ours.summary_frame(alpha)
        expected = theirs.summary_frame(alpha)
        assert list(frame.columns) == list(expected.columns) == COLUMNS
        pd.testing.assert_index_equal(frame.index, pd.RangeIndex(len(Xnew)))
        np.testing.assert_allclose(frame.to_numpy(), expected.to_numpy(), rtol=RTOL)
        np.testing.assert_allclose(ours.conf_int(alpha=alpha), theirs.conf_int(alpha=alpha),
                                   rtol=RTOL)
    # statsmodels' names, and the linear predictor with its standard error
    np.testing.assert_allclose(ours.predicted_mean, theirs.predicted_mean, rtol=RTOL)
    np.testing.assert_allclose(ours.se_mean, theirs.se_mean, rtol=RTOL)
    np.testing.assert_array_equal(ours.predicted, result.predict(Xnew))  # the network's output
    np.testing.assert_allclose(ours.linpred.predicted, theirs.linpred.predicted_mean,
                               rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(ours.linpred.se, theirs.linpred.se_mean, rtol=RTOL)
    np.testing.assert_allclose(ours.linpred.conf_int(), theirs.linpred.conf_int(), rtol=RTOL,
                               atol=1e-12)
    # without X: the rows fitted
    np.testing.assert_allclose(result.get_prediction().summary_frame().to_numpy(),
                               glm.get_prediction().summary_frame().to_numpy(), rtol=RTOL)


def test_canonical_links_equal_statsmodels_default_fit_too(fitted):
    # for a canonical link observed and expected information agree: IRLS, the default
    for key in [("gaussian", "identity"), ("binomial", "logit"), ("poisson", "log")]:
        X, y, result, _ = fitted[key]
        Xnew = _new_rows(X, seed=1)
        irls = sm.GLM(y, sm.add_constant(X), family=result.family.statsmodels_family())
        expected = irls.fit(tol=1e-12).get_prediction(sm.add_constant(Xnew)).summary_frame()
        np.testing.assert_allclose(result.get_prediction(Xnew).summary_frame().to_numpy(),
                                   expected.to_numpy(), rtol=RTOL)
    # a non-canonical link: the same means, but IRLS's errors are the expected information's
    X, y, result, _ = fitted["binomial", "probit"]
    irls = sm.GLM(y, sm.add_constant(X), family=result.family.statsmodels_family()).fit(tol=1e-12)
    ours, theirs = result.get_prediction(X), irls.get_prediction(sm.add_constant(X))
    np.testing.assert_allclose(ours.predicted, theirs.predicted_mean, rtol=1e-6)  # IRLS's tol
    assert np.max(np.abs(ours.se / theirs.se_mean - 1)) > 1e-3


@pytest.fixture(scope="module")
def rates():
    rng = np.random.default_rng(16)
    X = rng.normal(size=(400, 2))
    exposure = rng.uniform(0.5, 20.0, size=400)
    y = rng.poisson(exposure * np.exp(-1.0 + X @ np.array([0.4, -0.3])))
    return X, y.astype(float), exposure


@pytest.mark.parametrize("how", ["exposure", "offset"])
def test_an_offset_or_exposure_equals_statsmodels(rates, how):
    X, y, exposure = rates
    row = families.get("poisson")
    Xnew, new_exposure = _new_rows(X, seed=2), np.linspace(0.5, 30.0, 7)
    given = {"exposure": (exposure, new_exposure),
             "offset": (np.log(exposure), np.log(new_exposure))}[how]
    result = keras_glm.fit(X, y, "poisson", **{how: given[0]})
    glm = _statsmodels(X, y, row, **{how: given[0]})
    ours = result.get_prediction(Xnew, **{how: given[1]})
    theirs = glm.get_prediction(sm.add_constant(Xnew), **{how: given[1]})
    for alpha in (0.05, 0.1):
        np.testing.assert_allclose(ours.summary_frame(alpha).to_numpy(),
                                   theirs.summary_frame(alpha).to_numpy(), rtol=RTOL)
    # without X: the rows fitted, with their offset, as predict() and the fitted values.
    # statsmodels' get_prediction() without exog drops the model's offset and exposure
    # (it predicts at model.exog with offset 0), unlike its own predict(): passed explicitly
    fitted_rows = result.get_prediction()
    np.testing.assert_array_equal(fitted_rows.predicted, result.predict())
    np.testing.assert_allclose(fitted_rows.summary_frame().to_numpy(),
                               glm.get_prediction(sm.add_constant(X), **{how: given[0]})
                               .summary_frame().to_numpy(), rtol=RTOL)
    # new rows without an offset: offset 0, as statsmodels assumes
    np.testing.assert_allclose(result.get_prediction(Xnew).summary_frame().to_numpy(),
                               glm.get_prediction(sm.add_constant(Xnew)).summary_frame().to_numpy(),
                               rtol=RTOL)


def test_dataframes_keep_their_index_and_are_read_by_column_name():
    d = sm.datasets.spector.load_pandas()
    X = d.exog.set_axis([f"student {i}" for i in range(len(d.exog))])
    y = d.endog.set_axis(X.index)
    result = keras_glm.fit(X, y, "binomial", "probit")
    glm = _statsmodels(X, y, result.family)
    Xnew = pd.DataFrame(_new_rows(X.to_numpy()), columns=X.columns, index=list("abcdefg"))
    expected = glm.get_prediction(sm.add_constant(Xnew)).summary_frame(0.1)
    frame = result.get_prediction(Xnew[["PSI", "GPA", "TUCE"]]).summary_frame(0.1)
    pd.testing.assert_frame_equal(frame, expected, rtol=RTOL, atol=0)
    pd.testing.assert_frame_equal(result.get_prediction().summary_frame(),
                                  glm.get_prediction().summary_frame(), rtol=RTOL, atol=0)
    assert list(result.get_prediction().summary_frame().index[:2]) == ["student 0", "student 1"]


@pytest.mark.parametrize("offset", [False, True])
def test_the_gradient_of_the_weighted_sum_by_autodiff_is_one_and_x(rates, offset):
    import jax.numpy as jnp

    X, _, exposure = rates
    theta = np.array([0.3, -0.4, 0.5])  # exposure's log is within (-0.7, 3)
    off = (jnp.asarray(np.log(exposure)),) if offset else ()
    for key, row in families.TABLE.items():
        if row.multiclass:
            continue
        linear, slope, inverse = _linear_predictor(row, 2, offset)
        z, J = linear(jnp.asarray(theta), jnp.asarray(X), *off)
        np.testing.assert_array_equal(np.asarray(J), sm.add_constant(X))  # (1, x), row by row
        expected = sm.add_constant(X) @ theta + (np.log(exposure) if offset else 0.0)
        np.testing.assert_allclose(np.asarray(z), expected, rtol=1e-14, atol=1e-14)
        # the slope and the inverse of the activation are statsmodels' link's, by autodiff
        link = row.statsmodels_family().link
        # (also absolutely: the probit activation, 0.5 * (1 + erf), rounds in its lower tail,
        # and JAX's derivative of expm1, expm1 + 1, the cloglog slope where the mean is near 1)
        for ours, theirs in ((slope(z), link.inverse_deriv), (inverse(z), link.inverse)):
            np.testing.assert_allclose(np.asarray(ours), theirs(np.asarray(z)), rtol=1e-12,
                                       atol=1e-14, err_msg="/".join(key))


@pytest.fixture(scope="module")
def logit(fitted):
    X, _, result, _ = fitted["binomial", "logit"]
    return X, result


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda X: X[:, :2], "X has 2 columns, the model was fitted on 3"),
        (lambda X: np.where(np.arange(len(X))[:, None] == 1, np.nan, X), "X must be finite"),
        (lambda X: np.where(np.arange(len(X))[:, None] == 0, np.inf, X), "X must be finite"),
        (lambda X: X.astype(str), "X must be numeric"),
        (lambda X: X[0], "X must be 2-D"),
    ],
)
def test_bad_rows_are_refused(logit, make, match):
    X, result = logit
    with pytest.raises(ValueError, match=match):
        result.get_prediction(make(X))


@pytest.mark.parametrize("alpha", [0, 1, -0.5, 1.5, np.nan, "0.05", None])
def test_alpha_outside_0_1_is_refused(logit, alpha):
    X, result = logit
    prediction = result.get_prediction(X[:3])
    for method in (prediction.summary_frame, prediction.conf_int, prediction.linpred.conf_int):
        with pytest.raises(ValueError, match="alpha must be .*between 0 and 1"):
            method(alpha)


def test_offsets_that_do_not_fit_the_model_are_refused(logit, rates):
    X, result = logit
    with pytest.raises(ValueError, match="offset and exposure need X"):
        result.get_prediction(offset=np.zeros(len(X)))
    with pytest.raises(ValueError, match="exposure is for the log link"):
        result.get_prediction(X, exposure=np.ones(len(X)))
    with pytest.raises(ValueError, match=r"offset must be 1-D with one value per row of X \(32\)"):
        result.get_prediction(X, offset=np.zeros(5))
    Xr, y, exposure = rates
    poisson = keras_glm.fit(Xr, y, "poisson", exposure=exposure)
    with pytest.raises(ValueError, match="exposure must be strictly positive"):
        poisson.get_prediction(Xr[:3], exposure=np.array([1.0, 0.0, 2.0]))


def test_a_dataframe_without_the_columns_fitted_is_refused():
    d = sm.datasets.spector.load_pandas()
    result = keras_glm.fit(d.exog, d.endog)
    with pytest.raises(ValueError, match=r"fitted on the columns \['GPA', 'TUCE', 'PSI'\]"):
        result.get_prediction(d.exog.rename(columns={"PSI": "psi"}))


def test_the_multinomial_family_is_refused():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(90, 2))
    y = np.argmax(X @ np.array([[0.0, 1.0, -1.0], [0.0, 0.5, 1.0]]) + rng.gumbel(size=(90, 3)),
                  axis=1).astype(float)
    result = keras_glm.fit(X, y, "multinomial")
    with pytest.raises(ValueError, match="get_prediction is for one-output families"):
        result.get_prediction(X)
