"""Tests of glmnn.keras_glm: GLMs fitted as Keras networks, equal to statsmodels."""

import numpy as np
import pytest
import statsmodels.api as sm

from glmnn import data, keras_glm


@pytest.fixture(scope="module")
def spector():
    d = sm.datasets.spector.load_pandas()
    return d.exog.to_numpy(float), d.endog.to_numpy(float)


def test_spector_equals_statsmodels_logit(spector):
    X, y = spector
    result = keras_glm.fit(X, y)
    logit = sm.Logit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(result.params, logit.params, rtol=1e-8)
    np.testing.assert_allclose(result.bse, logit.bse, rtol=1e-8)
    np.testing.assert_allclose(result.cov_params, logit.cov_params(), rtol=1e-8)
    assert result.llf == pytest.approx(logit.llf, rel=1e-12)
    # the returned network holds the estimate and predicts statsmodels' probabilities
    # (called directly: model.predict would cast X to keras.config.floatx(), float32 here)
    predicted = np.asarray(result.model(X))[:, 0]
    np.testing.assert_allclose(predicted, logit.predict(), rtol=1e-10)
    np.testing.assert_array_equal(keras_glm.model_params(result.model), result.params)


def test_simulated_data_equal_statsmodels_glm():
    X, y = data.simulate_logistic(500, [0.5, -1.0, 0.25, 0.0], -0.3, seed=11)
    result = keras_glm.fit(X, y)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial()).fit(tol=1e-12)
    np.testing.assert_allclose(result.params, glm.params, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(result.bse, glm.bse, rtol=1e-8)
    assert result.family.link == "logit" and result.iterations < 15


def test_newton_finishes_from_a_trained_model_without_changing_it(spector):
    X, y = spector
    model = keras_glm.build_model(3)
    model.set_weights([np.array([[1.0], [0.05], [2.0]]), np.array([-10.0])])
    before = keras_glm.model_params(model)
    result = keras_glm.fit(X, y, model=model)
    np.testing.assert_allclose(result.params, keras_glm.fit(X, y).params, rtol=1e-9)
    np.testing.assert_array_equal(keras_glm.model_params(model), before)
    assert result.model is not model


def test_separated_classes_are_refused():
    X, y = data.blog_toy()
    with pytest.raises(ValueError, match="completely separated: the log-likelihood has no finite maximum"):
        keras_glm.fit(X, y)


def test_quasi_separated_classes_are_refused():
    X, y = data.blog_toy()
    with pytest.raises(ValueError, match="quasi-completely separated"):
        keras_glm.fit(np.vstack([X, [0.0, 0.0]]), np.r_[y, 0.0])


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda X, y: (np.column_stack([np.ones(len(y)), X]), y),
         "column 0 of X is constant: the network's bias is already the intercept"),
        (lambda X, y: (np.column_stack([X, X[:, 0] - X[:, 1]]), y), r"rank 4 < 5 parameters"),
        (lambda X, y: (X, 2 * y), "only 0 and 1"),
        (lambda X, y: (X, np.r_[y[:-1], np.nan]), "NaN or inf"),
        (lambda X, y: (np.vstack([X[:-1], [np.inf, 0.0, 0.0]]), y), "NaN or inf"),
        (lambda X, y: (X[:-1], y), "same number of samples"),
    ],
)
def test_bad_input_is_rejected(spector, make, match):
    X, y = make(*spector)
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(X, y)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"family": "tweedie"}, "unknown family/link: 'tweedie'; valid pairs"),
        ({"link": "log"}, "unknown family/link: 'binomial' with link 'log'; valid pairs .*binomial/probit"),
        ({"tol": 0.0}, "tol must be a positive number"),
        ({"max_iter": 0}, "max_iter must be a positive integer"),
    ],
)
def test_bad_options_are_rejected(spector, kwargs, match):
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(*spector, **kwargs)


def test_a_model_of_the_wrong_shape_is_rejected(spector):
    X, y = spector
    with pytest.raises(ValueError, match="model has 2 inputs but X has 3 columns"):
        keras_glm.fit(X, y, model=keras_glm.build_model(2))
    import keras

    two_units = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="model has 2 output units but the binomial family needs 1"):
        keras_glm.fit(X, y, model=two_units)


def test_build_model_checks_its_arguments():
    with pytest.raises(ValueError, match="n_inputs must be a non-negative integer"):
        keras_glm.build_model(-1)
    with pytest.raises(ValueError, match="n_inputs must be a non-negative integer"):
        keras_glm.build_model(2.0)
    with pytest.raises(ValueError, match="an offset is for one-output families"):
        keras_glm.build_model(2, "multinomial", n_classes=3, offset=True)
    with pytest.raises(ValueError, match="unknown family/link"):
        keras_glm.build_model(2, family="tweedie")


def test_running_out_of_newton_steps_is_reported_as_such(spector):
    with pytest.raises(ValueError, match="Newton's method did not converge in 1 iterations"):
        keras_glm.fit(*spector, max_iter=1)


