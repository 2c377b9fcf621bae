"""The checks of chapter 6's exercises (every GLM is a network without hidden layers)."""

from __future__ import annotations

import numpy as np

from glmnn.exercises._core import (as_choice, as_fields, as_number, as_numbers, exercise,
                                   require, right)

#: the six single-output rows of the chapter's table: (family, link), statsmodels' family
#: and link classes, the statsmodels data set the chapter fits, and whether it is canonical
_ROWS = [("gaussian/identity", "Gaussian", "Identity", "stackloss", True),
         ("binomial/logit", "Binomial", "Logit", "spector", True),
         ("binomial/probit", "Binomial", "Probit", "spector", False),
         ("binomial/cloglog", "Binomial", "CLogLog", "spector", False),
         ("poisson/log", "Poisson", "Log", "cpunish", True),
         ("gamma/log", "Gamma", "Log", "scotland", False)]


def _load(name: str):
    """A statsmodels data set as (inputs with a constant column, response)."""
    import statsmodels.api as sm

    data = getattr(sm.datasets, name).load_pandas()
    X = sm.add_constant(data.exog.astype(float), has_constant="add")
    return X, data.endog.to_numpy(float)


def _glm(family: str, link: str, name: str):
    """statsmodels' GLM of the given family and link on data set `name`, by IRLS."""
    import statsmodels.api as sm

    X, y = _load(name)
    fam = getattr(sm.families, family)(getattr(sm.families.links, link)())
    return sm.GLM(y, X, family=fam).fit(tol=1e-13, maxiter=200), X, y


# --------------------------------------------------------------------- ex-links-ratio

@exercise("ex-links-ratio", stub='''
# Your answer: a dict with three entries, for the spector data,
#   "ratios": the three slope ratios logit / probit, in the order GPA, TUCE, PSI
#             (three numbers, the intercept left out),
#   "slope_ratio": the slope of the probit activation at z = 0 divided by that
#                  of the logit activation (one number),
#   "largest_gap": the largest absolute difference between the two models'
#                  predicted probabilities over the 32 students (one number).
answer = ...
''')
def _ratio(answer):
    import statsmodels.api as sm

    fields = as_fields(answer, ["ratios", "slope_ratio", "largest_gap"])
    ratios = as_numbers(fields["ratios"], "answer['ratios']")
    require(ratios.shape != (4,), "answer['ratios'] should hold the three slopes' ratios "
            "(GPA, TUCE, PSI), without the intercept's.")
    require(ratios.shape == (3,), f"answer['ratios'] should have shape (3,), not "
            f"{ratios.shape}.")
    slope_ratio = as_number(fields["slope_ratio"], "answer['slope_ratio']")
    largest_gap = as_number(fields["largest_gap"], "answer['largest_gap']")

    X, y = _load("spector")
    logit = sm.Logit(y, X).fit(disp=0, tol=1e-12)
    probit = sm.Probit(y, X).fit(disp=0, tol=1e-12)
    reference = (logit.params / probit.params).to_numpy()[1:]
    require(not np.allclose(ratios, 1 / reference, rtol=1e-2),
            "answer['ratios'] looks upside down: divide the logit coefficients by the "
            "probit ones.")
    require(np.allclose(ratios, reference, rtol=1e-2),
            "answer['ratios'] are not the ratios of the fitted coefficients, logit over "
            "probit, for GPA, TUCE and PSI: both models fitted to the spector data, to "
            "convergence?")

    # the derivatives at 0: phi(0) = 1/sqrt(2 pi) for the probit, 1/4 for the sigmoid
    activation_ratio = (1 / np.sqrt(2 * np.pi)) / 0.25
    require(not np.isclose(slope_ratio, 1 / activation_ratio, rtol=1e-3),
            "answer['slope_ratio'] looks upside down: the probit slope over the logit one.")
    require(np.isclose(slope_ratio, activation_ratio, rtol=1e-3),
            "answer['slope_ratio'] is not the ratio of the derivatives of the normal CDF "
            "and of the sigmoid at z = 0.")

    gap = np.max(np.abs(logit.predict(X) - probit.predict(X)))
    require(np.isclose(largest_gap, gap, rtol=0, atol=1e-3),
            "answer['largest_gap'] is not the largest absolute difference between the "
            "predicted probabilities (not log-odds, not an average) of the two fits.")
    return right("the slopes differ by about the activations' slope ratio, the "
                 "probabilities hardly at all.")


# --------------------------------------------------------------------- ex-links-score

