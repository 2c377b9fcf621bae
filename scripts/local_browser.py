"""What scripts/site_check.py and scripts/book_pdf.py share: a folder served on 127.0.0.1
and the headless Chromium that Playwright drives.

Chromium: ``$GLMNN_CHROMIUM`` if set (a path, or ``playwright`` for the browser of
``python -m playwright install chromium``, as the publish workflow uses), else Debian's
``/usr/bin/chromium``, installed with apt-get when it is missing and the script runs as root.
The launch flags keep a sandboxed, offline machine quiet: without the background-networking
ones Chromium keeps trying to reach Google's hosts.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # the callers report what matters


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def find_chromium(choice: str | None = None, install: bool = True) -> str | None:
    """The Chromium to launch: a path, or None for Playwright's own download.

    Raises ``SystemExit`` with what to do when there is none (after trying apt-get, unless
    ``install`` is false).
    """
    choice = choice or os.environ.get("GLMNN_CHROMIUM") or DEBIAN_CHROMIUM
    if choice == "playwright":
        return None
    path = shutil.which(choice) or choice
    if Path(path).exists():
        return path
    if install and choice == DEBIAN_CHROMIUM and shutil.which("apt-get") and os.geteuid() == 0:
        print("installing Debian's chromium with apt-get", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
                       check=True)
        if Path(DEBIAN_CHROMIUM).exists():
            return DEBIAN_CHROMIUM
    raise SystemExit(f"no Chromium at {choice}: install it (Debian: apt-get install chromium) "
                     "or set GLMNN_CHROMIUM to a browser's path (GLMNN_CHROMIUM=playwright "
                     "uses the browser of `python -m playwright install chromium`)")


def launch(playwright, executable: str | None):
    """Headless Chromium through Playwright: ``executable``, or Playwright's own if None."""
    options = {"headless": True, "args": CHROMIUM_ARGS}
    if executable:
        options["executable_path"] = executable
    return playwright.chromium.launch(**options)
