"""scripts/site_check.py: its pure parts on tiny sites, and one full browser run."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import site_check  # noqa: E402
from site_check import (  # noqa: E402
    LinkChecker,
    Report,
    check_notebook_buttons,
    find_pages,
    notebook_source,
    overflow_problem,
    parse_page,
    phone_reading_counts,
    phone_reading_problems,
    phone_reading_summary,
    resolve_link,
)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _html(body: str, head: str = '<link rel="icon" href="/favicon.svg">') -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


# ----------------------------------------------------------------------------- pages and links


def test_find_pages_skips_assets_sources_index_and_decks(tmp_path):
    for name in ["index.html", "intro.html", "chapters/01-neuron.html", "_static/x.html",
                 "_sources/y.html", "genindex.html", "slides/01-neuron.html", "search.html"]:
        _write(tmp_path, {name: _html("")})
    assert find_pages(tmp_path) == ["chapters/01-neuron.html", "index.html", "intro.html", "search.html"]


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ("chapters/01-neuron.html", "02-loss.html#overview", ("chapters/02-loss.html", "overview")),
        ("chapters/01-neuron.html", "../glossary.html#term-logit", ("glossary.html", "term-logit")),
        ("chapters/01-neuron.html", "#summary", ("chapters/01-neuron.html", "summary")),
        ("chapters/01-neuron.html", "../_static/a%20b.png?v=1", ("_static/a b.png", "")),
        ("intro.html", "/chapters/", ("chapters", "")),
        ("intro.html", "https://mybinder.org/v2/gh/x/y/main", None),
        ("intro.html", "//cdn.example.org/x.js", None),
        ("intro.html", "mailto:someone@example.org", None),
        ("intro.html", "data:image/png;base64,AAAA", None),
    ],
)
def test_resolve_link(page, url, expected):
    assert resolve_link(page, url) == expected


def test_link_checker_finds_missing_files_and_anchors(tmp_path):
    _write(tmp_path, {
        "index.html": _html('<a href="chapters/">chapters</a>'),
        "chapters/index.html": _html('<h1 id="top">Chapters</h1>'),
        "chapters/a.html": _html(
            '<section id="intro"><a name="old-anchor"></a></section>'
            '<a href="#intro">ok</a> <a href="#old-anchor">ok</a> <a href="#">top</a>'
            '<a href="b.html#there">ok</a> <a href="b.html#nowhere">bad anchor</a>'
            '<a href="missing.html">bad file</a> <a href="../../outside.html">outside</a>'
            '<a href="../slides/deck.html#/3">reveal route</a>'
            '<img src="../_static/pic.png" alt="pic"> <script src="../_static/gone.js"></script>'
            '<a href="https://example.org/">external</a>'),
        "chapters/b.html": _html('<h2 id="there">There</h2>'),
        "slides/deck.html": _html(""),
        "_static/pic.png": "png",
        "favicon.svg": "<svg/>",
    })
    checker = LinkChecker(tmp_path)
    assert checker.check("index.html") == []
    problems = checker.check("chapters/a.html")
    assert len(problems) == 4, problems
    assert any("no id 'nowhere' in chapters/b.html" in p for p in problems)
    assert any("chapters/missing.html does not exist" in p for p in problems)
    assert any("outside.html" in p and "points outside the site" in p for p in problems)
    assert any("_static/gone.js does not exist" in p for p in problems)


def test_parse_page_lists_scripts_and_stylesheets_without_their_version():
    info = parse_page(_html('<script src="_static/a.js?v=1"></script><script>var x = 1;</script>'
                            '<script defer src="_static/a.js?v=2"></script>',
                            head='<link rel="stylesheet" href="_static/c.css?v=3"><link rel="preload" '
                                 'as="script" href="_static/a.js"><link rel="icon" href="f.svg">'))
    assert info.assets == ["_static/c.css", "_static/a.js", "_static/a.js"]


def test_parse_page_collects_images_math_redirect_icon_and_button_menus():
    info = parse_page(_html(
        '<div class="dropdown dropdown-launch-buttons"><ul>'
        '<li><a href="https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/chapters/01-neuron.ipynb">'
        '<img alt="Binder logo" src="../_static/images/logo_binder.svg"></a></li>'
        '<li><a href="https://colab.research.google.com/github/o/r/blob/main/chapters/01-neuron.ipynb">'
        "Colab</a></li></ul></div>"
        '<div class="dropdown dropdown-download-buttons"><ul>'
        '<li><a href="../_sources/chapters/01-neuron.ipynb">.ipynb</a></li></ul></div>'
        '<p><a href="02-loss.html">next</a> <span class="math notranslate nohighlight">\\(x\\)</span>'
        '<img src="fig.png"></p>',
        head='<meta http-equiv="Refresh" content="0; url=intro.html" /><link rel="shortcut icon" href="f.svg"/>'))
    assert info.redirect == "intro.html"
    assert info.icons == ["f.svg"]
    assert info.has_math
    assert len(info.launch_links) == 2 and info.launch_links[0].startswith("https://mybinder.org")
    assert info.download_links == ["../_sources/chapters/01-neuron.ipynb"]
    assert ("img", "src", "fig.png") in info.links and ("a", "href", "02-loss.html") in info.links
    assert ("fig.png", None) in info.images and ("../_static/images/logo_binder.svg", "Binder logo") in info.images


# ----------------------------------------------------------------------------- buttons


def _buttons(binder_nb, colab_nb, download):
    return parse_page(_html(
        '<div class="dropdown-launch-buttons">'
        f'<a href="https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/{binder_nb}">B</a>'
        f'<a href="https://colab.research.google.com/github/o/r/blob/main/{colab_nb}">C</a></div>'
        f'<div class="dropdown-download-buttons"><a href="{download}">.ipynb</a>'
        '<button onclick="window.print()">.pdf</button></div>'))


def test_buttons_of_a_chapter_point_to_its_own_notebook():
    page, nb = "chapters/01-neuron.html", "chapters/01-neuron.ipynb"
    good = _buttons(nb, nb, "../_sources/chapters/01-neuron.ipynb")
    assert check_notebook_buttons(page, nb, good) == []
    bad = _buttons("chapters/02-loss.ipynb", "chapters/02-loss.ipynb", "../_sources/chapters/02-loss.ipynb")
    problems = check_notebook_buttons(page, nb, bad)
    assert any(p.startswith("Binder button does not open chapters/01-neuron.ipynb") for p in problems)
    assert any(p.startswith("Colab button does not open chapters/01-neuron.ipynb") for p in problems)
    assert any("download button is not this page's" in p for p in problems)
    assert "no .ipynb download button" in problems
    missing = check_notebook_buttons(page, nb, parse_page(_html("<p>no buttons</p>")))
    assert {"no Binder launch button", "no Colab launch button", "no .ipynb download button"} <= set(missing)


def test_markdown_pages_need_no_launch_buttons(tmp_path):
    _write(tmp_path, {"_sources/chapters/01-neuron.ipynb": "{}", "_sources/intro.md": "# Intro"})
    assert notebook_source(tmp_path, "chapters/01-neuron.html") == "chapters/01-neuron.ipynb"
    assert notebook_source(tmp_path, "intro.html") is None
    info = parse_page(_html('<div class="dropdown-download-buttons"><a href="_sources/intro.md">.md</a></div>'))
    assert check_notebook_buttons("intro.html", None, info) == []


# ----------------------------------------------------------------------------- overflow, report


@pytest.mark.parametrize(("scroll_width", "bad"), [(390, False), (391, False), (392, True), (900, True)])
def test_overflow_rule_allows_one_pixel(scroll_width, bad):
    problem = overflow_problem(scroll_width, 390)
    assert bool(problem) is bad
    if bad:
        assert f"{scroll_width} px wide" in problem and f"by {scroll_width - 390} px" in problem


def test_report_lists_problems_by_page_once_each():
    report = Report()
    report.checked += ["a.html", "b.html"]
    assert report.ok and "OK: no problems found." in report.render("site", 1.23)
    report.add("b.html", "console error: x")
    report.add("a.html", "image without alt text: p.png")
    report.add("a.html", "image without alt text: p.png")
    text = report.render("site", 12.3)
    assert not report.ok
    assert "2 pages checked in 12.3 s" in text
    assert "2 problems on 2 pages:" in text
    assert text.index("a.html\n  - image without alt text") < text.index("b.html\n  - console error: x")


def test_main_refuses_a_folder_without_pages(tmp_path, capsys):
    assert site_check.main([str(tmp_path)]) == 2
    assert "build the site first" in capsys.readouterr().err


# ----------------------------------------------------------------------------- full run


def test_full_check_reports_a_broken_link_a_missing_alt_and_a_missing_image(tmp_path):
    """Chromium on a two-page site with deliberate faults: a broken link and anchor, an image without
    alt text, an image that 404s, a request to the internet and a script loaded twice."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    site = _write(tmp_path / "site", {
        "index.html": _html(
            '<h1 id="top">Home</h1><p><a href="page2.html#there">fine</a> '
            '<a href="page2.html#nowhere">broken anchor</a> <a href="missing.html">broken link</a></p>'
            '<img src="pic.svg" alt="">'
            '<img src="gone.png" alt="a figure that was never built">'
            '<img src="https://example.com/logo.png" alt="from the internet">'
            '<script src="s.js"></script><script src="s.js?v=2"></script>'),
        "page2.html": _html('<h2 id="there">There</h2><img src="pic.svg" alt="a black box">'
                            '<a href="index.html#top">back</a>'),
        "s.js": "window.loaded = (window.loaded || 0) + 1;",
        "pic.svg": svg,
        "favicon.svg": svg,
    })
    report = site_check.run(site)
    assert report.checked == ["index.html", "page2.html"]
    index = report.problems["index.html"]
    assert any("missing.html does not exist" in p for p in index), index
    assert any("no id 'nowhere' in page2.html" in p for p in index), index
    assert "image without alt text: pic.svg" in index
    assert "image not loaded: gone.png" in index
    assert "failed request: /gone.png (404)" in index
    assert "request outside the site (blocked): https://example.com/logo.png" in index
    assert "loaded 2 times: s.js" in index
    assert not report.problems.get("page2.html")
    assert not report.problems.get("index.html (1280 px)"), "the desktop pass repeats the phone's finds"
    text = report.render(str(site), 1.0)
    assert "index.html\n  - " in text and "no search.html: search was not checked" in text
    assert "slides/index.json absent: slide decks were not checked" in text
    assert not report.ok