# ---- the multinomial family: a softmax output layer is sm.MNLogit -------------------------


@pytest.fixture(scope="module")
def anes96():
    d = sm.datasets.anes96.load_pandas()
    X, y = d.exog.to_numpy(float), d.endog.to_numpy(float)
    return X, y, keras_glm.fit(X, y, family="multinomial")


def test_anes96_softmax_network_equals_statsmodels_mnlogit(anes96):
    X, y, result = anes96
    mnlogit = sm.MNLogit(y, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    assert result.params.shape == result.bse.shape == (X.shape[1] + 1, 6)
    np.testing.assert_allclose(result.params, mnlogit.params, rtol=1e-8)
    np.testing.assert_allclose(result.bse, mnlogit.bse, rtol=1e-8)
    np.testing.assert_allclose(result.cov_params, np.asarray(mnlogit.cov_params()), rtol=1e-7, atol=1e-14)
    assert result.llf == pytest.approx(mnlogit.llf, rel=1e-12)
    probs = np.asarray(result.model(X))
    np.testing.assert_allclose(probs, mnlogit.predict(), rtol=1e-9)
    # the network holds class 0's weights at zero; model_params gives back MNLogit's layout
    assert not np.any(np.asarray(result.model.weights[0].value)[:, 0])
    np.testing.assert_array_equal(keras_glm.model_params(result.model), result.params)


def test_softmax_weights_are_identified_only_up_to_a_shared_vector():
    model = keras_glm.build_model(2, "multinomial", n_classes=3)
    rng = np.random.default_rng(0)
    kernel, bias = rng.normal(size=(2, 3)), rng.normal(size=3)
    model.set_weights([kernel, bias])
    X = rng.normal(size=(5, 2))
    before, params = np.asarray(model(X)), keras_glm.model_params(model)
    np.testing.assert_allclose(params, np.vstack([bias, kernel])[:, 1:] - np.vstack([bias, kernel])[:, :1])
    model.set_weights([kernel + rng.normal(size=(2, 1)), bias + 3.0])  # same shift for every class
    np.testing.assert_allclose(np.asarray(model(X)), before, rtol=1e-12)
    np.testing.assert_allclose(keras_glm.model_params(model), params, rtol=1e-12)


def test_multinomial_newton_finishes_from_a_trained_softmax_model(anes96):
    X, y, result = anes96
    model = keras_glm.build_model(X.shape[1], "multinomial", n_classes=7)
    rng = np.random.default_rng(1)
    model.set_weights([rng.normal(scale=0.01, size=(X.shape[1], 7)), rng.normal(size=7)])
    warm = keras_glm.fit(X, y, family="multinomial", model=model)
    np.testing.assert_allclose(warm.params, result.params, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (lambda y: y + 0.5, r"class labels 0, 1, \.\.\., K-1"),
        (lambda y: y - 1, "non-negative integers.*found -1"),
        (lambda y: np.where(y == 3, 2, y), r"no observations of class 3: .*K = 7 here"),
        (lambda y: np.where(y == 0, 1, y), "no observations of class 0"),
    ],
)
def test_multinomial_rejects_labels_that_are_not_0_to_k_minus_1(anes96, y, match):
    X, y0, _ = anes96
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(X, y(y0), family="multinomial")


def test_multinomial_rejects_a_model_with_the_wrong_number_of_classes(anes96):
    X, y, _ = anes96
    model = keras_glm.build_model(X.shape[1], "multinomial", n_classes=5)
    with pytest.raises(ValueError, match="model has 5 output units but the multinomial family with 7 classes needs 7"):
        keras_glm.fit(X, y, family="multinomial", model=model)


def test_build_model_needs_n_classes_for_the_multinomial_family_only():
    with pytest.raises(ValueError, match="needs n_classes >= 2, got None"):
        keras_glm.build_model(3, "multinomial")
    with pytest.raises(ValueError, match="needs n_classes >= 2, got 1"):
        keras_glm.build_model(3, "multinomial", n_classes=1)
    with pytest.raises(ValueError, match="n_classes is only for the multinomial family"):
        keras_glm.build_model(3, n_classes=2)


def test_separated_classes_are_refused_for_the_multinomial_family_too():
    rng = np.random.default_rng(1)
    x = np.r_[np.minimum(rng.normal(-2, 1, 60), 0.5), rng.normal(3, 0.5, 20)]
    y = np.r_[np.arange(60) % 2, np.full(20, 2)].astype(float)  # class 2 exactly when x > 0.5
    with pytest.raises(ValueError, match=r"the classes are \(quasi-\)separated"):
        keras_glm.fit(x[:, None], y, family="multinomial")



# ---- every row of the family table equals statsmodels ---------------------------------------


def _cpunish():
    d = sm.datasets.cpunish.load_pandas()
    X = d.exog.to_numpy(float)
    X[:, 3] = np.log(X[:, 3])  # as in statsmodels' GLM example
    return X, d.endog.to_numpy(float)


