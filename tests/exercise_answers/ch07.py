"""Chapter 7's exercises: right and wrong answers."""

import functools
from itertools import permutations, product

import numpy as np


@functools.lru_cache(maxsize=1)
def _xor():
    """The chapter's XOR data: its generator's first draws (training, then held-out)."""
    rng = np.random.default_rng(526591)

    def xor_data(n, seed):
        corners = seed.choice([-1.0, 1.0], size=(n, 2))
        X_ = corners + seed.normal(scale=0.5, size=(n, 2))
        p_true = 1 / (1 + np.exp(-2.5 * X_[:, 0] * X_[:, 1]))
        return X_, (seed.uniform(size=n) < p_true).astype(float)

    X, y = xor_data(400, rng)
    X_test, y_test = xor_data(5000, rng)
    return X, y, X_test, y_test


@functools.lru_cache(maxsize=1)
def _net3():
    from glmnn import mlp

    X, y, _, _ = _xor()
    return mlp.fit(X, y, 3, seed=0, l2=0.01).weights


def _copies(orders, signs, flip_w2=True, move_b1=True):
    from glmnn import mlp

    w3 = _net3()
    copies = []
    for order in orders:
        for s in signs:
            o, s = np.array(order), np.array(s)
            b1 = w3.b1[o] * s if move_b1 else w3.b1 * s
            copies.append(mlp.Weights(w3.W1[:, o] * s, b1,
                                      w3.w2[o] * s if flip_w2 else w3.w2[o], w3.b2))
    return copies


_ORDERS = list(permutations(range(3)))
_SIGNS = list(product([-1.0, 1.0], repeat=3))


def _cross_entropy(p):
    _, _, _, y_test = _xor()
    return float(-np.mean(y_test * np.log(p) + (1 - y_test) * np.log1p(-p)))


def _glm_loss(rows=100, penalty=0.0, product_feature=True):
    from glmnn import optim

    X, y, X_test, _ = _xor()

    def design(A):
        return np.c_[A, A[:, 0] * A[:, 1]] if product_feature else A

    theta = optim.newton(design(X[:rows]), y[:rows], penalty=penalty).params
    return _cross_entropy(1 / (1 + np.exp(-(theta[0] + design(X_test) @ theta[1:]))))


@functools.lru_cache(maxsize=1)
def _small_n():
    """The solution's GLM cross-entropy and network, computed as it does."""
    from glmnn import keras_glm, mlp

    X, y, X_test, _ = _xor()
    X_small, y_small = X[:100], y[:100]
    glm_small = keras_glm.fit(np.c_[X_small, X_small[:, 0] * X_small[:, 1]], y_small)
    net_small = min((mlp.fit(X_small, y_small, 2, seed=s, l2=0.01) for s in range(5)),
                    key=lambda fit_: fit_.loss)
    p_glm = np.asarray(glm_small.model(np.c_[X_test, X_test[:, 0] * X_test[:, 1]]))[:, 0]
    return _cross_entropy(p_glm), net_small.weights


@functools.lru_cache(maxsize=1)
def _small_nets():
    """Other networks a student might hand in."""
    from glmnn import mlp

    X, y, _, _ = _xor()
    X_small, y_small = X[:100], y[:100]
    fits = [mlp.fit(X_small, y_small, 2, seed=s, l2=0.01) for s in range(5)]
    worst = max(fits, key=lambda fit_: fit_.loss).weights  # not the best start
    untrained = mlp.Weights.from_model(mlp.build(2, 2, seed=0))
    # a stationary point that learned nothing: no hidden unit, the base rate
    flat = mlp.Weights(np.zeros((2, 2)), np.zeros(2), np.zeros(2),
                       float(np.log(y_small.mean() / (1 - y_small.mean()))))
    all_400 = mlp.fit(X, y, 2, seed=0, l2=0.01).weights  # all training examples
    stronger = mlp.fit(X_small, y_small, 2, seed=1, l2=0.1).weights  # l2 = 0.1
    return worst, untrained, flat, all_400, stronger