# ----------------------------------------------------------------------------- reading on a phone


def _facts(**changes):
    """What PHONE_READING returns for a clean page: six equations, one of them wide in a cued
    box, code that scrolls with its cue, two figures with their full-size links."""
    loss = "L = -\\sum_i y_i \\log p_i"
    facts = {
        "scrollers": [{"kind": "display equation", "text": loss, "cued": True},
                      {"kind": "code", "text": "model.fit(x, y, epochs=20)", "cued": True}],
        "display": {"total": 6, "wide": [{"text": loss, "cued": True}]},
        "inline": {"total": 40, "clipped": []},
        "code": {"total": 36, "sideways": [{"kind": "code", "text": "model.fit(x, y, epochs=20)",
                                            "cued": True}]},
        "figures": {"total": 2, "unlinked": []},
        "back_to_top": {"present": True, "visible": False},
    }
    facts.update(changes)
    return facts


def test_a_page_that_reads_well_on_a_phone_has_no_problem_and_its_counts():
    facts = _facts()
    assert phone_reading_problems(facts) == []
    counts = phone_reading_counts(facts)
    assert counts == {"display": 6, "display_wide": 1, "inline": 40, "inline_clipped": 0,
                      "code": 36, "code_sideways": 1, "figures": 2, "figures_linked": 2,
                      "scrolling": 2, "scrolling_cued": 2}
    assert phone_reading_summary(counts) == ("display equations wide 1/6, inline clipped 0, "
                                             "code sideways 1/36, figures linked 2/2, "
                                             "sideways boxes cued 2/2")


