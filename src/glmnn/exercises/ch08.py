"""The checks of chapter 8's exercises (training choices change what is estimated)."""

from __future__ import annotations

import functools
import warnings

import numpy as np

from glmnn.exercises._core import (
    as_fields,
    as_function,
    as_numbers,
    exercise,
    require,
    right,
)

#: the chapter's simulation: seed, true intercept and slopes, and its sample sizes
_SEED, _BIAS, _WEIGHTS = 808, -3.0, [1.0, -0.5]
_N, _N_BIG, _N_CAL, _N_NEW = 1024, 200_000, 2048, 20_000


@functools.lru_cache(maxsize=1)
def _chapter_data():
    """The chapter's X, y and held-out X_new, y_new: its one generator, drawn in its order."""
    from glmnn import data

    rng = np.random.default_rng(_SEED)
    X, y = data.simulate_logistic(_N, _WEIGHTS, _BIAS, rng)
    data.simulate_logistic(_N_BIG, _WEIGHTS, _BIAS, rng)  # the large sample
    rng.standard_normal(_N_BIG)  # the misspecified model's input ...
    rng.random(_N_BIG)  # ... and its labels
    data.simulate_logistic(_N_CAL, _WEIGHTS, _BIAS, rng)  # the calibration data
    X_new, y_new = data.simulate_logistic(_N_NEW, _WEIGHTS, _BIAS, rng)
    return X, y, X_new, y_new


def _weighted_logistic(X, y, weights):
    """The maximiser of the case-weighted log-likelihood, by plain Newton steps."""
    X1 = np.column_stack([np.ones(len(y)), X])
    theta = np.zeros(X1.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-X1 @ theta))
        step = np.linalg.solve((X1.T * (weights * p * (1 - p))) @ X1,
                               X1.T @ (weights * (y - p)))
        theta = theta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    return theta


def _balanced(X, y, swap=False):
    n, n1 = len(y), float(np.sum(y))
    w1, w0 = n / (2 * n1), n / (2 * (n - n1))
    if swap:
        w1, w0 = w0, w1
    return np.where(y == 1, w1, w0)


@exercise("ex-choices-balanced", stub='''
# Your answer: a dict with two entries, from the fit on this chapter's X, y:
#   "params": the balanced-weight fit's (b, w1, w2), intercept first;
#   "shift": the prior correction of the intercept, computed from the two
#            class weights alone (not from the two fits): the number to
#            subtract from the weighted fit's intercept.
answer = ...
''')
def _balanced_weights(answer):
    fields = as_fields(answer, ["params", "shift"])
    params = as_numbers(fields["params"], 'answer["params"]', shape=(3,))
    shift = as_numbers(fields["shift"], 'answer["shift"]', shape=())
    X, y, _, _ = _chapter_data()
    reference = _weighted_logistic(X, y, _balanced(X, y))
    if not np.allclose(params, reference, rtol=0, atol=1e-3):
        require(not np.allclose(params, _weighted_logistic(X, y, np.ones_like(y)),
                                atol=1e-3),
                'answer["params"] is the unweighted fit: pass the balanced weights, one '
                "per example, as freq_weights.")
        require(not np.allclose(params, _weighted_logistic(X, y, _balanced(X, y, True)),
                                atol=1e-3),
                'answer["params"] has the weights the wrong way round: label 1, the rare '
                "class, gets n / (2 n1), the larger weight.")
        require(False, 'answer["params"] is not the balanced-weight fit: weight label 0 '
                "by n / (2 n0) and label 1 by n / (2 n1) (n0, n1 count the labels of y), "
                "fit to convergence, and give (b, w1, w2) in that order.")
    n1 = float(np.sum(y))
    correction = np.log((len(y) - n1) / n1)  # log of the ratio of the weights
    require(abs(shift + correction) > 1e-4,
            'answer["shift"] has the wrong sign: the weights make label 1 count more, so '
            "the weighted intercept is too high and the correction is subtracted.")
    plain = _weighted_logistic(X, y, np.ones_like(y))
    require(abs(shift - (reference[0] - plain[0])) > 1e-3,
            'answer["shift"] is how far the intercept moved on this sample; the '
            "correction comes from the two weights alone, as the prior correction does.")
    require(abs(shift - correction) < 1e-4,
            'answer["shift"] is not right: on a correct model the weighting multiplies '
            "the odds by the ratio of the two weights (label 1 over label 0).")
    return right("the correction depends on the ratio of the two weights only, as the "
                 "prior correction does.")


