"""Chapter 2's exercises: right and wrong answers."""

import numpy as np
import scipy.optimize
import statsmodels.api as sm

from glmnn import data, optim

#: the chapter's SEED: its data X, y are the first draw of this generator
SEED = 500973


def _logit(p):
    return np.log(p / (1 - p))


def _fits(X_, y_):
    """statsmodels' Logit fit and the squared-error estimate, as the solution fits them."""
    ml = sm.Logit(y_, sm.add_constant(X_)).fit(disp=0)
    se_fit = scipy.optimize.minimize(
        optim.squared_error, ml.params, args=(X_, y_), method="BFGS",
        options={"gtol": 1e-9},
    )
    return ml, se_fit.x


def _gap(X_, y_):
    ml, se_x = _fits(X_, y_)
    return (se_x - ml.params) / ml.bse


def _ame_parts():
    X, y = data.mixed_logistic(400, seed=np.random.default_rng(SEED))
    X_const = sm.add_constant(X)
    ols = sm.OLS(y, X_const).fit()
    logit_fit = sm.Logit(y, X_const).fit(disp=0)
    p_hat = logit_fit.predict()
    ame = np.mean(p_hat * (1 - p_hat)) * logit_fit.params[1:]
    return ame, logit_fit, ols


def _ame_answer():
    ame, _, ols = _ame_parts()
    return {"ame": ame, "gap": (ame - ols.params[1:]) / ols.bse[1:]}


def _ame_wrong():
    ame, logit_fit, ols = _ame_parts()
    gap = (ame - ols.params[1:]) / ols.bse[1:]
    mem = logit_fit.get_margeff(at="mean").margeff
    return [
        {"ame": logit_fit.params[1:], "gap": gap},  # the log-odds weights
        {"ame": mem, "gap": (mem - ols.params[1:]) / ols.bse[1:]},  # at the mean
        {"ame": ame, "gap": -gap},  # OLS minus effect
        {"ame": ame, "gap": ame - ols.params[1:]},  # not in standard errors
    ] + [  # robust (sandwich) standard errors
        {"ame": ame, "gap": (ame - ols.params[1:]) / se[1:]}
        for se in (ols.HC0_se, ols.HC1_se, ols.HC2_se, ols.HC3_se)
    ]


RIGHT = {
    "ex-loss-brier-clean": lambda: _gap,
    "ex-loss-lpm-ame": _ame_answer,
    "ex-loss-saturated": lambda: (
        lambda s: np.r_[_logit(s[0]), _logit(s[1:]) - _logit(s[0])]),
}

WRONG = {
    "ex-loss-brier-clean": lambda: [
        lambda X_, y_: -_gap(X_, y_),  # max. likelihood minus squared error
        lambda X_, y_: np.abs(_gap(X_, y_)),  # the sign lost
        # not divided by the standard errors
        lambda X_, y_: _fits(X_, y_)[1] - _fits(X_, y_)[0].params,
        # squared error mistaken for OLS on the labels
        lambda X_, y_: ((sm.OLS(y_, sm.add_constant(X_)).fit().params
                         - _fits(X_, y_)[0].params) / _fits(X_, y_)[0].bse),
    ],
    "ex-loss-lpm-ame": _ame_wrong,
    "ex-loss-saturated": lambda: [
        lambda s: np.r_[s[0], s[1:] - s[0]],  # shares, not log-odds
        lambda s: _logit(np.asarray(s)),  # every level's log-odds, no difference
        lambda s: np.r_[_logit(s[0]), np.log(s[1:] / s[0])],  # log relative risks
        lambda s: np.r_[_logit(s[0]), _logit(s[0]) - _logit(s[1:])],  # sign flipped
    ],
}
