"""The checks of chapter 5's exercises (softmax: the multinomial logistic regression)."""

from __future__ import annotations

from functools import cache

import numpy as np

from glmnn.exercises._core import (as_choice, as_fields, as_function, as_number, as_numbers,
                                   exercise, require, right)

#: the (p, K) pairs a count is tried on: the chapter's two networks and a few others
_SHAPES = [(32, 16), (5, 7), (1, 2), (3, 3), (4, 5)]


def _free_parameters(p: int, K: int) -> int:
    """The parameters statsmodels' multinomial logit has for p inputs and K classes."""
    import statsmodels.api as sm

    rng = np.random.default_rng(p * 100 + K)
    n = 4 * K
    X = sm.add_constant(rng.normal(size=(n, p)), has_constant="add")
    model = sm.MNLogit(np.arange(n) % K, X)  # every class present
    return int(model.K * (model.J - 1))  # a column of coefficients per class but one


def _layer_weights(p: int, K: int) -> int:
    """The weights of Keras' own Dense(K) layer on p inputs."""
    import keras

    layer = keras.layers.Dense(K, activation="softmax")
    layer.build((None, p))
    return int(layer.count_params())


@exercise("ex-softmax-count", stub='''
# Your answer: a function of p (inputs) and K (classes) that returns two
# numbers, (free parameters of the multinomial logistic regression, weights
# of the Keras layer). It is tried on several (p, K), the docstring's network
# and the election model among them.
answer = ...
''')
def _count(answer):
    counts = as_function(answer, "answer")
    for p, K in _SHAPES:
        free, weights = as_numbers(counts(p, K), f"answer({p}, {K})", shape=(2,))
        reference = (_free_parameters(p, K), _layer_weights(p, K))
        require((free, weights) != reference[::-1],
                f"for p = {p}, K = {K} the two numbers are the wrong way round: first the "
                "model's free parameters, then the layer's weights.")
        require(weights == reference[1],
                f"the Keras layer's weights are not right for p = {p}, K = {K}: a Dense layer "
                "has a weight per input and unit, and a bias per unit.")
        require(free == reference[0],
                f"the model's free parameters are not right for p = {p}, K = {K}: how many "
                "classes need a coefficient vector of their own?")
    return right("the layer has (p + 1)K weights and the model (p + 1)(K - 1) free "
                 "parameters; the difference is the softmax's shared shift.")


@cache
def _anes() -> tuple[np.ndarray, np.ndarray]:
    """The election survey as the chapter uses it: the 5 inputs (with a constant) and PID."""
    import statsmodels.api as sm

    anes = sm.datasets.anes96.load_pandas()
    X = sm.add_constant(anes.exog.to_numpy(float), has_constant="add")
    return X, anes.endog.to_numpy(float)


@cache
def _mnlogit_params(reference: int) -> np.ndarray:
    """MNLogit's coefficients with class `reference` (0 to 6) renumbered as class 0 and the
    others following in their old order, as a (6, 6) array (intercept row first)."""
    import statsmodels.api as sm

    X, y = _anes()
    renumbered = (y - reference) % 7
    fitted = sm.MNLogit(renumbered, X).fit(disp=0, method="newton", tol=1e-12, maxiter=100)
    return np.asarray(fitted.params, dtype=float)


def _close(value: np.ndarray, reference: np.ndarray) -> bool:
    # a Newton fit or the differences of the old coefficients agree to about 1e-12;
    # statsmodels' BFGS stops within 1e-4; every slip moves a coefficient by much more
    return bool(np.all(np.abs(value - reference) <= 1e-3 * np.abs(reference) + 1e-4))


