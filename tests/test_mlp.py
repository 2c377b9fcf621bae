"""Tests of glmnn.mlp: the one-hidden-layer network, its features, training and symmetries."""

import numpy as np
import pytest

from glmnn import mlp


def _xor(n=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.choice([-1.0, 1.0], size=(n, 2)) + rng.normal(scale=0.4, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    flip = rng.uniform(size=n) < 0.1  # label noise: no separation
    y[flip] = 1 - y[flip]
    return X, y


def _random_weights(p=3, h=4, seed=1):
    rng = np.random.default_rng(seed)
    return mlp.Weights(rng.normal(size=(p, h)), rng.normal(size=h), rng.normal(size=h), float(rng.normal()))


def test_build_is_the_documented_network():
    model = mlp.build(3, 4, seed=5)
    assert [tuple(v.shape) for v in model.weights] == [(3, 4), (4,), (4, 1), (1,)]
    assert model.layers[0].activation is mlp.tanh
    again = mlp.build(3, 4, seed=5)
    np.testing.assert_array_equal(mlp.Weights.from_model(model).flat(), mlp.Weights.from_model(again).flat())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"n_inputs": 0, "n_hidden": 2}, "n_inputs"), ({"n_inputs": 2, "n_hidden": 0}, "n_hidden"),
     ({"n_inputs": 2, "n_hidden": 2, "seed": -1}, "seed")],
)
def test_build_rejects(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mlp.build(**kwargs)


def test_hidden_features_are_the_tanh_layer():
    model = mlp.build(3, 4, seed=2)
    w = mlp.Weights.from_model(model)
    X = np.random.default_rng(0).normal(size=(10, 3))
    np.testing.assert_allclose(mlp.hidden_features(model, X), np.tanh(X @ w.W1 + w.b1), rtol=1e-12)
    with pytest.raises(ValueError, match="3 columns"):
        mlp.hidden_features(model, X[:, :2])
    with pytest.raises(ValueError, match="Dense"):
        mlp.hidden_features(object(), X)


def test_weights_round_trip_and_checks():
    w = _random_weights()
    back = mlp.Weights.from_flat(w.flat(), 3, 4)
    np.testing.assert_array_equal(back.flat(), w.flat())
    with pytest.raises(ValueError, match="entries"):
        mlp.Weights.from_flat(w.flat()[:-1], 3, 4)


def test_loss_is_the_cross_entropy_of_predict():
    X, y = _xor(50)
    w = _random_weights(p=2, h=3)
    p = mlp.predict(w, X)
    manual = -np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))
    np.testing.assert_allclose(mlp.loss(w, X, y), manual, rtol=1e-10)
    penalty = np.sum(w.W1**2) + np.sum(w.w2**2)
    np.testing.assert_allclose(mlp.loss(w, X, y, l2=0.5), manual + 0.5 * penalty, rtol=1e-10)
    H = mlp.hessian(w, X, y)
    assert H.shape == (w.flat().size,) * 2
    np.testing.assert_allclose(H, H.T, atol=1e-8)