def _stackloss():
    d = sm.datasets.stackloss.load_pandas()
    return d.exog.to_numpy(float), d.endog.to_numpy(float)


def _gamma_sim():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, 2))
    mean = np.exp(0.5 + X @ np.array([0.3, -0.2]))
    return X, rng.gamma(2.0, mean / 2.0)


def _spector():
    d = sm.datasets.spector.load_pandas()
    return d.exog.to_numpy(float), d.endog.to_numpy(float)


ROWS = [
    ("gaussian", "identity", _stackloss),
    ("binomial", "logit", _spector),
    ("binomial", "probit", _spector),
    ("binomial", "cloglog", _spector),
    ("poisson", "log", _cpunish),
    ("gamma", "log", _gamma_sim),
]


@pytest.mark.parametrize(("family", "link", "load"), ROWS, ids=lambda v: v if isinstance(v, str) else "")
def test_every_row_equals_statsmodels_glm(family, link, load):
    X, y = load()
    result = keras_glm.fit(X, y, family, link)
    glm = sm.GLM(y, sm.add_constant(X), family=result.family.statsmodels_family())
    irls = glm.fit(tol=1e-13)
    newton = glm.fit(method="newton", tol=1e-13, maxiter=200)
    np.testing.assert_allclose(result.params, irls.params, rtol=1e-6)
    np.testing.assert_allclose(result.params, newton.params, rtol=1e-6)
    assert result.scale == pytest.approx(irls.scale, rel=1e-8)
    # the network's Hessian is the observed information: statsmodels' Newton fit
    np.testing.assert_allclose(result.bse, newton.bse, rtol=1e-7)
    if result.family.canonical:  # observed = expected information: IRLS agrees too
        np.testing.assert_allclose(result.bse, irls.bse, rtol=1e-7)
    else:  # IRLS reports the expected information, which differs
        assert np.max(np.abs(result.bse / irls.bse - 1)) > 1e-3
    mean = np.asarray(result.model(X))[:, 0]
    np.testing.assert_allclose(mean, irls.fittedvalues, rtol=1e-6)


def test_linear_regression_is_ols_with_its_standard_errors():
    X, y = _stackloss()
    result = keras_glm.fit(X, y, "gaussian")
    ols = sm.OLS(y, sm.add_constant(X)).fit()
    np.testing.assert_allclose(result.params, ols.params, rtol=1e-10)
    np.testing.assert_allclose(result.bse, ols.bse, rtol=1e-10)
    assert result.scale == pytest.approx(ols.scale, rel=1e-12)
    assert result.iterations <= 2  # one Newton step solves a quadratic, one confirms


def test_probit_standard_errors_equal_sm_probit():
    X, y = _spector()
    result = keras_glm.fit(X, y, "binomial", "probit")
    probit = sm.Probit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(result.params, probit.params, rtol=1e-7)
    np.testing.assert_allclose(result.bse, probit.bse, rtol=1e-7)
    assert result.llf == pytest.approx(probit.llf, rel=1e-12)


@pytest.mark.parametrize(
    ("family", "link", "make_y", "match"),
    [
        ("poisson", None, lambda y: y - 2.0, "non-negative counts, found -2"),
        ("gamma", None, lambda y: y - 1.0, "strictly positive, found -1, 0"),
        ("binomial", "probit", lambda y: y + 1.0, "only 0 and 1"),
        ("binomial", "cloglog", lambda y: 3.0 * y, "only 0 and 1"),
        ("gaussian", None, lambda y: np.r_[y[:-1], np.inf], "NaN or inf"),
    ],
)
def test_responses_the_family_does_not_allow_are_rejected(family, link, make_y, match):
    X, y = _spector()  # y in {0, 1}
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(X, make_y(y), family, link)


def test_separation_is_detected_for_every_binary_link():
    X, y = data.blog_toy()
    for link in ("probit", "cloglog"):
        with pytest.raises(ValueError, match="completely separated"):
            keras_glm.fit(X, y, "binomial", link)


def test_newton_stops_at_the_rounding_floor_even_when_steps_stay_above_tol():
    # an absurdly small tol: steps can never be that small, but the predicted decrease of
    # the loss reaches rounding level, and the fit must still converge to the estimate
    rng = np.random.default_rng(11)
    X = np.c_[rng.normal(size=200), 50 + rng.normal(size=200)]  # ill-conditioned
    y = (rng.uniform(size=200) < 1 / (1 + np.exp(-X[:, 0]))).astype(float)
    result = keras_glm.fit(X, y, tol=1e-300)
    assert result.iterations < 20
    logit = sm.Logit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12, maxiter=100)
    np.testing.assert_allclose(result.params, logit.params, rtol=1e-6)


# ---- results shaped like statsmodels' (issue 16) -------------------------------------------


