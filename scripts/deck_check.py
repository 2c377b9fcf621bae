"""Measure the slide decks as a lecture hall sees them, and print their PDF handouts.

Usage:
  python scripts/deck_check.py DECK.html ... [--screenshots DIR] [--first N] [--json FILE]
  python scripts/deck_check.py --handouts SLIDES_DIR

Each deck (built by scripts/slides.py) is opened in Chromium at its own size, 1280 x 720
CSS pixels, and walked slide by slide in the order the right-arrow key takes (linear
navigation). On every slide, speaker notes left out, it measures:

- the words of visible prose (headings, paragraphs, lists, captions; not code, outputs or
  mathematics): at most MAX_WORDS;
- the smallest font of any visible prose (at least MIN_PROSE_PX) and of any visible code or
  output (at least MIN_CODE_PX), as CSS pixels at the deck's size;
- the lines of every code cell shown: at most slides.MAX_CODE_LINES;
- anything cut off: content below or right of the slide, or a code box wider than itself;
- every figure's height: at least MIN_FIGURE_PX.

A deck that breaks a limit fails (exit status 1); the report gives each deck's slide count,
median and largest words per slide and smallest fonts. --screenshots saves every slide (or
the first N with --first) as a PNG. --handouts prints each deck of SLIDES_DIR/index.json as
SLIDES_DIR/<deck>.pdf from reveal.js' print view (one page per slide, no speaker notes), the
handout each chapter page links next to its deck. scripts/site_check.py runs both checks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from local_browser import find_chromium, launch, serve  # noqa: E402
from slides import DECK_HEIGHT, DECK_WIDTH, MAX_CODE_LINES  # noqa: E402

#: "at most about 50 words of visible prose per slide"
MAX_WORDS = 55
MIN_PROSE_PX = 32.0
MIN_CODE_PX = 24.0
#: a figure on a slide is at least this tall (CSS px at the deck's size): half the slide
MIN_FIGURE_PX = DECK_HEIGHT / 2
TIMEOUT_MS = 30_000

READY = """() => typeof Reveal !== 'undefined' && Reveal.isReady() &&
  (!window.MathJax || !MathJax.startup || MathJax.startup.document !== undefined)"""

#: the measurements of the slide Reveal shows now (see the module docstring)
MEASURE = r"""
(maxLines) => {
  const slide = Reveal.getCurrentSlide();
  const scale = Reveal.getScale();
  const box = slide.getBoundingClientRect();
  const inNotes = (el) => el.closest('aside.notes') !== null;
  const visible = (el) => {
    if (inNotes(el)) return false;
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') return false;
    return el.getClientRects().length > 0;
  };
  // words of prose: the slide without notes, code, outputs and mathematics
  const copy = slide.cloneNode(true);
  copy.querySelectorAll('aside.notes, .jp-CodeCell, pre, mjx-container, script, style, ' +
                        'section').forEach((e) => e.remove());
  const words = (copy.textContent.match(/\S+/g) || [])
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
  // smallest fonts, prose and code
  let prose = null, code = null, proseAt = '', codeAt = '';
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('mjx-container, script, style') || !visible(el)) continue;
    if (el.closest('section') !== slide) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    const what = el.tagName.toLowerCase() + '.' + el.className + ' "' +
      node.textContent.trim().slice(0, 30) + '"';
    if (el.closest('pre, code, .jp-CodeCell')) {
      if (code === null || px < code) { code = px; codeAt = what; }
    } else if (prose === null || px < prose) {
      prose = px; proseAt = what;
    }
  }
  // mathematics is prose: its font is that of the text around it
  slide.querySelectorAll('mjx-container').forEach((m) => {
    if (!visible(m) || m.closest('section') !== slide) return;
    const px = parseFloat(getComputedStyle(m.parentElement).fontSize);
    prose = prose === null ? px : Math.min(prose, px);
  });
  // code cells shown, and their lines
  const lines = [];
  slide.querySelectorAll('.jp-InputArea pre').forEach((pre) => {
    if (!visible(pre) || !pre.textContent.trim()) return;
    lines.push(pre.textContent.replace(/\n+$/, '').split('\n').length);
  });
  // anything cut off
  const cut = [];
  const name = (el) => {
    const t = (el.textContent || el.getAttribute('alt') || '').trim().replace(/\s+/g, ' ');
    return el.tagName.toLowerCase() + (t ? ' "' + t.slice(0, 50) + '"' : '');
  };
  if (slide.scrollHeight > slide.clientHeight + 2) {
    cut.push('content runs ' + Math.round(slide.scrollHeight - slide.clientHeight) +
             ' px below the slide');
  }
  slide.querySelectorAll('*').forEach((el) => {
    if (!visible(el) || el.closest('section') !== slide) return;
    if (el.closest('mjx-container') && el.tagName !== 'MJX-CONTAINER') return;
    if (el.tagName === 'PRE' && el.scrollWidth > el.clientWidth + 1) {
      cut.push('code box too narrow by ' + (el.scrollWidth - el.clientWidth) + ' px: ' +
               name(el));
    }
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    if (r.right > box.right + 2 * scale && !el.closest('pre')) {
      cut.push('runs ' + Math.round((r.right - box.right) / scale) + ' px past the right: ' +
               name(el));
    }
  });
  // figures
  const figures = [];
  slide.querySelectorAll('figure img').forEach((img) => {
    if (visible(img)) figures.push(img.getBoundingClientRect().height / scale);
  });
  const heading = slide.querySelector('h1, h2, h3');
  const idx = Reveal.getIndices(slide);
  return {h: idx.h, v: idx.v || 0, title: heading ? heading.textContent.replace('¶', '').trim()
          : '', words, prose, code, proseAt, codeAt, lines, cut: [...new Set(cut)].slice(0, 5), figures};
}
"""


@dataclass
class Slide:
    h: int
    v: int
    title: str
    words: int
    prose: float | None
    code: float | None
    proseAt: str
    codeAt: str
    lines: list[int]
    cut: list[str]
    figures: list[float]

    def problems(self) -> list[str]:
        out = []
        if self.words > MAX_WORDS:
            out.append(f"{self.words} words of prose (at most {MAX_WORDS})")
        if self.prose is not None and self.prose < MIN_PROSE_PX:
            out.append(f"prose at {self.prose:g} px (at least {MIN_PROSE_PX:g}): {self.proseAt}")
        if self.code is not None and self.code < MIN_CODE_PX:
            out.append(f"code at {self.code:g} px (at least {MIN_CODE_PX:g}): {self.codeAt}")
        long = [n for n in self.lines if n > MAX_CODE_LINES]
        if long:
            out.append(f"a code cell of {max(long)} lines (at most {MAX_CODE_LINES})")
        small = [h for h in self.figures if h < MIN_FIGURE_PX]
        if small:
            out.append(f"a figure {min(small):.0f} px tall (at least {MIN_FIGURE_PX:.0f})")
        out.extend(f"cut off: {c}" for c in self.cut)
        return out


@dataclass
class DeckReport:
    deck: str
    slides: list[Slide] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = list(self.errors)
        for number, s in enumerate(self.slides, start=1):
            out.extend(f"slide {number} ({s.title[:40] or 'untitled'}): {p}"
                       for p in s.problems())
        return out

    def summary(self) -> dict:
        words = [s.words for s in self.slides] or [0]
        prose = [s.prose for s in self.slides if s.prose is not None]
        code = [s.code for s in self.slides if s.code is not None]
        return {"deck": self.deck, "slides": len(self.slides),
                "median_words": statistics.median(words), "max_words": max(words),
                "min_prose_px": min(prose) if prose else None,
                "min_code_px": min(code) if code else None,
                "problems": len(self.problems())}


def open_deck(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function(READY, timeout=TIMEOUT_MS)
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")


def measure_deck(page, base: str, rel: str, screenshots: Path | None = None,
                 first: int | None = None) -> DeckReport:
    """Walk the deck `rel` (relative to the served `base`) slide by slide, measuring each."""
    report = DeckReport(rel)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"uncaught exception: {e}"))
    try:
        open_deck(page, base + rel)
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        report.errors.append(f"reveal.js did not become ready: {exc}")
        return report
    total = page.evaluate("() => Reveal.getTotalSlides()")
    page.evaluate("() => Reveal.slide(0, 0)")
    for number in range(1, total + 1):
        page.wait_for_timeout(30)
        report.slides.append(Slide(**page.evaluate(MEASURE, MAX_CODE_LINES)))
        if screenshots and (first is None or number <= first):
            stem = Path(rel).stem
            page.screenshot(path=str(screenshots / f"{stem}-{number:02d}.png"))
        if number < total:
            before = page.evaluate("() => Reveal.getSlidePastCount()")
            page.keyboard.press("ArrowRight")  # what a lecturer presses: linear navigation
            after = page.evaluate("() => Reveal.getSlidePastCount()")
            if after != before + 1:
                report.errors.append(f"the right-arrow key went from slide {before + 1} to "
                                     f"slide {after + 1}, not to the next one")
                page.evaluate(f"() => Reveal.slide(...Object.values("
                              f"Reveal.getIndices(Reveal.getSlides()[{number}])))")
    report.errors.extend(errors)
    return report


def new_page(browser):
    context = browser.new_context(viewport={"width": DECK_WIDTH, "height": DECK_HEIGHT})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "http://127.0.0.1") else route.abort())
    return page


def check_decks(paths: list[Path], screenshots: Path | None = None,
                first: int | None = None) -> list[DeckReport]:
    """Measure every deck of `paths` (HTML files in one slides folder)."""
    from playwright.sync_api import sync_playwright

    folder = paths[0].resolve().parent
    reports = []
    if screenshots:
        screenshots.mkdir(parents=True, exist_ok=True)
    with serve(folder) as base, sync_playwright() as pw:
        browser = launch(pw, find_chromium())
        for path in paths:
            page = new_page(browser)
            reports.append(measure_deck(page, base, path.name, screenshots, first))
            page.context.close()
        browser.close()
    return reports


def print_handouts(folder: Path) -> list[Path]:
    """Every deck of folder/index.json printed as folder/<deck>.pdf, one page per slide."""
    from playwright.sync_api import sync_playwright

    decks = json.loads((folder / "index.json").read_text())
    written = []
    with serve(folder) as base, sync_playwright() as pw:
        browser = launch(pw, find_chromium())
        for deck in decks:
            name = Path(deck["file"]).name
            page = new_page(browser)
            open_deck(page, base + name + "?print-pdf")
            target = folder / (Path(name).stem + ".pdf")
            page.pdf(path=str(target), width=f"{DECK_WIDTH}px", height=f"{DECK_HEIGHT}px",
                     print_background=True, prefer_css_page_size=True)
            page.context.close()
            written.append(target)
        browser.close()
    return written


def render(reports: list[DeckReport], seconds: float) -> str:
    lines = [f"{'deck':<32}{'slides':>7}{'median':>8}{'largest':>8}{'prose px':>9}"
             f"{'code px':>8}  problems"]
    for r in reports:
        s = r.summary()
        fmt = lambda v: "-" if v is None else f"{v:g}"  # noqa: E731
        lines.append(f"{Path(s['deck']).stem:<32}{s['slides']:>7}{fmt(s['median_words']):>8}"
                     f"{s['max_words']:>8}{fmt(s['min_prose_px']):>9}{fmt(s['min_code_px']):>8}"
                     f"  {s['problems']}")
    for r in reports:
        for p in r.problems():
            lines.append(f"{Path(r.deck).stem}: {p}")
    lines.append(f"{len(reports)} decks measured in {seconds:.0f} s; limits: {MAX_WORDS} words, "
                 f"prose {MIN_PROSE_PX:g} px, code {MIN_CODE_PX:g} px, {MAX_CODE_LINES} code "
                 f"lines, figures {MIN_FIGURE_PX:.0f} px, nothing cut off")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("decks", nargs="*", type=Path)
    parser.add_argument("--screenshots", type=Path)
    parser.add_argument("--first", type=int, help="screenshots of the first N slides only")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    parser.add_argument("--handouts", type=Path, help="print the PDF handouts of this folder")
    parser.add_argument("--optional", action="store_true",
                        help="with --handouts: skip, with a note, when there is no Chromium")
    args = parser.parse_args(argv)
    start = time.monotonic()
    if args.handouts:
        if args.optional:
            try:
                find_chromium(install=False)
            except SystemExit as exc:
                print(f"deck handouts not printed: {exc}")
                return 0
        for path in print_handouts(args.handouts):
            print(f"{path}: handout written")
        return 0
    if not args.decks:
        parser.error("name at least one deck")
    reports = check_decks(args.decks, args.screenshots, args.first)
    print(render(reports, time.monotonic() - start))
    if args.json:
        args.json.write_text(json.dumps(
            [{**r.summary(), "slides_measured": [asdict(s) for s in r.slides],
              "problem_list": r.problems()} for r in reports], indent=1) + "\n")
    return 1 if any(r.problems() for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
