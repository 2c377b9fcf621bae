"""One PDF of the whole book: the site's single-page HTML printed by Chromium.

Usage:
    python scripts/book_pdf.py [--site-out DIR] [--pdf PATH] [--browser PATH] [--build-dir DIR]
    python scripts/book_pdf.py --check PATH

The first form writes ``DIR/pdf/glmnn-course.pdf`` (DIR defaults to ``_build/html``, so the
PDF is published with the site and ``intro.md`` links to it as ``pdf/glmnn-course.pdf``), or
PATH when ``--pdf`` is given, and prints the page count, the size and the time taken. With
neither option and no built site in ``_build/html``, it writes ``_build/pdf/glmnn-course.pdf``.
The second form only checks an existing PDF (what ``tests/test_pdf.py`` checks): a sane page
count for the number of chapters, every chapter's title, every figure number ("Fig. 1.1", as
the site prints it) and equation number ("(1.1)") the chapters define, no raw TeX and no
MathJax error in the text, no link to the local server, and the contents page's page numbers
(``contents_page_problems``): every entry listed with the page on which it starts, that page
read from the PDF's named destinations (``pdfinfo -dests``) and shown to hold the entry's
title. It needs ``pdftotext`` and ``pdfinfo`` (Debian: poppler-utils), printing too.

How:
1. ``jupyter-book build --builder singlehtml -W -n`` (run in this process; warnings are errors,
   as in ``make build-check``) writes the whole book as one HTML page into a temporary folder
   (``--build-dir`` to keep it), never into ``_build/``. Figure, equation, exercise and section
   numbers are the multi-page site's: Sphinx's singlehtml builder assembles the numbers of
   every document. Nothing is executed: the chapters' stored outputs are printed, as on the
   site. One repair, in this process only: sphinx-exercise registers its nodes for the
   ``singlehtml`` builder, after which Sphinx no longer falls back to the ``html`` handlers of
   the other extensions' nodes, and myst-nb's hidden-cell node stops the build ("unknown node
   type: HideCodeCellNode"); the ``html`` handlers are lent to ``singlehtml``.
2. A small HTTP server on 127.0.0.1 serves that folder; Playwright (sync API) opens the page
   in Chromium: ``--browser PATH``, else ``$GLMNN_CHROMIUM``, else Debian's
   ``/usr/bin/chromium`` (installed with apt-get when missing and run as root); the value
   ``playwright`` means Playwright's own download (``python -m playwright install chromium``,
   what the publish workflow uses). Every request that does not go to the local server is
   aborted: the PDF is made offline and shows nothing fetched from elsewhere.
3. The script waits for ``MathJax.startup.promise`` (MathJax 4 is served by the site itself,
   see ``mathjax_path`` in ``_config.yml``), the fonts and every image; fails on a broken
   image, a MathJax error or untypeset maths; opens what is collapsed (hidden cells, solution
   dropdowns: paper cannot be clicked); adds print CSS with ``page.add_style_tag`` (no
   navigation bar, sidebars, launch, download or copy buttons; a title page and the theme's
   print-only contents page; every chapter on a new page; figures, equations and cells not
   split unless longer than a page; long code lines set smaller or wrapped, never cut off);
   keeps links between chapters inside the PDF and points other relative links (downloads,
   slides) at the published site; and prints A4 with ``page.pdf``: the book's title in the
   header, "page / pages" in the footer, the outline (bookmarks) and a tagged PDF.
4. The contents page gets page numbers, in two prints. Chromium writes a named destination
   for every element a link in the page points at, so for each entry of the contents
   (``#document-<name>``; the anchor is moved from before its document's section into it, or
   it would mark the end of the page before). The first print has placeholders where the
   numbers go; ``pdfinfo -dests`` on it gives the page of each entry; the numbers are written
   in (right-aligned after a dotted leader) and the book is printed again. The contents end
   with a page break, so the numbers cannot move what follows; this is checked on the second
   print's destinations, and were an entry to move, the book would be printed a third time
   with the new numbers (``MAX_PRINTS``), else the script fails.

Why not the LaTeX builder (``--builder pdflatex``): it needs a TeX installation of about 1 GB,
and it typesets the mathematics with LaTeX and the notebook outputs through its own writer, so
the PDF would differ from the site (HTML tables, MathJax-only macros, hidden cells and
dropdowns); Chromium prints what the site shows, with the same MathJax. Jupyter Book's own
``pdfhtml`` builder prints the same single page but with a browser it downloads for itself
(pyppeteer's Chromium in the documentation, Playwright's in the installed 1.0.4), which cannot
be downloaded here, and it takes no browser path, does not wait for MathJax and adds no page
numbers or print layout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from contextlib import contextmanager
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from local_browser import find_chromium, launch, serve  # noqa: E402
PDF_NAME = "glmnn-course.pdf"
# A4 with these margins (mm); the header and footer are printed inside the top and bottom ones.
MARGIN = {"top": 16, "right": 15, "bottom": 16, "left": 15}
A4_WIDTH_MM, A4_HEIGHT_MM = 210, 297
PX_PER_MM = 96 / 25.4
# Long lines of code are set in a smaller font when this fraction of the size or more fits them
# on the line; lines that need more (prose in a text block) are wrapped instead.
MIN_CODE_RATIO = 0.75
# A chapter prints to somewhere between these numbers of A4 pages (the intro, the glossary
# and the bibliography included); outside this range something went wrong.
PAGES_PER_CHAPTER = (6, 60)
# The contents' page numbers are read from one print and written into the next: at most this
# many prints (the numbers could in principle move what follows them).
MAX_PRINTS = 3
# TeX that MathJax turns into mathematics: in the PDF's text only where the book's code has it
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\begin{", "\\hat", "\\sum", "\\mathbf")
MATHJAX_ERRORS = (
    "Math input error",
    "Math output error",
    "Undefined control sequence",
    "Missing open brace",
    "Missing close brace",
    "Extra close brace",
    "Extra open brace",
    "Unknown environment",
    "Misplaced &",
    "Double exponent",
    "Double subscripts",
    "Missing argument for",
)

PRINT_CSS = """
@page { size: A4; }
html, body { background: #fff !important; }
html { font-size: 14px; }
body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
/* the theme's chrome: navigation bar, sidebars, article header (launch, download, repository
   buttons), previous/next links, footers, back-to-top, copy and toggle buttons */
.bd-header, .bd-header-announcement, .bd-sidebar-primary, .bd-sidebar-secondary,
.bd-header-article, .header-article, .prev-next-area, .prev-next-footer, .bd-footer,
.bd-footer-article, .bd-footer-content, #pst-back-to-top,
.sidebar-toggle, .search-button, .theme-switch-button, .launch-buttons, .dropdown-source-buttons,
.dropdown-launch-buttons, .dropdown-download-buttons, .article-header-buttons, button.copybtn,
button.toggle-button, .headerlink, .toctree-wrapper > p.caption, .sbt-scroll-pixel-helper
{ display: none !important; }
.bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content,
.bd-article-container, .bd-article {
  max-width: none !important; width: auto !important; margin: 0 !important;
  padding: 0 !important; display: block !important; overflow: visible !important;
}
/* a title page, the theme's print-only table of contents, then the introduction without
   its title (the title page has it); every other document on a new page */
#glmnn-pdf-title { break-after: page; text-align: center; padding-top: 30vh; }
#glmnn-pdf-title .pdf-title { font-size: 2.4rem; font-weight: 700; line-height: 1.2; margin: 0 0 1.2rem; }
#glmnn-pdf-title .pdf-subtitle { font-size: 1.15rem; margin: 0 auto 3rem; max-width: 32rem; }
#glmnn-pdf-title .pdf-meta { font-size: 0.95rem; color: #444; line-height: 1.6; }
#jb-print-docs-body { break-after: page; }
#jb-print-docs-body > h1, .bd-article > section:first-of-type > h1 { display: none !important; }
span[id^="document-"] + section, section.pdf-document { break-before: page; }
/* the contents: one line per entry, its page number at the right after a dotted leader */
#jb-print-toc ul { list-style: none; padding-left: 0; margin: 0 0 0.6rem; }
#jb-print-toc p.caption { font-weight: 600; margin: 1rem 0 0.3rem; }
#jb-print-toc li.toc-entry { margin: 0.15rem 0 0.15rem 1rem; list-style: none !important; }
#jb-print-toc li.toc-entry::marker { content: none; }
#jb-print-toc a.toc-paged { display: flex; align-items: baseline; gap: 0.4em; padding: 0.1rem 0; }
#jb-print-toc .toc-leader { flex: 1 1 2em; min-width: 2em; border-bottom: 1.5px dotted #888; }
#jb-print-toc .toc-page { flex: none; min-width: 1.8em; text-align: right;
  font-variant-numeric: tabular-nums; }
