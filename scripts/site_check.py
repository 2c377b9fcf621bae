"""Check the built site as a reader's browser sees it, offline.

Usage: python scripts/site_check.py [SITE] [--screenshots DIR]   (SITE defaults to _build/html;
`make site-check` builds the site first)

The site folder is served on 127.0.0.1 (a free port, `http.server` in a thread) and opened in
Debian's Chromium through Playwright; every request that is not to that server is blocked and
reported, so a page that needs the internet fails the check. Every HTML page (found from the
files, without `_static/`, `_sources/`, `genindex.html` and the slide decks of `slides/`) must:

- load with no console error, no uncaught exception and no failed request to the site itself,
  and no script or stylesheet twice;
- show every image (`naturalWidth > 0`), each with a non-empty alt text;
- have every internal link and `#anchor` resolve (the file exists, the id exists in it), and
  a favicon;
- on a chapter (notebook) page, have Binder and Colab launch buttons and .ipynb/.md download
  buttons that point to the page's own notebook;
- have its mathematics typeset (MathJax's `mjx-container`s present, no raw `\\(`, `\\[` or `$$`
  left in the text outside code), MathJax 3 or 4 having finished within 20 s;
- not be wider than a 390 px phone (code blocks and tables may scroll inside their own box);
- read well at 390 px, measured in the article (`article.bd-article`, else `main`), not the
  sidebars or header (PHONE_READING, phone_reading_problems): every box that scrolls sideways
  (`overflow-x` auto or scroll, content wider than the box) carries the class `glmnn-scrolls`,
  which _static/course.js adds and the site's CSS turns into a visible cue; no display
  equation wider than its column and no inline formula past the screen's edge (or cut off by
  a box that hides its overflow) outside such a box; no code cut off by a `pre` that hides
  its overflow; every figure (an image 48 px wide or more, badges aside) inside a link to its
  own image file, a full-size view; and the back-to-top button `#pst-back-to-top` still
  hidden once the reader has scrolled down and back up to 60 % of the page. The report gives
  each page's counts on one line, problems or not: `display equations wide 0/6, inline
  clipped 0, code sideways 0/36, figures linked 20/20, sideways boxes cued 3/3` (wide
  equations and code that scroll with the cue are no problem, but counted: the course aims
  for none);
- at 390 px, open the site navigation with the menu button and, on a page with one, the
  "On this page" panel with its button; at 1280 px the menu button hides the sidebar.

The search page must find results for "softmax". If the site has `slides/index.json` (written by
scripts/slides.py), every reveal.js deck must become ready with the listed number of slides, with
no console error and no request outside the site, pass scripts/deck_check.py's limits on every
slide (words, font sizes, code lines, nothing cut off) and have its PDF handout next to it with
one page per slide. A report lists the problems by page; the exit
status is 1 if there is any.

Chromium is chosen as scripts/local_browser.py says: `$GLMNN_CHROMIUM`, else Debian's
`/usr/bin/chromium`, installed with apt-get when it is missing and the script runs as root.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from local_browser import find_chromium, launch, serve  # noqa: E402
import deck_check  # noqa: E402
from book_pdf import page_count  # noqa: E402
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: folders of the site that are not pages to check (slides/ is checked deck by deck)
SKIP_DIRS = {"_static", "_sources", "slides"}
SKIP_FILES = {"genindex.html"}
SEARCH_QUERY = "softmax"
DESKTOP_LABEL = f" ({DESKTOP['width']} px)"
TIMEOUT_MS = 20_000
#: the class _static/course.js puts on every box of the article that scrolls sideways at the
#: reader's width; the site's CSS shows a cue (a shadow, an arrow) for it
CUE_CLASS = "glmnn-scrolls"


# ----------------------------------------------------------------------------- pure parts


def find_pages(root: Path) -> list[str]:
    """The HTML pages of the site, as paths relative to `root` with forward slashes."""
    pages = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root)
        if rel.parts[0] in SKIP_DIRS or rel.as_posix() in SKIP_FILES:
            continue
        pages.append(rel.as_posix())
    return pages


@dataclass
class PageInfo:
    """What the checks need from one HTML file, read without a browser."""

    ids: set[str] = field(default_factory=set)
    #: (tag, attribute, value) of every link-like attribute: a/link href, img/script/source src
    links: list[tuple[str, str, str]] = field(default_factory=list)
    #: (src, alt or None) of every <img>
    images: list[tuple[str, str | None]] = field(default_factory=list)
    has_math: bool = False
    redirect: str | None = None
    launch_links: list[str] = field(default_factory=list)
    download_links: list[str] = field(default_factory=list)
    #: href of every <link rel="icon">
    icons: list[str] = field(default_factory=list)
    #: every script and stylesheet file, without its ?v= query
    assets: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()
        self._dropdowns: list[tuple[str, int]] = []  # (kind, depth) of the open button menus
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        self._depth += 1
        a = {k: (v if v is not None else "") for k, v in attrs}
        self._element(tag, a)
        if tag in ("img", "link", "meta", "br", "hr", "input", "source", "area", "wbr", "col", "base"):
            self._depth -= 1  # void elements have no end tag

    def handle_startendtag(self, tag, attrs):
        self._element(tag, {k: (v if v is not None else "") for k, v in attrs})

    def handle_endtag(self, tag):
        self._depth -= 1
        while self._dropdowns and self._dropdowns[-1][1] > self._depth:
            self._dropdowns.pop()

    def _element(self, tag, a):
        info = self.info
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                info.ids.add(a[key])
        classes = a.get("class", "").split()
        if "math" in classes:
            info.has_math = True
        if tag == "div" and "dropdown-launch-buttons" in classes:
            self._dropdowns.append(("launch", self._depth))
        elif tag == "div" and "dropdown-download-buttons" in classes:
            self._dropdowns.append(("download", self._depth))
        for attr in ("href", "src"):
            value = a.get(attr)
            if value is None or (tag, attr) not in {("a", "href"), ("link", "href"), ("img", "src"),
                                                    ("script", "src"), ("source", "src")}:
                continue
            info.links.append((tag, attr, value))
            if tag == "a" and self._dropdowns:
                kind = self._dropdowns[-1][0]
                (info.launch_links if kind == "launch" else info.download_links).append(value)
        if tag == "img":
            info.images.append((a.get("src", ""), a.get("alt")))
        rel = a.get("rel", "").lower().split()
        if tag == "link" and "icon" in rel and a.get("href"):
            info.icons.append(a["href"])
        if (tag == "script" and a.get("src")) or (tag == "link" and "stylesheet" in rel and a.get("href")):
            info.assets.append((a.get("src") or a["href"]).split("?")[0])
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            target = a.get("content", "").partition("url=")[2].strip()
            if target:
                info.redirect = target
                info.links.append(("meta", "refresh", target))


def parse_page(text: str) -> PageInfo:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.info


def resolve_link(page: str, url: str) -> tuple[str, str] | None:
    """(target file, fragment) of a link on `page`, both relative to the site root, or None for
    a link that leaves the site (another scheme or host: http(s), mailto, data, javascript)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/"))
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return target, unquote(parts.fragment)


