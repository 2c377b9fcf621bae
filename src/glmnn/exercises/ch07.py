"""The checks of chapter 7's exercises (a hidden layer: where the equivalence ends)."""

from __future__ import annotations

from itertools import permutations, product

import numpy as np

from glmnn.exercises._core import (
    NotYet,
    as_choice,
    as_fields,
    as_function,
    as_number,
    as_numbers,
    exercise,
    require,
    right,
)

# ----------------------------------------------------------------------------------------
# ex-hidden-copies: the h! 2^h weight vectors of one network with three hidden units

_P, _H = 2, 3  # the XOR network of the exercise: two inputs, three hidden units


def _as_weights(value, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Copy `k` as (W1, b1, w2, b2): an mlp.Weights (or alike) or its flat vector."""
    what = f"copy {k} (counting from 0)"
    if all(hasattr(value, name) for name in ("W1", "b1", "w2", "b2")):
        W1 = as_numbers(value.W1, f"{what}: W1", shape=(_P, _H))
        b1 = as_numbers(value.b1, f"{what}: b1", shape=(_H,))
        w2 = as_numbers(np.ravel(value.w2), f"{what}: w2", shape=(_H,))
        b2 = as_number(np.ravel(value.b2)[0] if np.size(value.b2) == 1 else np.nan,
                       f"{what}: b2")
        return W1, b1, w2, b2
    n = _P * _H + 2 * _H + 1
    flat = as_numbers(value, what)
    require(flat.shape == (n,), f"{what} should be an mlp.Weights of the network with "
            f"{_P} inputs and {_H} hidden units (or its .flat() vector of {n} numbers).")
    return (flat[: _P * _H].reshape(_P, _H), flat[_P * _H: _P * _H + _H],
            flat[_P * _H + _H: -1], float(flat[-1]))


def _network(weights, Z: np.ndarray) -> np.ndarray:
    """The network's probabilities at the rows of Z, computed here from its weights."""
    W1, b1, w2, b2 = weights
    return 1 / (1 + np.exp(-(b2 + np.tanh(Z @ W1 + b1) @ w2)))


def _flat(weights) -> np.ndarray:
    W1, b1, w2, b2 = weights
    return np.concatenate([W1.ravel(), b1, w2, [b2]])


@exercise("ex-hidden-copies", stub='''
# Your answer: a list of ALL the weight vectors that compute exactly the same
# network as your trained XOR network with three hidden units (the optimum
# itself included), in any order, each an mlp.Weights(W1, b1, w2, b2) (or its
# .flat() vector of 13 numbers).
answer = ...
''')
def _copies(answer):
    require(isinstance(answer, (list, tuple, np.ndarray)) and not isinstance(answer, str),
            "answer should be a list of weight vectors (mlp.Weights), one per copy.")
    require(len(answer) > 0, "answer should be a list of weight vectors; it is empty.")
    copies = [_as_weights(value, k) for k, value in enumerate(answer)]
    # the same network: equal predictions at points drawn here, far and near the data
    Z = np.random.default_rng(7).normal(scale=1.5, size=(200, _P))
    first = _network(copies[0], Z)
    for k, weights in enumerate(copies[1:], start=1):
        require(np.allclose(_network(weights, Z), first, rtol=1e-9, atol=1e-12),
                f"copy {k} computes a different network from copy 0: a copy moves a hidden "
                "unit's incoming weights, bias and outgoing weight together, and flips the "
                "signs of all three of them together.")
    flats = np.array([_flat(w) for w in copies])
    scale = 1e-9 * (1 + np.max(np.abs(flats)))
    for k in range(1, len(flats)):
        same = np.flatnonzero(np.max(np.abs(flats[:k] - flats[k]), axis=1) <= scale)
        if same.size:
            raise NotYet(f"copies {same[0]} and {k} are the same weight vector: list each "
                         "copy once (if your network has a hidden unit with outgoing weight "
                         "0, or two identical units, train it again).")
    W1, b1, w2, b2 = copies[0]
    require(np.min(np.abs(w2)) > 1e-6 and np.min(np.max(np.abs(W1), axis=0)) > 1e-6,
            "copy 0 has a hidden unit that does nothing (a zero outgoing weight or zero "
            "incoming weights): use a trained network.")
    orbit = np.array([_flat((W1[:, list(o)] * s, b1[list(o)] * s, w2[list(o)] * s, b2))
                      for o in permutations(range(_H))
                      for s in map(np.array, product([-1.0, 1.0], repeat=_H))])
    for k, flat in enumerate(flats):
        require(np.min(np.max(np.abs(orbit - flat), axis=1)) <= scale,
                f"copy {k} computes the same network but is not copy 0 with its hidden "
                "units reordered and sign-flipped.")
    require(len(copies) >= len(orbit),
            f"these {len(copies)} weight vectors are copies, but there are more: in how "
            "many orders can the hidden units be listed, and in how many ways can their "
            "signs be flipped? (The optimum itself counts too.)")
    return right("every ordering of the three units times every choice of their signs: "
                 "h! 2^h weight vectors, one network.")


# ----------------------------------------------------------------------------------------
# ex-hidden-decay: the last layer of a network trained with weight decay is a ridge fit

#: (n, hidden units, l) of the feature matrices the function is tried on; large penalties
#: among them, where the factor of the penalty matters most
_DECAY_CASES = [(200, 2, 0.01), (80, 3, 0.5), (60, 2, 3.0), (120, 1, 1.0), (150, 3, 0.1)]


def _decay_data(n: int, h: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Hidden features H = tanh(X W + c) of random inputs, and labels with signal in them."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    H = np.tanh(X @ rng.normal(size=(2, h)) + rng.normal(scale=0.5, size=h))
    logit = 0.3 + H @ rng.normal(scale=1.5, size=h)
    return H, (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(float)


def _ridge(H: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Minimise the summed cross-entropy of b + H w plus sum(weights * theta**2).

    Newton's method with step halving, written out here (theta = (b, w)); `weights` holds
    the penalty per coefficient, the bias first.
    """
    Z = np.column_stack([np.ones(len(y)), H])

    def objective(t):
        z = Z @ t
        return np.sum(np.logaddexp(0.0, z) - y * z) + np.sum(weights * t**2)

    theta = np.zeros(Z.shape[1])
    value = objective(theta)
    for _ in range(100):
        prob = 1 / (1 + np.exp(-(Z @ theta)))
        grad = Z.T @ (prob - y) + 2 * weights * theta
        hess = (Z.T * (prob * (1 - prob))) @ Z + np.diag(2 * weights)
        step = np.linalg.solve(hess, grad)
        for _ in range(60):
            new_value = objective(theta - step)
            if new_value <= value + 1e-12 * abs(value):
                break
            step = step / 2
        theta, value = theta - step, new_value
        if np.max(np.abs(step)) < 1e-12:
            break
    return theta


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(np.abs(a - b) <= 3e-4 + 3e-3 * np.abs(b)))


@exercise("ex-hidden-decay", stub='''
# Your answer: a function answer(H, y, l2) that returns the last layer that a
# network trained with mlp.fit(..., l2=l2) has at an optimum, computed from
# its hidden features alone. H: an (n, h) array of the hidden features h(x)
# (no column of ones); y: the n labels (0 or 1); it returns h + 1 numbers,
# the output bias first, then the h output weights.
# It is tried on several feature matrices and values of l2.
answer = ...
''')
def _decay(answer):
    fit = as_function(answer, "answer")
    for seed, (n, h, l2) in enumerate(_DECAY_CASES):
        H, y = _decay_data(n, h, seed)
        what = f"answer(H, y, {l2}) for {h} hidden features"
        try:
            returned = fit(H.copy(), y.copy(), l2)
        except Exception as exc:  # noqa: BLE001 - the student's function failed
            raise NotYet(f"answer(H, y, {l2}) stopped with {type(exc).__name__} on an "
                         f"{n} x {h} feature matrix; it should work for any H and l2 > 0."
                         ) from None
        if isinstance(returned, (list, tuple)):  # (bias, weights) is fine too
            try:
                returned = np.hstack([np.ravel(np.asarray(part, dtype=float))
                                      for part in returned])
            except (TypeError, ValueError):
                raise NotYet(f"{what} should return {h + 1} numbers.") from None
        theta = as_numbers(returned, what, shape=(h + 1,))
        free = np.r_[0.0, np.ones(h)]
        if _close(theta, _ridge(H, y, l2 * free)):
            continue
        where = f"(with {h} hidden features, l2 = {l2})"
        require(not _close(theta, _ridge(H, y, 0 * free)),
                f"that is the unpenalised logistic regression on h(x) {where}: the "
                "network was trained with a penalty on its output weights too.")
        require(not _close(theta, _ridge(H, y, l2 * np.ones(h + 1))),
                f"the bias is penalised here {where}: mlp.fit penalises the kernels only.")
        require(not _close(theta, _ridge(H, y, l2 / 2 * free)),
                f"the penalty is too weak by a factor 2 {where}: the network's loss adds "
                "l2 times the squared weights; in which convention is your penalty written?")
        require(not _close(theta, _ridge(H, y, 2 * l2 * free)),
                f"the penalty is too strong by a factor 2 {where}: the network's loss adds "
                "l2 times the squared weights; in which convention is your penalty written?")
        require(not _close(theta, _ridge(H, y, n * l2 * free)),
                f"the penalty is too strong {where}: mlp.fit's loss is the cross-entropy "
                "summed over the examples, not their mean.")
        raise NotYet(f"answer(H, y, {l2}) is not the last layer of a network trained with "
                     f"that weight decay {where}: once the hidden features are fixed, which "
                     "loss do the output weights minimise?")
    return right("the penalised network's last layer is a ridge logistic regression on "
                 "h(x), with the bias unpenalised.")


# ----------------------------------------------------------------------------------------
# ex-hidden-small-n: 100 examples, the network against the GLM with the right feature

_SEED = 526591  # the chapter's generator: its first draws are the XOR data


def _xor_data(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's XOR simulation: inputs, labels and the true probabilities."""
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = corners + rng.normal(scale=0.5, size=(n, 2))
    p_true = 1 / (1 + np.exp(-2.5 * X[:, 0] * X[:, 1]))
    return X, (rng.uniform(size=n) < p_true).astype(float), p_true


def _held_out() -> tuple[float, float]:
    """Held-out mean cross-entropy of statsmodels' Logit with x1 x2 fitted on the first 100
    training examples, and of the true probabilities."""
    import statsmodels.api as sm

    rng = np.random.default_rng(_SEED)
    X, y, _ = _xor_data(400, rng)
    X_test, y_test, p_true = _xor_data(5000, rng)

    def design(A):
        return sm.add_constant(np.c_[A, A[:, 0] * A[:, 1]], has_constant="add")

    fit = sm.Logit(y[:100], design(X[:100])).fit(disp=0, tol=1e-12, maxiter=100)
    p = fit.predict(design(X_test))

    def cross_entropy(p_):
        return float(-np.mean(y_test * np.log(p_) + (1 - y_test) * np.log1p(-p_)))

    return cross_entropy(p), cross_entropy(p_true)


@exercise("ex-hidden-small-n", stub='''
# Your answer: a dict with three entries, for the two models trained on the
# first 100 training examples and judged on the 5,000 held-out ones:
#   "glm": the held-out cross-entropy (the mean over X_test, y_test) of the
#          logistic regression with x1, x2 and x1*x2,
#   "network": the held-out cross-entropy of the network with two hidden units,
#   "better": "glm" or "network", the one that predicts better.
answer = ...
''')
def _small_n(answer):
    fields = as_fields(answer, ["better", "glm", "network"])
    better = as_choice(fields["better"], ["glm", "network"], 'answer["better"]')
    glm = as_number(fields["glm"], 'answer["glm"]')
    net = as_number(fields["network"], 'answer["network"]')
    require(0 < glm < 5 and 0 < net < 5,
            "the cross-entropies should be means over the 5,000 held-out examples "
            "(positive numbers, below log 2 for any useful model), not sums.")
    reference, truth = _held_out()
    require(abs(glm - reference) <= 1e-3,
            'answer["glm"] is not the held-out cross-entropy of the logistic regression '
            "with x1, x2 and x1*x2 (and an intercept) fitted without a penalty on the first "
            "100 training examples: check the data it is fitted on and judged on.")
    require(net >= truth - 0.02,
            'answer["network"] is lower than even the true probabilities achieve on the '
            "held-out data: is it the held-out cross-entropy of the network trained on the "
            "first 100 examples?")
    require(better == ("glm" if glm < net else "network"),
            'answer["better"] does not agree with your two cross-entropies: lower is '
            "better.")
    return right("both held-out cross-entropies hold up, and the lower one predicts "
                 "better.")
