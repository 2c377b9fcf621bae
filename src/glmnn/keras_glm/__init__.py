"""Fit a generalised linear model as a Keras network, to the maximum-likelihood optimum.

Chapters 4 to 7 use it (chapter 8 builds its networks with :func:`build_model` and reads
them with :func:`model_params`). :func:`fit` builds a network without hidden layers, a
``Dense`` output layer whose activation is the inverse link of the chosen row of
:data:`glmnn.families.TABLE` (one unit; for the multinomial family one softmax unit per
class), and finds the weights that minimise the family's negative log-likelihood
*exactly*: Newton's method on the network's own loss. A model already trained with
``model.fit`` can be passed in; Newton's method then starts from its weights. Standard
errors come from the inverse Hessian of the same loss. The result is shaped like
statsmodels' (labelled when ``X`` is a DataFrame, with ``summary()``, ``conf_int()``,
``pvalues``, ``predict``, ``get_prediction``, ``llf`` with every constant...).

The Hessian. The ``Dense`` layer's output ``z = b + X w`` (plus an offset) is linear in the
weights, so the Hessian of the loss is ``J^T D J``: ``J`` the layer's Jacobian (the design
matrix with its column of ones, once per output unit) and ``D`` the curvature of each
example's loss in the layer's output, a number per example (a K x K block for the
softmax). ``D`` is computed by JAX, differentiating twice the composition of the network's
own activation (taken from its ``Dense`` layer) and the family's loss: no formula per
family is written by hand, and it is the *observed* information for every link (the
tests compare it with ``jax.hessian`` of the whole network's loss). This costs what
forming ``X^T W X`` costs, instead of one pass through the network per parameter.

Offsets and exposure (Poisson rate models) are, in the network, a second input whose
weight is fixed at 1: a non-trainable part of the output layer (see :func:`build_model`).
Frequency weights multiply each example's loss.

Bad input (issue 22) is refused before Newton's first step, with the argument and the
cause named: the input contract of :mod:`glmnn._checks`, then, on the rows of positive
weight, aliasing judged relative to each column's size, a response without a finite estimate
(one class, an empty class, all counts 0), a dispersion that cannot be estimated, too few
observations for the parameters, a loss that is not finite at the start. When Newton's
method fails, the message says why: no finite maximum (complete or quasi-complete
separation, an all-zero Poisson group: decided by a linear program), a singular or indefinite
Hessian, or too few iterations. Newton's method itself runs on columns (and a Gaussian
response) divided by powers of two to size about 1, so the units of the data do not matter.

Predictions with standard errors (``GLMResult.get_prediction``, issue 24) are statsmodels'
delta method on the link scale, computed on the network: the weighted sum and its gradient
in the weights by autodiff, the interval mapped through the network's activation.

The network's bias is the intercept, so ``X`` must not contain a constant column; ``X``
may have no columns at all (the intercept-only, null model). Keras must run on JAX:
importing this package sets ``KERAS_BACKEND=jax`` unless it is already set, and
:func:`fit` switches JAX to 64-bit floats, which the comparisons to 1e-6 need.

The files, each read in one sitting:

* ``network.py`` -- the network: :func:`build_model`, :func:`model_params`, the layout of
  the weights, the JAX/float64 checks, and the jitted functions of a network (its output,
  its loss with gradient and Hessian, its weighted sum with its Jacobian);
* ``checks.py`` -- the checks of the data made before Newton's first step;
* ``newton.py`` -- :func:`fit`: Newton's method on the network's loss;
* ``diagnostics.py`` -- why Newton's method failed, or why the estimate does not exist;
* ``results.py`` -- :class:`GLMResult`, laid out as statsmodels' results;
* ``prediction.py`` -- :class:`PredictionResult`, the mean with its standard error and
  confidence interval (``GLMResult.get_prediction``).
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "jax")

from glmnn.keras_glm.network import (  # noqa: E402
    _check_model,
    _enable_float64,
    _linear_predictor,
    _objective,
    build_model,
    model_params,
)
from glmnn.keras_glm.prediction import PredictionResult  # noqa: E402
from glmnn.keras_glm.results import GLMResult  # noqa: E402
from glmnn.keras_glm.newton import fit  # noqa: E402

__all__ = ["fit", "GLMResult", "PredictionResult", "build_model", "model_params"]
