"""Tests of glmnn.training: training choices of Keras as estimators, checked against references."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import statsmodels.api as sm  # noqa: E402

from glmnn import data, keras_glm, optim, separation, training  # noqa: E402

jax.config.update("jax_enable_x64", True)

SEX2_COLUMNS = ["age", "oc", "vic", "vicl", "vis", "dia"]


@pytest.fixture(scope="module", autouse=True)
def _float64_keras():
    # Keras losses compute in keras.config.floatx(): float64 for comparisons to 1e-8. Set
    # here, not at import, and restored, so that other test modules keep Keras' default.
    before = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield
    keras.config.set_floatx(before)


@pytest.fixture(scope="module")
def task():
    return data.simulate_logistic(300, [0.8, -1.2, 0.4], 0.3, seed=5)


@pytest.fixture(scope="module")
def sex2():
    d = data.sex2()
    return d[SEX2_COLUMNS].to_numpy(), d["case"].to_numpy()


@pytest.fixture(scope="module")
def sex2_firth(sex2):
    return training.logistic_fit(*sex2, firth=True)


@pytest.fixture(scope="module")
def sex2_keras_firth(sex2):
    # the slowest fit of the module (about 2 s to compile): done once
    X, y = sex2
    model = keras_glm.build_model(X.shape[1])
    result = training.keras_newton(
        model, keras.losses.BinaryCrossentropy(reduction="sum"), X, y,
        extra=training.firth_penalty(model, X, reduction="sum"),
    )
    return model, result


def _bias_first(params):
    """``KerasNewton.params`` of one Dense(1) layer (kernel, then bias) with the bias first."""
    return np.r_[params[-1], params[:-1]]


# smooth_labels


def test_smooth_labels_is_the_keras_formula():
    y = np.array([0.0, 1.0, 1.0, 0.0])
    np.testing.assert_allclose(training.smooth_labels(y, 0.2), [0.1, 0.9, 0.9, 0.1], rtol=1e-15)
    np.testing.assert_allclose(training.smooth_labels(y, 0.3), y * 0.7 + 0.15, rtol=1e-15)
    np.testing.assert_array_equal(training.smooth_labels(y, 1.0), 0.5)
    np.testing.assert_array_equal(training.smooth_labels(y, 0.0), y)


@pytest.mark.parametrize(
    ("y", "smoothing", "match"),
    [
        ([0.0, 0.5], 0.1, "y must hold labels 0 and 1, found 0.5"),
        ([0.0, 2.0], 0.1, "y must hold labels 0 and 1"),
        ([0.0, np.nan], 0.1, "y must be finite"),
        ([0.0, 1.0], -0.1, "smoothing must be a non-negative number"),
        ([0.0, 1.0], 1.5, "smoothing must be between 0 and 1"),
        ([0.0, 1.0], np.nan, "smoothing must be a non-negative number"),
        ([0.0, 1.0], "0.1", "smoothing must be a non-negative number"),
    ],
)
def test_smooth_labels_rejects(y, smoothing, match):
    with pytest.raises(ValueError, match=match):
        training.smooth_labels(y, smoothing)


# logistic_fit


def test_logistic_fit_equals_statsmodels_logit(task):
    X, y = task
    fit = training.logistic_fit(X, y)
    logit = sm.Logit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12)
    assert fit.converged and fit.iterations < 15
    np.testing.assert_allclose(fit.params, logit.params, rtol=1e-8)
    np.testing.assert_allclose(np.sqrt(np.diag(fit.cov)), logit.bse, rtol=1e-8)
    assert fit.objective == pytest.approx(logit.llf, rel=1e-12)


def test_logistic_fit_with_case_weights_equals_statsmodels_freq_weights(task):
    X, y = task
    w = np.random.default_rng(0).integers(0, 4, size=len(y)).astype(float)
    fit = training.logistic_fit(X, y, weights=w)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial(),
                 freq_weights=w).fit(tol=1e-12)
    np.testing.assert_allclose(fit.params, glm.params, rtol=1e-8)
    np.testing.assert_allclose(np.sqrt(np.diag(fit.cov)), glm.bse, rtol=1e-8)
    assert fit.objective == pytest.approx(glm.llf, rel=1e-10)


def test_logistic_fit_with_fractional_targets_equals_statsmodels_proportions(task):
    X, y = task
    t = training.smooth_labels(y, 0.2)
    fit = training.logistic_fit(X, t)
    glm = sm.GLM(t, sm.add_constant(X), family=sm.families.Binomial()).fit(tol=1e-12)
    np.testing.assert_allclose(fit.params, glm.params, rtol=1e-8)
    # smoothing pulls every weight towards zero
    assert np.all(np.abs(fit.params[1:]) < np.abs(training.logistic_fit(X, y).params[1:]))


def test_logistic_fit_ridge_equals_optim_newton(task):
    X, y = task
    lam = 7.5
    fit = training.logistic_fit(X, y, penalty=lam)
    np.testing.assert_allclose(fit.params, optim.newton(X, y, penalty=lam).params, rtol=1e-8)
    # the maximised objective is the log-likelihood minus the ridge term on the weights only
    ll = sm.Logit(y, sm.add_constant(X)).loglike(fit.params)
    assert fit.objective == pytest.approx(ll - lam / 2 * np.sum(fit.params[1:] ** 2), rel=1e-12)


def test_penalising_the_bias_changes_the_bias(task):
    X, y = task
    free = training.logistic_fit(X, y, penalty=50.0)
    tied = training.logistic_fit(X, y, penalty=50.0, penalise_bias=True)
    assert abs(tied.params[0]) < abs(free.params[0]) - 0.01
    # its own optimum: the score of the penalised objective is zero
    X1 = sm.add_constant(X)
    prob = 1 / (1 + np.exp(-X1 @ tied.params))
    np.testing.assert_allclose(X1.T @ (y - prob) - 50.0 * tied.params, 0.0, atol=1e-8)


def test_firth_on_sex2_reproduces_the_published_fit(sex2_firth):
    names = ["Intercept", *SEX2_COLUMNS]
    assert set(data.SEX2_FIRTH) == {*names, "loglik"}
    for name, value in zip(names, sex2_firth.params):
        assert float(f"{value:.6g}") == data.SEX2_FIRTH[name], name
    assert round(sex2_firth.objective, 4) == data.SEX2_FIRTH["loglik"]


def test_firth_objective_is_loglik_plus_half_logdet(sex2, sex2_firth):
    X, y = sex2
    X1 = sm.add_constant(X)
    theta = sex2_firth.params
    prob = 1 / (1 + np.exp(-X1 @ theta))
    info = (X1.T * (prob * (1 - prob))) @ X1
    ll = sm.Logit(y, X1).loglike(theta)
    assert sex2_firth.objective == pytest.approx(ll + 0.5 * np.linalg.slogdet(info)[1], rel=1e-12)
    np.testing.assert_allclose(sex2_firth.cov, np.linalg.inv(info), rtol=1e-10)


def test_firth_is_finite_on_quasi_separated_endometrial_data():
    d = data.endometrial()
    X, y = d[["NV", "PI", "EH"]].to_numpy(), d["HG"].to_numpy()
    assert separation.separation_kind(X, y) == "quasi-complete"
    with pytest.raises(ValueError, match="no convergence"):
        training.logistic_fit(X, y)
    fit = training.logistic_fit(X, y, firth=True)
    assert fit.converged and np.all(np.isfinite(fit.params)) and np.isfinite(fit.objective)
    assert 0 < fit.params[1] < 10  # NV: large and positive, but finite
    assert np.all(np.isfinite(fit.cov))


def test_firth_is_finite_on_the_blog_toy():
    X, y = data.blog_toy()
    assert separation.separation_kind(X, y) == "complete"
    fit = training.logistic_fit(X, y, firth=True)
    assert fit.converged and np.all(np.isfinite(fit.params))
    # the label is 1 - input 1: input 1 pushes towards 0, input 2 plays no part
    assert fit.params[1] < 0
    assert fit.params[2] == pytest.approx(0.0, abs=1e-8)


def test_unpenalised_fit_on_separated_data_does_not_converge():
    X, y = data.blog_toy()
    with pytest.raises(ValueError, match="no convergence"):
        training.logistic_fit(X, y)
    # a ridge penalty gives a finite maximum
    assert np.all(np.isfinite(training.logistic_fit(X, y, penalty=1.0).params))


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"X": [[np.nan, 1.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0]]}, "X must be finite"),
        ({"target": [0.0, 1.5, 0.0, 1.0]}, r"target must lie in \[0, 1\], found 1.5"),
        ({"target": [0.0, -0.1, 0.0, 1.0]}, r"target must lie in \[0, 1\]"),
        ({"target": [0.0, 1.0, 0.0]}, "X and target must have the same number of samples"),
        ({"weights": [1.0, -1.0, 1.0, 1.0]}, "weights must be >= 0 with at least one > 0"),
        ({"weights": [0.0, 0.0, 0.0, 0.0]}, "weights must be >= 0 with at least one > 0"),
        ({"weights": [1.0, 1.0]}, "weights must have length 4"),
        ({"penalty": -1.0}, "penalty must be a non-negative number"),
        ({"penalty": np.nan}, "penalty must be a non-negative number"),
        ({"firth": True, "penalty": 1.0}, "choose Firth's penalty or a ridge penalty"),
        ({"firth": "yes"}, "penalise_bias and firth must be True or False"),
        ({"firth": 1}, "penalise_bias and firth must be True or False"),
        ({"penalise_bias": None}, "penalise_bias and firth must be True or False"),
        ({"X": [[1.0, 1.0], [0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]}, "full column rank"),
        ({"tol": 0.0}, "tol must be a positive number"),
        ({"max_iter": 0}, "max_iter must be a positive integer"),
    ],
)
def test_logistic_fit_rejects(change, match):
    X, y = data.blog_toy()
    args = {"X": X, "target": y, **change}
    with pytest.raises(ValueError, match=match):
        training.logistic_fit(**args)


def test_rank_is_judged_where_weights_are_positive(task):
    X, y = task
    X2 = np.column_stack([X[:, 0], X[:, 0]])
    # the columns differ only in two rows of weight zero, one of each label, and by the same
    # amount: with every row counted the design has full rank and no separation (a single
    # differing row would be quasi-completely separated along the columns' difference, and
    # no finite estimate would exist)
    rows = [int(np.flatnonzero(y == 0)[0]), int(np.flatnonzero(y == 1)[0])]
    X2[rows, 1] += 1.0
    w = np.ones(len(y))
    w[rows] = 0.0
    with pytest.raises(ValueError, match="does not have full column rank"):
        training.logistic_fit(X2, y, weights=w)
    assert separation.mle_exists(sm.add_constant(X2), y)
    fit = training.logistic_fit(X2, y)
    assert np.all(np.isfinite(fit.params))


# keras_newton


def test_keras_newton_equals_logistic_fit(task):
    X, y = task
    model = keras_glm.build_model(X.shape[1])
    result = training.keras_newton(model, keras.losses.BinaryCrossentropy(), X, y)
    reference = training.logistic_fit(X, y)
    np.testing.assert_allclose(_bias_first(result.params), reference.params, rtol=1e-8)
    # the model now holds the optimum: keras_glm.model_params gives (bias, w)
    np.testing.assert_array_equal(keras_glm.model_params(model), _bias_first(result.params))
    # the value is Keras' mean cross-entropy: minus the log-likelihood over n
    assert result.value == pytest.approx(-reference.objective / len(y), rel=1e-7)
    assert result.gradient_norm < 1e-8
    # y of shape (n, 1) is the same
    again = training.keras_newton(keras_glm.build_model(X.shape[1]),
                                  keras.losses.BinaryCrossentropy(), X, y[:, None])
    np.testing.assert_allclose(again.params, result.params, rtol=1e-12)


def test_keras_label_smoothing_fits_the_smoothed_targets(task):
    X, y = task
    model = keras_glm.build_model(X.shape[1])
    loss = keras.losses.BinaryCrossentropy(label_smoothing=0.2)
    result = training.keras_newton(model, loss, X, y)
    reference = training.logistic_fit(X, training.smooth_labels(y, 0.2))
    np.testing.assert_allclose(_bias_first(result.params), reference.params, rtol=1e-8)


def test_keras_kernel_regularizer_is_a_ridge_penalty(task):
    X, y = task
    n, p = X.shape
    strength = 0.01
    model = keras.Sequential([
        keras.Input((p,), dtype="float64"),
        keras.layers.Dense(1, activation="sigmoid", dtype="float64",
                           kernel_regularizer=keras.regularizers.L2(strength)),
    ])
    result = training.keras_newton(model, keras.losses.BinaryCrossentropy(), X, y)
    # mean cross-entropy + l |w|^2 = (-loglik + (2 n l / 2) |w|^2) / n
    reference = training.logistic_fit(X, y, penalty=2 * n * strength)
    np.testing.assert_allclose(_bias_first(result.params), reference.params, rtol=1e-6)
    unpenalised = training.logistic_fit(X, y).params
    assert np.all(np.abs(result.params[:-1]) < np.abs(unpenalised[1:]))


def test_keras_sample_weight_is_a_case_weight(task):
    X, y = task
    w = np.where(y == 1, 3.0, 0.5)  # what fit(class_weight={0: 0.5, 1: 3}) passes
    model = keras_glm.build_model(X.shape[1])
    result = training.keras_newton(model, keras.losses.BinaryCrossentropy(), X, y,
                                   sample_weight=w)
    reference = training.logistic_fit(X, y, weights=w)
    # Keras rounds each weighted example's loss to float32 precision: about 1e-7 agreement
    np.testing.assert_allclose(_bias_first(result.params), reference.params, rtol=1e-6)


def test_keras_newton_starts_from_the_model_weights(task):
    X, y = task
    model = keras_glm.build_model(X.shape[1])
    model.set_weights([np.array([[0.5], [-0.5], [0.2]]), np.array([-1.0])])
    result = training.keras_newton(model, keras.losses.BinaryCrossentropy(), X, y)
    np.testing.assert_allclose(_bias_first(result.params), training.logistic_fit(X, y).params,
                               rtol=1e-8)
    kernel, bias = (np.asarray(v.value) for v in model.trainable_variables)
    np.testing.assert_array_equal(np.r_[kernel[:, 0], bias], result.params)


def test_keras_newton_on_separated_data_does_not_converge():
    X, y = data.blog_toy()
    model = keras_glm.build_model(2)
    with pytest.raises(ValueError, match="did not converge"):
        training.keras_newton(model, keras.losses.BinaryCrossentropy(), X, y, max_iter=5)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"loss": "binary_crossentropy"}, "loss must be a Keras loss"),
        ({"extra": 1.0}, "extra must be a function of the weights"),
        ({"X": [[np.nan, 0.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0]]}, "X must be finite"),
        ({"y": [0.0, 1.0, 0.0]}, "X and y must have the same number of samples"),
        ({"sample_weight": [1.0, 1.0]}, "sample_weight must have length 4"),
        ({"tol": -1.0}, "tol must be a positive number"),
        ({"max_iter": 0}, "max_iter must be a positive integer"),
    ],
)
def test_keras_newton_rejects(change, match):
    X, y = data.blog_toy()
    args = {"model": keras_glm.build_model(2), "loss": keras.losses.BinaryCrossentropy(),
            "X": X, "y": y, **change}
    with pytest.raises(ValueError, match=match):
        training.keras_newton(**args)


def test_keras_newton_needs_a_keras_model():
    X, y = data.blog_toy()
    with pytest.raises(TypeError, match="model must be a Keras model"):
        training.keras_newton(object(), keras.losses.BinaryCrossentropy(), X, y)
    with pytest.raises(TypeError, match="model must be a Keras model"):
        training.firth_penalty("model", X)


# firth_penalty


def test_keras_firth_reproduces_logistic_fit(sex2_firth, sex2_keras_firth):
    model, result = sex2_keras_firth
    np.testing.assert_allclose(_bias_first(result.params), sex2_firth.params, rtol=0, atol=1e-8)
    np.testing.assert_array_equal(keras_glm.model_params(model), _bias_first(result.params))
    # the value is minus the penalised log-likelihood (Keras rounds each example's loss to
    # float32 precision before summing: 239 roundings of relative size 6e-8 at most)
    assert -result.value == pytest.approx(sex2_firth.objective, rel=1e-7)


def test_firth_penalty_is_minus_half_the_log_determinant(sex2):
    X, _ = sex2
    n, p = X.shape
    model = keras_glm.build_model(p)
    theta = np.linspace(-0.5, 0.5, p + 1)  # kernel, then bias
    X1 = sm.add_constant(X)
    prob = 1 / (1 + np.exp(-X1 @ _bias_first(theta)))
    logdet = np.linalg.slogdet((X1.T * (prob * (1 - prob))) @ X1)[1]
    summed = training.firth_penalty(model, X, reduction="sum")
    assert float(summed(theta)) == pytest.approx(-0.5 * logdet, rel=1e-10)
    mean = training.firth_penalty(model, X)
    assert float(mean(theta)) == pytest.approx(-0.5 * logdet / n, rel=1e-10)


@pytest.mark.parametrize("reduction", ["mean", "none", None, "SUM"])
def test_firth_penalty_rejects_unknown_reductions(reduction):
    X, _ = data.blog_toy()
    with pytest.raises(ValueError, match="reduction must be 'sum_over_batch_size' or 'sum'"):
        training.firth_penalty(keras_glm.build_model(2), X, reduction=reduction)


def test_firth_penalty_rejects_bad_inputs():
    with pytest.raises(ValueError, match="X must be finite"):
        training.firth_penalty(keras_glm.build_model(2), [[np.nan, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="X must be 2-D"):
        training.firth_penalty(keras_glm.build_model(2), [1.0, 0.0])


# reliability


def test_reliability_bins_a_hand_made_example():
    prob = [0.05, 0.15, 0.12, 0.95, 1.0, 0.55]
    y = [0, 1, 0, 1, 1, 0]
    mean, observed, count = training.reliability(prob, y, bins=10)
    # bins [0, .1), [.1, .2), [.5, .6) and [.9, 1] (1.0 in the last bin); the rest empty
    np.testing.assert_allclose(mean, [0.05, 0.135, 0.55, 0.975], rtol=1e-14)
    np.testing.assert_array_equal(observed, [0.0, 0.5, 0.0, 1.0])
    np.testing.assert_array_equal(count, [1, 2, 1, 2])
    assert count.sum() == len(y)


def test_reliability_counts_every_example(task):
    X, y = task
    fit = training.logistic_fit(X, y)
    prob = 1 / (1 + np.exp(-sm.add_constant(X) @ fit.params))
    for bins in (1, 5, 10, 37):
        mean, observed, count = training.reliability(prob, y, bins=bins)
        assert count.sum() == len(y) and np.all(count > 0)
        assert len(mean) == len(observed) == len(count) <= bins
        assert np.all(np.diff(mean) > 0)
        # weighted by the counts, the bins give back the overall averages
        assert np.sum(mean * count) == pytest.approx(prob.sum(), rel=1e-12)
        assert np.sum(observed * count) == pytest.approx(y.sum(), rel=1e-12)
    mean, observed, count = training.reliability(prob, y, bins=1)
    assert count.tolist() == [len(y)] and observed[0] == pytest.approx(y.mean())


@pytest.mark.parametrize(
    ("prob", "y", "bins", "match"),
    [
        ([0.2, 1.2], [0, 1], 10, r"prob must lie in \[0, 1\]"),
        ([-0.1, 0.5], [0, 1], 10, r"prob must lie in \[0, 1\]"),
        ([0.2, np.nan], [0, 1], 10, "prob must be finite"),
        ([0.2, 0.5], [0, 2], 10, "y must hold labels 0 and 1"),
        ([0.2, 0.5], [0, 0.5], 10, "y must hold labels 0 and 1"),
        ([0.2, 0.5, 0.7], [0, 1], 10, "prob and y must have the same length"),
        ([0.2, 0.5], [0, 1], 0, "bins must be a positive integer"),
        ([0.2, 0.5], [0, 1], 2.5, "bins must be a positive integer"),
        ([0.2, 0.5], [0, 1], True, "bins must be a positive integer"),
    ],
)
def test_reliability_rejects(prob, y, bins, match):
    with pytest.raises(ValueError, match=match):
        training.reliability(prob, y, bins=bins)
