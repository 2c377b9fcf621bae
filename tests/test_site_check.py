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
