"""The checks of chapter 2's exercises (likelihood, cross-entropy and squared error)."""

from __future__ import annotations

import numpy as np

from glmnn.exercises._core import (as_fields, as_function, as_numbers, exercise, require,
                                   right)

#: the chapter's SEED: its data X, y are the first draw of this generator
_CHAPTER_SEED = 500973


def _logistic(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- ex-loss-brier-clean -------------------------------------------------------------------

def _brier_data():
    """(name, X, y): data sets like the chapter's, with and without surprising examples."""
    from glmnn import data

    x1, y1 = data.simulate_logistic(60, weights=[2.0], bias=-0.5, seed=20)
    odd = np.array([[-3.0], [-2.6], [-2.2]])  # p < 0.01 under the model, labelled 1
    x3, y3 = data.simulate_logistic(150, weights=[-1.0], bias=0.7, seed=21)
    return [
        ("60 simulated examples (b = -0.5, w = 2)", x1, y1),
        ("those 60 plus three surprising examples", np.r_[x1, odd],
         np.r_[y1, np.ones(3)]),
        ("150 simulated examples (b = 0.7, w = -1)", x3, y3),
    ]


def _brier_reference(X, y):
    """(squared-error estimate - ML estimate) / ML standard error, and that error.

    Maximum likelihood by statsmodels; least squares on the residuals y - sigma(b + w x)
    by scipy's trust-region least_squares, started at the ML estimate."""
    import scipy.optimize
    import statsmodels.api as sm

    design = sm.add_constant(X, has_constant="add")
    ml = sm.Logit(y, design).fit(disp=0)
    ls = scipy.optimize.least_squares(lambda th: y - _logistic(design @ th), ml.params,
                                      xtol=1e-12, ftol=1e-12, gtol=1e-12)
    return (ls.x - ml.params) / ml.bse, np.asarray(ml.bse)


@exercise("ex-loss-brier-clean", stub='''
# Your answer: a function of X (an n x 1 array of inputs, like x_sim or X2) and y (its n
# labels, 0 or 1) that returns two numbers, for the bias b and the weight w:
# (squared-error estimate - maximum-likelihood estimate) / standard error of the
# maximum-likelihood estimate (the bse of sm.Logit). It is tried on several data sets,
# with and without surprising examples.
answer = ...
''')
def _brier_clean(answer):
    gaps = as_function(answer, "answer")
    tol = 0.02  # in standard errors; any converged fit of both losses is far closer
    for name, X, y in _brier_data():
        reference, bse = _brier_reference(X, y)
        gap = as_numbers(gaps(X.copy(), y.copy()), f"answer(X, y) on {name}", shape=(2,))
        if np.allclose(gap, reference, atol=tol):
            continue
        require(not np.allclose(gap, -reference, atol=tol),
                f"on {name} the sign is reversed: the gap is the squared-error estimate "
                "minus the maximum-likelihood estimate.")
        require(not np.allclose(gap, np.abs(reference), atol=tol),
                f"on {name} a gap has lost its sign: keep the sign of squared-error "
                "estimate minus maximum-likelihood estimate.")
        require(not np.allclose(gap, reference * bse, atol=tol * bse),
                f"on {name} the differences are not in standard errors: divide each by "
                "the maximum-likelihood estimate's standard error (bse) on the same data.")
        require(False,
                f"not right on {name}. Fit both losses to the data the function is given "
                "(with an intercept), minimise the squared error on the sigmoid's output "
                "from the maximum-likelihood estimate until it converges, and divide by "
                "the maximum-likelihood standard errors.")
    return right("the gap is a fraction of a standard error on clean data and grows with "
                 "the surprising examples.")


# --- ex-loss-lpm-ame -----------------------------------------------------------------------

def _chapter_data():
    """The chapter's X, y: the first draw of its generator."""
    from glmnn import data

    return data.mixed_logistic(400, seed=np.random.default_rng(_CHAPTER_SEED))


def _ame_reference():
    """Average marginal effects (finite differences of a GLM's fitted probabilities), the
    logistic weights, the marginal effects at the mean input, and OLS slopes,
    classical standard errors and robust (HC0 to HC3) ones by hand."""
    import statsmodels.api as sm

    X, y = _chapter_data()
    design = np.column_stack([np.ones(len(y)), X])
    glm = sm.GLM(y, design, family=sm.families.Binomial()).fit()
    weights = np.asarray(glm.params)
    h = 1e-6
    ame, mem = np.empty(3), np.empty(3)
    for j in range(3):
        step = np.zeros(4)
        step[j + 1] = h
        ame[j] = np.mean(_logistic((design + step) @ weights)
                         - _logistic((design - step) @ weights)) / (2 * h)
        centre = design.mean(axis=0)
        mem[j] = (_logistic((centre + step) @ weights)
                  - _logistic((centre - step) @ weights)) / (2 * h)
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ beta
    sigma2 = resid @ resid / (len(y) - design.shape[1])
    bread = np.linalg.inv(design.T @ design)
    ols_se = np.sqrt(np.diag(sigma2 * bread))
    # the heteroskedasticity-robust (sandwich) standard errors HC0 to HC3
    n, k = design.shape
    leverage = np.einsum("ij,jk,ik->i", design, bread, design)
    robust = []
    for scale in (1, n / (n - k), 1 / (1 - leverage), 1 / (1 - leverage) ** 2):
        meat = (design.T * (resid**2 * scale)) @ design
        robust.append(np.sqrt(np.diag(bread @ meat @ bread))[1:])
    return ame, weights[1:], mem, beta[1:], ols_se[1:], robust


@exercise("ex-loss-lpm-ame", stub='''
# Your answer: a dict with two entries, both for the chapter's data X, y and
# in the order of the inputs x1, x2, x3:
#   "ame": the logistic regression's three average marginal effects,
#   "gap": (average marginal effect - OLS slope) / OLS standard error, three
#          numbers, with the classical OLS standard errors (statsmodels'
#          `OLS(...).fit().bse`).
# For example answer = {"ame": ame, "gap": gap}.
answer = ...
''')
def _lpm_ame(answer):
    fields = as_fields(answer, ["ame", "gap"])
    ame = as_numbers(fields["ame"], 'answer["ame"]', shape=(3,))
    gap = as_numbers(fields["gap"], 'answer["gap"]', shape=(3,))
    reference, weights, mem, slopes, ols_se, robust = _ame_reference()
    tol = 3e-4  # probability per unit of input; any converged fit is far closer
    if not np.allclose(ame, reference, atol=tol):
        require(not np.allclose(ame, weights, rtol=1e-3, atol=tol),
                "those are the logistic regression's weights (changes of log-odds); a "
                "marginal effect multiplies each by p_i (1 - p_i), averaged over the examples.")
        require(not np.allclose(ame, mem, atol=tol),
                "that is the marginal effect at the mean input; average p_i (1 - p_i) w_j "
                "over the examples instead.")
        require(not np.allclose(ame, slopes, atol=tol),
                "those are the OLS slopes; the average marginal effects come from the "
                "logistic regression.")
        require(False, "the average marginal effects are not right: fit the logistic "
                "regression (with an intercept) to the chapter's X, y and average "
                "p_i (1 - p_i) w_j over its examples.")
    expected = (ame - slopes) / ols_se  # the student's own effects against OLS
    # 0.01 admits a gap rounded to two decimals; the robust ones lie further
    if not np.allclose(gap, expected, atol=0.01):
        require(not np.allclose(gap, -expected, atol=0.01),
                'the sign of "gap" is reversed: take average marginal effect minus OLS slope.')
        require(not any(np.allclose(gap, (ame - slopes) / se, atol=0.01)
                        for se in robust),
                '"gap" uses robust (HC) standard errors: use the classical '
                "standard errors (ols.bse), as the chapter does.")
        require(not np.allclose(gap, expected * ols_se, atol=0.02 * ols_se),
                '"gap" is not in standard errors: divide by the OLS standard errors of '
                "the slopes (ols.bse).")
        require(False, '"gap" is not right: (average marginal effect - OLS slope), divided '
                "by the OLS slope's classical standard error (ols.bse), for each input.")
    return right("the average marginal effects agree with the OLS slopes to a fraction of "
                 "a standard error.")


# --- ex-loss-saturated ---------------------------------------------------------------------

#: (group sizes, labels 1 per group): shares that the check's data realise exactly
_GROUPS = [((20, 20, 20), (5, 10, 16)), ((10, 5, 20), (3, 3, 3)), ((10, 10, 8), (9, 2, 4))]


def _saturated_fit(sizes, ones):
    """The three groups' shares, and statsmodels' Logit on an intercept and two indicators."""
    import statsmodels.api as sm

    group = np.repeat([0, 1, 2], sizes)
    y = np.concatenate([np.r_[np.ones(k), np.zeros(m - k)] for m, k in zip(sizes, ones)])
    design = np.column_stack([np.ones(len(y)), group == 1, group == 2]).astype(float)
    fit = sm.Logit(y, design).fit(disp=0, method="newton", tol=1e-12, maxiter=100)
    shares = np.array([y[group == k].mean() for k in range(3)])
    return shares, np.asarray(fit.params)


@exercise("ex-loss-saturated", stub='''
# Your answer: your closed form as a function of the three groups' shares of label 1,
# given as a numpy array (share at level 0, at level 1, at level 2), that returns three
# numbers (b, w1, w2): the bias and the weights of the indicators of levels 1 and 2.
# It is tried on several sets of shares.
answer = ...
''')
def _saturated(answer):
    closed = as_function(answer, "answer")
    for sizes, ones in _GROUPS:
        shares, reference = _saturated_fit(sizes, ones)
        what = "answer(shares) for shares " + ", ".join(f"{s:g}" for s in shares)
        estimate = as_numbers(closed(shares.copy()), what, shape=(3,))
        require(np.isclose(estimate[0], reference[0], atol=1e-6),
                f"the bias is not right for shares {', '.join(f'{s:g}' for s in shares)}: "
                "at level 0 both indicators are 0, so sigma(b) is the fitted probability "
                "there, and a saturated model fits each group's share exactly.")
        require(np.allclose(estimate[1:], reference[1:], atol=1e-6),
                f"the weights are not right for shares {', '.join(f'{s:g}' for s in shares)}: "
                "at level k the fitted probability is sigma(b + w_k), the bias included, and "
                "it equals that group's share; compare log-odds, not probabilities.")
    return right("the saturated model's estimates are the log-odds of the reference group "
                 "and the log odds ratios against it.")
