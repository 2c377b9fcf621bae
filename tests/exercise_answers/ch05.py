"""Chapter 5's exercises: right and wrong answers."""

from functools import cache

import numpy as np


@cache
def _anes():
    """The election survey, fitted as the chapter does: inputs, labels, the network."""
    import statsmodels.api as sm

    from glmnn import keras_glm

    anes = sm.datasets.anes96.load_pandas()
    X_anes = anes.exog.to_numpy(float)
    y_anes = anes.endog.to_numpy(float)
    net = keras_glm.fit(X_anes, y_anes, family="multinomial")
    return X_anes, y_anes, net


@cache
def _reference():
    """The solution of ex-softmax-reference: the refit with strong Rep. as class 0."""
    from glmnn import keras_glm

    X_anes, y_anes, net = _anes()
    y_new = (y_anes + 1) % 7  # strong Rep. (6) becomes 0, the rest move up
    net_new = keras_glm.fit(X_anes, y_new, family="multinomial")
    probs_new = np.asarray(net_new.model(X_anes))
    probs_net = np.asarray(net.model(X_anes))
    changed = not np.allclose(probs_new, np.roll(probs_net, 1, axis=1))
    return net_new.params, changed


@cache
def _ovr():
    """The one-vs-rest and multinomial probabilities, as the chapter computes them."""
    from glmnn import keras_glm

    X_anes, y_anes, net = _anes()
    ovr = np.column_stack([
        np.asarray(keras_glm.fit(X_anes, (y_anes == k).astype(float))
                   .model(X_anes))[:, 0]
        for k in range(7)])
    return ovr, np.asarray(net.model(X_anes))


def _ovr_answer(normalise=True):
    ovr, probs_net = _ovr()
    normalised = ovr / ovr.sum(axis=1)[:, None] if normalise else ovr
    gaps = np.abs(normalised - probs_net)
    agree = np.mean(ovr.argmax(axis=1) == probs_net.argmax(axis=1))
    return {"same_class": agree, "largest_gap": gaps.max(), "mean_gap": gaps.mean()}


RIGHT = {
    "ex-softmax-count": lambda: (lambda p, K: ((p + 1) * (K - 1), (p + 1) * K)),
    "ex-softmax-reference": lambda: {"coefficients": _reference()[0],
                                     "probabilities_change": _reference()[1]},
    "ex-softmax-ovr-rank": lambda: _ovr_answer(),
}

WRONG = {
    "ex-softmax-count": lambda: [
        lambda p, K: ((p + 1) * K, (p + 1) * K),  # no redundancy counted
        lambda p, K: (p * (K - 1), (p + 1) * K),  # the intercepts forgotten
        lambda p, K: ((p + 1) * (K - 1), p * K),  # the layer's biases forgotten
        lambda p, K: ((p + 1) * (K - 1), (p + 1) * (K - 1)),  # the layer as the model
        lambda p, K: ((p + 1) * K, (p + 1) * (K - 1)),  # the two the wrong way round
    ],
    "ex-softmax-reference": lambda: [
        # the old coefficients, against strong Dem.
        {"coefficients": _anes()[2].params, "probabilities_change": False},
        # the reference's coefficients minus class k's
        {"coefficients": -_reference()[0], "probabilities_change": False},
        # classes numbered 6 - y: strong Rep. is class 0, but the others reversed
        {"coefficients": _reference()[0][:, ::-1], "probabilities_change": False},
        # the right coefficients, but the probabilities compared unmatched
        {"coefficients": _reference()[0], "probabilities_change": True},
    ],
    "ex-softmax-ovr-rank": lambda: [
        # a percentage
        {**_ovr_answer(), "same_class": 100 * _ovr_answer()["same_class"]},
        # the share where they differ
        {**_ovr_answer(), "same_class": 1 - _ovr_answer()["same_class"]},
        # the one-vs-rest probabilities not normalised
        _ovr_answer(normalise=False),
        # the gaps summed over the classes, then averaged over respondents
        {**_ovr_answer(), "mean_gap": 7 * _ovr_answer()["mean_gap"]},
    ],
}
