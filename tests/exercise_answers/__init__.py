"""Answers to every exercise for tests/test_exercises.py, one module per chapter.

Each module ``chNN`` defines two dicts keyed by exercise label:

- ``RIGHT[label]()`` returns an answer the check must accept: the chapter's solution,
  recomputed here;
- ``WRONG[label]()`` returns a list of plausible wrong answers (a slip a student could make:
  a sign, an off-by-one, the other formula, the wrong data), each of which the check must
  reject.

The functions are called only when their test runs.
"""
