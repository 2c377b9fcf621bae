"""Tests of glmnn.neuron: the logistic function, forward pass, log-likelihood, delta rule."""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm

from glmnn import data, neuron


def test_logistic_values_and_symmetry():
    z = np.linspace(-30, 30, 121)
    s = neuron.logistic(z)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-z)), rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(s + neuron.logistic(-z), 1.0, rtol=1e-15)
    assert neuron.logistic(0.0) == 0.5


def test_logistic_extreme_inputs_no_overflow_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = neuron.logistic([-1000.0, 1000.0, -np.inf, np.inf])
    np.testing.assert_array_equal(out, [0.0, 1.0, 0.0, 1.0])


def test_scalar_twin_agrees_with_vector_logistic():
    z = np.array([-800.0, -20.0, -1.5, 0.0, 0.3, 17.0, 800.0])
    np.testing.assert_allclose([neuron._logistic_scalar(v) for v in z], neuron.logistic(z), rtol=1e-15)


@pytest.mark.parametrize(("z", "match"), [([np.nan], "NaN"), (["x"], "numeric")])
def test_logistic_rejects(z, match):
    with pytest.raises(ValueError, match=match):
        neuron.logistic(z)


def test_forward_matches_hand_computation():
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    p = neuron.forward(X, [0.5, -1.0], 0.25)
    z = 0.25 + X @ np.array([0.5, -1.0])
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-z)), rtol=1e-15)


def test_forward_rejects_mismatched_weights():
    with pytest.raises(ValueError, match="weights must have length 2, got length 3"):
        neuron.forward(np.zeros((3, 2)), [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match="bias must be finite"):
        neuron.forward(np.zeros((3, 2)), [1.0, 2.0], np.nan)


def test_log_likelihood_equals_statsmodels():
    X, y = data.simulate_logistic(50, [0.7, -0.4], 0.2, seed=3)
    w, b = np.array([0.3, -0.1]), 0.05
    model = sm.Logit(y, sm.add_constant(X))
    assert neuron.log_likelihood(X, y, w, b) == pytest.approx(model.loglike(np.r_[b, w]), rel=1e-12)


def test_log_likelihood_is_accurate_for_confident_predictions():
    # p = sigma(40): 1 - p is 4e-18, below float64 resolution near 1, yet the log-likelihood
    # of a wrong label must still be -40 (to rounding), not -inf.
    ll = neuron.log_likelihood([[1.0]], [0.0], [40.0], 0.0)
    assert ll == pytest.approx(-40.0, rel=1e-12)


def test_log_likelihood_keeps_relative_accuracy_on_both_labels():
    # margins of 25 and 50 for a label 1 and a label 0: each term is -log1p(exp(-m)),
    # a tiny negative number that the form y z - log(1 + e^z) would lose to cancellation
    for y, z in (([1.0], 25.0), ([0.0], -25.0), ([1.0], 50.0)):
        ll = neuron.log_likelihood([[1.0]], y, [z], 0.0)
        m = abs(z)
        assert ll == pytest.approx(-np.log1p(np.exp(-m)), rel=1e-14)
    # so doubling separating parameters raises it, digit for digit
    X, y = [[1.0], [-1.0]], [1.0, 0.0]
    assert neuron.log_likelihood(X, y, [25.0], 0.0) < neuron.log_likelihood(X, y, [50.0], 0.0) < 0


def test_log_likelihood_rejects_bad_labels_and_lengths():
    with pytest.raises(ValueError, match="only 0 and 1"):
        neuron.log_likelihood([[1.0]], [2.0], [1.0], 0.0)
    with pytest.raises(ValueError, match="same number of samples"):
        neuron.log_likelihood([[1.0], [2.0]], [1.0], [1.0], 0.0)


def test_online_delta_rule_reproduces_the_blog_loop():
    X, y = data.blog_toy()
    result = neuron.delta_rule(X, y, learning_rate=0.7, epochs=3, init=0.2)
    # the blog's loop, written out with numpy on the augmented inputs (x1, x2, 1)
    Xa, w = np.column_stack([X, np.ones(4)]), np.full(3, 0.2)
    for _ in range(3):
        for xi, yi in zip(Xa, y):
            w = w + 0.7 * (yi - 1 / (1 + np.exp(-xi @ w))) * xi
    np.testing.assert_allclose(result.weights, w[:2], rtol=1e-13)
    assert result.bias == pytest.approx(w[2], rel=1e-13)
    assert result.epochs_run == 3 and result.converged is None


def test_history_records_requested_epochs():
    X, y = data.blog_toy()
    result = neuron.delta_rule(X, y, 0.7, 100, init=0.2, record=[1, 10, 100])
    np.testing.assert_array_equal(result.history_epochs, [1, 10, 100])
    np.testing.assert_array_equal(result.history_params[-1], result.params)
    default = neuron.delta_rule(X, y, 0.7, 1000, init=0.2)
    assert default.history_epochs[0] == 1 and default.history_epochs[-1] == 1000
    assert np.all(np.diff(default.history_epochs) > 0)


def test_batch_delta_rule_converges_to_statsmodels():
    X, y = data.simulate_logistic(300, [1.0, -0.5, 0.25], -0.3, seed=11)
    result = neuron.delta_rule(X, y, 4.0, 10_000, mode="batch", tol=1e-11)
    assert result.converged is True and result.epochs_run < 10_000
    fit = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    np.testing.assert_allclose(result.params, fit.params, rtol=1e-7)


def test_batch_reports_not_converged_when_epochs_run_out():
    X, y = data.simulate_logistic(100, [1.0], 0.0, seed=1)
    result = neuron.delta_rule(X, y, 0.01, 5, mode="batch", tol=1e-12)
    assert result.converged is False and result.epochs_run == 5


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"learning_rate": 0.0}, "learning_rate must be a positive number"),
        ({"learning_rate": -0.7}, "learning_rate must be a positive number"),
        ({"epochs": 0}, "epochs must be a positive integer"),
        ({"epochs": 1.5}, "epochs must be a positive integer"),
        ({"init": [0.2, 0.2]}, "init must have length 3"),
        ({"init": np.nan}, "init must be finite"),
        ({"mode": "minibatch"}, "mode must be 'online' or 'batch'"),
        ({"tol": 1e-6}, "tol applies to mode='batch' only"),
        ({"mode": "batch", "tol": -1.0}, "tol must be a positive number"),
        ({"record": [0, 5]}, "record must hold whole epoch numbers between 1 and epochs=10"),
        ({"record": [11]}, "record must hold whole epoch numbers"),
        ({"record": [2.5]}, "record must hold whole epoch numbers"),
    ],
)
def test_delta_rule_rejects_bad_arguments(kwargs, match):
    X, y = data.blog_toy()
    args = {"learning_rate": 0.7, "epochs": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        neuron.delta_rule(X, y, **args)


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        ([[0.0, 1.0]], [0.5], "only 0 and 1"),
        ([[0.0, 1.0]], [0.0, 1.0], "same number of samples"),
        ([[0.0, np.nan]], [1.0], "NaN or inf"),
        ([0.0, 1.0], [0.0, 1.0], "must be 2-D"),
    ],
)
def test_delta_rule_rejects_bad_data(X, y, match):
    with pytest.raises(ValueError, match=match):
        neuron.delta_rule(X, y, 0.7, 10)


