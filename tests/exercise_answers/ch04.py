"""Chapter 4's exercises: right and wrong answers.

The right answers are computed as the chapter's solutions do, from networks finished by
Newton's method (``keras_glm.fit``) on the spector data; the wrong ones are the slips a
student plausibly makes.
"""

import functools

import numpy as np
import scipy.stats
import statsmodels.api as sm


@functools.lru_cache(maxsize=1)
def _networks():
    """The spector data and the two finished networks: full, and without PSI."""
    from glmnn import keras_glm

    spector = sm.datasets.spector.load_pandas()
    X = spector.exog.to_numpy(dtype=float)  # GPA, TUCE, PSI
    y = spector.endog.to_numpy(dtype=float)
    return X, y, keras_glm.fit(X, y), keras_glm.fit(X[:, :2], y)


def _odds(coef_scale=np.exp, q=scipy.stats.norm.ppf(0.975), bse=None, symmetric=False):
    _, _, result, _ = _networks()
    coef, se = result.params[3], result.bse[3] if bse is None else bse
    odds_ratio = coef_scale(coef)
    if symmetric:  # the interval built around the odds ratio itself
        interval = odds_ratio + q * se * np.array([-1.0, 1.0])
    else:
        interval = coef_scale(coef + q * se * np.array([-1.0, 1.0]))
    return {"odds_ratio": odds_ratio, "interval": interval}


def _robust_psi_se():
    X, y, _, _ = _networks()
    fit = sm.Logit(y, sm.add_constant(X)).fit(disp=0, cov_type="HC0")
    return fit.bse[3]


def _nopsi(params=None, sign=1.0, per_se=False):
    X, y, result, reduced = _networks()
    params = reduced.params if params is None else params
    change = sign * (reduced.params[1:] - result.params[1:3])
    if per_se:
        change = change / result.bse[1:3]
    return {"params": np.asarray(params), "change": change}


def _lrt(factor=2.0, cdf=False, z_power=2):
    _, _, result, reduced = _networks()
    lr = factor * (result.llf - reduced.llf)
    lr_p = scipy.stats.chi2.sf(lr, df=1)
    z = result.params[3] / result.bse[3]
    return {"lr": lr, "p_value": 1 - lr_p if cdf else lr_p, "wald_z2": z ** z_power}


def _lrt_wald_p():
    answer = _lrt()
    _, _, result, _ = _networks()
    answer["p_value"] = 2 * scipy.stats.norm.sf(abs(result.params[3] / result.bse[3]))
    return answer


def _without_tuce():
    X, y, _, _ = _networks()
    from glmnn import keras_glm

    return keras_glm.fit(X[:, [0, 2]], y).params  # kept GPA and PSI


RIGHT = {
    "ex-keras-odds": lambda: _odds(),
    "ex-keras-nopsi": lambda: _nopsi(),
    "ex-keras-lrt": lambda: _lrt(),
}

WRONG = {
    "ex-keras-odds": lambda: [
        _odds(coef_scale=lambda v: v),  # not exponentiated: the log-odds ratio
        _odds(symmetric=True),  # odds ratio +- 1.96 s.e.
        _odds(q=scipy.stats.norm.ppf(0.95)),  # a 90 % interval
        _odds(bse=_robust_psi_se()),  # sandwich instead of model-based s.e.
    ],
    "ex-keras-nopsi": lambda: [
        _nopsi(params=_networks()[2].params[:3]),  # the full model's coefficients
        _nopsi(params=_without_tuce()),  # dropped TUCE instead of PSI
        _nopsi(sign=-1.0),  # with minus without
        _nopsi(per_se=True),  # the change in standard errors
    ],
    "ex-keras-lrt": lambda: [
        _lrt(factor=1.0),  # the factor 2 forgotten
        _lrt(cdf=True),  # the distribution function, not the upper tail
        _lrt(z_power=1),  # z, not z squared
        _lrt_wald_p(),  # the Wald test's p-value
    ],
}
