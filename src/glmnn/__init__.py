"""glmnn: the helper package of the course "Logistic regression is the smallest neural network".

Chapters import its modules by name, e.g. ``from glmnn import neuron``:

* :mod:`glmnn.data` -- the blog's toy points and seeded simulations (chapters 1 to 3);
* :mod:`glmnn.neuron` -- the logistic neuron, its log-likelihood and the delta rule (chapter 1);
* :mod:`glmnn.separation` -- detecting complete separation, maximum-margin parameters
  (chapters 1 and 4);
* :mod:`glmnn.plotting` -- the course's figures, each drawn on a given axes (chapters 1 to 6);
* :mod:`glmnn.optim` -- the logistic log-likelihood, squared error, gradient and Hessian,
  Newton/IRLS (optionally ridge-penalised) and gradient descent with history (chapters 2 and 3);
* :mod:`glmnn.families` -- the table of GLM families and links with their activations and
  losses (chapters 4 to 6);
* :mod:`glmnn.keras_glm` -- a GLM fitted as a Keras network to the maximum-likelihood
  optimum, with results shaped like statsmodels' (labelled parameters, standard errors from
  the network's Hessian, ``summary()``, ``llf``, offsets, exposure and frequency weights)
  (chapters 4 to 7). It imports Keras on JAX, so import it only where it is needed;
* :mod:`glmnn.intervals` -- intervals for a one-hidden-layer network's predicted
  probability: last-layer and full Laplace, bootstrap, deep ensemble, and the stored Monte
  Carlo of their coverage (chapter 9);
* :mod:`glmnn.mlp` -- the one-hidden-layer network: build, hidden features, training from
  many starts, canonical form modulo symmetries (chapter 7). It imports Keras on JAX;
* :mod:`glmnn.training` -- what training choices estimate: smoothed labels, a Newton solver
  for weighted, ridge- or Firth-penalised logistic regression, Newton's method on a Keras
  network's own training objective, Firth's penalty by autodiff, reliability bins
  (chapter 8). It imports Keras on JAX;
* :mod:`glmnn.exercises` -- the checks of every chapter's exercises: ``check(label, answer)``
  says right or not yet, with a hint, and never shows the answer (the student notebooks);
* :mod:`glmnn.report` -- assert an agreement and print the bound it was asserted against,
  never a rounding-level difference, so stored outputs are the same on every machine
  (chapters 2 to 6).

Every public function checks its input and raises ``ValueError`` with a message saying what
was expected.
"""

__version__ = "0.6.0"

__all__ = [
    "data", "exercises", "families", "intervals", "keras_glm", "mlp", "neuron", "optim", "plotting",
    "report", "separation", "training",
]
