"""glmnn.exercises: every exercise has a check, which accepts the right answer, rejects
plausible wrong ones, never crashes on a malformed answer and never shows the reference."""

import importlib
import re
import sys
from pathlib import Path

import nbformat
import pytest

from glmnn import exercises
from glmnn.exercises import _core

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import slides  # noqa: E402

CHAPTERS = slides.chapters()
CHECK_CELL = re.compile(r'exercises\.check\("(ex-[\w-]+)", answer\)')


def _labels(path):
    nb = nbformat.read(path, as_version=4)
    return re.findall(r"^:label:\s*(ex-[\w-]+)", "\n".join(c.source for c in nb.cells), re.M)


LABELS = [label for path in CHAPTERS for label in _labels(path)]
CHAPTER_OF = {label: n for n, path in enumerate(CHAPTERS, start=1) for label in _labels(path)}


def _answers(label):
    module = importlib.import_module(f"exercise_answers.ch{CHAPTER_OF[label]:02d}")
    return module.RIGHT, module.WRONG


sys.path.insert(0, str(ROOT / "tests"))


def test_every_exercise_has_a_check_and_every_check_an_exercise():
    assert len(LABELS) == len(set(LABELS)) >= 27
    assert sorted(LABELS) == exercises.labels()


@pytest.mark.parametrize("label", LABELS)
def test_the_right_answer_is_accepted(label):
    right, _ = _answers(label)
    feedback = exercises.check(label, right[label]())
    assert feedback.ok, feedback
    assert repr(feedback).startswith("Right: ")


@pytest.mark.parametrize("label", LABELS)
def test_plausible_wrong_answers_are_rejected(label):
    _, wrong = _answers(label)
    answers = wrong[label]()
    assert answers
    for answer in answers:
        feedback = exercises.check(label, answer)
        assert not feedback.ok, (label, answer)
        assert repr(feedback).startswith("Not yet: ") and len(feedback.message) > 20


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("answer", [..., None, "abc", 1.5, [1, 2, 3], {"x": 1}])
def test_a_malformed_answer_is_feedback_not_a_crash(label, answer):
    feedback = exercises.check(label, answer)
    assert not feedback.ok and repr(feedback).startswith("Not yet: ")


@pytest.mark.parametrize("label", LABELS)
def test_the_stub_is_an_answer_cell_with_its_instructions(label):
    stub = exercises.stub(label)
    compile(stub, label, "exec")
    assert stub.rstrip().endswith("answer = ...")
    comments = [ln for ln in stub.splitlines() if ln.startswith("#")]
    assert comments and comments[0].startswith("# Your answer")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_solution_is_followed_by_its_check_which_says_right(path):
    nb = nbformat.read(path, as_version=4)
    cells = [(CHECK_CELL.search(c.source), c) for c in nb.cells if c.cell_type == "code"]
    checked = [m.group(1) for m, _ in cells if m]
    assert checked == _labels(path)
    for match, cell in cells:
        if match:
            text = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                           for o in cell.outputs)
            assert text.startswith("Right: "), (match.group(1), text)
            assert cell.metadata["slideshow"]["slide_type"] == "skip"
            # the book hides it: its "Right" would give the answer away beside the exercise
            assert "remove-cell" in cell.metadata.get("tags", [])


def test_an_unknown_label_is_a_value_error():
    with pytest.raises(ValueError, match="no exercise is labelled 'ex-nope'"):
        exercises.check("ex-nope", 1)
    with pytest.raises(ValueError, match="starts with 'ex-'"):
        _core.exercise("nope", "answer = ...")
    with pytest.raises(ValueError, match="answer = ..."):
        _core.exercise("ex-x", "answer = 1")


def test_feedback_reads_as_right_or_not_yet():
    assert repr(_core.Feedback("ex-a", True, "fine.")) == "Right: fine."
    assert not _core.Feedback("ex-a", False, "a hint.")
