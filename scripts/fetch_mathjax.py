"""Put MathJax 4 into _mathjax/ so that the book renders mathematics without internet.

Usage: python scripts/fetch_mathjax.py   (run by `make book` and `make build-check`)

Two pinned npm packages are fetched from the npm registry with Python alone (no Node needed)
and checked against the registry's sha512 integrity: `mathjax` (the TeX-to-HTML component
`tex-mml-chtml.js`, the TeX extensions it autoloads, its menu and its accessibility modules)
and `@mathjax/mathjax-newcm-font` (the New Computer Modern font MathJax 4 uses: its woff2 files
and the character data it loads on demand). Only those parts are kept, as `_mathjax/mathjax/...`
with the font in `_mathjax/mathjax/fonts/mathjax-newcm-font/`. Sphinx copies that folder into the
built site (`html_static_path` in _config.yml) and the pages load `mathjax/tex-mml-chtml.js`
(`mathjax_path`), which finds the font through `output.fontPath` (`mathjax3_config`). A lecture
hall without internet gets typeset mathematics.

MathJax 4 rather than 3 because it breaks a long display formula to the width of the page
(`displayOverflow: "linebreak"`), so that equations fit a phone.
Nothing happens if the files of this version are already there; another version's are replaced.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.1.3"
REGISTRY = "https://registry.npmjs.org"
ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "_mathjax" / "mathjax"
#: (tarball URL, sha512 integrity, {prefix in the tarball: folder under TARGET})
PACKAGES = (
    (
        f"{REGISTRY}/mathjax/-/mathjax-{VERSION}.tgz",
        "sha512-BN/8Pkgn7G1pIDYJqd9md+JHsE/jydSYbyOZnSdSA0WziuVO8mRxdYiWFumkVVly/8U+hm9DpIIoWuvySverzw==",
        {
            "package/tex-mml-chtml.js": "",
            "package/input/tex/extensions/": "input/tex/extensions/",
            "package/a11y/": "a11y/",
            "package/ui/": "ui/",
        },
    ),
    (
        f"{REGISTRY}/@mathjax/mathjax-newcm-font/-/mathjax-newcm-font-{VERSION}.tgz",
        "sha512-gzAB3dFHilHX1l5x2xUqRL+1jDQt3Fyza1DkEMVXWC4E8SvsGdlgEza47HYi2WhVcgfkvf4zgUGzuhbq3Pjlew==",
        {
            "package/chtml/woff2/": "fonts/mathjax-newcm-font/chtml/woff2/",
            "package/chtml/dynamic/": "fonts/mathjax-newcm-font/chtml/dynamic/",
        },
    ),
)


def destination(name: str, keep: dict[str, str]) -> Path | None:
    """Where a tarball member goes under TARGET, or None when it is not kept."""
    for prefix, folder in keep.items():
        if name == prefix:
            return TARGET / folder / Path(name).name
        if prefix.endswith("/") and name.startswith(prefix):
            return TARGET / folder / name.removeprefix(prefix)
    return None


def fetch(url: str, integrity: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise SystemExit(f"{url}: integrity mismatch, got {digest}")
    return data


def main() -> int:
    stamp = TARGET / f"VERSION-{VERSION}"
    if stamp.exists():
        return 0
    if TARGET.exists():  # another version's files
        shutil.rmtree(TARGET)
    kept = 0
    for url, integrity, keep in PACKAGES:
        with tarfile.open(fileobj=io.BytesIO(fetch(url, integrity)), mode="r:gz") as tar:
            for member in tar.getmembers():
                dest = destination(member.name, keep) if member.isfile() else None
                if dest is not None:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(tar.extractfile(member).read())
                    kept += 1
    stamp.write_text("\n".join(url for url, _, _ in PACKAGES) + "\n")
    print(f"MathJax {VERSION}: {kept} files in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