@pytest.mark.parametrize(("family", "link", "load"), ROWS, ids=lambda v: v if isinstance(v, str) else "")
def test_llf_has_every_constant_and_equals_statsmodels(family, link, load):
    X, y = load()
    result = keras_glm.fit(X, y, family, link)
    glm = sm.GLM(y, sm.add_constant(X), family=result.family.statsmodels_family()).fit(
        method="newton", tol=1e-13, maxiter=200)
    assert result.llf == pytest.approx(glm.llf, rel=1e-9)
    assert result.nobs == glm.nobs and result.df_resid == glm.df_resid
    assert result.df_model == glm.df_model


def test_labelled_results_and_summary_match_statsmodels():
    d = sm.datasets.spector.load_pandas()
    result = keras_glm.fit(d.exog, d.endog)
    logit = sm.Logit(d.endog, sm.add_constant(d.exog)).fit(disp=0, tol=1e-12)
    for name in ("params", "bse", "tvalues", "pvalues"):
        ours, theirs = getattr(result, name), getattr(logit, name)
        assert list(ours.index) == list(theirs.index) == ["const", "GPA", "TUCE", "PSI"]
        np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(result.conf_int().to_numpy(), logit.conf_int().to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(result.conf_int(0.1).to_numpy(), logit.conf_int(0.1).to_numpy(), rtol=1e-7)
    assert list(result.conf_int().columns) == list(logit.conf_int().columns)
    # the coefficient table: the same cells as statsmodels' summary
    assert result.summary().tables[1].data[1:] == logit.summary().tables[1].data[1:]
    assert "Log-Likelihood:" in str(result.summary())
    np.testing.assert_allclose(result.predict(d.exog), logit.predict(), rtol=1e-10)
    assert result.predict().dtype == np.float64
    np.testing.assert_allclose(result.predict(), logit.predict(), rtol=1e-10)


def test_numpy_in_numpy_out(spector):
    result = keras_glm.fit(*spector)
    assert isinstance(result.params, np.ndarray) and isinstance(result.pvalues, np.ndarray)
    assert result.conf_int().shape == (4, 2) and result.exog_names == ["const", "x1", "x2", "x3"]


def test_multinomial_results_are_labelled_like_mnlogit():
    d = sm.datasets.anes96.load_pandas()
    X = d.exog[["logpopul", "selfLR", "age", "educ", "income"]]
    y = d.endog.to_numpy()
    result = keras_glm.fit(X, y, family="multinomial")
    mn = sm.MNLogit(y, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12, maxiter=100)
    for name in ("params", "bse", "tvalues", "pvalues"):
        ours, theirs = getattr(result, name), getattr(mn, name)
        assert list(ours.index) == list(theirs.index) and list(ours.columns) == list(theirs.columns)
        np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-6, atol=1e-12)
    ci_ours, ci_theirs = result.conf_int(), mn.conf_int()
    assert list(ci_ours.index) == list(ci_theirs.index)
    np.testing.assert_allclose(ci_ours.to_numpy(), ci_theirs.to_numpy(), rtol=1e-6)
    assert result.nobs == mn.nobs and result.df_resid == mn.df_resid and result.df_model == mn.df_model
    ours_tables = [t.data[1:] for t in result.summary().tables[1:]]
    theirs_tables = mn.summary().tables[1].data
    assert sum(len(t) for t in ours_tables) == len(theirs_tables) - 1 - (len(ours_tables) - 1)
    np.testing.assert_allclose(result.predict(X), mn.predict(), rtol=1e-8)


def test_intercept_only_model_is_the_null_model(spector):
    X, y = spector
    null = keras_glm.fit(np.empty((len(y), 0)), y)
    logit = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    np.testing.assert_allclose(null.params, [np.log(y.mean() / (1 - y.mean()))], rtol=1e-10)
    assert null.llf == pytest.approx(logit.llnull, rel=1e-10)
    full = keras_glm.fit(X, y)
    assert 2 * (full.llf - null.llf) == pytest.approx(logit.llr, rel=1e-8)  # likelihood ratio
    pois = keras_glm.fit(np.empty((10, 0)), np.arange(10.0), "poisson")
    glm = sm.GLM(np.arange(10.0), np.ones((10, 1)), family=sm.families.Poisson()).fit()
    assert pois.llf == pytest.approx(glm.llf, rel=1e-10)
    assert [w.shape for w in pois.model.weights] == [(0, 1), (1,)]


@pytest.fixture(scope="module")
def rates():
    rng = np.random.default_rng(16)
    X = rng.normal(size=(400, 2))
    exposure = rng.uniform(0.5, 20.0, size=400)
    y = rng.poisson(exposure * np.exp(-1.0 + X @ np.array([0.4, -0.3])))
    return X, y.astype(float), exposure