def _smoothed_fit(a):
    """statsmodels' binomial GLM on chapter 1's points with the smoothed targets."""
    import statsmodels.api as sm
    from glmnn import data

    X, y = data.blog_toy()
    targets = y * (1 - a) + a / 2
    with warnings.catch_warnings():  # fractional targets: a quasi-likelihood
        warnings.simplefilter("ignore")
        fit = sm.GLM(targets, sm.add_constant(X, has_constant="add"),
                     family=sm.families.Binomial()).fit(tol=1e-12, maxiter=200)
    return np.asarray(fit.params, dtype=float)


#: the smoothing constants a function is tried on: the exercise's three and others
_SMOOTHINGS = [0.2, 0.02, 0.002, 0.5, 1e-5, 0.9]


@exercise("ex-choices-smoothing-limit", stub='''
# Your answer: a function of the smoothing a (0 < a <= 1) that returns the
# closed-form label-smoothed estimate (b, w1, w2) on chapter 1's four points,
# intercept first. It is tried on several a, the exercise's three among them.
answer = ...
''')
def _smoothing_limit(answer):
    estimate = as_function(answer, "answer")
    for a in _SMOOTHINGS:
        mine = as_numbers(estimate(a), f"answer({a})", shape=(3,))
        reference = _smoothed_fit(a)
        if np.allclose(mine, reference, rtol=1e-5, atol=1e-5):
            continue
        require(abs(mine[0] - np.log((1 - a) / a)) > 1e-6,
                f"answer({a}) is not right: Keras smooths a label 1 towards 1 - a/2, "
                "not 1 - a (training.smooth_labels shows the targets).")
        require(mine[0] * reference[0] > 0,
                f"answer({a}) has the wrong signs: label 1 sits where x1 = 0, so the "
                "intercept is positive.")
        require(abs(mine[2]) < 1e-5,
                f"answer({a}) is not right: the two points of each label share x1 and "
                "differ only in x2, so w2 plays no part.")
        require(False, f"answer({a}) is not right: at x1 = 0 the log-odds b must match "
                "the target of label 1, and at x1 = 1 the log-odds b + w1 that of label 0 "
                "(compare with training.logistic_fit on the smoothed targets).")
    return right("the smoothed estimate is finite for every a > 0 and grows without "
                 "bound as a goes to 0.")


def _focal_minimiser(X, y, gamma):
    """The minimiser of the mean binary focal loss (no class balancing), by BFGS."""
    from scipy.optimize import minimize

    X1 = np.column_stack([np.ones(len(y)), X])

    def loss_and_gradient(theta):
        z = X1 @ theta
        p = 1 / (1 + np.exp(-z))
        log_p, log_q = -np.logaddexp(0, -z), -np.logaddexp(0, z)
        loss = -(y * (1 - p) ** gamma * log_p + (1 - y) * p**gamma * log_q)
        dz = (y * (gamma * p * (1 - p) ** gamma * log_p - (1 - p) ** (gamma + 1))
              + (1 - y) * (p ** (gamma + 1) - gamma * (1 - p) * p**gamma * log_q))
        return loss.mean(), X1.T @ dz / len(y)

    return minimize(loss_and_gradient, np.zeros(X1.shape[1]), jac=True, method="BFGS",
                    options={"gtol": 1e-12, "maxiter": 1000}).x


_GAMMAS = (0.0, 2.0, 4.0)


@functools.lru_cache(maxsize=1)
def _focal_reference():
    """For gamma = 0, 2, 4: slope ratio, held-out log-loss and Spearman's
    rank correlation, and Pearson's correlation and Kendall's tau of the
    same log-odds."""
    from scipy.stats import kendalltau, spearmanr

    X, y, X_new, y_new = _chapter_data()
    mle = _focal_minimiser(X, y, 0.0)  # the cross-entropy's minimiser
    ratios, losses, train_losses, corrs = [], [], [], []
    pearsons, taus = [], []
    for gamma in _GAMMAS:
        theta = _focal_minimiser(X, y, gamma)
        ratios.append(theta[1] / mle[1])
        for X_, y_, out in [(X_new, y_new, losses), (X, y, train_losses)]:
            z = theta[0] + X_ @ theta[1:]
            out.append(np.mean(np.logaddexp(0, z) - y_ * z))
        z_new, z_mle = theta[0] + X_new @ theta[1:], mle[0] + X_new @ mle[1:]
        corrs.append(spearmanr(z_new, z_mle)[0])
        pearsons.append(np.corrcoef(z_new, z_mle)[0, 1])
        taus.append(kendalltau(z_new, z_mle)[0])
    return tuple(np.array(v) for v in (ratios, losses, train_losses, corrs,
                                       pearsons, taus))


