"""The checks of chapter 3's exercises (many optimisers, one estimate)."""

from __future__ import annotations

import numpy as np

from glmnn.exercises._core import (as_choice, as_fields, as_numbers, exercise, require,
                                   right)

#: the chapter's data: n = 400 examples of data.mixed_logistic, drawn by a fresh
#: generator seeded with the chapter's SEED (its first draw)
_N, _SEED = 400, 500973

#: the lambdas of ex-loss-toy-ridge, in the exercise's order
_TOY_LAMBDAS = 10.0 ** -np.arange(5)


def _race_data() -> tuple[np.ndarray, np.ndarray]:
    """The race's design matrix (a column of ones first) and labels."""
    from glmnn import data

    X, y = data.mixed_logistic(_N, seed=_SEED)
    return np.column_stack([np.ones(_N), X]), y


def _mle(X1: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The maximum-likelihood estimate, by statsmodels' Logit."""
    import statsmodels.api as sm

    return np.asarray(sm.Logit(y, X1).fit(disp=0, tol=1e-12, maxiter=100).params)


def _newton_path(X1: np.ndarray, y: np.ndarray, steps: int) -> np.ndarray:
    """Plain Newton iterates from theta = 0: rows theta_0, ..., theta_steps."""
    path = [np.zeros(X1.shape[1])]
    for _ in range(steps):
        theta = path[-1]
        p = 1.0 / (1.0 + np.exp(-(X1 @ theta)))
        hessian = (X1.T * (p * (1.0 - p))) @ X1
        path.append(theta + np.linalg.solve(hessian, X1.T @ (y - p)))
    return np.array(path)


@exercise("ex-loss-irls", stub='''
# Your answer: your IRLS iterates as an array of shape (k + 1, 4), one row per iterate,
# from the start theta = 0 (row 0) to the last iterate (row k), each row in the order
# (b, w1, w2, w3), for the race's data X, y.
answer = ...
''')
def _irls(answer):
    path = as_numbers(answer, "answer")
    require(path.ndim == 2 and path.shape[1] == 4,
            "answer should be a 2-D array with one row (b, w1, w2, w3) per iterate, "
            f"not an array of shape {path.shape}.")
    require(2 <= path.shape[0] <= 41,
            "answer should hold every iterate, from the start to the first one that "
            "changes no coefficient by more than 1e-10 (a few dozen rows at most).")
    require(np.allclose(path[0], 0.0, atol=1e-12),
            "the first row should be the starting point theta = 0.")
    X1, y = _race_data()
    reference = _newton_path(X1, y, path.shape[0] - 1)
    estimate = _mle(X1, y)
    if np.allclose(path[-1], estimate[[1, 2, 3, 0]], atol=1e-6):
        require(False, "the coefficients are in the wrong order: each row should be "
                "(b, w1, w2, w3), the intercept first.")
    require(np.allclose(path[1], reference[1], rtol=1e-7, atol=1e-7),
            "the first iterate is not Newton's first step on the race's data: fit u on "
            "X-tilde (with its column of ones) by weighted least squares, with the "
            "weights p(1 - p) and u = X-tilde theta + (y - p) / (p(1 - p)).")
    bad = [k for k in range(path.shape[0])
           if not np.allclose(path[k], reference[k], rtol=1e-7, atol=1e-7)]
    require(not bad, "the first step is right, but a later iterate is not: is every fit "
            "weighted (sm.WLS with the weights p(1 - p)), and are p, the weights and the "
            "working response recomputed from the current theta at every iteration?")
    require(np.allclose(path[-1], estimate, rtol=1e-8, atol=1e-8),
            "the iterates are right but stop too early: repeat until no coefficient "
            "changes by more than 1e-10.")
    return right("your IRLS iterates are Newton's iterates, and they end at the "
                 "maximum-likelihood estimate.")


def _toy_t(lam: float) -> float:
    """The t > 0 with sigma(-t) = lam t (one root: the left side falls, the right rises)."""
    import scipy.optimize
    import scipy.special

    return float(scipy.optimize.brentq(lambda t: scipy.special.expit(-t) - lam * t,
                                       0.0, 100.0, xtol=1e-14))


@exercise("ex-loss-toy-ridge", stub='''
# Your answer: the five penalised estimates as an array of shape (5, 3), one row per
# lambda in the order 1, 0.1, 0.01, 0.001, 0.0001, each row (b, w1, w2) as
# optim.newton returns it.
answer = ...
''')
def _toy_ridge(answer):
    estimates = as_numbers(answer, "answer", shape=(5, 3))
    reference = np.array([_toy_t(lam) * np.array([1.0, -2.0, 0.0]) for lam in _TOY_LAMBDAS])

    def close(a, b):
        return np.allclose(a, b, rtol=1e-3, atol=1e-3)

    if not close(estimates, reference):
        require(not close(estimates[::-1], reference),
                "the rows are in the wrong order: the first row is lambda = 1, the last "
                "lambda = 0.0001.")
        require(not close(estimates[:, [2, 0, 1]], reference),
                "the columns are in the wrong order: each row should be (b, w1, w2), the "
                "bias first, as optim.newton returns it.")
    for lam, row, ref in zip(_TOY_LAMBDAS, estimates, reference):
        t = row[0]
        require(close(row, t * np.array([1.0, -2.0, 0.0])),
                f"the estimate for lambda = {lam:g} does not have the symmetric form "
                "t (1, -2, 0): is the bias penalised too? Only the weights should be.")
        require(close(row, ref),
                f"the estimate for lambda = {lam:g} has the right form t (1, -2, 0) but "
                "not the right t: use penalty=lam in optim.newton as it is (its penalty "
                "is (lam / 2) |w|^2), for the four points of data.blog_toy().")
    return right("every penalised estimate is finite, t (1, -2, 0) with sigma(-t) = "
                 "lambda t, and the decision line stays at x1 = 1/2.")


def _first_within(X1, y, estimate, step, max_updates=3_000, tol=1e-6):
    """Updates of `step` from theta = 0 until |theta - estimate| < tol (None if never)."""
    theta, state = np.zeros(X1.shape[1]), {}
    for k in range(1, max_updates + 1):
        p = 1.0 / (1.0 + np.exp(-(X1 @ theta)))
        g = X1.T @ (p - y) / y.size  # gradient of the mean cross-entropy
        theta = step(theta, g, k, state)
        if np.linalg.norm(theta - estimate) < tol:
            return k
    return None


def _gd_step(rate):
    return lambda theta, g, k, state: theta - rate * g


def _adam_step(rate, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Keras' Adam update with its default constants."""
    def step(theta, g, k, state):
        state["m"] = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
        state["v"] = beta_2 * state.get("v", 0.0) + (1 - beta_2) * g * g
        alpha = rate * np.sqrt(1 - beta_2 ** k) / (1 - beta_1 ** k)
        return theta - alpha * state["m"] / (np.sqrt(state["v"]) + epsilon)
    return step


def _counts(what: str, value) -> np.ndarray:
    require(isinstance(value, (list, tuple, np.ndarray)) and len(value) == 3,
            f"answer[{what!r}] should be a list of three update counts.")
    require(all(v is not None for v in value),
            f"a run in answer[{what!r}] never came within 1e-6 (None): with the grid's "
            "rates every run gets there within 3,000 updates. Check the learning rates.")
    return as_numbers(value, f"answer[{what!r}]", shape=(3,))


@exercise("ex-optim-tune", stub='''
# Your answer: a dict with three entries:
#   "gd":   the updates gradient descent needs to come within 1e-6 of theta_hat, a list
#           of three whole numbers, for eta L = 1, 2, 3 (in that order);
#   "adam": the same for full-batch Adam, for eta = 0.01, 0.05, 0.2 (in that order);
#   "ranking_changes": True or False, whether the best gradient descent now needs
#           fewer updates than the best Adam.
answer = ...
''')
def _tune(answer):
    answer = as_fields(answer, ["gd", "adam", "ranking_changes"])
    gd, adam = _counts("gd", answer["gd"]), _counts("adam", answer["adam"])
    X1, y = _race_data()
    estimate = _mle(X1, y)
    L = np.linalg.eigvalsh(X1.T @ X1).max() / (4 * y.size)

    def close(mine, reference):
        return abs(mine - reference) <= max(2, 0.01 * reference)

    for factor, k in zip((1.0, 2.0, 3.0), gd):
        require(close(k, _first_within(X1, y, estimate, _gd_step(factor / L))),
                f"the count of gradient descent with eta L = {factor:g} is not right: the "
                "rate is eta = factor / L, the start theta = 0 (update 0), and the "
                "distance the Euclidean norm |theta_k - theta_hat| to Newton's estimate.")
    for rate, k in zip((0.01, 0.05, 0.2), adam):
        require(close(k, _first_within(X1, y, estimate, _adam_step(rate))),
                f"the count of Adam with eta = {rate:g} is not right: one update per epoch "
                "(batch_size = n) from theta = 0, Keras' other defaults, and the "
                "Euclidean distance to Newton's estimate.")
    changes = answer["ranking_changes"]
    if isinstance(changes, np.bool_):
        changes = bool(changes)
    changes = as_choice(changes, [True, False], "answer['ranking_changes']")
    require(changes is bool(gd.min() < adam.min()),
            "the counts are right, but not the verdict: compare the best count of "
            "each method.")
    return right("tuned by one rule both methods improve, and the ranking stays.")
