"""Exercises that check themselves: ``check(label, answer)`` says right or not yet.

Every exercise of the course has a check, registered under the exercise's label. In a
chapter, the cell after an exercise's solution runs::

    from glmnn import exercises

    exercises.check("ex-softmax-count", answer)

and shows ``Right: ...`` for the executed solution. A student notebook has an answer cell
in place of the solution (:func:`stub`), so the same check cell says ``Not yet: ...`` with a
hint until the answer is right. A check never shows the reference answer; where it can, it
recomputes what it compares with independently of the chapter's solution. Checks that need
Keras import it only when they run.
"""

from glmnn.exercises._core import Feedback, NotYet, check, labels, stub
from glmnn.exercises import (  # noqa: F401 - importing a chapter registers its checks
    ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09,
)

__all__ = ["Feedback", "NotYet", "check", "labels", "stub"]
