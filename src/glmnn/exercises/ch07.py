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


def _weights_of(value, what: str, p: int, h: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """`value` as (W1, b1, w2, b2) of a network with `p` inputs and `h` hidden units: an
    mlp.Weights (or alike) or its flat vector."""
    if all(hasattr(value, name) for name in ("W1", "b1", "w2", "b2")):
        W1 = as_numbers(value.W1, f"{what}: W1", shape=(p, h))
        b1 = as_numbers(value.b1, f"{what}: b1", shape=(h,))
        w2 = as_numbers(np.ravel(value.w2), f"{what}: w2", shape=(h,))
        b2 = as_number(np.ravel(value.b2)[0] if np.size(value.b2) == 1 else np.nan,
                       f"{what}: b2")
        return W1, b1, w2, b2
    n = p * h + 2 * h + 1
    flat = as_numbers(value, what)
    require(flat.shape == (n,), f"{what} should be an mlp.Weights of the network with "
            f"{p} inputs and {h} hidden units (or its .flat() vector of {n} numbers).")
    return (flat[: p * h].reshape(p, h), flat[p * h: p * h + h],
            flat[p * h + h: -1], float(flat[-1]))


def _as_weights(value, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Copy `k` as (W1, b1, w2, b2): an mlp.Weights (or alike) or its flat vector."""
    return _weights_of(value, f"copy {k} (counting from 0)", _P, _H)


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


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    """How far `a` is from `b`, in units of the tolerance: at most 1 is close enough."""
    return float(np.max(np.abs(a - b) / (3e-4 + 3e-3 * np.abs(b))))


#: the wrong penalties a hint can name: (penalty per coefficient, given n, h and l2; hint)
_DECAY_VARIANTS = [
    (lambda n, h, l2: np.zeros(h + 1),
     "that is the unpenalised logistic regression on h(x) {where}: the network was "
     "trained with a penalty on its output weights too."),
    (lambda n, h, l2: np.full(h + 1, l2),
     "the bias is penalised here {where}: mlp.fit penalises the kernels only."),
    (lambda n, h, l2: l2 / 2 * np.r_[0.0, np.ones(h)],
     "the penalty is too weak by a factor 2 {where}: the network's loss adds l2 times "
     "the squared weights; in which convention is your penalty written?"),
    (lambda n, h, l2: 2 * l2 * np.r_[0.0, np.ones(h)],
     "the penalty is too strong by a factor 2 {where}: the network's loss adds l2 times "
     "the squared weights; in which convention is your penalty written?"),
    (lambda n, h, l2: n * l2 * np.r_[0.0, np.ones(h)],
     "the penalty is too strong {where}: mlp.fit's loss is the cross-entropy summed over "
     "the examples, not their mean."),
]

#: a variant is named only where its optimum lies this far (in tolerances) from the right
#: one, and only for an answer this many times nearer to it than to the right one: where
#: the two are close (the bias penalised or not, for a small l2), an answer that has not
#: quite converged is often nearer the wrong one, and the hint would mislead
_SEPARATED, _NEARER = 10.0, 5.0

#: an answer within this many tolerances of the optimum in every case gets the hint to
#: check convergence rather than the loss
_NEAR = 50.0


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
    cases = []  # (n, h, l2, the answer, the right optimum, the wrong ones)
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
        cases.append((n, h, l2, theta, _ridge(H, y, l2 * np.r_[0.0, np.ones(h)]),
                      [_ridge(H, y, penalty(n, h, l2)) for penalty, _ in _DECAY_VARIANTS]))
    off = [_distance(theta, right_) for _, _, _, theta, right_, _ in cases]
    if max(off) <= 1:
        return right("the penalised network's last layer is a ridge logistic regression "
                     "on h(x), with the bias unpenalised.")
    # a wrong penalty, where it can be told from the right one
    for k, (_, hint) in enumerate(_DECAY_VARIANTS):
        for (n, h, l2, theta, right_, wrong), miss in zip(cases, off):
            near = _distance(theta, wrong[k])
            if (_distance(wrong[k], right_) >= _SEPARATED and near <= 1
                    and _NEARER * near <= miss):
                raise NotYet(hint.format(where=f"(with {h} hidden features, l2 = {l2})"))
    n, h, l2 = next(case[:3] for case, miss in zip(cases, off) if miss > 1)
    where = f"(with {h} hidden features, l2 = {l2})"
    require(max(off) > _NEAR,
            f"answer(H, y, {l2}) is close to the penalised optimum, but not at it {where}: "
            "did your fit converge? (statsmodels' default optimiser may stop early; "
            "Newton's method reaches the optimum.)")
    raise NotYet(f"answer(H, y, {l2}) is not the last layer of a network trained with "
                 f"that weight decay {where}: once the hidden features are fixed, which "
                 "loss do the output weights minimise?")


# ----------------------------------------------------------------------------------------
# ex-hidden-small-n: 100 examples, the network against the GLM with the right feature

_SEED = 526591  # the chapter's generator: its first draws are the XOR data


def _xor_data(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's XOR simulation: inputs, labels and the true probabilities."""
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = corners + rng.normal(scale=0.5, size=(n, 2))
    p_true = 1 / (1 + np.exp(-2.5 * X[:, 0] * X[:, 1]))
    return X, (rng.uniform(size=n) < p_true).astype(float), p_true


_N_SMALL, _L2_SMALL, _STARTS = 100, 0.01, 5  # the exercise's recipe


def _small_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The first 100 training examples and the 5,000 held-out ones, regenerated."""
    rng = np.random.default_rng(_SEED)
    X, y, _ = _xor_data(400, rng)
    X_test, y_test, _ = _xor_data(5000, rng)
    return X[:_N_SMALL], y[:_N_SMALL], X_test, y_test


def _glm_held_out() -> float:
    """Held-out mean cross-entropy of statsmodels' Logit with x1 x2 fitted on the first
    100 training examples."""
    import statsmodels.api as sm

    X, y, X_test, y_test = _small_data()

    def design(A):
        return sm.add_constant(np.c_[A, A[:, 0] * A[:, 1]], has_constant="add")

    fit = sm.Logit(y, design(X)).fit(disp=0, tol=1e-12, maxiter=100)
    p = fit.predict(design(X_test))
    return float(-np.mean(y_test * np.log(p) + (1 - y_test) * np.log1p(-p)))


def _logits(weights, X: np.ndarray) -> np.ndarray:
    W1, b1, w2, b2 = weights
    return b2 + np.tanh(X @ W1 + b1) @ w2


def _penalised(weights, X: np.ndarray, y: np.ndarray, l2: float
               ) -> tuple[float, np.ndarray, np.ndarray]:
    """The network's summed cross-entropy plus l2 times its squared kernels, written out
    here: its value, its gradient (in the order of mlp.Weights.flat) and the gradient's
    scale, the sum over the examples of the absolute values of their contributions."""
    W1, b1, w2, _ = weights
    H = np.tanh(X @ W1 + b1)
    z = _logits(weights, X)
    r = 1 / (1 + np.exp(-z)) - y  # d loss / d z, per example
    inner = np.outer(r, w2) * (1 - H**2)  # d loss / d (X W1 + b1), per example
    per_example = np.c_[(X[:, :, None] * inner[:, None, :]).reshape(len(y), -1),
                        inner, r[:, None] * H, r]
    penalty = np.r_[W1.ravel(), np.zeros_like(b1), w2, 0.0]
    value = np.sum(np.logaddexp(0.0, z) - y * z) + l2 * np.sum(penalty**2)
    return (float(value), per_example.sum(axis=0) + 2 * l2 * penalty,
            np.abs(per_example).sum(axis=0) + 2 * l2 * np.abs(penalty))


def _best_of_starts() -> float:
    """The lowest penalised training loss of mlp.fit from the exercise's five starts."""
    from glmnn import mlp

    X, y, _, _ = _small_data()
    return min(mlp.fit(X, y, 2, seed=s, l2=_L2_SMALL).loss for s in range(_STARTS))


@exercise("ex-hidden-small-n", stub='''
# Your answer: a dict with three entries, for the two models trained on the
# first 100 training examples (X[:100], y[:100]) and judged on the 5,000
# held-out ones (X_test, y_test):
#   "glm": the held-out cross-entropy (the mean over X_test, y_test) of the
#          logistic regression with x1, x2 and x1*x2 (and an intercept),
#          fitted without a penalty,
#   "network": the weights (an mlp.Weights, e.g. fit.weights) of the network
#          with two hidden units: mlp.fit(..., 2, seed=s, l2=0.01) for the
#          seeds s = 0 to 4, the fit with the lowest training loss,
#   "better": "glm" or "network", the one with the lower held-out
#          cross-entropy.
answer = ...
''')
def _small_n(answer):
    fields = as_fields(answer, ["better", "glm", "network"])
    better = as_choice(fields["better"], ["glm", "network"], 'answer["better"]')
    glm = as_number(fields["glm"], 'answer["glm"]')
    network = fields["network"]
    if hasattr(network, "weights") and not hasattr(network, "W1"):
        network = network.weights  # the result of mlp.fit itself
    weights = _weights_of(network, 'answer["network"]', 2, 2)
    require(0 < glm < 5,
            'answer["glm"] should be a mean over the 5,000 held-out examples (a positive '
            "number, below log 2 for any useful model), not a sum.")
    reference = _glm_held_out()
    require(abs(glm - reference) <= 1e-3,
            'answer["glm"] is not the held-out cross-entropy of the logistic regression '
            "with x1, x2 and x1*x2 (and an intercept) fitted without a penalty on the first "
            "100 training examples: check the data it is fitted on and judged on.")
    X, y, X_test, y_test = _small_data()
    loss, gradient, scale = _penalised(weights, X, y, _L2_SMALL)
    require(np.all(np.abs(gradient) <= 1e-4 * (1 + scale)),
            'answer["network"] is not an optimum of the training loss (the summed '
            "cross-entropy on the first 100 training examples plus 0.01 times the squared "
            "kernels): its gradient there is not 0. Check the examples, the penalty, and "
            "that the fit converged.")
    require(loss <= _best_of_starts() + 1e-3 * (1 + abs(loss)),
            'answer["network"] is a stationary point of the training loss (its gradient is '
            "0), but its loss is higher than the best of the five starts reaches: keep the "
            "fit with the lowest training loss.")
    z = _logits(weights, X_test)
    held_out = float(np.mean(np.logaddexp(0.0, z) - y_test * z))  # computed here
    require(abs(held_out - reference) < 1e-3 or better == (
                "glm" if reference < held_out else "network"),
            'answer["better"] is not the model with the lower held-out cross-entropy: '
            "compute the network's too, on X_test and y_test.")
    return right("these are the best of the five trained networks, and the model you "
                 "chose has the lower held-out cross-entropy.")
