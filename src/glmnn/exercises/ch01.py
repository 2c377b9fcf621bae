"""The checks of chapter 1's exercises (the neuron: the delta rule and separation).

The references are recomputed here in plain Python and numpy, independently of
``glmnn.neuron``: the gradient by central finite differences of the Bernoulli
log-likelihood, the training runs by loops of their own on the chapter's data
(``glmnn.data.blog_toy``).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from glmnn.exercises._core import (
    as_fields, as_function, as_numbers, exercise, require, right,
)

# ---------------------------------------------------------------------------------------
# ex-neuron-gradient

#: (x, y, w, b) the gradient is tried on: the chapter's first example at the blog's start
#: (every parameter 0.2), the chapter's small example, a confident mistake, p = 1 and 3
_CASES = [
    ([1.0, 0.0], 0.0, [0.2, 0.2], 0.2),
    ([1.5, -0.5], 1.0, [0.8, 2.0], -0.3),
    ([3.0, -2.0], 1.0, [-1.0, 0.5], 0.5),
    ([2.0], 0.0, [-0.7], 0.4),
    ([-1.0, 0.3, 2.5], 1.0, [0.5, -1.0, 0.25], 1.0),
    ([0.5, 2.0, -1.5], 0.0, [1.2, 0.4, 0.3], -0.2),
]


def _bernoulli_ll(theta: np.ndarray, x: np.ndarray, y: float) -> float:
    """y log p + (1 - y) log(1 - p), p the logistic of b + w'x, theta = (b, w)."""
    z = theta[0] + theta[1:] @ x
    log_p = -np.logaddexp(0.0, -z)  # log sigma(z)
    log_1mp = -np.logaddexp(0.0, z)  # log(1 - sigma(z))
    return float(y * log_p + (1.0 - y) * log_1mp)


def _numeric_gradient(x: np.ndarray, y: float, w: np.ndarray, b: float) -> np.ndarray:
    """The gradient of the Bernoulli log-likelihood by (b, w), by central differences."""
    theta = np.r_[b, w]
    h = 1e-6
    return np.array([
        (_bernoulli_ll(theta + h * e, x, y) - _bernoulli_ll(theta - h * e, x, y)) / (2 * h)
        for e in np.eye(theta.size)
    ])


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-5, atol=1e-6))


@exercise("ex-neuron-gradient", stub='''
# Your answer: a function gradient(x, y, w, b) for one example: x its inputs (a numpy
# array of p numbers), y its label (0.0 or 1.0), w the weights (p numbers), b the bias.
# It returns the gradient of ell_i = y log(p_hat) + (1 - y) log(1 - p_hat) as p + 1
# numbers: the derivative by b first, then those by w_1, ..., w_p.
# Define it, then set answer = gradient. It is tried on several examples (p = 1, 2, 3).
answer = ...
''')
def _gradient(answer):
    gradient = as_function(answer, "answer")
    for x, y, w, b in _CASES:
        x, w = np.array(x), np.array(w)
        p = x.size
        where = (f"answer(x, y, w, b) with x = {x.tolist()}, y = {y}, "
                 f"w = {w.tolist()}, b = {b}")
        got = as_numbers(gradient(x.copy(), y, w.copy(), b), where)
        require(got.shape == (p + 1,),
                f"{where} should give p + 1 = {p + 1} numbers (the derivative by b, then "
                f"those by the {p} weight(s)), not an array of shape {got.shape}.")
        ref = _numeric_gradient(x, y, w, b)
        if _close(got, ref):
            continue
        p_hat = 1.0 / (1.0 + math.exp(-(b + w @ x)))
        require(not _close(got, -ref),
                f"{where}: every sign is flipped. That is the gradient of the loss "
                "-ell_i; the delta rule climbs ell_i itself.")
        require(not _close(got, p_hat * (1 - p_hat) * ref),
                f"{where}: there is an extra factor p_hat (1 - p_hat), sigma'(z). That is "
                "the squared-error rule; differentiate ell_i as a function of z_i.")
        require(not _close(got, np.r_[ref[1:], ref[0]]),
                f"{where}: the numbers are in the wrong order; put the derivative by b "
                "first, then those by w_1, ..., w_p.")
        require(not _close(got, np.full(p + 1, ref[0])),
                f"{where}: the derivatives by w_j should carry the input x_ij (chain "
                "rule: the derivative of z_i by w_j is x_ij).")
        require(False, f"{where} is not the gradient of ell_i: compare with a central "
                "finite difference of ell_i in each parameter.")
    return right("your gradient matches finite differences of the log-likelihood; a step "
                 "of size eta along it is the delta rule.")