def test_fit_solves_xor_and_is_a_stationary_point():
    X, y = _xor()
    res = mlp.fit(X, y, 2, seed=3)
    assert res.converged
    accuracy = np.mean((mlp.predict(res.weights, X) > 0.5) == y)
    assert accuracy > 0.8
    again = mlp.fit(X, y, 2, seed=3)
    np.testing.assert_allclose(again.weights.flat(), res.weights.flat(), rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(res.loss, mlp.loss(res.weights, X, y), rtol=1e-10)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"y": [0.0, 2.0] * 100}, "0 and 1|0/1|labels"), ({"n_hidden": 0}, "n_hidden"),
     ({"l2": -1.0}, "l2"), ({"init": mlp.Weights(np.zeros((3, 2)), np.zeros(2), np.zeros(2), 0.0)}, "init")],
)
def test_fit_rejects(kwargs, match):
    X, y = _xor()
    args = {"X": X, "y": y, "n_hidden": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        mlp.fit(**args)


def test_fit_rejects_nan():
    X, y = _xor()
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        mlp.fit(X, y, 2)


def test_canonical_removes_permutations_and_sign_flips():
    w = _random_weights(p=3, h=4)
    X = np.random.default_rng(3).normal(size=(20, 3))
    order, sign = np.array([2, 0, 3, 1]), np.array([1.0, -1.0, -1.0, 1.0])
    copy = mlp.Weights(w.W1[:, order] * sign, w.b1[order] * sign, w.w2[order] * sign, w.b2)
    np.testing.assert_allclose(mlp.predict(copy, X), mlp.predict(w, X), rtol=1e-12)  # same network
    c1, c2 = mlp.canonical(w), mlp.canonical(copy)
    np.testing.assert_allclose(c1.flat(), c2.flat(), rtol=1e-15)
    assert np.all(c1.w2 >= 0) and np.all(np.diff(c1.w2) <= 0)
    np.testing.assert_allclose(mlp.predict(c1, X), mlp.predict(w, X), rtol=1e-12)


def test_n_symmetries():
    assert [mlp.n_symmetries(h) for h in (1, 2, 3)] == [2, 8, 48]
    with pytest.raises(ValueError, match="n_hidden"):
        mlp.n_symmetries(0)


def test_loss_hessian_predict_refuse_the_wrong_number_of_columns():
    X, y = _xor(20)
    w = _random_weights(p=2, h=3)
    for call in (lambda: mlp.loss(w, X[:, :1], y), lambda: mlp.hessian(w, X[:, :1], y),
                 lambda: mlp.loss(w, np.column_stack([X, X[:, 0]]), y), lambda: mlp.predict(w, X[:, :1])):
        with pytest.raises(ValueError, match="X must have 2 columns, one per network input"):
            call()


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ("w", "weights must be mlp.Weights"),
        (mlp.Weights(np.full((2, 3), np.nan), np.zeros(3), np.ones(3), 0.0), r"weights.W1 must be finite"),
        (mlp.Weights(np.ones((2, 3)), np.zeros(2), np.ones(3), 0.0), r"weights.b1 must have length 3"),
        (mlp.Weights(np.ones((2, 3)), np.zeros(3), np.ones(2), 0.0), r"weights.w2 must have length 3"),
        (mlp.Weights(np.ones((2, 3)), np.zeros(3), np.ones(3), np.nan), r"weights.b2 must be finite"),
        (mlp.Weights(np.ones(3), np.zeros(3), np.ones(3), 0.0), r"weights.W1 must be 2-D"),
    ],
)
def test_bad_weights_are_refused_everywhere(weights, match):
    X, y = _xor(20)
    for call in (lambda: mlp.loss(weights, X, y), lambda: mlp.hessian(weights, X, y),
                 lambda: mlp.predict(weights, X), lambda: mlp.canonical(weights)):
        with pytest.raises(ValueError, match=match):
            call()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"gtol": 0.0}, "gtol must be a positive number"),
        ({"gtol": -1.0}, "gtol must be a positive number"),
        ({"gtol": np.nan}, "gtol must be a positive number"),
        ({"gtol": "a"}, "gtol must be a positive number"),
        ({"seed": None}, "seed must be a non-negative integer"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"seed": 1.5}, "seed must be a non-negative integer"),
        ({"seed": True}, "seed must be a non-negative integer"),
        ({"seed": 2**32}, r"seed must be below 2\*\*32"),
        ({"init": "w"}, "init must be mlp.Weights"),
        ({"init": mlp.Weights(np.full((2, 2), np.nan), np.zeros(2), np.ones(2), 0.0)}, r"init.W1 must be finite"),
        ({"init": mlp.Weights(np.ones((2, 2)), np.zeros(3), np.ones(2), 0.0)}, r"init.b1 must have length 2"),
    ],
)
def test_fit_refuses_bad_options(kwargs, match):
    X, y = _xor(20)
    with pytest.raises(ValueError, match=match):
        mlp.fit(X, y, 2, **kwargs)


def test_numpy_integer_seeds_are_accepted():
    X, y = _xor(40)
    assert mlp.fit(X, y, 2, seed=np.int64(1)).loss == mlp.fit(X, y, 2, seed=1).loss
    np.testing.assert_array_equal(mlp.Weights.from_model(mlp.build(2, 3, seed=np.uint16(4))).flat(),
                                  mlp.Weights.from_model(mlp.build(2, 3, seed=4)).flat())
    with pytest.raises(ValueError, match=r"seed must be below 2\*\*32"):
        mlp.build(2, 3, seed=2**64)


@pytest.mark.parametrize(
    ("args", "match"),
    [((np.zeros(3), -1, 2), "n_inputs must be a positive integer"),
     ((np.zeros(9), 2, 0), "n_hidden must be a positive integer"),
     ((np.full(9, np.nan), 2, 2), "theta must be finite"),
     ((np.zeros((9, 1)), 2, 2), "theta must be 1-D")],
)
def test_from_flat_refuses(args, match):
    with pytest.raises(ValueError, match=match):
        mlp.Weights.from_flat(*args)


def test_fit_warns_when_the_network_separates_the_classes():
    from glmnn import data

    X, y = data.blog_toy()
    with pytest.warns(mlp.SeparationWarning, match="separates the classes.*no minimum.*l2 > 0"):
        mlp.fit(X, y, 2)
    res = mlp.fit(X, y, 2, l2=0.01)  # weight decay: a minimum exists, no warning
    assert res.converged


def test_pandas_labels_must_be_aligned():
    import pandas as pd

    X, y = _xor(20)
    X_df = pd.DataFrame(X, index=range(50, 70))
    with pytest.raises(ValueError, match="not aligned"):
        mlp.loss(_random_weights(p=2, h=3), X_df, pd.Series(y))
