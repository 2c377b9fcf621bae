"""Tests of glmnn.optim: objective, derivatives, Newton/IRLS and gradient descent."""

import numpy as np
import pytest
import statsmodels.api as sm

from glmnn import data, neuron, optim


@pytest.fixture(scope="module")
def task():
    return data.simulate_logistic(250, [0.8, -1.5, 0.3], 0.4, seed=2)


@pytest.fixture(scope="module")
def mle(task):
    X, y = task
    return sm.Logit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12)


def test_nll_equals_statsmodels_and_n_times_mean_cross_entropy(task):
    X, y = task
    theta = np.array([0.1, 0.2, -0.3, 0.05])
    nll = optim.negative_log_likelihood(theta, X, y)
    assert nll == pytest.approx(-sm.Logit(y, sm.add_constant(X)).loglike(theta), rel=1e-12)
    p = neuron.forward(X, theta[1:], theta[0])
    mean_bce = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert nll == pytest.approx(len(y) * mean_bce, rel=1e-12)


def test_gradient_and_hessian_match_finite_differences(task):
    X, y = task
    theta = np.array([0.1, 0.2, -0.3, 0.05])
    h = 1e-6
    eye = np.eye(theta.size)
    fd_grad = np.array([
        (optim.negative_log_likelihood(theta - h * e, X, y)
         - optim.negative_log_likelihood(theta + h * e, X, y)) / (2 * h)
        for e in eye
    ])
    np.testing.assert_allclose(optim.gradient(theta, X, y), fd_grad, rtol=1e-6, atol=1e-6)
    fd_hess = np.array([
        (optim.gradient(theta + h * e, X, y) - optim.gradient(theta - h * e, X, y)) / (2 * h)
        for e in eye
    ])
    np.testing.assert_allclose(optim.hessian(theta, X, y), fd_hess, rtol=1e-6, atol=1e-6)


def test_hessian_is_negative_definite(task):
    X, y = task
    eig = np.linalg.eigvalsh(optim.hessian(np.zeros(4), X, y))
    assert np.all(eig < 0)


def test_newton_equals_statsmodels_logit_and_glm(task, mle):
    X, y = task
    result = optim.newton(X, y)
    assert result.converged and result.iterations < 15
    np.testing.assert_allclose(result.params, mle.params, rtol=1e-10)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial()).fit(tol=1e-12)
    np.testing.assert_allclose(result.params, glm.params, rtol=1e-9)
    np.testing.assert_allclose(optim.gradient(result.params, X, y), 0.0, atol=1e-9)
    assert result.history.shape == (result.iterations + 1, 4)
    np.testing.assert_array_equal(result.history[0], 0.0)


def test_gradient_descent_reaches_the_same_optimum_more_slowly(task, mle):
    X, y = task
    newton = optim.newton(X, y)
    gd = optim.gradient_descent(X, y, learning_rate=4.0, tol=1e-11)
    assert gd.converged and gd.iterations > 5 * newton.iterations
    np.testing.assert_allclose(gd.params, mle.params, rtol=1e-7)
    assert gd.history.shape == (gd.iterations + 1, 4)  # the start, then one row per step
    np.testing.assert_array_equal(gd.history[0], 0.0)
    np.testing.assert_array_equal(gd.history[-1], gd.params)


def test_gradient_descent_reports_running_out_of_steps(task):
    X, y = task
    result = optim.gradient_descent(X, y, learning_rate=0.01, max_iter=3)
    assert not result.converged and result.iterations == 3


def test_squared_error_is_n_times_the_brier_score(task):
    X, y = task
    theta = np.array([0.1, 0.2, -0.3, 0.05])
    p = neuron.forward(X, theta[1:], theta[0])
    assert optim.squared_error(theta, X, y) == pytest.approx(len(y) * np.mean((y - p) ** 2), rel=1e-12)
    # each example contributes at most 1, however wrong the prediction
    assert optim.squared_error(100 * theta, X, y) <= len(y)


def _penalised_score(theta, X, y, lam):
    return optim.gradient(theta, X, y) - lam * np.r_[0.0, theta[1:]]


