"""Chapter 8's exercises: right and wrong answers."""

import functools

import numpy as np


@functools.lru_cache(maxsize=1)
def _data():
    """The chapter's X, y and X_new, y_new, drawn as its cells draw them."""
    rng = np.random.default_rng(808)

    def simulate(n_, bias, weights):
        X_ = rng.normal(size=(n_, len(weights)))
        p_ = 1 / (1 + np.exp(-(bias + X_ @ np.asarray(weights))))
        return X_, (rng.uniform(size=n_) < p_).astype(float)

    X, y = simulate(1024, -3.0, [1.0, -0.5])
    simulate(200_000, -3.0, [1.0, -0.5])
    rng.normal(size=200_000)
    rng.uniform(size=200_000)
    simulate(2048, -3.0, [1.0, -0.5])
    X_new, y_new = simulate(20_000, -3.0, [1.0, -0.5])
    return X, y, X_new, y_new


def _glm(weights=None):
    import statsmodels.api as sm

    X, y, _, _ = _data()
    return np.asarray(sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial(),
                             freq_weights=weights).fit(tol=1e-12).params)


def _balanced(swap=False, shift="ratio"):
    X, y, _, _ = _data()
    n = len(y)
    n1 = y.sum()
    n0 = n - n1
    w1, w0 = n / (2 * n1), n / (2 * n0)
    if swap:
        w1, w0 = w0, w1
    params = _glm(np.where(y == 1, w1, w0))
    moves = {"ratio": np.log((n / (2 * n1)) / (n / (2 * n0))),
             "inverse": np.log((n / (2 * n0)) / (n / (2 * n1))),
             "observed": params[0] - _glm()[0],
             "one weight": np.log(n / (2 * n1))}
    return {"params": params, "shift": moves[shift]}


def _smoothed(a_, target="a/2", slope=-2.0, sign=1.0):
    if target == "a/2":
        b_ = np.log((1 - a_ / 2) / (a_ / 2))
    elif target == "a":
        b_ = np.log((1 - a_) / a_)
    else:  # the asymptote only
        b_ = np.log(2 / a_)
    return sign * b_, sign * slope * b_, 0.0


@functools.lru_cache(maxsize=None)
def _gamma(balancing=False, loss_on="new", corr_with="mle", reverse=False,
           corr="spearman"):
    import keras
    from glmnn import keras_glm, training

    X, y, X_new, y_new = _data()
    mle = _glm()

    def log_odds(theta, X_):
        return theta[0] + X_ @ theta[1:]

    def log_loss(p_, y_):
        return -np.mean(y_ * np.log(p_) + (1 - y_) * np.log1p(-p_))

    def ranks(v):
        return np.argsort(np.argsort(v))

    def correlation(a, b):
        from scipy.stats import kendalltau

        if corr == "pearson":  # of the log-odds themselves, not of their ranks
            return np.corrcoef(a, b)[0, 1]
        if corr == "kendall":
            return kendalltau(a, b)[0]
        return np.corrcoef(ranks(a), ranks(b))[0, 1]  # Spearman's

    rows = []
    for gamma in (0.0, 2.0, 4.0):
        net_ = keras_glm.build_model(2)
        net_.layers[-1].set_weights([mle[1:, None], mle[:1]])
        # dtype: the chapter sets Keras' floatx to float64, a test may not
        training.keras_newton(net_, keras.losses.BinaryFocalCrossentropy(
            gamma=gamma, apply_class_balancing=balancing, dtype="float64"), X, y)
        th = keras_glm.model_params(net_)
        X_, y_ = (X_new, y_new) if loss_on == "new" else (X, y)
        other = log_odds(mle, X_new) if corr_with == "mle" else y_new
        rows.append((th[1] / mle[1], log_loss(1 / (1 + np.exp(-log_odds(th, X_))), y_),
                     correlation(log_odds(th, X_new), other)))
    if reverse:
        rows = rows[::-1]
    return {"slope_ratio": [r[0] for r in rows], "log_loss": [r[1] for r in rows],
            "rank_corr": [r[2] for r in rows]}


RIGHT = {
    "ex-choices-balanced": lambda: _balanced(),
    "ex-choices-smoothing-limit": lambda: _smoothed,
    "ex-choices-gamma": lambda: _gamma(),
}

WRONG = {
    "ex-choices-balanced": lambda: [
        {"params": _glm(), "shift": _balanced()["shift"]},  # the unweighted fit
        _balanced(swap=True),  # the weights on the wrong labels
        _balanced(shift="inverse"),  # the sign of the correction
        _balanced(shift="observed"),  # the shift seen on this sample
        _balanced(shift="one weight"),  # the log of label 1's weight only
    ],
    "ex-choices-smoothing-limit": lambda: [
        functools.partial(_smoothed, target="a"),  # targets 1 - a and a
        functools.partial(_smoothed, target="asymptote"),  # log(2 / a) only
        functools.partial(_smoothed, slope=-1.0),  # w1 = -b
        functools.partial(_smoothed, sign=-1.0),  # the labels swapped
    ],
    "ex-choices-gamma": lambda: [
        _gamma(loss_on="training"),  # the log-loss on the training data
        _gamma(reverse=True),  # gamma = 4, 2, 0
        _gamma(balancing=True),  # Keras' alpha class balancing switched on
        _gamma(corr_with="labels"),  # ranks correlated with the labels
        _gamma(corr="pearson"),  # Pearson's correlation of the log-odds
        _gamma(corr="kendall"),  # Kendall's tau, not Spearman's rho
        {**_gamma(), "rank_corr": [1.0, 1.0, 1.0]},  # rounded to 1
    ],
}
