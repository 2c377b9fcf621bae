"""Tests of scripts/citations.py: {cite} roles as author-year text where MyST cannot resolve them."""

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import citations  # noqa: E402


def test_bibliography_reads_every_entry_as_pybtex_does():
    from pybtex.database import parse_file

    db = parse_file(str(ROOT / "references.bib"))
    bib = citations.bibliography()
    assert set(bib) == set(db.entries)
    for key, entry in db.entries.items():
        assert bib[key][1] == entry.fields["year"], key
        first = entry.persons.get("author", entry.persons.get("editor"))[0]
        last = " ".join(first.prelast_names + first.last_names).replace("{", "").replace("}", "")
        assert bib[key][0].startswith(last.replace("\\c c", "ç").replace("\\c{c}", "ç")), key


@pytest.mark.parametrize(("markup", "text"), [
    ("{cite:t}`albert1984existence`", "Albert and Anderson (1984)"),
    ("{cite:p}`albert1984existence`", "(Albert and Anderson, 1984)"),
    ("{cite}`cv500948`", "(Cross Validated contributors, 2020)"),
    ("{cite:p}`soudry2018implicit`", "(Soudry et al., 2018)"),
    ("{cite:p}`mccullagh1989glm,albert1984existence`",
     "(McCullagh and Nelder, 1989; Albert and Anderson, 1984)"),
])
def test_roles_become_author_year_text(markup, text):
    bib = citations.bibliography()
    assert citations.render(f"as shown {markup}.", bib) == f"as shown {text}."


def test_an_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        citations.render("{cite}`nosuchkey`", citations.bibliography())


def test_every_citation_of_the_chapters_renders(tmp_path):
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        copy = tmp_path / nb.name
        shutil.copy(nb, copy)
        assert citations.main([str(copy)]) == 0
        cells = json.loads(copy.read_text())["cells"]
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert "{cite" not in text, nb.name
        # code cells and outputs are left alone
        original = json.loads(nb.read_text())["cells"]
        assert [c for c in cells if c["cell_type"] == "code"] == [
            c for c in original if c["cell_type"] == "code"]
        assert re.search(r"\(\w[^()]*, \d{4}\)|\w \(\d{4}\)", text), nb.name