@pytest.mark.parametrize(("changes", "expected"), [
    ({"scrollers": [{"kind": "table", "text": "epoch loss accuracy", "cued": False}]},
     "sideways-scrolling table without the glmnn-scrolls cue: 'epoch loss accuracy'"),
    ({"scrollers": [{"kind": "output", "text": "[0.1 0.2 0.3]", "cued": False}]},
     "sideways-scrolling output without the glmnn-scrolls cue: '[0.1 0.2 0.3]'"),
    ({"display": {"total": 3, "wide": [{"text": "p = \\sigma(w^T x + b)", "cued": False}]}},
     ("display equation wider than its column, not in a glmnn-scrolls box: "
      "'p = \\sigma(w^T x + b)'")),
    ({"inline": {"total": 9, "clipped": [{"text": "w_1 x_1 + w_2 x_2", "cued": False}]}},
     "inline formula past the screen's edge: 'w_1 x_1 + w_2 x_2'"),
    ({"code": {"total": 8, "sideways": [{"kind": "code", "text": "x = 1", "cued": True,
                                         "cut": True}]}},
     "code cut off at its box's edge (overflow hidden, it cannot scroll): 'x = 1'"),
    ({"figures": {"total": 3, "unlinked": ["loss-curve.png"]}},
     "figure without a full-size link: loss-curve.png"),
    ({"back_to_top": {"present": True, "visible": True}},
     "the back-to-top button (#pst-back-to-top) shows over the text after scrolling"),
])
def test_each_phone_reading_fault_is_one_problem(changes, expected):
    assert phone_reading_problems(_facts(**changes)) == [expected]