class LinkChecker:
    """Resolves internal links and anchors against the files of the site (parsed once each)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._info: dict[str, PageInfo] = {}

    def info(self, rel: str) -> PageInfo:
        if rel not in self._info:
            self._info[rel] = parse_page((self.root / rel).read_text(encoding="utf-8", errors="replace"))
        return self._info[rel]

    def check(self, page: str) -> list[str]:
        problems, seen = [], set()
        for tag, attr, url in self.info(page).links:
            if url in seen:
                continue
            seen.add(url)
            problem = self.check_url(page, url)
            if problem:
                problems.append(f"broken link <{tag} {attr}={url!r}>: {problem}")
        return problems

    def check_url(self, page: str, url: str) -> str | None:
        resolved = resolve_link(page, url)
        if resolved is None:
            return None
        target, fragment = resolved
        if target == ".." or target.startswith("../"):
            return "points outside the site"
        path = self.root / target
        if path.is_dir():
            target = posixpath.join(target, "index.html") if target != "." else "index.html"
            path = self.root / target
        if not path.is_file():
            return f"{target} does not exist"
        # an empty fragment is the top of the page; "#/3" is a reveal.js route, not an id
        if fragment and not fragment.startswith("/") and target.endswith(".html"):
            if fragment not in self.info(target).ids:
                return f"no id {fragment!r} in {target}"
        return None


def overflow_problem(scroll_width: int, viewport_width: int, tolerance: int = 1) -> str | None:
    """The phone rule: the page itself may not scroll sideways (its own boxes may)."""
    if scroll_width > viewport_width + tolerance:
        return (f"page is {scroll_width} px wide at a {viewport_width} px phone width "
                f"(scrolls sideways by {scroll_width - viewport_width} px)")
    return None


def notebook_source(root: Path, page: str) -> str | None:
    """The notebook a page was built from (`chapters/01-neuron.ipynb`), or None for other pages."""
    stem = page[: -len(".html")]
    return f"{stem}.ipynb" if (root / "_sources" / f"{stem}.ipynb").is_file() else None


def check_notebook_buttons(page: str, notebook: str | None, info: PageInfo) -> list[str]:
    """Launch buttons (chapter pages) and download buttons (every page) point to the page's own
    source: Binder's urlpath and Colab's path end with the notebook, downloads are named after it."""
    problems = []
    stem = posixpath.basename(page)[: -len(".html")]
    if notebook:
        binder = [u for u in info.launch_links if "mybinder.org" in u or "/v2/gh/" in u]
        colab = [u for u in info.launch_links if "colab.research.google.com" in u]
        if not binder:
            problems.append("no Binder launch button")
        if not colab:
            problems.append("no Colab launch button")
        for url in binder:
            if not unquote(url).split("?", 1)[-1].rstrip("/").endswith(notebook):
                problems.append(f"Binder button does not open {notebook}: {url}")
        for url in colab:
            if not urlsplit(url).path.endswith("/" + notebook):
                problems.append(f"Colab button does not open {notebook}: {url}")
    downloads = [u for u in info.download_links if resolve_link(page, u) is not None]
    for url in downloads:
        name = posixpath.basename(urlsplit(url).path)
        base, _, ext = name.rpartition(".")
        if base != stem or ext not in ("ipynb", "md"):
            problems.append(f"download button is not this page's notebook or Markdown: {url}")
    if notebook and not any(posixpath.basename(urlsplit(u).path) == f"{stem}.ipynb" for u in downloads):
        problems.append("no .ipynb download button")
    return problems


def phone_reading_problems(facts: dict) -> list[str]:
    """The problems in what PHONE_READING measured on one page at the phone width. Snippets of
    TeX and code are quoted as they are (no escaped backslashes), to be found in the source."""
    problems = []
    for box in facts["scrollers"]:
        if not box["cued"]:
            problems.append(f"sideways-scrolling {box['kind']} without the {CUE_CLASS} cue: "
                            f"'{box['text']}'")
    for eq in facts["display"]["wide"]:
        if not eq["cued"]:
            problems.append(f"display equation wider than its column, not in a {CUE_CLASS} box: "
                            f"'{eq['text']}'")
    for formula in facts["inline"]["clipped"]:
        if not formula["cued"]:
            problems.append(f"inline formula past the screen's edge: '{formula['text']}'")
    for code in facts["code"]["sideways"]:
        if code.get("cut"):
            problems.append(f"{code['kind']} cut off at its box's edge (overflow hidden, it cannot "
                            f"scroll): '{code['text']}'")
    for name in facts["figures"]["unlinked"]:
        problems.append(f"figure without a full-size link: {name}")
    if facts["back_to_top"]["visible"]:
        problems.append("the back-to-top button (#pst-back-to-top) shows over the text after "
                        "scrolling")
    return problems


def phone_reading_counts(facts: dict) -> dict[str, int]:
    """The numbers behind a page's summary line: each kind measured, and how many of them."""
    return {
        "display": facts["display"]["total"], "display_wide": len(facts["display"]["wide"]),
        "inline": facts["inline"]["total"], "inline_clipped": len(facts["inline"]["clipped"]),
        "code": facts["code"]["total"], "code_sideways": len(facts["code"]["sideways"]),
        "figures": facts["figures"]["total"],
        "figures_linked": facts["figures"]["total"] - len(facts["figures"]["unlinked"]),
        "scrolling": len(facts["scrollers"]),
        "scrolling_cued": sum(1 for box in facts["scrollers"] if box["cued"]),
    }


