"""Chapter 9's exercises: right and wrong answers."""

from functools import cache

import numpy as np


@cache
def _by_hand():
    """The solution of ex-uncertainty-by-hand: the linear predictor, its standard error
    and the 90 % interval, from the network's fit."""
    import statsmodels.api as sm
    from scipy import stats

    from glmnn import keras_glm

    data = sm.datasets.cpunish.load_pandas()
    X_p, y_p = data.exog.astype(float), data.endog.to_numpy(float)
    pois = keras_glm.fit(X_p, y_p, "poisson", "log")
    x0 = np.r_[1.0, X_p.iloc[0].to_numpy()]
    z0 = x0 @ np.asarray(pois.params)
    se_z0 = np.sqrt(x0 @ pois.cov_params @ x0)
    return z0, se_z0, stats.norm.ppf(0.95)


def _interval(q=None, log_scale=False, naive=False, se_of_z=False):
    z0, se_z0, q90 = _by_hand()
    q = q90 if q is None else q
    if log_scale:
        return [z0, se_z0, z0 - q * se_z0, z0 + q * se_z0]
    mean, mean_se = np.exp(z0), np.exp(z0) * se_z0
    if naive:
        return [mean, mean_se, mean - q * mean_se, mean + q * mean_se]
    return [mean, se_z0 if se_of_z else mean_se, np.exp(z0 - q * se_z0),
            np.exp(z0 + q * se_z0)]


def _brier(score=None, position=False):
    """A function of pi: the grid's q of smallest expected score, and that score."""
    q_grid = np.linspace(0.0, 1.0, 1001)

    def best(pi):
        if score is None:
            expected = pi * (1 - q_grid) ** 2 + (1 - pi) * q_grid**2
        else:
            expected = score(pi, q_grid)
        k = np.argmin(expected)
        return (k if position else q_grid[k]), expected.min()

    return best


def _log_loss(pi, q):
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(pi * np.log(q) + (1 - pi) * np.log(1 - q))


@cache
def _ratios(kappa=0.2, sqrt=True, seed=909):
    """The solution's Monte Carlo: mean estimate / truth for signals 1 and 5."""
    n_sc, reps_sc = 400, 60
    rng = np.random.default_rng(seed)

    def newton_fit(X1_, y_):
        th = np.zeros(X1_.shape[1])
        for _ in range(60):
            p_ = 1 / (1 + np.exp(-(X1_ @ th)))
            H_ = (X1_.T * (p_ * (1 - p_))) @ X1_
            d_ = np.linalg.solve(H_, X1_.T @ (y_ - p_))
            th = th + d_
            if np.max(np.abs(th)) > 50:
                return None
            if np.max(np.abs(d_)) < 1e-9:
                return th
        return None

    p = round(kappa * n_sc)
    results = {}
    for signal in (1.0, 5.0):
        beta = np.zeros(p)
        beta[: p // 2] = (np.sqrt(signal / (p // 2)) if sqrt
                          else signal / (p // 2))  # a slip: no square root
        ratio = []
        for _ in range(reps_sc):
            X_ = rng.normal(size=(n_sc, p))
            y_ = rng.uniform(size=n_sc) < 1 / (1 + np.exp(-(X_ @ beta)))
            th = newton_fit(np.column_stack([np.ones(n_sc), X_]), y_.astype(float))
            if th is not None:
                ratio.append(np.mean(th[1:][: p // 2] / beta[: p // 2]))
        results[signal] = np.mean(ratio)
    return results[1.0], results[5.0]


def _signal(**kwargs):
    weak, strong = _ratios(**kwargs)
    return {"ratio_weak": weak, "ratio_strong": strong,
            "weaker_signal": "smaller" if weak < strong else "larger"}


RIGHT = {
    "ex-uncertainty-by-hand": lambda: _interval(),
    "ex-uncertainty-brier": lambda: _brier(),
    "ex-uncertainty-signal": lambda: _signal(),
}

WRONG = {
    "ex-uncertainty-by-hand": lambda: [
        _interval(log_scale=True),  # not mapped through exp
        _interval(se_of_z=True),  # the linear predictor's standard error
        _interval(q=1.959964),  # a 95 % interval
        _interval(q=1.281552),  # q = norm.ppf(0.9): an 80 % interval
        _interval(naive=True),  # symmetric around the mean
    ],
    "ex-uncertainty-brier": lambda: [
        # the labels swapped: q predicts label 0
        _brier(lambda pi, q: pi * q**2 + (1 - pi) * (1 - q) ** 2),
        _brier(position=True),  # the grid's position of the minimum, not q
        _brier(lambda pi, q: (pi - q) ** 2),  # the label's own variance left out
        _brier(_log_loss),  # the log-loss: proper too, but not the Brier score
        _brier(lambda pi, q: pi * (1 - q) + (1 - pi) * q),  # absolute error: not proper
    ],
    "ex-uncertainty-signal": lambda: [
        # the two ratios the wrong way round
        {**_signal(), "ratio_weak": _signal()["ratio_strong"],
         "ratio_strong": _signal()["ratio_weak"]},
        {**_signal(), "weaker_signal": "larger"},  # the verdict reversed
        _signal(kappa=0.1),  # the chapter's p/n = 0.1
        _signal(sqrt=False),  # the coefficients without the square root
    ],
}