def test_cued_boxes_wide_equations_and_clipped_formulas_are_counted_but_no_problem():
    facts = _facts(inline={"total": 5, "clipped": [{"text": "a + b", "cued": True}]},
                   figures={"total": 4, "unlinked": ["a.png", "b.svg"]})
    assert phone_reading_problems(facts) == ["figure without a full-size link: a.png",
                                             "figure without a full-size link: b.svg"]
    counts = phone_reading_counts(facts)
    assert (counts["inline_clipped"], counts["figures_linked"], counts["figures"]) == (1, 2, 4)


def test_report_prints_the_reading_counts_of_every_page_and_their_total():
    report = Report()
    report.checked += ["a.html", "b.html"]
    report.reading["a.html"] = phone_reading_counts(_facts())
    report.reading["b.html"] = phone_reading_counts(_facts(figures={"total": 1, "unlinked": []}))
    text = report.render("site", 1.0)
    assert ("  Reading at 390 px:\n    a.html: display equations wide 1/6, inline clipped 0, "
            "code sideways 1/36, figures linked 2/2, sideways boxes cued 2/2\n") in text
    assert "    all 2 pages: display equations wide 2/12, inline clipped 0, code sideways 2/72, " \
           "figures linked 3/3, sideways boxes cued 4/4" in text
    assert text.endswith("OK: no problems found.")


def test_phone_reading_finds_each_fault_at_390_px_and_none_once_fixed(tmp_path):
    """Chromium at 390 px on a page with each fault (MathJax's output faked with its element
    names), and on the same page with each one fixed; a sidebar's image outside the article
    is not a figure of it."""
    wide = '<span style="display:inline-block;width:900px">{}</span>'
    line = "loss = " + " + ".join(f"w{k} * x{k}" for k in range(20))  # 150+ characters

    def page(fixed):
        cue = ' class="glmnn-scrolls"' if fixed else ""
        figure = '<img src="fig.svg" alt="a wide figure">'
        inline = f'<mjx-container>{wide.format("y = w x + b")}</mjx-container>'
        wrap = "white-space:pre-wrap;overflow-wrap:anywhere;" if fixed else ""
        return _html(
            '<div class="bd-sidebar-primary"><img src="fig.svg" alt="a logo"></div>'
            '<main><article class="bd-article"><h1>Page</h1>'
            f'<div class="math"><mjx-container display="true"{cue} style="display:block;'
            f'overflow-x:auto">{wide.format("E = m c^2")}</mjx-container></div>'
            + (f'<div class="glmnn-scrolls" style="overflow-x:auto"><p>In {inline}.</p></div>'
               if fixed else f"<p>In {inline}.</p>")
            + f'<div class="highlight"><pre{cue}>{line}</pre></div>'
            + f'<div class="highlight"><pre style="overflow-x:hidden;{wrap}">cut {line}</pre></div>'
            + (f'<a href="fig.svg">{figure}</a>' if fixed else figure)
            + '<p style="height:3000px">A long page.</p>'
            '<button id="pst-back-to-top" style="position:fixed;bottom:8px;right:8px;'
            f'{"display:none" if fixed else ""}">Back to top</button></article></main>',
            head='<link rel="icon" href="favicon.svg"><style>pre{overflow-x:auto}</style>')

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
           '<rect width="200" height="100"/></svg>')
    site = _write(tmp_path / "site", {"broken.html": page(False), "fixed.html": page(True),
                                      "fig.svg": svg, "favicon.svg": svg})
    report = site_check.run(site)
    # snippets are 60 characters at most
    snippet, cut = (text[:59] + "\N{HORIZONTAL ELLIPSIS}" for text in (line, "cut " + line))
    assert [p for p in report.problems["broken.html"] if not p.startswith("page is ")] == [
        "sideways-scrolling display equation without the glmnn-scrolls cue: 'E = m c^2'",
        f"sideways-scrolling code without the glmnn-scrolls cue: '{snippet}'",
        "display equation wider than its column, not in a glmnn-scrolls box: 'E = m c^2'",
        "inline formula past the screen's edge: 'y = w x + b'",
        f"code cut off at its box's edge (overflow hidden, it cannot scroll): '{cut}'",
        "figure without a full-size link: fig.svg",
        "the back-to-top button (#pst-back-to-top) shows over the text after scrolling",
    ]
    assert not report.problems.get("fixed.html"), report.problems["fixed.html"]
    assert not report.problems.get("fixed.html (1280 px)")
    assert report.reading["broken.html"] == {
        "display": 1, "display_wide": 1, "inline": 1, "inline_clipped": 1, "code": 2,
        "code_sideways": 2, "figures": 1, "figures_linked": 0, "scrolling": 2, "scrolling_cued": 0}
    assert report.reading["fixed.html"] == {
        "display": 1, "display_wide": 1, "inline": 1, "inline_clipped": 1, "code": 2,
        "code_sideways": 1, "figures": 1, "figures_linked": 1, "scrolling": 3, "scrolling_cued": 3}
    assert ("fixed.html: display equations wide 1/1, inline clipped 1, code sideways 1/2, "
            "figures linked 1/1, sideways boxes cued 3/3") in report.render(str(site), 1.0)