def phone_reading_summary(counts: dict[str, int]) -> str:
    """One line: `display equations wide 0/6, inline clipped 0, code sideways 0/36, figures
    linked 20/20, sideways boxes cued 3/3`."""
    c = counts
    return (f"display equations wide {c['display_wide']}/{c['display']}, "
            f"inline clipped {c['inline_clipped']}, "
            f"code sideways {c['code_sideways']}/{c['code']}, "
            f"figures linked {c['figures_linked']}/{c['figures']}, "
            f"sideways boxes cued {c['scrolling_cued']}/{c['scrolling']}")


class Report:
    """Problems by page, and the readable summary printed at the end."""

    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = defaultdict(list)
        self.checked: list[str] = []
        self.notes: list[str] = []
        #: phone_reading_counts of every page measured at the phone width
        self.reading: dict[str, dict[str, int]] = {}

    def add(self, page: str, problem: str) -> None:
        if problem not in self.problems[page]:
            self.problems[page].append(problem)

    @property
    def ok(self) -> bool:
        return not any(self.problems.values())

    def render(self, site: str, seconds: float) -> str:
        count = sum(len(v) for v in self.problems.values())
        lines = [f"Site check of {site}: {len(self.checked)} pages checked in {seconds:.1f} s",
                 "  " + ", ".join(self.checked)]
        lines += [f"  {note}" for note in self.notes]
        if self.reading:
            lines.append(f"  Reading at {PHONE['width']} px:")
            lines += [f"    {page}: {phone_reading_summary(c)}" for page, c in self.reading.items()]
            if len(self.reading) > 1:
                total = {k: sum(c[k] for c in self.reading.values())
                         for k in next(iter(self.reading.values()))}
                lines.append(f"    all {len(self.reading)} pages: {phone_reading_summary(total)}")
        if self.ok:
            lines.append("OK: no problems found.")
            return "\n".join(lines)
        pages = [p for p in self.problems if self.problems[p]]
        lines.append(f"{count} problem{'s' * (count != 1)} on {len(pages)} page{'s' * (len(pages) != 1)}:")
        for page in sorted(pages):
            lines.append(page)
            lines += [f"  - {p}" for p in self.problems[page]]
        return "\n".join(lines)