h1, h2, h3, h4, .admonition-title, p.caption { break-after: avoid; }
h1 + *, h2 + *, h3 + * { break-before: avoid; }
/* keep figures, equations, tables and cells whole (a cell longer than a page still breaks,
   inside its box: the code itself may then split, so that no empty box is left behind) */
figure, img, .math, mjx-container[display="true"], table, .admonition, div.highlight,
.cell_input, .cell_output, dl.glossary > dt { break-inside: avoid; }
.cell_input, .cell_output, .cell_input [class*="highlight"], .cell_output [class*="highlight"],
.cell_input pre, .cell_output pre { display: block !important; }
.cell_input [class*="highlight"], .cell_output [class*="highlight"], .cell_input pre,
.cell_output pre { break-inside: auto !important; page-break-inside: auto !important; }
figure img, .cell_output img { max-width: 100% !important; height: auto !important; }
figcaption { break-before: avoid; }
/* code and outputs: everything visible; line lengths handled by the script */
pre { overflow: visible !important; max-height: none !important; }
.cell_output, .output, .highlight, .pst-scrollable-table-container, .table-wrapper {
  overflow: visible !important; max-height: none !important;
}
/* opened in print: hidden cells and dropdown solutions (their summaries hidden) */
details.hide > summary, details.toggle-details > summary { display: none !important; }
.admonition.toggle-hidden .admonition-title ~ * { display: block !important; }
/* links: inside the book as plain text, to the web in blue */
a { color: inherit; text-decoration: none; }
a[href^="http"] { color: #1a4b8c; }
"""

# Runs in the page before printing: open what is collapsed, mend links, shrink long code.
PREPARE_JS = """
([siteUrl, minRatio, pageHeight]) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  // links: "intro.html#x" is this very page, so "#x" (a link inside the PDF); any other
  // relative link (downloads, slides, the PDF itself) points at the published site, not at the
  // short-lived local server. Sphinx writes its links relative to the single page, raw HTML
  // links are relative to the folder of the document they were written in.
  const here = new URL(location.href);
  const folder = new Map();
  for (const span of document.querySelectorAll('span[id^="document-"]')) {
    const name = span.id.slice('document-'.length);
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
    const section = span.nextElementSibling;
    if (section) section.querySelectorAll('a[href]').forEach(a => folder.set(a, dir));
  }
  // a document's anchor (span#document-...) stands before its section, which starts a new
  // page: there its named destination would be the end of the page before. Moved into the
  // section, links to the document (the contents among them) land on its first page.
  for (const span of document.querySelectorAll('span[id^="document-"]')) {
    const section = span.nextElementSibling;
    if (section && section.tagName === 'SECTION') {
      section.classList.add('pdf-document');
      section.prepend(span);
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (!href || href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    const local = new URL(href, here);
    if (local.pathname === here.pathname) {
      a.setAttribute('href', local.hash || '#');
      continue;
    }
    const base = a.classList.contains('reference') ? siteUrl : new URL(folder.get(a) || '', siteUrl).href;
    a.setAttribute('href', new URL(href, base).href);
  }
  // long lines: a smaller font (not below minRatio of it) when that makes them fit, else
  // wrapped at the usual size (prose-like lines in text blocks); never cut off at the margin
  let shrunk = 0, wrapped = 0;
  const what = [];
  for (const pre of document.querySelectorAll('pre')) {
    if (pre.scrollWidth <= pre.clientWidth + 1) continue;
    const size = parseFloat(getComputedStyle(pre).fontSize);
    const fit = Math.floor(size * pre.clientWidth / pre.scrollWidth * 10) / 10;
    const first = pre.textContent.trim().split('\\n')[0].slice(0, 50);
    if (fit >= size * minRatio) {
      pre.style.fontSize = fit + 'px';
      shrunk += 1;
      what.push(`shrunk ${size}px -> ${fit}px: ${first}`);
    }
    if (pre.scrollWidth > pre.clientWidth + 1) {
      pre.style.fontSize = '';
      pre.style.whiteSpace = 'pre-wrap';
      pre.style.overflowWrap = 'anywhere';
      wrapped += 1;
      what.push(`wrapped: ${first}`);
    }
  }
  // wide tables (data frames): a smaller font, as far as minRatio of it
  for (const table of document.querySelectorAll('table')) {
    const box = table.parentElement;
    if (!box || table.scrollWidth <= box.clientWidth + 1) continue;
    const size = parseFloat(getComputedStyle(table).fontSize);
    table.style.fontSize = Math.max(size * minRatio, size * box.clientWidth / table.scrollWidth) + 'px';
    shrunk += 1;
    what.push(`table shrunk from ${size}px: ${table.textContent.trim().slice(0, 50)}`);
  }
  // a block taller than a page breaks anyway: let it start where it stands instead of
  // leaving the rest of the page empty
  for (const e of document.querySelectorAll('.cell_input, .cell_output, .admonition, table, div[class*="highlight"]')) {
    if (e.offsetHeight > 0.9 * pageHeight) e.style.setProperty('break-inside', 'auto', 'important');
  }
  const broken = [...document.images].filter(i => !i.naturalWidth).map(i => i.src);
  const mathErrors = [...document.querySelectorAll('mjx-merror')].map(e => e.textContent);
  const rawMath = [...document.querySelectorAll('.math')].filter(
    e => !e.querySelector('mjx-container')).length;
  return {shrunk, wrapped, what, broken, mathErrors, rawMath};
}
"""

# The title page: the book's title, the introduction's first paragraph, author, address, date.
TITLE_PAGE_JS = """
(meta) => {
  const title = document.querySelector('#jb-print-docs-body h1, .bd-article h1').textContent;
  const lead = document.querySelector('.bd-article section > p');
  const page = document.createElement('section');
  page.id = 'glmnn-pdf-title';
  const add = (cls, text) => {
    const p = document.createElement('p'); p.className = cls; p.innerHTML = text; page.append(p); };
  add('pdf-title', title);
  if (lead) add('pdf-subtitle', lead.innerHTML);
  add('pdf-meta', meta.map(m => m.replace(/&/g, '&amp;').replace(/</g, '&lt;')).join('<br>'));
  const first = document.querySelector('#jb-print-docs-body') || document.querySelector('.bd-article');
  first.before(page);
}
"""

WAIT_IMAGES_JS = """
async () => {
  const images = [...document.images];
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener('load', r); i.addEventListener('error', r); })));
  await document.fonts.ready;
  return images.length;
}
"""


# The contents' entries get a dotted leader and a page number (placeholders before the first
# print, so that every print lays the contents out alike); returns the entries' targets.
TOC_PAGES_JS = """
(pages) => {
  const targets = [];
  for (const a of document.querySelectorAll('#jb-print-toc a[href^="#"]')) {
    const target = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!target) continue;
    targets.push(target);
    if (!a.classList.contains('toc-paged')) {
      const title = document.createElement('span');
      title.className = 'toc-title';
      title.append(...a.childNodes);
      const leader = document.createElement('span');
      leader.className = 'toc-leader';
      const number = document.createElement('span');
      number.className = 'toc-page';
      a.append(title, leader, number);
      a.classList.add('toc-paged');
    }
    a.querySelector('.toc-page').textContent = pages ? String(pages[target]) : '000';
  }
  return targets;
}
"""


def _fail(message: str) -> None:
    raise SystemExit(f"book_pdf: {message}")


def _read_yaml(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def chapter_titles(root: Path = ROOT) -> list[str]:
    """The first level-1 heading of every chapter notebook, in _toc.yml order, as plain text."""
    titles = []
    for notebook in _chapter_notebooks(root):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            match = re.search(r"^# (.+)$", "".join(cell["source"]), re.M)
            if match:
                titles.append(_plain(match.group(1)))
                break
        else:
            _fail(f"{notebook.relative_to(root)} has no '# ' heading")
    return titles


def _documents(root: Path) -> list[Path]:
    """Every document of the book, in _toc.yml order (.md or .ipynb)."""
    toc = _read_yaml(root / "_toc.yml")
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", [])
                             for c in part.get("chapters", [])]
    found = []
    for name in files:
        found += [p for p in (root / f"{name}.ipynb", root / f"{name}.md", root / name)
                  if p.is_file()][:1]
    return found


def _chapter_notebooks(root: Path) -> list[Path]:
    return [p for p in _documents(root) if p.suffix == ".ipynb"]


def _code_text(root: Path) -> str:
    """The book's code as printed: code cells, their text outputs, code in Markdown."""
    fence = re.compile(r"^(`{3,}|~{3,})(?!\{)[^\n]*\n(.*?)^\1", re.M | re.S)
    inline = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
    parts = []

    def markdown(text: str) -> None:
        parts.extend(m.group(2) for m in fence.finditer(text))
        parts.extend(inline.findall(text))

    for path in _documents(root):
        if path.suffix != ".ipynb":
            markdown(path.read_text(encoding="utf-8"))
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                markdown(source)
                continue
            parts.append(source)
            for output in cell.get("outputs", []):
                text = output.get("text") or output.get("data", {}).get("text/plain", "")
                parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def numbered_items(root: Path = ROOT) -> dict[int, tuple[int, int]]:
    """Chapter number -> (figures, labelled equations) the chapter defines.

    Figures: code cells with a ``mystnb.figure.caption`` (how the chapters make them) and
    ``{figure}`` directives; equations: ``$$ ... $$ (label)`` and ``{math}`` with ``:label:``.
    """
    counts = {}
    for number, notebook in enumerate(_chapter_notebooks(root), start=1):
        figures = equations = 0
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            meta = cell.get("metadata", {})
            if cell["cell_type"] == "code":
                figure = (meta.get("mystnb") or meta.get("myst") or {}).get("figure") or {}
                figures += bool(figure.get("caption"))
            elif cell["cell_type"] == "markdown":
                figures += len(re.findall(r"^`{3,}\{(?:glue:)?figure\}", source, re.M))
                equations += len(re.findall(r"^\$\$[ \t]*\([^)\n]+\)[ \t]*$", source, re.M))
                equations += len(re.findall(r"^`{3,}\{math\}\n(?::[^\n]*\n)*?:label:", source, re.M))
        counts[number] = (figures, equations)
    return counts