def test_waiting_for_mathjax_is_bounded(tmp_path):
    """A page whose MathJax never finishes typesetting is reported, not waited for forever."""
    from local_browser import find_chromium, launch, serve
    from playwright.sync_api import sync_playwright

    site = _write(tmp_path, {
        "stuck.html": _html('<script src="mathjax/tex-mml-chtml.js"></script>'),
        "done.html": _html('<script src="mathjax/tex-mml-chtml.js"></script>'),
        "mathjax/tex-mml-chtml.js": "window.MathJax = {startup: {promise: "
                                    "location.pathname.endsWith('done.html') ? "
                                    "Promise.resolve() : new Promise(() => {})}};"})
    with serve(site) as base, sync_playwright() as pw:
        browser = launch(pw, find_chromium())
        page = browser.new_page()
        page.goto(base + "stuck.html")
        assert page.evaluate(site_check.WAIT_MATHJAX, 300) == \
            "MathJax did not finish typesetting within 0.3 s"
        page.goto(base + "done.html")
        assert page.evaluate(site_check.WAIT_MATHJAX, 300) == "ok"
        browser.close()


# ----------------------------------------------------------------------------- chapter packs


def _pack(tmp_path, drop=(), readme="Adapted from \"Logistic regression is the smallest "
          "neural network\" ... CC BY 4.0 ... pip install ... Colab", svg=b"<svg/>"):
    import json
    import zipfile

    nb = {"cells": [{"cell_type": "code", "metadata": {"mystnb": {"figure": {"name": "f"}}}}]}
    files = {"README.md": readme.encode(), "x.ipynb": json.dumps(nb).encode(),
             "student/x.ipynb": b"{}", "slides/x.html": b"<html>", "slides/x.pdf": b"%PDF",
             "slides/assets/reveal/dist/reveal.js": b"js",
             "slides/assets/mathjax/tex-mml-chtml.js": b"js", "figures/README.md": b"# F",
             "figures/figure-3.1.png": b"\x89PNG...", "figures/figure-3.1.svg": svg}
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            if name not in drop:
                z.writestr(f"x/{name}", data)
    return path


def test_a_complete_pack_passes(tmp_path):
    assert site_check.check_pack(_pack(tmp_path), "x") == []


@pytest.mark.parametrize(("kwargs", "complaint"), [
    ({"drop": ["slides/x.pdf"]}, "lacks x/slides/x.pdf"),
    ({"drop": ["student/x.ipynb"]}, "lacks x/student/x.ipynb"),
    ({"drop": ["figures/figure-3.1.svg"]}, "figure 1 has no SVG file"),
    ({"svg": b"\x89PNG"}, "is not a SVG image"),
    ({"readme": "no licence here"}, "does not say 'Adapted from"),
])
def test_a_broken_pack_is_caught(tmp_path, kwargs, complaint):
    problems = site_check.check_pack(_pack(tmp_path, **kwargs), "x")
    assert any(complaint in p for p in problems), problems


def test_a_missing_pack_is_reported(tmp_path):
    assert site_check.check_pack(tmp_path / "y.zip", "y") == ["no chapter pack y.zip"]
