"""The checks of chapter 4's exercises (logistic regression in Keras, to the last digit).

Each check refits the two logistic regressions of the exercises with statsmodels on the
spector data, as they ship with statsmodels: ``GRADE`` on ``GPA``, ``TUCE`` and ``PSI``
(the full model) and on ``GPA`` and ``TUCE`` only, both with an intercept. The network
finished by Newton's method equals these fits to rounding level; estimates are compared in
units of their standard errors, so that a correct answer from any machine passes and an
optimiser stopped short (Adam's 1,000 epochs on the raw inputs, a few hundredths of a
standard error off) does not.
"""

from __future__ import annotations

import functools

import numpy as np

from glmnn.exercises._core import as_fields, as_number, as_numbers, exercise, require, right

#: how far, in standard errors, an estimate may be from statsmodels'
_SE_TOL = 1e-3
#: the position of PSI in (const, GPA, TUCE, PSI)
_PSI = 3


@functools.lru_cache(maxsize=1)
def _fits():
    """statsmodels' Logit fits of the spector data: with and without PSI."""
    import statsmodels.api as sm

    spector = sm.datasets.spector.load_pandas()
    X = spector.exog[["GPA", "TUCE", "PSI"]].to_numpy(dtype=float)
    y = spector.endog.to_numpy(dtype=float)
    full = sm.Logit(y, sm.add_constant(X, has_constant="add")).fit(disp=0)
    reduced = sm.Logit(y, sm.add_constant(X[:, :2], has_constant="add")).fit(disp=0)
    return full, reduced


def _close(value, reference, scale, tol=_SE_TOL) -> bool:
    """Whether value is within tol * scale of reference, entry by entry."""
    return bool(np.all(np.abs(np.asarray(value) - np.asarray(reference))
                       <= tol * np.asarray(scale)))


@exercise("ex-keras-odds", stub='''
# Your answer: a dict with two entries, both computed from the network's estimate
# and standard error of PSI's coefficient (the full model: GPA, TUCE and PSI):
#   "odds_ratio": the odds ratio for PSI, one number;
#   "interval": its 95 % confidence interval, two numbers (lower, upper).
answer = ...
''')
def _odds(answer):
    full, _ = _fits()
    coef, se = full.params[_PSI], full.bse[_PSI]
    fields = as_fields(answer, ["odds_ratio", "interval"])
    odds_ratio = as_number(fields["odds_ratio"], "answer['odds_ratio']")
    interval = as_numbers(fields["interval"], "answer['interval']", shape=(2,))

    require(not _close(odds_ratio, coef, se, 0.05),
            "answer['odds_ratio'] is PSI's coefficient, a log-odds ratio: the odds ratio is "
            "its exponential.")
    require(odds_ratio > 0, "answer['odds_ratio'] should be positive: it is a ratio of "
            "odds, the exponential of PSI's coefficient.")
    require(not _close(np.log(odds_ratio), -coef, se, 0.05),
            "answer['odds_ratio'] has the sign of PSI's coefficient reversed: it compares "
            "the students taught with PSI with those taught without.")
    require(_close(np.log(odds_ratio), coef, se, 0.05),
            "answer['odds_ratio'] is not the exponential of PSI's coefficient in the full "
            "network (inputs GPA, TUCE and PSI, with the bias as intercept).")
    require(_close(np.log(odds_ratio), coef, se),
            "answer['odds_ratio'] is close, but not the estimate: did the network finish "
            "its optimisation (keras_glm.fit), or did Adam stop short?")

    require(interval[0] < interval[1], "answer['interval'] should be (lower, upper), "
            "the lower bound first.")
    log_ends = coef + np.array([-1.0, 1.0]) * 1.959963984540054 * se
    require(not _close(interval, log_ends, se, 0.05),
            "answer['interval'] is on the log-odds scale: exponentiate both ends.")
    require(np.all(interval > 0), "answer['interval'] should hold two positive numbers, "
            "bounds for an odds ratio.")
    require(not np.isclose(interval[1] - odds_ratio, odds_ratio - interval[0], rtol=1e-2),
            "answer['interval'] is symmetric around the odds ratio: compute the interval "
            "for the coefficient first, then exponentiate its two ends.")
    require(_close(np.log(interval), log_ends, se),
            "answer['interval'] is not yet right: the 95 % interval for the coefficient "
            "is the estimate plus and minus the 97.5 % normal quantile times its "
            "model-based standard error (the inverse Hessian's), then exponentiated.")
    return right("the odds ratio and its interval are the exponentials of the coefficient "
                 "and of its interval, which is symmetric only on the log-odds scale.")