# ----------------------------------------------------------------------------- server


# ----------------------------------------------------------------------------- browser

WAIT_MATHJAX = """async (timeout) => {
  if (!document.querySelector('script[src*="mathjax"]')) return 'none';
  const end = Date.now() + timeout;
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (Date.now() > end) return 'MathJax did not start';
    await new Promise(r => setTimeout(r, 50));
  }
  // MathJax 3 and 4 resolve startup.promise once the page is typeset; the wait is bounded,
  // so a page whose typesetting never settles is reported instead of hanging the check
  return Promise.race([
    MathJax.startup.promise.then(() => 'ok', e => 'MathJax failed: ' + String(e).slice(0, 150)),
    new Promise(r => setTimeout(() => r('MathJax did not finish typesetting within ' +
                                        timeout / 1000 + ' s'),
                                Math.max(0, end - Date.now())))]);
}"""

WAIT_IMAGES = """async () => {
  await Promise.all([...document.images].map(img => {
    if (img.loading === 'lazy') img.loading = 'eager';
    if (img.complete) return null;
    return new Promise(r => { img.addEventListener('load', r, {once: true});
      img.addEventListener('error', r, {once: true}); setTimeout(r, 10000); });
  }));
  return [...document.images].map(img => [img.getAttribute('src') || '', img.naturalWidth,
                                           img.getAttribute('alt')]);
}"""

PAGE_FACTS = """() => {
  const skip = 'pre, code, script, style, textarea, noscript, mjx-container, .highlight';
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.nodeValue;
    if (!text || !(text.includes('\\\\(') || text.includes('\\\\[') || text.includes('$$'))) continue;
    const el = walker.currentNode.parentElement;
    if (!el || el.closest(skip)) continue;
    raw.push(text.trim().replace(/\\s+/g, ' ').slice(0, 60));
  }
  const width = window.innerWidth, wide = [];
  const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  if (document.documentElement.scrollWidth > width + 1) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0 && !scrolls(el)) {
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                  (el.classList.length ? '.' + [...el.classList].join('.') : ''));
        if (wide.length === 3) break;
      }
    }
  }
  return {mjx: document.querySelectorAll('mjx-container').length, raw: raw.slice(0, 3),
          scrollWidth: document.documentElement.scrollWidth, wide};
}"""