def test_exposure_and_offset_equal_statsmodels_glm(rates):
    X, y, exposure = rates
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson(), exposure=exposure).fit(tol=1e-13)
    for kwargs in ({"exposure": exposure}, {"offset": np.log(exposure)}):
        result = keras_glm.fit(X, y, "poisson", **kwargs)
        np.testing.assert_allclose(result.params, glm.params, rtol=1e-8)
        np.testing.assert_allclose(result.bse, glm.bse, rtol=1e-8)
        assert result.llf == pytest.approx(glm.llf, rel=1e-10)
        np.testing.assert_allclose(result.predict(), glm.fittedvalues, rtol=1e-9)
        np.testing.assert_allclose(result.predict(X, exposure=exposure), glm.fittedvalues, rtol=1e-9)
    # the offset is a second input whose weight is fixed at 1: not a parameter
    model = keras_glm.fit(X, y, "poisson", exposure=exposure).model
    assert len(model.inputs) == 2 and len(model.trainable_weights) == 2
    (fixed,) = model.non_trainable_weights
    np.testing.assert_array_equal(np.asarray(fixed.value), [[1.0]])
    out = np.asarray(model([X, np.log(exposure)[:, None]]))[:, 0]
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, glm.fittedvalues, rtol=1e-9)
    # without the exposure, the model describes counts, not rates: another estimate
    assert np.max(np.abs(keras_glm.fit(X, y, "poisson").params - glm.params)) > 0.1


def test_freq_weights_equal_statsmodels_and_repeated_rows(rates):
    X, y, _ = rates
    w = np.random.default_rng(3).integers(0, 4, size=len(y)).astype(float)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson(), freq_weights=w).fit(tol=1e-13)
    result = keras_glm.fit(X, y, "poisson", freq_weights=w)
    np.testing.assert_allclose(result.params, glm.params, rtol=1e-8)
    np.testing.assert_allclose(result.bse, glm.bse, rtol=1e-8)
    assert result.llf == pytest.approx(glm.llf, rel=1e-10)
    assert result.df_resid == glm.df_resid
    repeat = np.repeat(np.arange(len(y)), w.astype(int))
    rows = keras_glm.fit(X[repeat], y[repeat], "poisson")
    np.testing.assert_allclose(result.params, rows.params, rtol=1e-9)
    np.testing.assert_allclose(result.bse, rows.bse, rtol=1e-9)
    # the Gaussian and Gamma dispersions use the weighted degrees of freedom too
    Xs, ys = _stackloss()
    ws = np.arange(1.0, len(ys) + 1) % 3 + 1
    ours = keras_glm.fit(Xs, ys, "gaussian", freq_weights=ws)
    theirs = sm.GLM(ys, sm.add_constant(Xs), freq_weights=ws).fit()
    np.testing.assert_allclose(ours.bse, theirs.bse, rtol=1e-8)
    assert ours.llf == pytest.approx(theirs.llf, rel=1e-10)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"exposure": -np.ones(400)}, "exposure must be strictly positive"),
        ({"exposure": np.ones(399)}, r"exposure must be 1-D with one value per row of X \(400\)"),
        ({"offset": np.full(400, np.nan)}, "offset must be finite"),
        ({"offset": np.ones((400, 1))}, "offset must be 1-D"),
        ({"freq_weights": -np.ones(400)}, "freq_weights must be non-negative"),
        ({"freq_weights": np.zeros(400)}, "at least one positive"),
        ({"freq_weights": np.ones(3)}, "freq_weights must be 1-D with one value per row"),
    ],
)
def test_bad_offsets_exposures_and_weights_are_rejected(rates, kwargs, match):
    X, y, _ = rates
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(X, y, "poisson", **kwargs)


def test_exposure_needs_the_log_link_and_one_output(rates, spector):
    with pytest.raises(ValueError, match="exposure is for the log link"):
        keras_glm.fit(*spector, exposure=np.ones(32))
    X, y, _ = rates
    with pytest.raises(ValueError, match="the multinomial family .* has none"):
        keras_glm.fit(X, (y > 3).astype(float) + (y > 8), "multinomial", offset=np.zeros(400))


def test_predict_and_conf_int_check_their_input(spector):
    result = keras_glm.fit(*spector)
    with pytest.raises(ValueError, match="X has 2 columns, the model was fitted on 3"):
        result.predict(spector[0][:, :2])
    with pytest.raises(ValueError, match="alpha must be between 0 and 1"):
        result.conf_int(1.5)
    with pytest.raises(ValueError, match="offset and exposure need X"):
        result.predict(offset=np.zeros(32))


