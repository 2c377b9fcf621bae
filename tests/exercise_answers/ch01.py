"""Chapter 1's exercises: right and wrong answers."""

import numpy as np

from glmnn import data, neuron, separation


def _gradient(x, y, w, b):
    """The solution's gradient of ell_i by (b, w): (y - p_hat)(1, x)."""
    p_hat = neuron.logistic(b + w @ x)
    return (y - p_hat) * np.r_[1.0, x]


def _sigma_prime(x, w, b):
    p_hat = neuron.logistic(b + w @ x)
    return p_hat * (1 - p_hat)


def _eta_runs(**kwargs):
    """The solution's norms after 10^4 epochs and slopes over the last decade."""
    X, y = data.blog_toy()
    final_norms, slopes, weight_norms = [], [], []
    for eta in (0.07, 0.7, 7.0):
        run = neuron.delta_rule(X, y, learning_rate=eta, epochs=10_000, init=0.2,
                                record=[1_000, 10_000], **kwargs)
        n_1k, n_10k = np.linalg.norm(run.history_params, axis=1)
        final_norms.append(n_10k)
        slopes.append((n_10k - n_1k) / np.log(10))
        weight_norms.append(np.linalg.norm(run.weights))
    return final_norms, slopes, weight_norms


def _quasi_data(label=0.0):
    X, y = data.blog_toy()
    return np.vstack([X, [0.0, 0.0]]), np.r_[y, label]


def _quasi_params(X5, y5, **kwargs):
    kwargs = {"learning_rate": 1.0, "mode": "batch", **kwargs}
    run = neuron.delta_rule(X5, y5, epochs=100_000, record=[1_000, 10_000, 100_000],
                            **kwargs)
    return run.history_params


def _quasi_right():
    X5, y5 = _quasi_data()
    return {"mle_exists": separation.mle_exists(X5, y5), "params": _quasi_params(X5, y5)}


def _eta_right():
    norms, slopes, _ = _eta_runs()
    return {"norms": norms, "slopes": slopes}


def _eta_wrong():
    norms, slopes, weight_norms = _eta_runs()
    batch_norms, batch_slopes, _ = _eta_runs(mode="batch")
    return [
        {"norms": norms, "slopes": list(np.array(slopes) * np.log(10))},  # per decade
        {"norms": norms, "slopes": list(np.array(slopes) * np.log(10) / 9_000)},  # per epoch
        {"norms": weight_norms, "slopes": slopes},  # the bias left out of the norm
        {"norms": batch_norms, "slopes": batch_slopes},  # batch instead of online
        {"norms": norms[::-1], "slopes": slopes[::-1]},  # eta in reverse order
        {"norms": norms, "slopes": [np.sqrt(5)] * 3},  # the prediction, not the run
    ]


def _quasi_wrong():
    X5, y5 = _quasi_data()
    params = _quasi_params(X5, y5)
    X, y = data.blog_toy()
    return [
        {"mle_exists": True, "params": params},  # fooled by is_separable
        {"mle_exists": False, "params": _quasi_params(X5, y5, mode="online")},  # online
        {"mle_exists": False, "params": _quasi_params(X5, y5, learning_rate=0.7)},  # eta
        {"mle_exists": False, "params": _quasi_params(X, y)},  # the fifth example missing
        {"mle_exists": False, "params": params[:, [1, 2, 0]]},  # (w1, w2, b)
    ]


RIGHT = {
    "ex-neuron-gradient": lambda: _gradient,
    "ex-neuron-eta": _eta_right,
    "ex-neuron-quasi": _quasi_right,
}

WRONG = {
    "ex-neuron-gradient": lambda: [
        lambda x, y, w, b: -_gradient(x, y, w, b),  # the gradient of the loss
        # the squared-error rule: an extra factor sigma'(z)
        lambda x, y, w, b: _sigma_prime(x, w, b) * _gradient(x, y, w, b),
        lambda x, y, w, b: np.roll(_gradient(x, y, w, b), -1),  # (w, b) order
        lambda x, y, w, b: _gradient(x, y, w, b)[1:],  # the bias forgotten
        # the inputs forgotten: (y - p_hat) for every parameter
        lambda x, y, w, b: np.full(x.size + 1, _gradient(x, y, w, b)[0]),
    ],
    "ex-neuron-eta": _eta_wrong,
    "ex-neuron-quasi": _quasi_wrong,
}