# ---------------------------------------------------------------------------------------
# ex-neuron-eta

_ETAS = (0.07, 0.7, 7.0)


def _sigma(z: float) -> float:
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _toy() -> tuple[list[tuple[float, ...]], list[float]]:
    from glmnn import data

    X, y = data.blog_toy()
    return [tuple(row) for row in X.tolist()], y.tolist()


@lru_cache(maxsize=None)
def _online_runs() -> dict[str, np.ndarray]:
    """Online delta rule (table order, start 0.2) for each eta: norms at 10^3 and 10^4."""
    rows, labels = _toy()
    full, weights_only, at_1k = [], [], []
    for eta in _ETAS:
        b, w1, w2 = 0.2, 0.2, 0.2
        for epoch in range(1, 10_001):
            for (x1, x2), y in zip(rows, labels):
                step = eta * (y - _sigma(b + w1 * x1 + w2 * x2))
                b, w1, w2 = b + step, w1 + step * x1, w2 + step * x2
            if epoch == 1_000:
                at_1k.append(math.hypot(b, w1, w2))
        full.append(math.hypot(b, w1, w2))
        weights_only.append(math.hypot(w1, w2))
    full = np.array(full)
    return {"norms": full, "slopes": (full - np.array(at_1k)) / math.log(10),
            "weights_only": np.array(weights_only)}


@lru_cache(maxsize=None)
def _batch_norms() -> np.ndarray:
    """The same with the batch rule (average correction per epoch): a plausible slip."""
    rows, labels = _toy()
    n = len(labels)
    norms = []
    for eta in _ETAS:
        b, w1, w2 = 0.2, 0.2, 0.2
        for _ in range(10_000):
            gb = g1 = g2 = 0.0
            for (x1, x2), y in zip(rows, labels):
                r = y - _sigma(b + w1 * x1 + w2 * x2)
                gb, g1, g2 = gb + r, g1 + r * x1, g2 + r * x2
            b, w1, w2 = b + eta * gb / n, w1 + eta * g1 / n, w2 + eta * g2 / n
        norms.append(math.hypot(b, w1, w2))
    return np.array(norms)


@exercise("ex-neuron-eta", stub='''
# Your answer: a dict with two lists of three numbers, in the order eta = 0.07, 0.7, 7:
#   "norms":  the norm of (b, w1, w2) after 10^4 epochs of the online delta rule on the
#             blog's toy data (examples in the table's order, every parameter from 0.2),
#   "slopes": the growth of that norm per unit of ln(epochs) over the last decade,
#             (norm after 10^4 epochs - norm after 10^3 epochs) / ln(10).
answer = ...
''')
def _eta(answer):
    fields = as_fields(answer, ["norms", "slopes"])
    norms = as_numbers(fields["norms"], 'answer["norms"]', shape=(3,))
    slopes = as_numbers(fields["slopes"], 'answer["slopes"]', shape=(3,))
    ref = _online_runs()

    def close(a, b, rtol):
        return bool(np.allclose(a, b, rtol=rtol, atol=0.0))

    if not close(norms, ref["norms"], 1e-3):
        require(not close(norms, ref["norms"][::-1], 1e-3),
                'the norms are in reverse order: list them for eta = 0.07, 0.7, 7.')
        require(not close(norms, ref["weights_only"], 1e-3),
                "the norms leave out the bias: take the norm of all three parameters "
                "(b, w1, w2).")
        require(not close(norms, _batch_norms(), 1e-3),
                "these norms come from the batch rule; the exercise trains the neuron "
                "online, one example at a time, as the blog does.")
        require(False, "the norms are not those of 10^4 epochs of the online delta rule on "
                "the blog's four points (learning rates 0.07, 0.7, 7, in this order).")
    if not close(slopes, ref["slopes"], 1e-2):
        require(not close(slopes, ref["slopes"][::-1], 1e-2),
                'the slopes are in reverse order: list them for eta = 0.07, 0.7, 7.')
        require(not close(slopes, ref["slopes"], 0.04),
                "nearly, but these are not the slopes of this run: start every parameter "
                "at 0.2 as the blog does, and take (norm after 10^4 epochs - norm after "
                "10^3 epochs) / ln(10).")
        require(not close(slopes, ref["slopes"] * math.log(10), 1e-2),
                "these slopes are per decade of epochs; divide the growth over the last "
                "decade by ln(10) to get it per unit of ln(epochs).")
        require(not close(slopes, ref["slopes"] * math.log(10) / 9_000, 1e-2),
                "these slopes are per epoch; the law is about the growth per unit of "
                "ln(epochs), so divide by ln(10^4) - ln(10^3).")
        require(False, "the slopes are not the growth of the norm per unit of ln(epochs) "
                "between 10^3 and 10^4 epochs.")
    return right("the learning rate only rescales time: the growth per unit of ln t "
                 "does not depend on it.")