@pytest.mark.parametrize(("family", "link", "load"), ROWS, ids=lambda v: v if isinstance(v, str) else "")
def test_hessian_from_the_layer_jacobian_equals_autodiff_through_the_network(family, link, load):
    # J^T D J, with D by autodiff of the network's activation and loss, is the full Hessian
    import jax
    import jax.numpy as jnp

    X, y = load()
    result = keras_glm.fit(X, y, family, link)
    theta = jnp.asarray(np.asarray(result.params).reshape(-1, order="F") * 0.9)
    mean, value, newton = keras_glm._objective(result.family, X.shape[1], 1, False)
    Xt = jnp.asarray(sm.add_constant(X, has_constant="add"))
    args = (Xt, jnp.asarray(y), jnp.ones(len(y)), jnp.zeros(len(y)))
    v, g, H = newton(theta, *args)

    def network_loss(t):  # the whole network, through Keras' stateless_call
        return jnp.sum(result.family.nll(jnp.asarray(y), mean(t, jnp.asarray(X))))

    np.testing.assert_allclose(v, network_loss(theta), rtol=1e-12)
    np.testing.assert_allclose(g, jax.grad(network_loss)(theta), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(H, jax.hessian(network_loss)(theta), rtol=1e-9, atol=1e-9)
    assert float(value(theta, *args)) == pytest.approx(float(v), rel=1e-14)


def test_softmax_hessian_from_the_layer_jacobian_equals_autodiff(anes96):
    import jax
    import jax.numpy as jnp

    X, y, result = anes96
    units = int(y.max()) + 1
    theta = jnp.asarray(result.params.reshape(-1, order="F") * 0.9)
    mean, _, newton = keras_glm._objective(result.family, X.shape[1], units, False)
    Xt = jnp.asarray(sm.add_constant(X))
    _, g, H = newton(theta, Xt, jnp.asarray(y), jnp.ones(len(y)), jnp.zeros(len(y)))

    def network_loss(t):
        return jnp.sum(result.family.nll(jnp.asarray(y), mean(t, jnp.asarray(X))))

    np.testing.assert_allclose(g, jax.grad(network_loss)(theta), rtol=1e-9, atol=1e-8)
    np.testing.assert_allclose(H, jax.hessian(network_loss)(theta), rtol=1e-9, atol=1e-8)


# ---- bad input (issue 22): refused before iterating, with the cause named -------------------


@pytest.fixture(scope="module")
def small():
    rng = np.random.default_rng(12345)
    X = rng.normal(size=(40, 2))
    yb = (rng.random(40) < 1 / (1 + np.exp(-(0.3 + 0.8 * X[:, 0] - 0.6 * X[:, 1])))).astype(float)
    yp = rng.poisson(np.exp(0.5 + 0.3 * X[:, 0] - 0.2 * X[:, 1])).astype(float)
    yn = 1 + 2 * X[:, 0] - X[:, 1] + rng.normal(size=40)
    return X, yb, yp, yn


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda X, y: (None, y), "X is None"),
        (lambda X, y: (X, None), "y is None"),
        (lambda X, y: (X + 1e-3j, y), "X is complex"),
        (lambda X, y: (X, y + 0j), "y is complex"),
        (lambda X, y: (X.astype(str), y), "X must be numeric, got strings"),
        (lambda X, y: (np.where(X > 0, X, None), y), "X contains None"),
    ],
)
def test_the_input_contract_holds_for_fit(small, make, match):
    X, yb, _, _ = small
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(*make(X, yb))


@pytest.mark.parametrize(("family", "which"), [("binomial", 1), ("poisson", 2), ("gaussian", 3)])
@pytest.mark.parametrize("s", [1e-20, 1e15])
def test_a_column_in_other_units_fits_and_equals_statsmodels(small, family, which, s):
    X, y = small[0], small[which]
    Xs = X * np.array([s, 1.0])
    ours = keras_glm.fit(Xs, y, family)
    glm = sm.GLM(y, sm.add_constant(X), family=ours.family.statsmodels_family()).fit(tol=1e-13)
    unit = np.array([1.0, s, 1.0])
    np.testing.assert_allclose(ours.params * unit, glm.params, rtol=1e-7)
    np.testing.assert_allclose(ours.bse * unit, glm.bse, rtol=1e-6)
    assert ours.llf == pytest.approx(glm.llf, rel=1e-10)


@pytest.mark.parametrize("s", [1e-12, 1e12])
def test_a_gaussian_response_in_other_units_fits_and_equals_statsmodels(small, s):
    X, _, _, yn = small
    ours = keras_glm.fit(X, yn * s, "gaussian")
    glm = sm.OLS(yn * s, sm.add_constant(X)).fit()  # GLM warns of "perfect prediction" at 1e-12
    np.testing.assert_allclose(ours.params, glm.params, rtol=1e-9)
    np.testing.assert_allclose(ours.bse, glm.bse, rtol=1e-9)
    assert ours.scale == pytest.approx(glm.scale, rel=1e-9)
    assert ours.llf == pytest.approx(glm.llf, rel=1e-10)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda X: X * np.array([1e-200, 1.0]), r"column 0 of X \('x1'\) is too small a scale"),
        (lambda X: np.where(np.arange(40)[:, None] == 0, 1e300, X), r"X has a value of magnitude 1e\+300 at row 0"),
        (lambda X: np.column_stack([X, X[:, 0] + 1e-9 * np.cos(np.arange(40))]),
         r"rank 3 < 4 parameters: some coefficients are aliased: x1, x3 are"),
        (lambda X: np.column_stack([X, 2 * X[:, 0] + 3]), "aliased: const, x1, x3"),
        (lambda X: X[:2], r"X has 2 rows \(observations\) for 3 coefficients"),
    ],
)
def test_scales_and_aliasing_are_diagnosed_before_iterating(small, make, match):
    X, yb, _, _ = small
    X = make(X)
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(X, yb[: len(X)])


