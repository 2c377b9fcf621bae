/* Course site script. Jupyter Book 1 loads every JS file of _static/ on every page.

   Four things for readers on narrow screens (scripts/site_check.py measures them at 390 px):
   1. Code wraps instead of running off the screen: each line of a code cell (or of an output
      that is not laid out in columns) becomes its own block, and a line too long for the
      screen continues below itself, indented past the line's own indentation (a hanging
      indent), so the code's structure stays visible. The text of the code is unchanged
      (copying it gives the original lines).
   2. Every figure links to its image, so a larger version is one tap away.
   3. A box that still scrolls sideways (a wide table, an output laid out in columns, an
      equation that cannot be broken) gets the class `glmnn-scrolls`, which course.css shows
      as a shadow on the cut-off side and a "swipe sideways" line above the box.
   4. An inline formula keeps the punctuation after it on its line. */
(function () {
  "use strict";

  var ARTICLE = ".bd-article";

  /* Split a highlighted <pre> into one span per line, keeping every character. */
  function splitLines(pre) {
    if (pre.dataset.glmnnLines) return;
    pre.dataset.glmnnLines = "1";
    var lines = [];
    var line = document.createDocumentFragment();
    function push(node) { line.appendChild(node); }
    function end() { lines.push(line); line = document.createDocumentFragment(); }
    Array.prototype.slice.call(pre.childNodes).forEach(function (node) {
      var text = node.textContent;
      if (text.indexOf("\n") < 0) { push(node); return; }
      var parts = text.split("\n");
      parts.forEach(function (part, i) {
        var last = i === parts.length - 1;
        var piece = part + (last ? "" : "\n");
        if (piece) {
          if (node.nodeType === Node.TEXT_NODE) {
            push(document.createTextNode(piece));
          } else {
            var copy = node.cloneNode(false);
            copy.textContent = piece;
            push(copy);
          }
        }
        if (!last) end();
      });
    });
    if (line.childNodes.length) end();
    pre.textContent = "";
    var highlighted = !pre.closest(".cell_output");
    lines.forEach(function (fragment) {
      var span = document.createElement("span");
      span.className = "code-line";
      span.appendChild(fragment);
      var indent = /^ */.exec(span.textContent)[0].length;
      span.style.setProperty("--indent", indent + "ch");
      addBreaks(span, highlighted);
      if (indent) takeIndent(span, indent);
      pre.appendChild(span);
    });
    pre.classList.add("glmnn-wrap");
  }

  /* The line's indentation in a span of its own, which a phone shows narrower (course.css):
     an argument aligned under an opening bracket 30 columns in would leave a strip of a few
     characters. The spaces stay in the text. */
  function takeIndent(span, indent) {
    var left = indent;
    while (left > 0 && span.firstChild) {
      var node = span.firstChild;
      var text = node.textContent;
      if (text.length <= left) {
        left -= text.length;
        span.removeChild(node);
      } else {
        node.textContent = text.slice(left);
        left = 0;
      }
    }
    var lead = document.createElement("span");
    lead.className = "code-indent";
    lead.textContent = new Array(indent + 1).join(" ");
    span.insertBefore(lead, span.firstChild);
  }

  /* Places where a wrapped line of code may break, as <wbr> (no character: copying the code
     gives the same text): after ( [ { , and /, and before the . of an attribute, so that a
     name moves to the next line whole. In code and outputs, a number such as 1e-10 is kept
     whole (the browser would break after its minus sign). */
  var NUMBER = /\d(?:\.\d+)?e[-+]\d+/gi;
  function addBreaks(line, highlighted) {
    var walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.data;
      var parent = node.parentNode;
      if (highlighted && text === ".") {
        parent.insertBefore(document.createElement("wbr"), node);
        return;
      }
      var fragment = document.createDocumentFragment();
      var start = 0;
      var changed = false;
      function flush(end) {
        if (end > start) fragment.appendChild(document.createTextNode(text.slice(start, end)));
        start = end;
      }
      var numbers = [];
      var match;
      NUMBER.lastIndex = 0;
      while ((match = NUMBER.exec(text))) numbers.push([match.index, match[0].length]);
      var n = 0;
      for (var i = 0; i < text.length; i++) {
        if (n < numbers.length && i === numbers[n][0]) {
          flush(i);
          var keep = document.createElement("span");
          keep.className = "glmnn-nobreak";
          keep.textContent = text.substr(i, numbers[n][1]);
          fragment.appendChild(keep);
          start = i + numbers[n][1];
          i = start - 1;
          n += 1;
          changed = true;
          continue;
        }
        if (highlighted && "([{,/".indexOf(text[i]) >= 0 && text[i + 1] !== " ") {
          flush(i + 1);
          fragment.appendChild(document.createElement("wbr"));
          changed = true;
        }
      }
      if (!changed) return;
      flush(text.length);
      parent.replaceChild(fragment, node);
    });
  }

  /* An inline formula and the punctuation right after it (or the bracket right before it)
     stay on one line: otherwise a line may start with the comma after a formula. */
  function glueInline(article) {
    article.querySelectorAll('mjx-container:not([display="true"])').forEach(function (math) {
      var parent = math.parentNode;
      if (!parent || (parent.classList && parent.classList.contains("glmnn-glue"))) return;
      var prev = math.previousSibling;
      var next = math.nextSibling;
      var before = prev && prev.nodeType === Node.TEXT_NODE ? /[(\[]$/.exec(prev.data) : null;
      var after = next && next.nodeType === Node.TEXT_NODE ? /^[.,;:!?)\]]+/.exec(next.data) : null;
      if (!before && !after) return;
      var glue = document.createElement("span");
      glue.className = "glmnn-glue";
      parent.insertBefore(glue, math);
      if (before) {
        prev.data = prev.data.slice(0, -1);
        glue.appendChild(document.createTextNode(before[0]));
      }
      glue.appendChild(math);
      if (after) {
        next.data = next.data.slice(after[0].length);
        glue.appendChild(document.createTextNode(after[0]));
      }
    });
  }

  /* Text in columns: a gap of two spaces or more that ends at the same place in two lines or
     more (a gap before a # comment does not count), as in a table printed with spaces or
     labels lined up before their values. */
  function isColumns(text) {
    var seen = {};
    return text.split("\n").some(function (line) {
      var gap = /\S {2,}(?=[^\s#])/g;
      var match;
      var mine = {};
      while ((match = gap.exec(line))) mine[match.index + match[0].length] = true;
      return Object.keys(mine).some(function (at) {
        seen[at] = (seen[at] || 0) + 1;
        return seen[at] >= 2;
      });
    });
  }

  /* A column output a little wider than its box (up to 15 %) is set a little smaller so that
     it fits instead of scrolling. */
  function fitColumns(pre) {
    if (!pre.dataset.glmnnFont) {
      pre.dataset.glmnnFont = String(parseFloat(getComputedStyle(pre).fontSize));
    }
    var size = parseFloat(pre.dataset.glmnnFont);
    pre.style.fontSize = "";
    var ratio = pre.clientWidth / pre.scrollWidth;
    if (ratio < 1 && ratio >= 0.85) {
      pre.style.fontSize = (Math.floor(size * ratio * 10) / 10 - 0.1) + "px";
    }
  }

  /* Table cells with a lot of text get a minimum width on a phone (course.css), so that a
     table that scrolls anyway does not squeeze them into one word per line. */
  function markLongCells(article) {
    article.querySelectorAll("td, th").forEach(function (cell) {
      if (cell.textContent.trim().length > 40) cell.classList.add("glmnn-long-cell");
    });
  }

  /* Wrap each figure in a link to its own image file. */
  function linkFigures(article) {
    article.querySelectorAll("img").forEach(function (img) {
      if (img.closest("a") || !img.getAttribute("src")) return;
      var link = document.createElement("a");
      link.className = "glmnn-full-size";
      link.href = img.src;
      link.title = "Open the full-size image";
      img.parentNode.insertBefore(link, img);
      link.appendChild(img);
    });
  }

  function scrollsSideways(el) {
    if (el.scrollWidth <= el.clientWidth + 1) return false;
    var overflow = getComputedStyle(el).overflowX;
    return overflow === "auto" || overflow === "scroll";
  }

  /* Mark the boxes that scroll sideways at the current width, and show the hint above them. */
  function markScrolling(article) {
    article.querySelectorAll("*").forEach(function (el) {
      if (el.classList.contains("glmnn-scroll-hint")) return;
      var scrolls = scrollsSideways(el);
      var hint = el.previousElementSibling;
      var hasHint = hint && hint.classList.contains("glmnn-scroll-hint");
      el.classList.toggle("glmnn-scrolls", scrolls);
      if (scrolls && !hasHint && el.parentNode) {
        hint = document.createElement("div");
        hint.className = "glmnn-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "swipe sideways \u2194";
        el.parentNode.insertBefore(hint, el);
      } else if (!scrolls && hasHint) {
        hint.remove();
      }
      if (scrolls) {
        el.classList.toggle("glmnn-at-end", el.scrollLeft + el.clientWidth >= el.scrollWidth - 1);
        if (!el.dataset.glmnnScrollWatch) {
          el.dataset.glmnnScrollWatch = "1";
          el.addEventListener("scroll", function () {
            el.classList.toggle("glmnn-at-start", el.scrollLeft <= 1);
            el.classList.toggle("glmnn-at-end",
              el.scrollLeft + el.clientWidth >= el.scrollWidth - 1);
          }, {passive: true});
        }
        el.classList.toggle("glmnn-at-start", el.scrollLeft <= 1);
      }
    });
  }

  function setUp() {
    var article = document.querySelector(ARTICLE);
    // The book's PDF (scripts/book_pdf.py) is printed from a page loaded as print media: it
    // fits code to the page itself, and a figure there needs no link to a larger version.
    if (!article || window.matchMedia("print").matches) return;
    article.querySelectorAll("div.highlight pre").forEach(function (pre) {
      // an output laid out in columns (a table printed with spaces) keeps its lines whole
      // and scrolls sideways with the hint: wrapped, its columns would fall apart
      if (pre.closest(".cell_output") && isColumns(pre.textContent)) {
        pre.classList.add("glmnn-columns");
      } else {
        splitLines(pre);
      }
    });
    linkFigures(article);
    markLongCells(article);
    var mark = function () {
      article.querySelectorAll("pre.glmnn-columns").forEach(fitColumns);
      markScrolling(article);
    };
    mark();
    window.addEventListener("load", mark);
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(mark, 150);
    });
    // MathJax typesets after this script runs: mark again once it is done
    var tries = 0;
    (function waitForMathJax() {
      var mj = window.MathJax;
      if (mj && mj.startup && mj.startup.promise) {
        mj.startup.promise.then(function () {
          glueInline(article);
          mark();
        });
      } else if (tries++ < 100) {
        setTimeout(waitForMathJax, 100);
      }
    })();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