@exercise("ex-keras-nopsi", stub='''
# Your answer: a dict with two entries, from the network refitted without PSI:
#   "params": its 3 coefficients in the order (intercept, GPA, TUCE);
#   "change": how the GPA and TUCE coefficients changed when PSI was left out,
#             2 numbers (GPA, TUCE), each "without PSI" minus "with PSI".
answer = ...
''')
def _nopsi(answer):
    full, reduced = _fits()
    fields = as_fields(answer, ["params", "change"])
    params = as_numbers(fields["params"], "answer['params']", shape=(3,))
    change = as_numbers(fields["change"], "answer['change']", shape=(2,))

    require(not _close(params, full.params[:3], full.bse[:3], 0.05),
            "answer['params'] are the full model's coefficients: refit the network on "
            "GPA and TUCE only.")
    order = [1, 2, 0]  # (GPA, TUCE, intercept), as the network's weights then bias
    require(not _close(params, reduced.params[order], reduced.bse[order], 0.05),
            "answer['params'] should start with the intercept, the network's bias: the "
            "order is (intercept, GPA, TUCE).")
    require(_close(params, reduced.params, reduced.bse, 0.05),
            "answer['params'] are not the coefficients of the logistic regression on GPA "
            "and TUCE with an intercept: were the right two inputs kept (the first two "
            "columns of X)?")
    require(_close(params, reduced.params, reduced.bse),
            "answer['params'] are close, but not the estimate: did the network finish its "
            "optimisation (keras_glm.fit), or did Adam stop short?")

    observed = reduced.params[1:] - full.params[1:3]
    scale = full.bse[1:3]  # the change is tiny against both standard errors
    require(not _close(change, -observed, scale, 0.01),
            "answer['change'] has the wrong sign: take the coefficient without PSI minus "
            "the one with PSI.")
    require(not _close(change, observed / scale, 1.0, 0.01),
            "answer['change'] seems to be in standard errors: give it in the coefficients' "
            "own units (the difference of the two estimates).")
    require(_close(change, observed, scale, 2 * _SE_TOL),
            "answer['change'] is not yet right: for GPA and TUCE, the coefficient of the "
            "network without PSI minus that of the full network (with the intercept in "
            "both).")
    return right("without PSI the network again equals statsmodels, and both other "
                 "coefficients move towards 0 by a fraction of a standard error.")


@exercise("ex-keras-lrt", stub='''
# Your answer: a dict with three numbers:
#   "lr": the likelihood-ratio statistic 2 (loglik full - loglik without PSI);
#   "p_value": its p-value from the chi-squared distribution with 1 degree of freedom;
#   "wald_z2": the square of the Wald z-value of PSI in the full model.
answer = ...
''')
def _lrt(answer):
    import scipy.stats

    full, reduced = _fits()
    fields = as_fields(answer, ["lr", "p_value", "wald_z2"])
    lr = as_number(fields["lr"], "answer['lr']")
    p_value = as_number(fields["p_value"], "answer['p_value']")
    wald_z2 = as_number(fields["wald_z2"], "answer['wald_z2']")

    lr_ref = 2 * (full.llf - reduced.llf)
    n = full.nobs
    require(lr >= 0, "answer['lr'] should not be negative: the full network fits at least "
            "as well as the one without PSI (2 times full minus reduced log-likelihood).")
    require(not np.isclose(lr, lr_ref / 2, rtol=1e-3),
            "answer['lr'] is half the statistic: it is twice the difference of the "
            "log-likelihoods.")
    require(not np.isclose(lr, lr_ref / n, rtol=1e-3)
            and not np.isclose(lr, lr_ref / (2 * n), rtol=1e-3),
            "answer['lr'] looks like a difference of mean losses: the log-likelihood is "
            "minus the summed loss (result.llf), not the mean.")
    require(np.isclose(lr, lr_ref, rtol=1e-3),
            "answer['lr'] is not yet right: 2 (log-likelihood of the full network minus "
            "that of the network without PSI), both at their finished estimates.")

    p_ref = scipy.stats.chi2.sf(lr_ref, df=1)
    require(not np.isclose(p_value, 1 - p_ref, rtol=1e-3),
            "answer['p_value'] is the chi-squared distribution function: the p-value is "
            "the upper tail, P(chi2 > LR).")
    require(not np.isclose(p_value, full.pvalues[_PSI], rtol=1e-3),
            "answer['p_value'] is the Wald test's p-value: use the chi-squared "
            "distribution of the LR statistic.")
    require(np.isclose(p_value, p_ref, rtol=1e-3),
            "answer['p_value'] is not yet right: the chi-squared distribution with 1 "
            "degree of freedom (one coefficient dropped), upper tail at the LR statistic.")

    z_ref = full.tvalues[_PSI]
    require(not np.isclose(wald_z2, z_ref, rtol=1e-2),
            "answer['wald_z2'] is the z-value itself: square it.")
    require(np.isclose(wald_z2, z_ref ** 2, rtol=2e-3),
            "answer['wald_z2'] is not yet right: PSI's estimate divided by its "
            "model-based standard error (from the full network's inverse Hessian), "
            "squared.")
    return right("both tests reject at 5 %, but with different statistics: they agree "
                 "only asymptotically, and n = 32 is small.")