def test_penalised_newton_solves_the_penalised_score_equations(task):
    X, y = task
    lam = 25.0
    fit = optim.newton(X, y, penalty=lam)
    assert fit.converged
    np.testing.assert_allclose(_penalised_score(fit.params, X, y, lam), 0.0, atol=1e-9)
    # the penalty shrinks the weights, not the bias
    plain = optim.newton(X, y)
    assert np.linalg.norm(fit.params[1:]) < np.linalg.norm(plain.params[1:])
    # penalty 0 is the plain fit
    np.testing.assert_array_equal(optim.newton(X, y, penalty=0.0).params, plain.params)


def test_penalised_newton_equals_statsmodels_ridge(task):
    X, y = task
    n, alpha = len(y), 0.05
    ridge = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial()).fit_regularized(
        alpha=np.r_[0.0, np.full(3, alpha)], L1_wt=0.0, opt_method="Newton-CG"
    )
    fit = optim.newton(X, y, penalty=n * alpha)
    # statsmodels hands the ridge problem to scipy.optimize.minimize at its default
    # tolerance: Newton-CG gets within 1e-6 (the default BFGS stops near 1e-5)
    np.testing.assert_allclose(fit.params, ridge.params, atol=1e-6)


def test_penalty_gives_a_finite_estimate_on_separated_data():
    X, y = data.blog_toy()
    fit = optim.newton(X, y, penalty=0.1)
    assert fit.converged and np.all(np.isfinite(fit.params))
    np.testing.assert_allclose(_penalised_score(fit.params, X, y, 0.1), 0.0, atol=1e-9)


def test_penalised_fit_needs_both_classes():
    X, _ = data.blog_toy()
    with pytest.raises(ValueError, match="every label is 1: the unpenalised bias"):
        optim.newton(X, np.ones(4), penalty=1.0)


def test_rank_deficient_design_is_refused():
    X, y = data.simulate_logistic(50, [1.0, 0.5], 0.0, seed=4)
    X_dup = np.column_stack([X, X[:, 0] + X[:, 1]])
    with pytest.raises(ValueError, match=r"rank 3 < 4 parameters: some coefficients are aliased"):
        optim.newton(X_dup, y)
    with pytest.raises(ValueError, match="aliased"):
        optim.gradient_descent(np.column_stack([X, np.ones(50)]), y, learning_rate=1.0)


def test_separated_data_are_refused():
    X, y = data.blog_toy()
    with pytest.raises(ValueError, match="completely separated: the log-likelihood has no finite maximum"):
        optim.newton(X, y)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda X, y: optim.gradient(np.zeros(3), X, y), "theta must have length 4"),
        (lambda X, y: optim.hessian(np.zeros(4), X[:-1], y), "same number of samples"),
        (lambda X, y: optim.negative_log_likelihood(np.full(4, np.nan), X, y), "theta must be finite"),
        (lambda X, y: optim.newton(X, y * 2), "only 0 and 1"),
        (lambda X, y: optim.newton(X, y, tol=0.0), "tol must be a positive number"),
        (lambda X, y: optim.newton(X, y, max_iter=0), "max_iter must be a positive integer"),
        (lambda X, y: optim.newton(X, y, init=[0.0]), "init must have length 4"),
        (lambda X, y: optim.newton(X, y, penalty=-1.0), "penalty must be a non-negative number"),
        (lambda X, y: optim.squared_error(np.zeros(4), X, y + 0.5), "only 0 and 1"),
        (lambda X, y: optim.gradient_descent(X, y, learning_rate=-1.0), "learning_rate must be a positive"),
        (lambda X, y: optim.newton(np.vstack([X, [np.inf, 0.0, 0.0]]), np.r_[y, 1.0]), "NaN or inf"),
    ],
)
def test_bad_input_is_rejected(task, call, match):
    X, y = task
    with pytest.raises(ValueError, match=match):
        call(X, y)


def test_newton_refuses_quasi_separated_data():
    """No finite maximum: refused before iterating, like keras_glm.fit (not 'converged=False')."""
    X, y = [[0.0], [1.0], [1.0], [2.0]], [0, 0, 1, 1]
    with pytest.raises(ValueError, match="quasi-completely separated: the log-likelihood has no finite"):
        optim.newton(X, y)


