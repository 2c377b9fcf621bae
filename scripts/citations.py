"""Citations as author-year text, for the places where MyST's {cite} roles are not resolved.

Usage: python scripts/citations.py NOTEBOOK ...   (rewrites each notebook in place)

The book resolves ``{cite}`key``` against references.bib (sphinxcontrib-bibtex). JupyterLab
does not: jupyterlab-myst renders the role as its bare key. So wherever a chapter is read in
JupyterLab rather than in the book, the roles are rewritten as plain text here:

- ``{cite:t}`albert1984existence``` becomes "Albert and Anderson (1984)";
- ``{cite:p}`...``` and ``{cite}`...``` become "(Albert and Anderson, 1984)".

Binder runs this on its own copy of the chapters (binder/postBuild), the student notebooks
get it from scripts/student_notebooks.py, and the slide decks use the same author-year
labels (scripts/slides.py). It reads references.bib with a small parser of its own, so it
needs nothing that Binder's environment lacks: entries are ``@type{key, field = {value}}``
with authors ``Last, First and Last, First`` or a braced organisation.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = re.compile(r"^@\w+\{([^,\s]+),(.*?)^\}", re.M | re.S)
FIELD = re.compile(r"(\w+)\s*=\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}", re.S)
CITE = re.compile(r"\{(cite(?::[tp])?)\}`([^`]+)`")
ACCENTS = {r"\c{c}": "ç", r"\'e": "é", r"\'E": "É", r'\"o': "ö", r'\"u': "ü", r"\`e": "è"}


def _plain(text: str) -> str:
    """A BibTeX value without braces and with the few accents references.bib uses."""
    for tex, char in ACCENTS.items():
        text = text.replace("{" + tex + "}", char).replace(tex, char)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def _last_name(person: str) -> str:
    if person.startswith("{") and person.endswith("}"):  # an organisation, kept whole
        return _plain(person)
    if "," in person:
        return _plain(person.split(",", 1)[0])
    return _plain(person.split()[-1])


def _authors(fields: dict[str, str]) -> str:
    people = fields.get("author") or fields.get("editor")
    if not people:
        return _plain(fields.get("organization", fields.get("title", "?")))
    last = [_last_name(p.strip()) for p in re.split(r"\s+and\s+", people)]
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


def bibliography(path: Path = ROOT / "references.bib") -> dict[str, tuple[str, str]]:
    """Citation key -> (authors as cited, year)."""
    bib = {}
    for key, body in ENTRY.findall(path.read_text(encoding="utf-8")):
        fields = {name.lower(): value for name, value in FIELD.findall(body)}
        bib[key.strip()] = (_authors(fields), _plain(fields.get("year", "n.d.")))
    return bib


def cite_text(kind: str, keys: str, bib: dict[str, tuple[str, str]]) -> str:
    """What ``{kind}`keys``` reads as: "A and B (1984)" for cite:t, else "(A and B, 1984)"."""
    cites = [bib[k.strip()] for k in keys.split(",")]
    if kind == "cite:t":
        return "; ".join(f"{a} ({y})" for a, y in cites)
    return "(" + "; ".join(f"{a}, {y}" for a, y in cites) + ")"


def render(text: str, bib: dict[str, tuple[str, str]]) -> str:
    """``text`` with every {cite} role replaced by its author-year text."""
    return CITE.sub(lambda m: cite_text(m.group(1), m.group(2), bib), text)


def main(argv: list[str]) -> int:
    import json

    bib = bibliography()
    for name in argv:
        path = Path(name)
        nb = json.loads(path.read_text(encoding="utf-8"))
        changed = 0
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                source = "".join(cell["source"])
                new = render(source, bib)
                if new != source:
                    changed += 1
                    cell["source"] = new.splitlines(keepends=True)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name}: citations written out in {changed} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