#: What a reader of the article meets on a phone (see the module docstring), measured in the page:
#: the facts that phone_reading_problems and phone_reading_counts read. It scrolls the page
#: down and back up to 60 % of its height (pydata-sphinx-theme shows its back-to-top button on
#: scrolling up) and returns to where it was.
PHONE_READING = r"""async (cue) => {
  const DISPLAY = 'mjx-container[display="true"]', OUTPUT = '.cell_output, .output';
  const root = document.querySelector('article.bd-article') || document.querySelector('main') ||
               document.body;
  const width = window.innerWidth;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  await document.fonts.ready;  // widths are final once the web fonts (MathJax 4's) are in
  const snip = s => { s = (s || '').replace(/\s+/g, ' ').trim();
                      return s.length > 60 ? s.slice(0, 59) + '\u2026' : s; };
  const tex = new Map();  // mjx-container -> its TeX source, from MathJax 3 or 4
  try { for (const item of MathJax.startup.document.math) tex.set(item.typesetRoot, item.math); }
  catch (e) { /* no MathJax on the page */ }
  const mathText = m => snip(tex.get(m) || m.getAttribute('aria-label') || m.textContent);
  const longestLine = e => e.textContent.split('\n')
                               .reduce((a, b) => b.length > a.length ? b : a, '');
  const shown = r => r.width > 0 || r.height > 0;
  const cued = e => !!e.closest('.' + cue);
  const scrollsX = e => {
    if (e.scrollWidth <= e.clientWidth + 1) return false;
    const o = getComputedStyle(e).overflowX;
    return o === 'auto' || o === 'scroll';
  };
  // the part of an element's box that shows its content: [left, right] in the viewport
  const inside = e => { const r = e.getBoundingClientRect();
                        return [r.left + e.clientLeft, r.left + e.clientLeft + e.clientWidth]; };

  // 1. every box that scrolls sideways, with its kind and a snippet
  const scrollers = [];
  for (const e of root.querySelectorAll('*')) {
    if (!scrollsX(e)) continue;
    const eq = e.matches(DISPLAY) ? e : e.closest(DISPLAY);
    const pre = e.matches('pre') ? e : e.closest('pre') || e.querySelector('pre');
    const table = e.matches('table') ? e : e.closest('table') || e.querySelector('table');
    const inner = e.querySelector(DISPLAY);
    let kind = 'other', text = snip(e.textContent);
    if (eq) [kind, text] = ['display equation', mathText(eq)];
    else if (pre) [kind, text] = [e.closest(OUTPUT) ? 'output' : 'code', snip(longestLine(pre))];
    else if (table) kind = 'table';
    else if (inner) [kind, text] = ['display equation', mathText(inner)];
    else if (e.closest(OUTPUT)) kind = 'output';
    scrollers.push({kind, text, cued: e.classList.contains(cue)});
  }

  // 2. display equations wider than their column
  const displays = [...root.querySelectorAll(DISPLAY)], wide = [];
  for (const m of displays) {
    const r = m.getBoundingClientRect(), parent = m.parentElement;
    if (!shown(r)) continue;
    let over = m.scrollWidth > m.clientWidth + 1 ||
               (!!parent && r.right > parent.getBoundingClientRect().right + 1);
    for (let a = parent; a && !over; a = a.parentElement) {
      if (!scrollsX(a)) continue;
      const [left, right] = inside(a);
      over = r.right > right + 1 || r.left < left - 1;
    }
    if (over) wide.push({text: mathText(m), cued: cued(m)});
  }

  // 3. inline formulas past the screen's edge, or cut off by a box that hides its overflow
  const inlines = [...root.querySelectorAll('mjx-container:not([display="true"])')], clipped = [];
  for (const m of inlines) {
    const rects = [...m.getClientRects()].filter(shown);  // MathJax 4 may break one over lines
    if (!rects.length) continue;
    let left = 0, right = width;
    for (let a = m.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'hidden' && o !== 'clip') continue;
      const [l, r] = inside(a);
      left = Math.max(left, l); right = Math.min(right, r);
    }
    if (rects.some(r => r.right > right + 1 || r.left < left - 1))
      clipped.push({text: mathText(m), cued: cued(m)});
  }

  // 4. code (input cells, outputs) wider than its box: it scrolls, or is cut off (hidden)
  const pres = [...root.querySelectorAll('pre')], sideways = [];
  for (const p of pres) {
    if (p.scrollWidth <= p.clientWidth + 1) continue;
    const o = getComputedStyle(p).overflowX;
    sideways.push({kind: p.closest(OUTPUT) ? 'output' : 'code', text: snip(longestLine(p)),
                   cued: cued(p), cut: o === 'hidden' || o === 'clip'});
  }

  // 5. figures: an image 48 px wide or more, inside a link to its own file
  let figures = 0;
  const unlinked = [];
  for (const img of root.querySelectorAll('img')) {
    if (img.closest('.sd-badge, header, .bd-header-article')) continue;
    if (img.getBoundingClientRect().width < 48) continue;
    figures += 1;
    const a = img.closest('a[href]');
    if (a && (a.href === img.currentSrc || a.href === img.src)) continue;
    const src = img.getAttribute('src') || '';
    unlinked.push(snip(src.startsWith('data:') ? src.slice(0, 30)
                                               : src.split(/[?#]/)[0].split('/').pop()));
  }

  // 6. the back-to-top button after the reader scrolls down, then back up to 60 %
  const page = document.scrollingElement || document.documentElement, start = window.scrollY;
  const most = Math.max(0, page.scrollHeight - window.innerHeight);
  const to = top => window.scrollTo({top: Math.min(most, Math.round(top)), behavior: 'instant'});
  to(0.6 * page.scrollHeight + window.innerHeight / 2);
  await sleep(100);
  to(0.6 * page.scrollHeight);
  await sleep(300);
  const button = document.getElementById('pst-back-to-top');
  let visible = false;
  if (button) {
    const cs = getComputedStyle(button), r = button.getBoundingClientRect();
    visible = cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 &&
              r.height > 0 && parseFloat(cs.opacity) > 0;
  }
  to(start);
  await sleep(50);

  return {scrollers, display: {total: displays.length, wide},
          inline: {total: inlines.length, clipped}, code: {total: pres.length, sideways},
          figures: {total: figures, unlinked}, back_to_top: {present: !!button, visible}};
}"""