# ---------------------------------------------------------------------------------------
# ex-neuron-quasi

_RECORDS = (1_000, 10_000, 100_000)


@lru_cache(maxsize=None)
def _quasi_run() -> np.ndarray:
    """Batch delta rule (average correction, eta = 1, start 0) on the five examples."""
    rows, labels = _toy()
    rows, labels = rows + [(0.0, 0.0)], labels + [0.0]  # (0, 0) again, now with label 0
    n = len(labels)
    b = w1 = w2 = 0.0
    history = []
    for epoch in range(1, _RECORDS[-1] + 1):
        gb = g1 = g2 = 0.0
        for (x1, x2), y in zip(rows, labels):
            r = y - _sigma(b + w1 * x1 + w2 * x2)
            gb, g1, g2 = gb + r, g1 + r * x1, g2 + r * x2
        b, w1, w2 = b + gb / n, w1 + g1 / n, w2 + g2 / n
        if epoch in _RECORDS:
            history.append((b, w1, w2))
    return np.array(history)


@exercise("ex-neuron-quasi", stub='''
# Your answer: a dict with two entries,
#   "mle_exists": True or False: does a finite maximum-likelihood estimate exist for
#                 the five examples?
#   "params":     a 3 x 3 array: one row after 10^3, 10^4 and 10^5 epochs of the batch
#                 delta rule (learning rate 1, every parameter from 0), each row
#                 (b, w1, w2). neuron.delta_rule(..., mode="batch",
#                 record=[1_000, 10_000, 100_000]) returns them as history_params.
answer = ...
''')
def _quasi(answer):
    fields = as_fields(answer, ["mle_exists", "params"])
    exists = fields["mle_exists"]
    require(isinstance(exists, (bool, np.bool_)), 'answer["mle_exists"] should be True '
            "or False.")
    # no finite estimate: the line x2 = 2 x1 through the doubly labelled point (0, 0)
    # separates every other example, so the likelihood rises without end along its normal
    require(not exists, "is_separable detects complete separation only. Is there a line "
            "that separates the classes apart from points lying on it? "
            "separation.mle_exists decides.")
    params = as_numbers(fields["params"], 'answer["params"]', shape=(3, 3))
    ref = _quasi_run()

    def close(a):
        return bool(np.allclose(a, ref, rtol=1e-3, atol=2e-4))

    if not close(params):
        require(not close(params.T), 'answer["params"] is transposed: one row per '
                "moment of training (10^3, 10^4, 10^5 epochs), each row (b, w1, w2).")
        require(not close(params[:, [2, 0, 1]]), "the columns are in the wrong order: "
                "each row should be (b, w1, w2), the bias first.")
        require(np.max(np.abs(params[:, 2])) > 1.0,
                "w2 hardly moves: is the fifth example, (0, 0) with label 0, among the "
                "training data?")
        require(False, "these are not the parameters of the batch delta rule (the average "
                "correction of the five examples each epoch, learning rate 1, start 0) "
                "after 10^3, 10^4 and 10^5 epochs.")
    return right("no finite estimate exists: the weights grow without bound while the "
                 "bias settles.")