def _ridge(factor, scale_by_n=False):
    def fit(H, y, l2):
        from glmnn import optim

        return optim.newton(H, y, penalty=factor * l2 * (len(y) if scale_by_n else 1)).params

    return fit


def _plain_logit(H, y, l2):
    import statsmodels.api as sm

    return sm.Logit(y, sm.add_constant(H, has_constant="add")).fit(disp=0).params


def _fit_regularized(opt_method=None, penalise_bias=False):
    """statsmodels' GLM.fit_regularized with the right penalty: the mean loss plus
    alpha / 2 times the squared weights, alpha = 2 l2 / n (on the bias too, if asked)."""
    def fit(H, y, l2):
        import warnings

        import statsmodels.api as sm

        alpha = np.full(H.shape[1] + 1, 2 * l2 / len(y))
        if not penalise_bias:
            alpha[0] = 0.0
        model = sm.GLM(y, sm.add_constant(H, has_constant="add"),
                       family=sm.families.Binomial())
        options = {} if opt_method is None else {"opt_method": opt_method}
        with warnings.catch_warnings():  # BFGS may warn that it did not converge
            warnings.simplefilter("ignore")
            return np.asarray(model.fit_regularized(alpha=alpha, L1_wt=0, **options).params)

    return fit


RIGHT = {
    "ex-hidden-copies": lambda: _copies(_ORDERS, _SIGNS),
    # statsmodels, converged (the chapter's solution uses optim.newton)
    "ex-hidden-decay": lambda: _fit_regularized("Newton-CG"),
    "ex-hidden-small-n": lambda: {"better": "glm", "glm": _small_n()[0],
                                  "network": _small_n()[1]},
}

WRONG = {
    "ex-hidden-copies": lambda: [
        _copies(_ORDERS, [(1.0, 1.0, 1.0)]),  # reorderings only
        _copies(_ORDERS, _SIGNS, flip_w2=False),  # the outgoing weight not flipped
        _copies(_ORDERS, _SIGNS, move_b1=False),  # the biases left in place
        _copies(_ORDERS, _SIGNS)[1:],  # the optimum itself left out
        [_net3()] * 48,  # the same vector 48 times
    ],
    "ex-hidden-decay": lambda: [
        _plain_logit,  # still statsmodels' Logit
        _ridge(1),  # lambda = l: the factor 2 of l * |w|^2 forgotten
        _ridge(4),  # the factor 2 twice
        _ridge(2, scale_by_n=True),  # as if the loss were a mean
        _fit_regularized(),  # the right penalty, but BFGS stops short of the optimum
        _fit_regularized("Newton-CG", penalise_bias=True),  # the bias penalised
    ],
    "ex-hidden-small-n": lambda: [
        {"better": "network", "glm": _small_n()[0], "network": _small_n()[1]},
        {"better": "glm", "glm": _glm_loss(rows=400), "network": _small_n()[1]},  # all 400
        {"better": "glm", "glm": _glm_loss(penalty=1.0),  # a default ridge penalty
         "network": _small_n()[1]},
        {"better": "network", "glm": _glm_loss(product_feature=False),  # no x1*x2
         "network": _small_n()[1]},
        {"better": "glm", "glm": 5000 * _small_n()[0],  # a sum, not a mean
         "network": _small_n()[1]},
        # the network's weights: not the best start, untrained, a stationary point that
        # learned nothing, trained on all 400 examples, with l2 = 0.1
        *({"better": "glm", "glm": _small_n()[0], "network": net}
          for net in _small_nets()),
        # the network's held-out cross-entropy instead of its weights
        {"better": "glm", "glm": _small_n()[0], "network": 0.629},
        # the right network as a flat vector, with the conclusion reversed
        {"better": "network", "glm": _small_n()[0], "network": _small_n()[1].flat()},
    ],
}