@exercise("ex-softmax-reference", stub='''
# Your answer: a dict with two entries,
# "coefficients": the election model's coefficients with strong Republican
#     as the reference class, a (6, 6) array laid out like MNLogit's params
#     (rows: intercept, logpopul, selfLR, age, educ, income; columns: the
#     other six classes against strong Republican, in their old order,
#     strong Democrat first),
# "probabilities_change": True or False, whether any respondent's predicted
#     probability of any party class changes.
answer = ...
''')
def _reference(answer):
    fields = as_fields(answer, ["coefficients", "probabilities_change"])
    beta = as_numbers(fields["coefficients"], "answer['coefficients']", shape=(6, 6))
    change = fields["probabilities_change"]
    if isinstance(change, np.bool_):
        change = bool(change)
    change = as_choice(change, [True, False], "answer['probabilities_change']")
    target = _mnlogit_params(6)
    require(not _close(beta, _mnlogit_params(0)),
            "these are the coefficients against strong Democrat, the old reference class; "
            "the exercise asks for each class against strong Republican.")
    require(not _close(beta, -target),
            "the signs are flipped: class k against the reference is class k's old "
            "coefficients minus the reference's, not the reverse.")
    require(not _close(beta, target[:, ::-1]),
            "the columns are in reverse order: keep the other classes in their old order, "
            "strong Democrat in the first column, weak Republican in the last.")
    require(_close(beta, target),
            "these are not the coefficients of the model with strong Republican as class 0: "
            "is it the reference, are the other classes in their old order, is the intercept "
            "the first row?")
    require(change is False,
            "compare each party class's new predicted probabilities with its old ones; the "
            "classes have new numbers, so match them class by class.")
    return right("a new reference class subtracts its coefficients from every class's; the "
                 "probabilities stay the same, only the classes are renumbered.")


@cache
def _ovr_reference() -> tuple[float, float, float]:
    """Share of the same first class, largest and mean gap, from statsmodels' fits."""
    import statsmodels.api as sm

    X, y = _anes()
    multinomial = np.asarray(
        sm.MNLogit(y, X).fit(disp=0, method="newton", tol=1e-12, maxiter=100).predict())
    ovr = np.column_stack([
        np.asarray(sm.Logit((y == k).astype(float), X).fit(disp=0, tol=1e-12).predict())
        for k in range(7)])
    gaps = np.abs(ovr / ovr.sum(axis=1, keepdims=True) - multinomial)
    same = np.mean(ovr.argmax(axis=1) == multinomial.argmax(axis=1))
    return float(same), float(gaps.max()), float(gaps.mean())


@exercise("ex-softmax-ovr-rank", stub='''
# Your answer: a dict with three numbers,
# "same_class": the share of the respondents (a fraction between 0 and 1)
#     for whom the one-vs-rest models and the multinomial model give the
#     largest probability to the same class,
# "largest_gap": the largest |normalised one-vs-rest - multinomial|
#     probability, over all respondents and classes,
# "mean_gap": the mean of these absolute differences over all respondents
#     and classes.
answer = ...
''')
def _ovr_rank(answer):
    fields = as_fields(answer, ["same_class", "largest_gap", "mean_gap"])
    same = as_number(fields["same_class"], "answer['same_class']")
    largest = as_number(fields["largest_gap"], "answer['largest_gap']")
    mean = as_number(fields["mean_gap"], "answer['mean_gap']")
    ref_same, ref_largest, ref_mean = _ovr_reference()
    n = len(_anes()[1])
    require(0 <= same <= 1, "answer['same_class'] should be a share between 0 and 1, "
            "not a percentage or a count.")
    # a near tie could fall the other way in another fit: allow 3 respondents
    require(abs(same - (1 - ref_same)) > 3 / n,
            "that is the share of respondents for whom the two models pick different "
            "classes; the exercise asks for the share where they agree.")
    require(abs(same - ref_same) <= 3 / n,
            "answer['same_class'] is not right: for each respondent, take the class of "
            "largest probability under each model (argmax over the classes), then the share "
            "of respondents where the two agree.")
    require(0 <= mean <= largest <= 1,
            "the gaps are absolute differences of probabilities: between 0 and 1, and the "
            "mean no larger than the largest.")
    require(abs(mean - 7 * ref_mean) > 0.01 * 7 * ref_mean,
            "answer['mean_gap'] sums over the classes; take the mean over all respondents "
            "and classes.")
    require(abs(largest - ref_largest) <= 0.01 * ref_largest
            and abs(mean - ref_mean) <= 0.01 * ref_mean,
            "the gaps are not right: normalise the one-vs-rest probabilities (divide each "
            "row by its sum) and compare them with the multinomial model's, entry by entry.")
    return right("one-vs-rest mostly names the same class, but not always: it is a "
                 "different model, and decisions built on it differ too.")