@pytest.mark.parametrize(
    ("z", "match"),
    [(None, "got None"), (np.array([1 + 2j]), "complex"), ([1 + 0j], "complex"), (np.array(["1.5"]), "numeric")],
)
def test_logistic_refuses_what_numpy_would_convert_silently(z, match):
    with pytest.raises(ValueError, match=match):
        neuron.logistic(z)


@pytest.mark.parametrize(
    ("X", "bias", "match"),
    [(np.zeros((3, 2)) + 1e-3j, 0.0, "complex"), (np.zeros((3, 2)), None, "bias contains None")],
)
def test_forward_refuses_complex_and_none(X, bias, match):
    with pytest.raises(ValueError, match=match):
        neuron.forward(X, [1.0, 2.0], bias)


def test_forward_refuses_an_overflowing_weighted_sum():
    X = np.array([[1e10, -1e10], [2e10, 1e10]])
    with pytest.raises(ValueError, match="overflows float64.*rescale X"):
        neuron.forward(X, [1e300, 1e300], 0.0)
    with pytest.raises(ValueError, match="overflows float64"):
        neuron.log_likelihood(X, [1.0, 0.0], [1e300, 1e300], 0.0)


def test_forward_is_exact_at_huge_but_finite_weighted_sums():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = neuron.forward([[1e-10], [-1e-10]], [1e300], 0.0)  # z = +-1e290
    np.testing.assert_array_equal(p, [1.0, 0.0])


@pytest.mark.parametrize("mode", ["online", "batch"])
def test_delta_rule_refuses_an_update_that_overflows(mode):
    X, y = data.simulate_logistic(40, [1.0, -1.0], 0.0, seed=0)
    with pytest.raises(ValueError, match="the delta rule overflowed in epoch .*rescale X"):
        neuron.delta_rule(X * 1e300, y, 0.1, 5, mode=mode)


def test_pandas_labels_must_be_aligned():
    import pandas as pd

    X, y = data.simulate_logistic(10, [1.0], 0.0, seed=0)
    X_df = pd.DataFrame(X, index=range(100, 110))
    with pytest.raises(ValueError, match="not aligned"):
        neuron.delta_rule(X_df, pd.Series(y), 0.1, 2)
    with pytest.raises(ValueError, match="not aligned"):
        neuron.log_likelihood(X_df, pd.Series(y), [0.5], 0.0)
    same = neuron.log_likelihood(X_df, pd.Series(y, index=X_df.index), [0.5], 0.0)
    assert same == neuron.log_likelihood(X, y, [0.5], 0.0)
