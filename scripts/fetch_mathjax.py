"""Put MathJax 3 into _mathjax/ so that the book renders mathematics without internet.

Usage: python scripts/fetch_mathjax.py   (run by `make book` and `make build-check`)

The pinned `mathjax` package is fetched from the npm registry with Python alone (no Node
needed), checked against the registry's sha512 integrity, and only what the pages use is
kept: `es5/tex-mml-chtml.js` and its woff-v2 fonts, as `_mathjax/mathjax/...`. Sphinx copies
that folder into the built site (`html_extra_path` in _config.yml) and the pages load
`mathjax/tex-mml-chtml.js` (`mathjax_path`), which finds its fonts beside it. A lecture hall
without internet gets typeset mathematics. Nothing happens if the files are already there.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "3.2.2"
URL = f"https://registry.npmjs.org/mathjax/-/mathjax-{VERSION}.tgz"
INTEGRITY = "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "_mathjax" / "mathjax"
KEEP = ("package/es5/tex-mml-chtml.js", "package/es5/output/chtml/fonts/woff-v2/")


def main() -> int:
    stamp = TARGET / f"VERSION-{VERSION}"
    if stamp.exists():
        return 0
    with urllib.request.urlopen(URL, timeout=120) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"MathJax {VERSION}: integrity mismatch, got {digest}")
    kept = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(KEEP):
                dest = TARGET / member.name.removeprefix("package/es5/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tar.extractfile(member).read())
                kept += 1
    stamp.write_text(URL + "\n")
    print(f"MathJax {VERSION}: {kept} files in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