@pytest.mark.parametrize("scale", [1e-200, 1e-20, 1e15, 1e200])
def test_newton_in_any_units_equals_statsmodels_up_to_the_scale(task, mle, scale):
    """Aliasing is judged, and Newton runs, on centred and scaled columns: units do not matter."""
    X, y = task
    Xs = X * [scale, 1.0, 1.0]
    fit = optim.newton(Xs, y)
    assert fit.converged and fit.iterations < 15
    np.testing.assert_allclose(fit.params * [1.0, scale, 1.0, 1.0], mle.params, rtol=1e-10)
    np.testing.assert_array_equal(fit.history[0], 0.0)


def test_newton_on_shifted_columns(task, mle):
    X, y = task
    fit = optim.newton(X + 1e8, y)
    assert fit.converged
    np.testing.assert_allclose(fit.params[1:], mle.params[1:], rtol=1e-6)
    np.testing.assert_allclose(fit.params[0] + 1e8 * fit.params[1:].sum(), mle.params[0], atol=1e-4)


@pytest.mark.parametrize("init", [[8.0, 8.0, 8.0, 8.0], [800.0, -800.0, 800.0, 0.0], [1e5, 0.0, 0.0, 0.0]])
def test_newton_from_a_far_start_halves_its_steps(task, mle, init):
    X, y = task
    fit = optim.newton(X, y, init=init, max_iter=200)
    assert fit.converged
    np.testing.assert_allclose(fit.params, mle.params, rtol=1e-9)
    np.testing.assert_array_equal(fit.history[0], init)


def test_newton_refuses_a_start_where_the_likelihood_overflows(task):
    X, y = task
    with pytest.raises(ValueError, match="init is so far out"):
        optim.newton(X, y, init=[1e300, 1e300, -1e300, 0.0])


def test_nearly_aliased_columns_are_refused_and_named(task):
    X, y = task
    noise = np.random.default_rng(0).normal(size=len(y))
    with pytest.raises(ValueError, match="aliased: column 0, column 3 are"):
        optim.newton(np.column_stack([X, X[:, 0] + 1e-9 * noise]), y)
    with pytest.raises(ValueError, match="column 1 of X is constant"):
        optim.newton(np.column_stack([X[:, 0], np.full(len(y), 7.0)]), y)


def test_a_column_beyond_float64_resolution_is_refused(task):
    X, y = task
    X = X.copy()
    X[0, 0] = 1e300
    with pytest.raises(ValueError, match="column 0 of X spans too many orders of magnitude"):
        optim.newton(X, y)


def test_gradient_descent_accepts_other_units(task):
    X, y = task
    run = optim.gradient_descent(X * [1e-20, 1.0, 1.0], y, 1.0, max_iter=50)
    assert not run.converged and run.iterations == 50  # slow in these units, but not refused


def test_pandas_labels_must_be_aligned(task):
    import pandas as pd

    X, y = task
    X_df = pd.DataFrame(X, columns=["a", "b", "c"], index=np.arange(1000, 1000 + len(y)))
    with pytest.raises(ValueError, match="not aligned"):
        optim.newton(X_df, pd.Series(y))
    with pytest.raises(ValueError, match="not aligned"):
        optim.gradient(np.zeros(4), X_df, pd.Series(y))
    with pytest.raises(ValueError, match="a, c, d are"):  # columns named by their labels
        optim.newton(X_df.assign(d=X_df["a"] - X_df["c"]), pd.Series(y, index=X_df.index))
    with pytest.raises(ValueError, match="named 'const'"):  # the label of the intercept
        optim.newton(X_df.rename(columns={"a": "const"}), pd.Series(y, index=X_df.index))


@pytest.mark.parametrize(
    "call",
    [lambda X, y: optim.newton(X + 1e-3j, y), lambda X, y: optim.gradient(np.zeros(4) + 1e-3j, X, y)],
)
def test_complex_input_is_refused(task, call):
    X, y = task
    with pytest.raises(ValueError, match="complex"):
        call(X, y)


def test_penalty_on_a_column_in_tiny_units_is_refused(task):
    X, y = task
    with pytest.raises(ValueError, match="penalty: column 0 of X spans only"):
        optim.newton(X * [1e-200, 1.0, 1.0], y, penalty=1.0)