def _near_correlation(mine, ref):
    """Whether 1 - mine is within 5% of 1 - ref (a correlation close to 1).

    The rank correlations differ from 1 by 1e-4 only, so an absolute
    tolerance would accept 1 itself; for gamma = 0 (ref = 1) this asks for 1
    to rounding. Pearson's correlation of the log-odds is about 11% nearer to
    1 than Spearman's here, Kendall's tau a hundred times further."""
    return abs((1 - mine) - (1 - ref)) <= 0.05 * (1 - ref) + 1e-9


@exercise("ex-choices-gamma", stub='''
# Your answer: a dict of three lists, each with one number per gamma = 0, 2, 4
# (in that order), for the focal-loss minimiser on this chapter's X, y:
#   "slope_ratio": its w1 divided by the MLE's w1;
#   "log_loss": its mean log-loss (natural log) on the held-out X_new, y_new;
#   "rank_corr": Spearman's rank correlation (scipy.stats.spearmanr) of its
#                log-odds on X_new with the MLE's log-odds, unrounded.
answer = ...
''')
def _gamma(answer):
    fields = as_fields(answer, ["slope_ratio", "log_loss", "rank_corr"])
    ratio = as_numbers(fields["slope_ratio"], 'answer["slope_ratio"]', shape=(3,))
    loss = as_numbers(fields["log_loss"], 'answer["log_loss"]', shape=(3,))
    corr = as_numbers(fields["rank_corr"], 'answer["rank_corr"]', shape=(3,))
    ref_ratio, ref_loss, train_loss, ref_corr, pearson, tau = (
        _focal_reference())
    order = "each list has one number per gamma, in the order 0, 2, 4."
    require(not np.allclose(ratio[::-1], ref_ratio, atol=2e-3), 'answer["slope_ratio"]: '
            + order)
    require(abs(ratio[0] - 1) < 2e-3,
            'answer["slope_ratio"]: with gamma = 0 (and no class balancing) the focal '
            "loss is the cross-entropy, so its minimiser is the maximum-likelihood "
            "estimate.")
    for g, mine, ref in zip(_GAMMAS, ratio, ref_ratio):
        require(abs(mine - ref) < 2e-3,
                f'answer["slope_ratio"] is not right for gamma = {g:g}: minimise '
                f"BinaryFocalCrossentropy(gamma={g:g}) (no class balancing) on X, y to "
                "convergence, e.g. with training.keras_newton.")
    require(not np.allclose(loss[::-1], ref_loss, atol=2e-3), 'answer["log_loss"]: '
            + order)
    require(not np.allclose(loss, train_loss, atol=2e-3),
            'answer["log_loss"] is measured on the training data: use the held-out '
            "X_new, y_new.")
    for g, mine, ref in zip(_GAMMAS, loss, ref_loss):
        require(abs(mine - ref) < 2e-3,
                f'answer["log_loss"] is not right for gamma = {g:g}: the mean of '
                "-[y log p + (1 - y) log(1 - p)] over X_new, y_new, with p from that "
                "minimiser (not the focal loss itself).")
    for g, mine, ref, r, t in zip(_GAMMAS, corr, ref_corr, pearson, tau):
        if _near_correlation(mine, ref):
            continue
        what = f'answer["rank_corr"] for gamma = {g:g}'
        require(not _near_correlation(mine, r),
                f"{what} is Pearson's correlation of the log-odds themselves: "
                "correlate their ranks (Spearman's rank correlation).")
        require(not _near_correlation(mine, t),
                f"{what} is Kendall's tau: the exercise asks for Spearman's "
                "rank correlation (scipy.stats.spearmanr).")
        require(g == 0 or abs(mine - 1) > 1e-9,
                f"{what} is 1: for gamma > 0 the ranking changes a little, so "
                "give the correlation unrounded.")
        require(False,
                f"{what} is not right: correlate the ranks of its log-odds "
                "on X_new with the ranks of the MLE's (not with the labels), "
                "e.g. with scipy.stats.spearmanr.")
    return right("the slopes shrink and the held-out log-loss grows with gamma, while "
                 "the ranking hardly changes.")
