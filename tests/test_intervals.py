"""Tests of glmnn.intervals: four intervals for a one-hidden-layer network's p(x0)."""

import numpy as np
import pytest
import statsmodels.api as sm

from glmnn import intervals, mlp

L2 = 0.01
X0 = np.array([[1.0, 1.0], [1.0, -1.0], [0.0, 0.5], [2.0, 0.5]])


def _xor(n=150, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.choice([-1.0, 1.0], size=(n, 2)) + rng.normal(scale=0.5, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    flip = rng.uniform(size=n) < 0.15  # label noise: no separation
    y[flip] = 1 - y[flip]
    return X, y


@pytest.fixture(scope="module")
def data():
    X, y = _xor()
    net = mlp.fit(X, y, 2, seed=0, l2=L2)
    assert net.converged
    return X, y, net


@pytest.fixture(scope="module")
def results(data):
    X, y, net = data
    return {
        "last": intervals.last_layer_laplace(net, X, y, X0, l2=L2),
        "full": intervals.full_laplace(net, X, y, X0, l2=L2),
        "boot": intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=20, seed=1),
        "ens": intervals.ensemble(X, y, X0, 2, l2=L2, n_members=5, seed=0),
    }


@pytest.mark.parametrize("name", ["last", "full", "boot", "ens"])
def test_interval_contains_its_estimate_inside_zero_one(results, name):
    res = results[name]
    assert res.prob.shape == res.lower.shape == res.upper.shape == (len(X0),)
    assert np.all((0 < res.lower) & (res.lower < res.upper) & (res.upper < 1))
    assert np.all((res.lower <= res.prob) & (res.prob <= res.upper))
    np.testing.assert_allclose(res.width, res.upper - res.lower)
    assert list(res.to_frame().columns) == ["prob", "lower", "upper", "width"]


def test_laplace_estimates_are_the_network_prediction(data, results):
    _, _, net = data
    for name in ("last", "full", "boot"):
        np.testing.assert_allclose(results[name].prob, mlp.predict(net.weights, X0),
                                   rtol=1e-12)


def test_last_layer_covariance_is_statsmodels_logit_without_penalty(data):
    X, y, net = data
    w = net.weights
    H = np.tanh(X @ w.W1 + w.b1)
    logit = sm.Logit(y, sm.add_constant(H)).fit(disp=0, tol=1e-12)
    refitted = mlp.Weights(w.W1, w.b1, logit.params[1:], float(logit.params[0]))
    res = intervals.last_layer_laplace(refitted, X, y, X0, l2=0.0)
    np.testing.assert_allclose(res.cov, logit.cov_params(), rtol=1e-6, atol=1e-10)
    A0 = sm.add_constant(np.tanh(X0 @ w.W1 + w.b1), has_constant="add")
    np.testing.assert_allclose(res.se, np.sqrt(np.diag(A0 @ logit.cov_params() @ A0.T)),
                               rtol=1e-6)


def test_last_layer_covariance_inverts_the_penalised_hessian(data):
    X, y, net = data
    w = net.weights
    A = np.column_stack([np.ones(len(X)), np.tanh(X @ w.W1 + w.b1)])
    p = 1 / (1 + np.exp(-A @ np.r_[w.b2, w.w2]))
    hand = A.T @ (A * (p * (1 - p))[:, None]) + np.diag([0.0, 2 * L2, 2 * L2])
    res = intervals.last_layer_laplace(net, X, y, X0, l2=L2)
    np.testing.assert_allclose(res.cov, np.linalg.inv(hand), rtol=1e-9)
    # the same block of the full Hessian (b2, w2 are the last 3 flat weights, b2 last)
    full = mlp.hessian(w, X, y, l2=L2)
    order = [8, 6, 7]
    np.testing.assert_allclose(hand, full[np.ix_(order, order)], rtol=1e-9)


def test_logit_jacobian_matches_central_differences(data):
    _, _, net = data
    w = net.weights
    theta = w.flat()

    def logit(t):
        v = mlp.Weights.from_flat(t, 2, 2)
        return v.b2 + np.tanh(X0 @ v.W1 + v.b1) @ v.w2

    step = 1e-6
    numeric = np.column_stack([(logit(theta + step * e) - logit(theta - step * e)) / (2 * step)
                               for e in np.eye(theta.size)])
    np.testing.assert_allclose(intervals.logit_jacobian(w, X0), numeric, rtol=1e-7,
                               atol=1e-8)


def test_full_laplace_is_the_delta_method_on_mlp_hessian(data, results):
    X, y, net = data
    cov = np.linalg.inv(mlp.hessian(net.weights, X, y, l2=L2))
    G = intervals.logit_jacobian(net, X0)
    res = results["full"]
    np.testing.assert_allclose(res.cov, cov, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(res.se, np.sqrt(np.diag(G @ cov @ G.T)), rtol=1e-8)
    assert np.all(res.se > results["last"].se)  # the hidden layer adds uncertainty


def test_full_laplace_refuses_a_flat_hessian_unless_pinv(data):
    X, y, net = data
    w = net.weights
    dead = mlp.Weights(w.W1, w.b1, np.array([w.w2[0], 0.0]), w.b2)  # unit 2: no effect
    with pytest.raises(ValueError, match="not positive definite"):
        intervals.full_laplace(dead, X, y, X0, l2=0.0)
    res = intervals.full_laplace(dead, X, y, X0, l2=0.0, pinv=True)
    assert np.all(np.isfinite(res.se)) and np.all(res.lower < res.upper)


def test_bootstrap_is_reproducible_and_checks_the_basin(data, results):
    X, y, net = data
    again = intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=20, seed=1)
    first = results["boot"]
    np.testing.assert_array_equal(again.members, first.members)
    np.testing.assert_array_equal(again.lower, first.lower)
    assert first.members.shape == (20, len(X0)) and first.same_basin.shape == (20,)
    assert first.n_left_basin == 0 and first.n_not_converged == 0
    other = intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=20, seed=2)
    assert not np.array_equal(other.members, first.members)


