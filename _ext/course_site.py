"""Local Sphinx extension of the course site (loaded by `sphinx: local_extensions:` in _config.yml).

1. Bibliography labels in the author-year style of the citations.
   The text cites with sphinxcontrib-bibtex's `author_year` reference style ("von Jouanne-Diedrich,
   2020"), but the bibliography's labels come from the pybtex *formatting* style, whose default
   (`alpha`) labels entries "[vJD20]". This registers the pybtex plugins that sphinxcontrib-bibtex's
   documentation describes for custom labels: a label style that renders each entry with the very
   template the `author_year` citations use (so label and citation read the same), a sorting style
   that orders the list by that label, and a formatting style `author_year` that uses both;
   `bibtex_default_style: author_year` in _config.yml selects it.

2. MathJax is not loaded twice.
   Once a `_static/` folder exists, Jupyter Book 1 adds every `*.js` and `*.css` found under *every*
   `html_static_path` folder to `html_js_files`/`html_css_files`, so the MathJax copy in `_mathjax/`
   (already loaded, deferred, through `mathjax_path`) would be loaded a second time on every page.
   Only the files of `_static/` itself are kept.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.template import join, year

STYLE_NAME = "author_year"

# The same person style and author/year template as sphinxcontrib-bibtex's author_year citations
# (BasicAuthorYearParentheticalReferenceStyle): "Albert and Anderson, 1984", "Soudry et al., 2018".
_PERSON = PersonStyle()
_TEMPLATE = join(sep=", ")[_PERSON.author_or_editor_or_title(full=False), year]


def author_year_label(entry) -> str:
    """The entry as an author-year citation reads, as plain text."""
    data = {"entry": entry, "style": SimpleNamespace(person=_PERSON)}
    return _TEMPLATE.format_data(data).render_as("text")


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield author_year_label(entry)


class AuthorYearSortingStyle(BaseSortingStyle):
    """Alphabetical by the label the reader sees (corporate authors in braces sort by their
    words, not after Z), then year and title."""

    def sorting_key(self, entry):
        return (author_year_label(entry).casefold(), entry.fields.get("year", ""),
                entry.fields.get("title", ""))


class AuthorYearStyle(UnsrtStyle):
    default_label_style = STYLE_NAME
    default_sorting_style = STYLE_NAME


def _only_own_static_assets(app, config) -> None:
    """Drop the JS/CSS files Jupyter Book registered from static folders other than `_static/`."""
    own = Path(app.srcdir, "_static")

    def keep(entry) -> bool:
        name = entry[0] if isinstance(entry, (tuple, list)) else entry
        if not name or "://" in str(name):
            return True
        for folder in config.html_static_path:
            if Path(app.srcdir, folder).resolve() != own.resolve() and Path(app.srcdir, folder, name).is_file():
                return (own / name).is_file()
        return True

    config.html_js_files = [e for e in config.html_js_files if keep(e)]
    config.html_css_files = [e for e in config.html_css_files if keep(e)]


def setup(app):
    register_plugin("pybtex.style.labels", STYLE_NAME, AuthorYearLabelStyle)
    register_plugin("pybtex.style.sorting", STYLE_NAME, AuthorYearSortingStyle)
    register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle)
    # before Sphinx turns html_js_files into (name, attributes) pairs (priority 800)
    app.connect("config-inited", _only_own_static_assets, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