VISIBLE = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const cs = getComputedStyle(el), r = el.getBoundingClientRect();
  return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 50 && r.height > 50 &&
         r.right > 0 && r.left < window.innerWidth;
}"""

SEARCH_DONE = """() => {
  const hits = document.querySelectorAll('#search-results ul.search li').length;
  const summary = document.querySelector('#search-results .search-summary');
  const text = summary ? summary.textContent : '';
  return hits > 0 || /did not match|no results|0 results/i.test(text) ? [hits, text.trim()] : null;
}"""


class SiteCheck:
    """One browser, one phone page and one desktop page, reused for every page of the site."""

    def __init__(self, root: Path, base: str, report: Report, screenshots: Path | None) -> None:
        self.root, self.base, self.report, self.screenshots = root, base, report, screenshots
        self.links = LinkChecker(root)
        self.current = "(start)"

    def add(self, problem: str) -> None:
        """A problem of the page being checked; one the phone pass already found for the same
        page is not repeated under its desktop label."""
        base = self.current.removesuffix(DESKTOP_LABEL)
        if base != self.current and problem in self.report.problems.get(base, []):
            return
        self.report.add(self.current, problem)

    # -- events, attributed to the page being checked
    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        else:
            self.add(f"request outside the site (blocked): {url[:120]}")
            route.abort()

    def _on_console(self, msg):
        if msg.type != "error":
            return
        if msg.text.startswith("Failed to load resource") and (msg.location or {}).get("url"):
            return  # the same failure is reported as a blocked or failed request
        self.add(f"console error: {msg.text[:200]}")

    def _on_pageerror(self, error):
        self.add(f"uncaught exception: {str(error).splitlines()[0][:200]}")

    def _on_response(self, response):
        if response.url.startswith(self.base) and response.status >= 400:
            path = response.url[len(self.base):]
            self.add(f"failed request: /{path} ({response.status})")

    def _on_requestfailed(self, request):
        if request.url.startswith(self.base) and "ERR_ABORTED" not in (request.failure or ""):
            self.add(f"failed request: {request.url[len(self.base) - 1:]} ({request.failure})")

    def new_page(self, browser, viewport, touch=False):
        context = browser.new_context(viewport=viewport, has_touch=touch, service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._route)
        page = context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_requestfailed)
        return page

    def open(self, page, rel: str, label: str | None = None) -> bool:
        self.current = label or rel
        try:
            page.goto(self.base + rel, wait_until="load")
            state = page.evaluate(WAIT_MATHJAX, TIMEOUT_MS)
        except Exception as exc:  # a page that does not load is a problem, not a crash
            self.add(f"did not load: {str(exc).splitlines()[0][:200]}")
            return False
        if state not in ("ok", "none"):
            self.add(state)
        return True

    def shot(self, page, name: str) -> None:
        if self.screenshots:
            page.screenshot(path=str(self.screenshots / f"{name.replace('/', '_')}.png"))

    # -- the checks
    def check_static(self, rel: str) -> None:
        info = self.links.info(rel)
        for problem in self.links.check(rel):
            self.report.add(rel, problem)
        for problem in check_notebook_buttons(rel, notebook_source(self.root, rel), info):
            self.report.add(rel, problem)
        for asset in sorted({a for a in info.assets if info.assets.count(a) > 1}):
            self.report.add(rel, f"loaded {info.assets.count(asset)} times: {asset}")
        if not info.redirect and not info.icons and not (self.root / "favicon.ico").is_file():
            self.report.add(rel, 'no favicon: no <link rel="icon"> and no /favicon.ico (a 404 in browsers)')

    def check_phone(self, page, rel: str) -> None:
        if not self.open(page, rel):
            return
        for src, width, alt in page.evaluate(WAIT_IMAGES):
            if not width:
                self.report.add(rel, f"image not loaded: {src}")
            if not (alt or "").strip():
                self.report.add(rel, f"image without alt text: {src}")
        facts = page.evaluate(PAGE_FACTS)
        if self.links.info(rel).has_math and not facts["mjx"]:
            self.report.add(rel, "mathematics not typeset (no MathJax output on a page with math)")
        for text in facts["raw"]:
            self.report.add(rel, f"raw TeX left in the text: {text!r}")
        problem = overflow_problem(facts["scrollWidth"], PHONE["width"])
        if problem:
            self.report.add(rel, problem + (f"; widest: {', '.join(facts['wide'])}" if facts["wide"] else ""))
        self.shot(page, f"{rel[:-5]}-390")
        try:
            reading = page.evaluate(PHONE_READING, CUE_CLASS)
        except Exception as exc:  # the page went away under the measurement: say so, go on
            self.report.add(rel, f"reading at {PHONE['width']} px not measured: "
                                 f"{str(exc).splitlines()[0][:200]}")
        else:
            self.report.reading[rel] = phone_reading_counts(reading)
            for problem in phone_reading_problems(reading):
                self.report.add(rel, problem)
        # the site navigation and, where there is one, the "On this page" panel open on a phone
        if page.locator("#pst-primary-sidebar").count():
            self._check_opens(page, rel, ".primary-toggle", ".bd-sidebar-primary", "menu", required=True)
        if page.locator(".bd-sidebar-secondary").count() and page.locator(".secondary-toggle").count():
            self._check_opens(page, rel, ".secondary-toggle", ".bd-sidebar-secondary", "On this page")

    def _check_opens(self, page, rel, button, panel, name, required=False) -> None:
        toggle = page.locator(button).filter(visible=True)
        if not toggle.count():
            if required:
                self.report.add(rel, f"no visible {name} button at {PHONE['width']} px")
            return
        if page.evaluate(VISIBLE, panel):
            self.report.add(rel, f"{name} panel already open before tapping its button")
            return
        toggle.first.tap()
        try:
            page.wait_for_function(VISIBLE, arg=panel, timeout=3000)
        except Exception:
            self.report.add(rel, f"tapping the {name} button at {PHONE['width']} px does not show {panel}")
            return
        self.shot(page, f"{rel[:-5]}-390-{name.split()[0].lower()}")
        page.keyboard.press("Escape")
        try:
            page.wait_for_function("() => !document.querySelector('dialog[open]')", timeout=3000)
        except Exception:
            self.report.add(rel, f"the {name} panel does not close with Escape")

    def check_desktop(self, page, rel: str) -> None:
        if not self.open(page, rel, rel + DESKTOP_LABEL):
            return
        self.shot(page, f"{rel[:-5]}-1280")
        if not page.locator("#pst-primary-sidebar").count():
            return
        label = rel + DESKTOP_LABEL
        toggle = page.locator(".primary-toggle").filter(visible=True)
        if not toggle.count():
            self.report.add(label, "no visible menu button")
            return
        if not page.evaluate(VISIBLE, "#pst-primary-sidebar"):
            self.report.add(label, "the sidebar is not shown on a desktop")
            return
        toggle.first.click()
        try:
            page.wait_for_function(f"() => !({VISIBLE})('#pst-primary-sidebar') && "
                                   "!document.querySelector('dialog[open]')", timeout=3000)
        except Exception:
            self.report.add(label, "the menu button does not hide the sidebar")

    def check_search(self, page) -> None:
        rel = f"search.html?q={SEARCH_QUERY}"
        if not self.open(page, rel):
            return
        try:
            handle = page.wait_for_function(SEARCH_DONE, timeout=TIMEOUT_MS)
            hits, summary = handle.json_value()
        except Exception:
            self.report.add(rel, "search gave no answer")
            return
        if not hits:
            self.report.add(rel, f"search finds nothing: {summary[:120]}")

    def check_decks(self, browser) -> int:
        """Every deck of slides/index.json measured slide by slide (scripts/deck_check.py),
        with its PDF handout next to it, one page per slide."""
        index = self.root / "slides" / "index.json"
        if not index.is_file():
            self.report.notes.append("slides/index.json absent: slide decks were not checked")
            return 0
        decks = json.loads(index.read_text())
        rows = []
        for deck in decks:
            rel, expected = deck["file"], deck["slides"]
            if not (self.root / rel).is_file():
                self.report.add(rel, "deck listed in slides/index.json does not exist")
                continue
            self.current = rel  # console errors and stray requests are reported for the deck
            page = self.new_page(browser, {"width": deck_check.DECK_WIDTH,
                                           "height": deck_check.DECK_HEIGHT})
            measured = deck_check.measure_deck(page, self.base, rel)
            page.context.close()
            for problem in measured.problems():
                self.report.add(rel, problem)
            if measured.slides and len(measured.slides) != expected:
                self.report.add(rel, f"{len(measured.slides)} slides, slides/index.json says "
                                     f"{expected}")
            handout = (self.root / rel).with_suffix(".pdf")
            if not handout.is_file():
                self.report.add(rel, f"no PDF handout {handout.name} next to the deck")
            elif page_count(handout) != expected:
                self.report.add(rel, f"the handout has {page_count(handout)} pages for "
                                     f"{expected} slides")
            summary = measured.summary()
            rows.append(f"{Path(rel).stem} {summary['slides']} slides, words median "
                        f"{summary['median_words']:g} largest {summary['max_words']}, "
                        f"smallest prose {summary['min_prose_px']} px code "
                        f"{summary['min_code_px']} px")
        self.report.notes.append(f"{len(decks)} slide decks measured: " + "; ".join(rows))
        for deck in decks:
            stem = Path(deck["file"]).stem
            for problem in check_pack(self.root / "packs" / f"{stem}.zip", stem):
                self.report.add(f"packs/{stem}.zip", problem)
        self.report.notes.append(f"{len(decks)} chapter packs opened and checked")
        return len(decks)


def check_pack(path: Path, stem: str) -> list[str]:
    """What is wrong with the chapter pack at `path` (scripts/pack.py), or nothing."""
    import zipfile

    if not path.is_file():
        return [f"no chapter pack {path.name}"]
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return [f"{path.name} is not a zip file"]
    with z:
        names = set(z.namelist())
        problems = []
        need = ["README.md", f"{stem}.ipynb", f"student/{stem}.ipynb", f"slides/{stem}.html",
                f"slides/{stem}.pdf", "slides/assets/reveal/dist/reveal.js",
                "slides/assets/mathjax/tex-mml-chtml.js", "figures/README.md"]
        for name in need:
            if f"{stem}/{name}" not in names:
                problems.append(f"{path.name} lacks {stem}/{name}")
            elif z.getinfo(f"{stem}/{name}").file_size == 0:
                problems.append(f"{path.name}: {stem}/{name} is empty")
        if problems:
            return problems
        readme = z.read(f"{stem}/README.md").decode()
        for phrase in ("Adapted from \"Logistic regression is the smallest neural network\"",
                       "CC BY 4.0", "pip install", "Colab"):
            if phrase not in readme:
                problems.append(f"{path.name}: its README does not say {phrase!r}")
        nb = json.loads(z.read(f"{stem}/{stem}.ipynb"))
        numbers = [str(k) for k, c in enumerate(
            [c for c in nb["cells"] if c.get("metadata", {}).get("mystnb", {}).get("figure")],
            start=1)]
        for k in numbers:
            for ext, start in ((".png", b"\x89PNG"), (".svg", b"<")):
                found = [n for n in names if n.startswith(f"{stem}/figures/figure-")
                         and n.endswith(f".{k}{ext}")]
                if len(found) != 1:
                    problems.append(f"{path.name}: figure {k} has no {ext[1:].upper()} file")
                elif not z.read(found[0]).lstrip().startswith(start):
                    problems.append(f"{path.name}: {found[0]} is not a {ext[1:].upper()} image")
        extra = len([n for n in names if n.endswith(".png") and "/figures/" in n])
        if extra != len(numbers):
            problems.append(f"{path.name}: {extra} PNG figures for {len(numbers)} figures "
                            "of the chapter")
        return problems


def run(root: Path, screenshots: Path | None = None) -> Report:
    """Run every check on the site in `root`; returns the report (the caller prints it)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("site_check: Playwright for Python is missing: install requirements.txt (make)")
    executable = find_chromium()
    report = Report()
    pages = find_pages(root)
    if screenshots:
        screenshots.mkdir(parents=True, exist_ok=True)
    with serve(root) as base, sync_playwright() as pw:
        check = SiteCheck(root, base, report, screenshots)
        browser = launch(pw, executable)
        phone = check.new_page(browser, PHONE, touch=True)
        desktop = check.new_page(browser, DESKTOP)
        for rel in pages:
            report.checked.append(rel)
            check.check_static(rel)
            if check.links.info(rel).redirect:
                continue  # a redirect page: its target is checked as a page of its own
            check.check_phone(phone, rel)
            check.check_desktop(desktop, rel)
        if (root / "search.html").is_file():
            check.check_search(desktop)
        else:
            report.notes.append("no search.html: search was not checked")
        check.check_decks(browser)
        browser.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="_build/html", help="built site folder")
    parser.add_argument("--screenshots", type=Path, help="save screenshots of every page here")
    args = parser.parse_args(argv)
    root = Path(args.site).resolve()
    if not (root / "index.html").is_file() and not find_pages(root):
        print(f"site_check: no HTML pages in {root}: build the site first", file=sys.stderr)
        return 2
    start = time.monotonic()
    report = run(root, args.screenshots)
    print(report.render(args.site, time.monotonic() - start))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