def test_same_copy_tells_the_copies_apart(data):
    X, _, net = data
    w = net.weights
    assert intervals.same_copy(w, w, X)
    swapped = mlp.Weights(w.W1[:, ::-1], w.b1[::-1], w.w2[::-1], w.b2)
    flipped = mlp.Weights(w.W1 * [-1, 1], w.b1 * [-1, 1], w.w2 * [-1, 1], w.b2)
    np.testing.assert_allclose(mlp.predict(swapped, X0), mlp.predict(w, X0), rtol=1e-12)
    assert not intervals.same_copy(swapped, w, X)
    assert not intervals.same_copy(flipped, w, X)


def test_ensemble_is_reproducible_and_centred_on_the_mean_logit(data, results):
    X, y, _ = data
    res = results["ens"]
    again = intervals.ensemble(X, y, X0, 2, l2=L2, n_members=5, seed=0)
    np.testing.assert_array_equal(again.members, res.members)
    np.testing.assert_array_equal(again.upper, res.upper)
    assert res.members.shape == (5, len(X0))
    members = [mlp.fit(X, y, 2, seed=k, l2=L2).weights for k in range(5)]
    z = np.array([np.log(mlp.predict(m, X0) / (1 - mlp.predict(m, X0))) for m in members])
    np.testing.assert_allclose(res.prob, 1 / (1 + np.exp(-z.mean(axis=0))), rtol=1e-6)
    np.testing.assert_allclose(res.se, z.std(axis=0, ddof=1), rtol=1e-5, atol=1e-9)


def test_level_090_is_narrower(data, results):
    X, y, net = data
    narrower = {
        "last": intervals.last_layer_laplace(net, X, y, X0, l2=L2, level=0.9),
        "full": intervals.full_laplace(net, X, y, X0, l2=L2, level=0.9),
        "boot": intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=20, seed=1, level=0.9),
        "ens": intervals.ensemble(X, y, X0, 2, l2=L2, n_members=5, seed=0, level=0.9),
    }
    for name, res in narrower.items():
        assert np.all(res.width <= results[name].width), name
        if name != "ens":  # the ensemble's members may all agree: zero width
            assert np.all(res.width < results[name].width), name