def _plain(markdown: str) -> str:
    text = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", markdown)  # {role}`text`
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url)
    return _normalise(text.replace("`", "").replace("*", ""))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- build


@contextmanager
def _singlehtml_translators():
    """Let the singlehtml builder use the html handlers of nodes registered for html only."""
    from sphinx.registry import SphinxComponentRegistry

    original = SphinxComponentRegistry.create_translator

    def create_translator(self, builder, *args):
        if builder.name == "singlehtml":
            single = self.translation_handlers.setdefault("singlehtml", {})
            for name, handlers in self.translation_handlers.get("html", {}).items():
                single.setdefault(name, handlers)
        return original(self, builder, *args)

    SphinxComponentRegistry.create_translator = create_translator
    try:
        yield
    finally:
        SphinxComponentRegistry.create_translator = original


@contextmanager
def _without_missing_extra_paths(missing: list[str]):
    """Leave the html_extra_path folders that do not exist out of this build's configuration.

    They are copied into the output as they are (the slide decks, the chapter packs) and the
    PDF does not contain them: its links to them point at the published site. Without this,
    Sphinx warns about a missing folder and -W stops the build (``make pdf`` does not make the
    packs, which need every chapter run again).
    """
    import jupyter_book.sphinx as jb_sphinx

    original = jb_sphinx.get_final_config

    def get_final_config(*args, **kwargs):
        sphinx_config, meta = original(*args, **kwargs)
        extra = sphinx_config.get("html_extra_path")
        if extra:
            sphinx_config["html_extra_path"] = [e for e in extra if e not in missing]
        return sphinx_config, meta

    jb_sphinx.get_final_config = get_final_config
    try:
        yield
    finally:
        jb_sphinx.get_final_config = original