def test_only_rows_of_positive_weight_count_for_the_diagnoses(small):
    X, yb, _, _ = small
    w = (np.arange(40) >= 3).astype(float)
    aliased = np.column_stack([X[:, 0], np.where(w > 0, 2 * X[:, 0], X[:, 1])])
    with pytest.raises(ValueError, match="aliased: x1, x2"):
        keras_glm.fit(aliased, yb, freq_weights=w)
    separated = (X[:, 0] > 0).astype(float)
    Xo, yo = np.r_[X, [[-0.5, 0.0], [0.5, 0.0]]], np.r_[separated, 1.0, 0.0]
    with pytest.raises(ValueError, match="completely separated among the rows of positive weight"):
        keras_glm.fit(Xo, yo, freq_weights=np.r_[np.ones(40), 0.0, 0.0])
    with pytest.raises(ValueError, match="every label y is 0 among the rows of positive weight"):
        keras_glm.fit(X, yb, freq_weights=1.0 - yb)
    # zero-weight rows change nothing: the fit equals the fit without them
    full = keras_glm.fit(X, yb, freq_weights=w)
    np.testing.assert_allclose(full.params, keras_glm.fit(X[3:], yb[3:]).params, rtol=1e-9)
    assert full.nobs == 40 and full.predict().shape == (40,)


def test_pandas_arguments_must_be_aligned_and_well_labelled(small):
    import pandas as pd

    X, yb, yp, _ = small
    Xdf = pd.DataFrame(X, columns=["a", "b"], index=np.arange(100, 140))
    y = pd.Series(yb, index=Xdf.index)
    np.testing.assert_allclose(keras_glm.fit(Xdf, y).params, keras_glm.fit(X, yb).params, rtol=1e-12)
    with pytest.raises(ValueError, match="indices of y and X are not aligned"):
        keras_glm.fit(Xdf, y[::-1])
    with pytest.raises(ValueError, match="indices of y and X are not aligned"):
        keras_glm.fit(Xdf, pd.Series(yb))
    with pytest.raises(ValueError, match="indices of offset and X are not aligned"):
        keras_glm.fit(Xdf, yp, "poisson", offset=pd.Series(np.zeros(40), index=Xdf.index)[::-1])
    with pytest.raises(ValueError, match="two columns named 'a'"):
        keras_glm.fit(Xdf.set_axis(["a", "a"], axis=1), y)
    with pytest.raises(ValueError, match="column named 'const'"):
        keras_glm.fit(Xdf.set_axis(["const", "b"], axis=1), y)


@pytest.mark.parametrize(
    ("family", "make_y", "kwargs", "match"),
    [
        ("poisson", lambda y: 0 * y, {}, "every count y is zero"),
        ("poisson", lambda y: np.where(np.arange(40) % 4 == 0, 0.0, y), {"group": True},
         r"counts are zero wherever x1 is nonzero .*an all-zero group"),
        ("binomial", lambda y: 0 * y, {}, "every label y is 0: only one class"),
        ("gaussian", lambda y: 0 * y + 3, {}, r"y is constant .*dispersion \(scale\) of the gaussian"),
        ("gamma", lambda y: 0 * y + 1, {}, r"y is constant .*dispersion \(scale\) of the gamma"),
        ("gaussian", lambda y: y * 1e-200, {}, "y varies by at most .* rescale y"),
        ("binomial", lambda y: y, {"freq_weights": np.full(40, 0.05)},
         r"freq_weights sum to 2 observations for 3 parameters: .*df_resid = 2 - 3 = -1"),
        ("gaussian", lambda y: y, {"n": 3}, r"df_resid = 3 - 3 = 0, would be 0, so the dispersion"),
    ],
)
def test_data_without_an_estimate_are_refused_with_the_reason(small, family, make_y, kwargs, match):
    X, yb, yp, yn = small
    y = make_y({"binomial": yb, "poisson": yp, "gaussian": yn, "gamma": np.exp(yn / 4)}[family])
    kwargs = dict(kwargs)
    if kwargs.pop("group", False):
        X = np.column_stack([(np.arange(40) % 4 == 0).astype(float), X[:, 0]])
    n = kwargs.pop("n", 40)
    with pytest.raises(ValueError, match=match):
        keras_glm.fit(X[:n], y[:n], family, **kwargs)


def test_a_multinomial_class_of_zero_weight_is_refused(anes96):
    X, y, _ = anes96
    with pytest.raises(ValueError, match="class 2 has no rows of positive weight"):
        keras_glm.fit(X, y, "multinomial", freq_weights=(y != 2).astype(float))