def _calls(X, y, net, **change):
    kwargs = {"l2": L2} | change
    x0 = kwargs.pop("X0", X0)
    return {
        "last": lambda: intervals.last_layer_laplace(net, X, y, x0, **kwargs),
        "full": lambda: intervals.full_laplace(net, X, y, x0, **kwargs),
        "boot": lambda: intervals.bootstrap(net, X, y, x0, n_boot=2, **kwargs),
        "ens": lambda: intervals.ensemble(X, y, x0, 2, n_members=2, **kwargs),
    }


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"X0": X0[:, :1]}, "X0 must have 2 columns"),
        ({"X0": np.array([[1.0, np.nan]])}, "X0 must be finite"),
        ({"X0": np.array([1.0, 2.0])}, "X0 must be 2-D"),
        ({"level": 0.0}, "level must be between 0 and 1"),
        ({"level": 1.0}, "level must be between 0 and 1"),
        ({"level": 95}, "level must be between 0 and 1"),
        ({"l2": -0.1}, "l2 must be a non-negative number"),
    ],
)
def test_every_method_rejects_bad_input(data, change, match):
    X, y, net = data
    for name, call in _calls(X, y, net, **change).items():
        with pytest.raises(ValueError, match=match):
            call()


def test_method_specific_checks(data):
    X, y, net = data
    with pytest.raises(ValueError, match="n_boot must be at least 2"):
        intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=1)
    with pytest.raises(ValueError, match="n_boot must be a positive integer"):
        intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=2.5)
    with pytest.raises(ValueError, match="n_members must be at least 2"):
        intervals.ensemble(X, y, X0, 2, l2=L2, n_members=1)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=2, seed=-1)
    with pytest.raises(ValueError, match="below 2\\*\\*32"):
        intervals.ensemble(X, y, X0, 2, n_members=3, seed=2**32 - 2)
    with pytest.raises(ValueError, match="weights must be a trained network"):
        intervals.full_laplace(net.weights.flat(), X, y, X0, l2=L2)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        intervals.last_layer_laplace(net, X[:, :1], y, X0, l2=L2)
    with pytest.raises(ValueError, match="only 0 and 1"):
        intervals.last_layer_laplace(net, X, 2 * y, X0, l2=L2)
    with pytest.raises(ValueError, match="rcond must be a positive number"):
        intervals.full_laplace(net, X, y, X0, l2=L2, rcond=0.0)
    with pytest.raises(ValueError, match="X0 must have 2 columns"):
        intervals.logit_jacobian(net, X0[:, :1])
    with pytest.raises(ValueError, match="same shape"):
        intervals.same_copy(net, mlp.fit(X, y, 3, l2=L2), X)


def test_stored_coverage_is_the_monte_carlo():
    table = intervals.stored_coverage()
    assert list(table.columns) == ["method", "point", "x0", "true_p", "coverage", "mc_se",
                                   "mean_width", "seconds_per_fit", "replications", "failed",
                                   "collapsed"]
    assert set(table["method"]) == {"last-layer Laplace", "full Laplace", "bootstrap",
                                    "ensemble"}
    assert table["coverage"].between(0, 1).all() and (table["replications"] >= 2).all()
    ensemble = table["method"] == "ensemble"
    assert table.loc[ensemble, "collapsed"].between(0, 1).all()
    assert table.loc[~ensemble, "collapsed"].isna().all()


def test_bootstrap_normal_interval_is_the_logit_standard_error(data):
    X, y, net = data
    res = intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=8, seed=1, kind="normal")
    logits = np.log(res.members) - np.log1p(-res.members)
    np.testing.assert_allclose(res.se, logits.std(axis=0, ddof=1), rtol=1e-6)
    z0 = np.log(res.prob) - np.log1p(-res.prob)
    np.testing.assert_allclose(np.log(res.upper) - np.log1p(-res.upper),
                               z0 + 1.959963984540054 * res.se, rtol=1e-8)
    assert np.all((res.lower < res.prob) & (res.prob < res.upper))


def test_bootstrap_refuses_an_unknown_kind(data):
    X, y, net = data
    with pytest.raises(ValueError, match="kind"):
        intervals.bootstrap(net, X, y, X0, l2=L2, n_boot=2, kind="basic")
