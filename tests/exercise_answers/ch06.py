"""Chapter 6's exercises: right and wrong answers."""

import numpy as np

#: the chapter's six rows and the statsmodels data set each is fitted to
CASES = [(("gaussian", "identity"), "stackloss"), (("binomial", "logit"), "spector"),
         (("binomial", "probit"), "spector"), (("binomial", "cloglog"), "spector"),
         (("poisson", "log"), "cpunish"), (("gamma", "log"), "scotland")]


def _load(name):
    import statsmodels.api as sm

    data = getattr(sm.datasets, name).load_pandas()
    return data.exog.astype(float), data.endog.to_numpy(float)


def _network(key):
    """The chapter's network fit of row `key`, finished by Newton's method."""
    from glmnn import keras_glm

    X, y = _load(dict(CASES)[key])
    return keras_glm.fit(X, y, *key), X, y


def _ratio(invert_ratios=False, invert_slope=False, gap="max", se=False):
    logit, X, _ = _network(("binomial", "logit"))
    probit, _, _ = _network(("binomial", "probit"))
    num, den = (logit.bse, probit.bse) if se else (logit.params, probit.params)
    ratios = (num / den).to_numpy()[1:]
    slope_ratio = (1 / np.sqrt(2 * np.pi)) / 0.25
    difference = np.abs(logit.fittedvalues - probit.fittedvalues)
    return {"ratios": 1 / ratios if invert_ratios else ratios,
            "slope_ratio": 1 / slope_ratio if invert_slope else slope_ratio,
            "largest_gap": np.max(difference) if gap == "max" else np.mean(difference)}


def _gaps(relative=True, keys=None):
    gaps = {}
    for key, _ in CASES:
        net, _, y = _network(key)
        gap = np.sum(y) - np.sum(net.fittedvalues)
        gaps["/".join(key)] = gap / np.sum(y) if relative else gap
    if keys is not None:  # rows mislabelled
        gaps = dict(zip(keys, gaps.values()))
    return gaps


def _irls(swap=False, network="newton", variances=False):
    import statsmodels.api as sm

    from glmnn import families

    X, y = _load("spector")
    cloglog = families.get("binomial", "cloglog")
    glm = sm.GLM(y, sm.add_constant(X), family=cloglog.statsmodels_family())
    irls = glm.fit(tol=1e-13)
    newton = glm.fit(method="newton", tol=1e-13, maxiter=200)
    irls_se, newton_se = irls.bse.to_numpy(), newton.bse.to_numpy()
    if swap:
        irls_se, newton_se = newton_se, irls_se
    if variances:
        irls_se, newton_se = irls_se ** 2, newton_se ** 2
    return {"coefficients": newton.params.to_numpy(), "irls_se": irls_se,
            "newton_se": newton_se, "network": network}


RIGHT = {
    "ex-links-ratio": lambda: _ratio(),
    "ex-links-score": lambda: _gaps(),
    "ex-links-irls": lambda: _irls(),
}

WRONG = {
    "ex-links-ratio": lambda: [
        _ratio(invert_ratios=True),  # probit over logit
        _ratio(invert_slope=True),  # the logit slope over the probit one
        _ratio(gap="mean"),  # the average gap, not the largest
        _ratio(se=True),  # ratios of the standard errors
    ],
    "ex-links-score": lambda: [
        {"/".join(key): 0.0 for key, _ in CASES},  # every row said to match
        _gaps(relative=False),  # not divided by the total
        # probit and cloglog swapped, Gaussian and Gamma swapped
        _gaps(keys=["gamma/log", "binomial/logit", "binomial/cloglog",
                    "binomial/probit", "poisson/log", "gaussian/identity"]),
    ],
    "ex-links-irls": lambda: [
        _irls(swap=True),  # the columns swapped
        _irls(network="irls"),  # the network said to agree with IRLS
        _irls(variances=True),  # variances, not standard errors
    ],
}