def build_singlehtml(build_dir: Path) -> Path:
    """Build the book as one HTML page under build_dir; return the page's path."""
    from jupyter_book.cli.main import main as jupyter_book

    sphinx = _read_yaml(ROOT / "_config.yml").get("sphinx", {}).get("config", {})
    folders = ["_student", *sphinx.get("html_static_path", [])]
    missing = [f"{f}/" for f in folders if not (ROOT / f).is_dir()]
    if missing:  # made by make book's prerequisites (fetch_mathjax.py, student)
        _fail(f"{', '.join(missing)} missing: run `make book` (or the pdf target) first")
    extra_missing = [f for f in sphinx.get("html_extra_path", []) if not (ROOT / f).is_dir()]
    if extra_missing:
        print(f"book_pdf: {', '.join(extra_missing)} not built: left out of the single page "
              "(the PDF links them on the published site)")
    args = ["build", "--all", "-W", "-n", "--keep-going", "--builder", "singlehtml",
            "--path-output", str(build_dir), str(ROOT)]
    with _singlehtml_translators(), _without_missing_extra_paths(extra_missing):
        try:
            jupyter_book(args, standalone_mode=False)
        except (RuntimeError, SystemExit) as error:
            _fail(f"the singlehtml build failed ({error!s:.200})")
    root_doc = _read_yaml(ROOT / "_toc.yml")["root"]
    page = build_dir / "_build" / "singlehtml" / f"{root_doc}.html"
    if not page.exists():
        _fail(f"the singlehtml build wrote no {page}")
    return page