@exercise("ex-links-score", stub='''
# Your answer: a dict with one entry per row of the table, six in all, keyed
# "gaussian/identity", "binomial/logit", "binomial/probit", "binomial/cloglog",
# "poisson/log" and "gamma/log" (the keys of `fits` work too), each the row's
# relative gap (sum of y - sum of the fitted means) / (sum of y), one number,
# computed from the chapter's fit of that row (its sign does not matter).
answer = ...
''')
def _score(answer):
    if isinstance(answer, dict):  # keys such as ("binomial", "probit") are fine too
        answer = {"/".join(k) if isinstance(k, tuple) and all(isinstance(s, str) for s in k)
                  else k: v for k, v in answer.items()}
    fields = as_fields(answer, [key for key, *_ in _ROWS])
    for key, family, link, name, canonical in _ROWS:
        gap = abs(as_number(fields[key], f"answer[{key!r}]"))
        fit, _, y = _glm(family, link, name)
        reference = abs(np.sum(y) - np.sum(fit.fittedvalues)) / np.sum(y)
        if canonical:
            require(gap < 1e-6, f"the gap of {key} should vanish: is the fit converged, and "
                    "the gap relative, (sum of y - sum of the fitted means) / sum of y?")
        else:
            require(gap > 1e-6, f"the gap of {key} is too small: compute it from that "
                    "row's own fit (and are the keys on the right rows?).")
            require(np.isclose(gap, reference, rtol=0.05, atol=0),
                    f"the gap of {key} is not the relative gap of that row's fit: (sum of "
                    "y - sum of the fitted means) / sum of y, on that row's data?")
    return right("the fitted means add up to the observed total exactly for the canonical "
                 "links, and only for them.")


# --------------------------------------------------------------------- ex-links-irls

def _informations(params: np.ndarray, X: np.ndarray, y: np.ndarray):
    """The expected and observed information of the Bernoulli cloglog model, closed form."""
    z = X @ params
    e = np.exp(z)
    mu = -np.expm1(-e)  # 1 - exp(-e^z)
    dmu = e * np.exp(-e)  # d mu / d z
    expected = X.T @ (X * (dmu ** 2 / (mu * (1 - mu)))[:, None])
    # the log-likelihood's derivative in z is (y - mu) e / mu; minus its derivative:
    curvature = dmu * e / mu - (y - mu) * e / mu + (y - mu) * e * dmu / mu ** 2
    observed = X.T @ (X * curvature[:, None])
    return expected, observed


@exercise("ex-links-irls", stub='''
# Your answer: a dict with four entries, for the complementary log-log model of
# the spector data, each array in the order const, GPA, TUCE, PSI:
#   "coefficients": the fitted coefficients (four numbers),
#   "irls_se": the standard errors of GLM.fit(), IRLS (four numbers),
#   "newton_se": the standard errors of GLM.fit(method="newton") (four numbers),
#   "network": which of the two the network's standard errors agree with,
#              "irls" or "newton".
answer = ...
''')
def _irls(answer):
    fields = as_fields(answer, ["coefficients", "irls_se", "newton_se", "network"])
    coefficients = as_numbers(fields["coefficients"], "answer['coefficients']", shape=(4,))
    irls_se = as_numbers(fields["irls_se"], "answer['irls_se']", shape=(4,))
    newton_se = as_numbers(fields["newton_se"], "answer['newton_se']", shape=(4,))
    network = as_choice(fields["network"], ["irls", "newton"], "answer['network']")

    fit, X, y = _glm("Binomial", "CLogLog", "spector")
    params = fit.params.to_numpy()
    require(np.allclose(coefficients, params, rtol=1e-3),
            "answer['coefficients'] are not the maximum-likelihood coefficients of the "
            "Bernoulli model with the complementary log-log link on the spector data, "
            "constant first.")
    expected, observed = _informations(params, X.to_numpy(), y)
    se_expected = np.sqrt(np.diag(np.linalg.inv(expected)))
    se_observed = np.sqrt(np.diag(np.linalg.inv(observed)))
    swapped = (np.allclose(irls_se, se_observed, rtol=2e-3)
               and np.allclose(newton_se, se_expected, rtol=2e-3))
    require(not swapped, "the two columns of standard errors are swapped.")
    require(np.allclose(irls_se, se_expected, rtol=2e-3),
            "answer['irls_se'] are not the standard errors of the default GLM.fit() "
            "(standard errors, not variances; the constant first).")
    require(np.allclose(newton_se, se_observed, rtol=2e-3),
            "answer['newton_se'] are not the standard errors of "
            "GLM.fit(method=\"newton\") (standard errors, not variances).")
    require(network == "newton", "compare the network's standard errors (net.bse) with "
            "both columns: which information does the Hessian of its loss give?")
    return right("same coefficients; the network's Hessian is the observed information, "
                 "as Newton's method uses.")