def test_a_start_with_infinite_loss_is_refused_naming_its_cause(small):
    X, yb, yp, _ = small
    model = keras_glm.build_model(2)
    model.trainable_weights[0].assign(np.full((2, 1), np.nan))
    with pytest.raises(ValueError, match="model has weights that are NaN or inf"):
        keras_glm.fit(X, yb, model=model)
    model.trainable_weights[0].assign(np.full((2, 1), 1e3))
    with pytest.raises(ValueError, match="cannot start at model's weights: .*too large"):
        keras_glm.fit(X, yb, model=model)
    with pytest.raises(ValueError, match="cannot start at its starting point: .*offset"):
        keras_glm.fit(X, yp, "poisson", offset=np.where(np.arange(40) == 0, 800.0, 0.0))
    with pytest.raises(ValueError, match="offset has a value of magnitude"):
        keras_glm.fit(X, yb, offset=np.where(np.arange(40) == 0, -1e300, 0.0))


def test_newton_says_raise_max_iter_only_when_more_steps_would_help(small):
    X, yb, yp, _ = small
    with pytest.raises(ValueError, match=r"still falling by .* raise max_iter \(now 2\)"):
        keras_glm.fit(X, yb, max_iter=2)
    group = np.column_stack([(np.arange(40) % 4 == 0).astype(float), X[:, 0]])
    zeros = np.where(group[:, 0] > 0, 0.0, yp)
    for max_iter in (3, 100):  # not converged, or "converged" with a mean of 1e-20
        with pytest.raises(ValueError, match="all-zero group") as info:
            keras_glm.fit(group, zeros, "poisson", max_iter=max_iter)
        assert "max_iter" not in str(info.value)
    with pytest.raises(ValueError, match="completely separated") as info:
        keras_glm.fit(*data.blog_toy(), max_iter=2)
    assert "max_iter" not in str(info.value)
    cut = np.where(X[:, 0] < -0.3, 0.0, np.where(X[:, 0] < 0.4, 1.0, 2.0))  # 3 classes
    for max_iter in (1, 100):  # by the linear program, or by probabilities of 1
        with pytest.raises(ValueError, match=r"classes are \(quasi-\)separated") as info:
            keras_glm.fit(X, cut, "multinomial", max_iter=max_iter)
        assert "max_iter" not in str(info.value)


def test_arguments_of_the_wrong_type_are_refused_naming_them(small):
    X, yb, yp, _ = small
    for bad in ("str", 3, None):
        with pytest.raises(TypeError, match="model must be a Keras model"):
            keras_glm.model_params(bad)
    with pytest.raises(TypeError, match="model must be a Keras model .*got int 3"):
        keras_glm.fit(X, yb, model=3)
    with pytest.raises(TypeError, match="offset must be True or False, got 'no'"):
        keras_glm.build_model(2, "poisson", offset="no")
    with pytest.raises(ValueError, match="link must be a link name or None"):
        keras_glm.fit(X, yp, "poisson", "")


def test_results_methods_check_their_arguments(small):
    import pandas as pd

    X, yb, _, _ = small
    Xdf = pd.DataFrame(X, columns=["a", "b"])
    result = keras_glm.fit(Xdf, yb)
    for bad in ("abc", None, [0.05, 0.1], 0.05 + 0j, True, np.nan, 0, 1):
        with pytest.raises(ValueError, match="alpha must be .*between 0 and 1"):
            result.conf_int(bad)
    with pytest.raises(ValueError, match="alpha"):
        result.summary(alpha="x")
    with pytest.raises(TypeError, match="yname must be a string"):
        result.summary(yname=5)
    assert "Dep. Variable:" in str(result.summary(yname=None))
    assert "admit" in str(result.summary(yname="admit"))
    # columns by name, in any order; the wrong ones refused
    np.testing.assert_allclose(result.predict(Xdf[["b", "a"]]), result.predict(Xdf), rtol=1e-15)
    with pytest.raises(ValueError, match=r"fitted on the columns \['a', 'b'\]"):
        result.predict(Xdf.set_axis(["a", "c"], axis=1))
    with pytest.raises(ValueError, match="X is complex"):
        result.predict(X + 1e-3j)


def test_multinomial_summary_labels_each_class_like_mnlogit(anes96):
    X, y, result = anes96
    text = str(result.summary(yname="party"))
    assert all(f"party={k}" in text for k in range(1, 7))


def test_a_start_already_at_the_decrease_floor_still_takes_the_newton_step():
    """A start within the 1e-20 predicted-decrease test is not returned untouched (issue 20)."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(200, 2))
    y = (rng.uniform(size=200) < 1 / (1 + np.exp(-(X @ [1.0, -1.0])))).astype(float)
    exact = keras_glm.fit(X, y)
    model = keras_glm.build_model(2)
    start = exact.params + np.array([1e-11, -1e-11, 1e-11])  # predicted decrease ~1e-20
    model.set_weights([start[1:, None], start[:1]])
    again = keras_glm.fit(X, y, model=model)
    assert np.max(np.abs(again.params - exact.params)) < 2e-12
    assert np.max(np.abs(again.params - start)) > 5e-12  # it moved


def test_a_perfect_gaussian_fit_is_refused_with_its_cause():
    X = np.arange(10.0)[:, None]
    with pytest.raises(ValueError, match="dispersion of the gaussian family cannot be estimated.*perfect fit"):
        keras_glm.fit(X, 1.0 + 2.0 * X[:, 0], family="gaussian")