# --------------------------------------------------------------------------- print


def find_browser(choice: str | None) -> str | None:
    """The Chromium to launch (``--browser``, else as scripts/local_browser.py chooses)."""
    try:
        return find_chromium(choice)
    except SystemExit as missing:
        _fail(f"{missing} (or pass --browser PATH)")
    return None


def _title_meta(config: dict) -> list[str]:
    url = config.get("html", {}).get("baseurl", "")
    return [m for m in (config.get("author", ""), url, time.strftime("%d %B %Y")) if m]


def print_pdf(page_html: Path, pdf_path: Path, browser: str | None) -> dict:
    """Print the single-page book to pdf_path with Chromium; return what the page reported."""
    from playwright.sync_api import sync_playwright

    config = _read_yaml(ROOT / "_config.yml")
    site_url = config.get("html", {}).get("baseurl") or "https://example.invalid/"
    margin_mm = {side: f"{mm}mm" for side, mm in MARGIN.items()}
    width_px = round((A4_WIDTH_MM - MARGIN["left"] - MARGIN["right"]) * PX_PER_MM)
    height_px = round((A4_HEIGHT_MM - MARGIN["top"] - MARGIN["bottom"]) * PX_PER_MM)
    small = "font-family: sans-serif; font-size: 8px; color: #555; width: 100%;"
    header = (f'<div style="{small} padding: 0 {MARGIN["left"]}mm; display: flex; '
              f'justify-content: space-between;"><span>{escape(config["title"])}</span></div>')
    footer = (f'<div style="{small} text-align: center;"><span class="pageNumber"></span>'
              ' / <span class="totalPages"></span></div>')
    blocked: list[str] = []
    partial = pdf_path.with_name(pdf_path.name + ".part")
    with serve(page_html.parent) as base, sync_playwright() as playwright:
        try:
            chromium = launch(playwright, browser)
        except Exception as error:  # playwright's Error: no browser, or one that does not start
            hint = ("run `python -m playwright install chromium`" if browser is None
                    else "pass another one with --browser or GLMNN_CHROMIUM")
            _fail(f"Chromium did not start ({str(error).splitlines()[0]}): {hint}")
        try:
            context = chromium.new_context(viewport={"width": width_px, "height": 1100},
                                           color_scheme="light", service_workers="block")

            def route(r):
                if r.request.url.startswith(base):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.emulate_media(media="print")
            page.goto(base + page_html.name, wait_until="load", timeout=120_000)
            try:
                page.wait_for_function(
                    "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                    timeout=60_000)
            except Exception:  # playwright's TimeoutError
                _fail("MathJax did not load within 60 s (is mathjax_path served by the site?); "
                      f"requests blocked: {sorted(set(blocked))[:5]}")
            page.evaluate("() => MathJax.startup.promise")  # every formula typeset
            images = page.evaluate(WAIT_IMAGES_JS)
            page.add_style_tag(content=PRINT_CSS)
            page.evaluate(TITLE_PAGE_JS, _title_meta(config))
            report = page.evaluate(PREPARE_JS, [site_url, MIN_CODE_RATIO, height_px])
            report["images"] = images
            if report["broken"]:
                _fail(f"images that did not load: {report['broken'][:5]}")
            if report["mathErrors"]:
                _fail(f"MathJax errors: {report['mathErrors'][:5]}")
            if report["rawMath"]:
                _fail(f"{report['rawMath']} maths elements not typeset by MathJax")
            pdf_path.parent.mkdir(parents=True, exist_ok=True)

            def print_to_partial() -> dict[str, int]:
                page.pdf(path=str(partial), format="A4", margin=margin_mm,
                         print_background=True, display_header_footer=True,
                         header_template=header, footer_template=footer, outline=True,
                         tagged=True)
                return destinations(partial)

            # the contents' page numbers: print with placeholders, read where each entry
            # starts, write the numbers in and print again; the numbers only change text on
            # the contents page, which ends with a page break, so the pages stay where they
            # were. That is checked, and should they move, the book is printed once more.
            targets = page.evaluate(TOC_PAGES_JS, None)
            dests = print_to_partial()
            for prints in range(2, MAX_PRINTS + 1):
                pages = {t: dests.get(t) for t in targets}
                if None in pages.values():
                    _fail("no named destination in the PDF for the contents' entries "
                          f"{[t for t, n in pages.items() if n is None]}")
                page.evaluate(TOC_PAGES_JS, pages)
                dests = print_to_partial()
                moved = {t: (n, dests.get(t)) for t, n in pages.items() if dests.get(t) != n}
                if not moved:
                    break
                print(f"book_pdf: the contents' numbers moved entries (old, new): {moved}; "
                      "printing again")
            else:
                _fail(f"the contents' page numbers did not settle in {MAX_PRINTS} prints")
            report["contents"], report["prints"] = pages, prints
            partial.replace(pdf_path)  # never a half-written PDF at the published path
        finally:
            chromium.close()
            partial.unlink(missing_ok=True)  # a print that failed on the way
    report["blocked"] = sorted(set(blocked))
    return report


# --------------------------------------------------------------------------- check


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "poppler-utils"],
                       check=True)
        path = shutil.which(name)
    if not path:
        _fail(f"{name} is needed: install poppler-utils (Debian, Ubuntu: apt-get install poppler-utils)")
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def pdf_text(pdf: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def layout_text(pdf: Path, first: int, last: int) -> str:
    """The text of pages first to last, laid out as printed (pages separated by form feeds)."""
    return subprocess.run([_tool("pdftotext"), "-layout", "-enc", "UTF-8", "-f", str(first),
                           "-l", str(last), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def parse_destinations(text: str) -> dict[str, int]:
    """Name -> page of the named destinations that ``pdfinfo -dests`` lists.

    Its lines look like ``   7 [ XYZ    0  814 null      ] "ch-neuron"``; a name listed
    twice keeps its first (lowest) page.
    """
    found: dict[str, int] = {}
    for match in re.finditer(r'^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$', text, re.M):
        found.setdefault(match.group(2), int(match.group(1)))
    return found


def destinations(pdf: Path) -> dict[str, int]:
    """The PDF's named destinations (Chromium writes one for every element a link points at)."""
    out = subprocess.run([_tool("pdfinfo"), "-dests", str(pdf)], capture_output=True,
                         text=True, check=True).stdout
    return parse_destinations(out)


def contents_entries(root: Path = ROOT) -> list[tuple[str, str]]:
    """(title, named destination) of every entry of the contents page, in _toc.yml order.

    Every document but the root one; Sphinx's single page anchors a document at
    ``#document-<name>``, the name being its path without the suffix.
    """
    entries = []
    for path in _documents(root)[1:]:
        name = path.relative_to(root).with_suffix("").as_posix()
        entries.append((_document_title(path, root), f"document-{name}"))
    return entries


def _document_title(path: Path, root: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    match = re.search(r"^# (.+)$", text, re.M)
    if not match:
        _fail(f"{path.relative_to(root)} has no '# ' heading")
    return _plain(match.group(1))


def printed_contents(text: str, titles: list[str]) -> list[tuple[str, int | None]]:
    """(title, printed page or None) of the titles found on the contents page, in order.

    ``text`` is ``pdftotext -layout`` of the first pages; the contents start at the line
    "Contents". An entry is a line that reads the title (after the chapter number Sphinx puts
    before it, "3. "), then optionally spaces and a page number; a title wrapped onto a
    second line is joined up. The titles are looked for in order, each after the one before.
    """
    lines = [_normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if "Contents" not in lines:
        return []
    lines = lines[lines.index("Contents") + 1:]
    found: list[tuple[str, int | None]] = []
    at = 0
    for title in titles:
        entry = re.compile(r"(?:\d+(?:\.\d+)*\.? )?" + re.escape(_normalise(title))
                           + r"(?: (\d+))?")

        def read(i: int) -> re.Match | None:
            joined = [lines[i] + " " + lines[i + 1]] if i + 1 < len(lines) else []
            return next((m for m in map(entry.fullmatch, [lines[i]] + joined) if m), None)

        for i in range(at, len(lines)):
            match = read(i)
            if not match:
                continue
            if match.group(1) is None and i + 1 < len(lines):
                after = read(i + 1)
                if after and after.group(1):  # a caption of the same name ("For instructors")
                    continue
            found.append((title, int(match.group(1)) if match.group(1) else None))
            at = i + 1
            break
    return found


def contents_page_problems(printed: list[tuple[str, int | None]],
                           actual: list[tuple[str, int | None]]) -> list[str]:
    """What is wrong with the page numbers of the contents (an empty list when nothing is).

    ``printed``: (title, page number printed on the contents page, None when none is) as
    read from the page; ``actual``: (title, page on which it starts, None when the PDF does
    not say) for every entry the contents should list.
    """
    problems = []
    numbers = dict(printed)
    for title, real in actual:
        if title not in numbers:
            problems.append(f"contents: {title!r} is not listed")
        elif real is None:
            problems.append(f"contents: {title!r} has no named destination in the PDF")
        elif numbers[title] is None:
            problems.append(f"contents: {title!r} has no page number (it starts on page {real})")
        elif numbers[title] != real:
            problems.append(f"contents: {title!r} printed as page {numbers[title]}, but it "
                            f"starts on page {real}")
    return problems


def check_contents(pdf: Path, root: Path = ROOT) -> list[str]:
    """The contents page's numbers against the pages where its entries start."""
    entries = contents_entries(root)
    dests = destinations(pdf)
    actual = [(title, dests.get(name)) for title, name in entries]
    starts = [page for _, page in actual if page]
    last = min(starts) - 1 if starts else min(10, page_count(pdf))
    printed = printed_contents(layout_text(pdf, 1, max(last, 1)), [t for t, _ in entries])
    if not printed:
        return [f"no contents page (a line 'Contents' and its entries) in pages 1-{last}"]
    problems = contents_page_problems(printed, actual)
    squash = lambda text: re.sub(r"\s+", "", _normalise(text))  # noqa: E731 - titles may wrap
    for title, page in actual:  # the destination is where the entry starts: its title is there
        if page and squash(title) not in squash(layout_text(pdf, page, page)):
            problems.append(f"contents: {title!r} is not on page {page}, where its named "
                            "destination points")
    return problems


def check_pdf(pdf: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with the book's PDF (an empty list when nothing is)."""
    pdf = Path(pdf)
    if not pdf.is_file() or pdf.stat().st_size == 0:
        return [f"{pdf} does not exist or is empty"]
    problems = []
    titles = chapter_titles(root)
    pages = page_count(pdf)
    low, high = (n * len(titles) for n in PAGES_PER_CHAPTER)
    if not low <= pages <= high:
        problems.append(f"{pages} pages, expected {low} to {high} for {len(titles)} chapters")
    raw = pdf_text(pdf)
    text = _normalise(raw)
    for title in titles:
        if title not in text:
            problems.append(f"chapter title not found: {title!r}")
    figures = set(re.findall(r"Fig\. (\d+\.\d+)", text))
    equations = set(re.findall(r"\((\d+\.\d+)\)", text))
    for chapter, (n_fig, n_eq) in numbered_items(root).items():
        missing_fig = [f"Fig. {chapter}.{i}" for i in range(1, n_fig + 1)
                       if f"{chapter}.{i}" not in figures]
        missing_eq = [f"({chapter}.{i})" for i in range(1, n_eq + 1)
                      if f"{chapter}.{i}" not in equations]
        if missing_fig or missing_eq:
            problems.append(f"chapter {chapter}: numbers not found: {missing_fig + missing_eq}")
    if "1.1" not in figures or "1.1" not in equations:
        problems.append("no 'Fig. 1.1' or '(1.1)': numbered figures or equations are missing")
    code = _code_text(root)  # TeX inside code (plot labels, for instance) is printed as such
    for tex in RAW_TEX:
        if raw.count(tex) > code.count(tex):
            at = raw.index(tex)
            problems.append(f"raw TeX {tex!r} in the text: ...{_normalise(raw[at - 60:at + 60])}...")
    for error in MATHJAX_ERRORS:
        if error in text:
            problems.append(f"MathJax error in the text: {error!r}")
    data = pdf.read_bytes()
    if b"127.0.0.1" in data:
        problems.append("a link points at the local server (127.0.0.1)")
    problems += check_contents(pdf, root)
    root_doc = _read_yaml(root / "_toc.yml")["root"].encode()
    if re.search(rb"/URI \([^)]*/" + re.escape(root_doc) + rb"\.html#", data):
        problems.append("links inside the book point at the web (…/%s.html#…), not inside the "
                        "PDF" % root_doc.decode())
    return problems


# --------------------------------------------------------------------------- main


def _human(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site-out", type=Path, metavar="DIR",
                        help="the built site (default: _build/html when it exists); the PDF "
                        "goes to DIR/pdf/glmnn-course.pdf")
    parser.add_argument("--pdf", type=Path, help="write the PDF here instead")
    parser.add_argument("--browser", help="Chromium to use (default: $GLMNN_CHROMIUM, else "
                        "/usr/bin/chromium; 'playwright': Playwright's own)")
    parser.add_argument("--build-dir", type=Path, help="keep the singlehtml build here "
                        "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--check", type=Path, metavar="PATH", help="only check an existing PDF")
    args = parser.parse_args(argv)

    if args.check:
        problems = check_pdf(args.check)
        for problem in problems:
            print(f"book_pdf --check: {problem}")
        if problems:
            return 1
        print(f"{args.check}: {page_count(args.check)} pages, "
              f"{_human(args.check.stat().st_size)}, all checks passed")
        return 0

    started = time.monotonic()
    site = ROOT / "_build" / "html"
    if args.pdf:
        pdf = args.pdf
    elif args.site_out:
        pdf = args.site_out / "pdf" / PDF_NAME
    elif (site / "index.html").exists():
        pdf = site / "pdf" / PDF_NAME
    else:
        pdf = ROOT / "_build" / "pdf" / PDF_NAME
        print(f"book_pdf: no site in {site}, writing {pdf}")
    browser = find_browser(args.browser)
    pdf.unlink(missing_ok=True)  # a failed run leaves no stale PDF to be published or checked
    with tempfile.TemporaryDirectory(prefix="glmnn-pdf-") as scratch:
        build_dir = args.build_dir or Path(scratch)
        page = build_singlehtml(build_dir.resolve())
        built = time.monotonic()
        report = print_pdf(page, pdf.resolve(), browser)
    if report["blocked"]:
        print(f"book_pdf: blocked {len(report['blocked'])} outside request(s): "
              + ", ".join(report["blocked"][:5]))
    print(f"book_pdf: {report['images']} images; {report['shrunk']} wide code blocks or tables "
          f"shrunk to fit, {report['wrapped']} wrapped")
    for line in report["what"]:
        print(f"  {line}")
    print(f"book_pdf: page numbers of {len(report['contents'])} contents entries from the "
          f"named destinations, {report['prints']} prints: "
          + ", ".join(f"{t.removeprefix('document-')} {n}" for t, n in report["contents"].items()))
    print(f"{pdf}: {page_count(pdf)} pages, {_human(pdf.stat().st_size)}, "
          f"{time.monotonic() - started:.0f} s (build {built - started:.0f} s, "
          f"print {time.monotonic() - built:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
