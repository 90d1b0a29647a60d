"""What both browser tests need: the repository, the zhendi binary, the sample portal built into a
folder, that folder served on 127.0.0.1, and a headless Chromium."""

import functools
import http.server
import os
import subprocess
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMEDRIVER = "/usr/bin/chromedriver"


def zhendi_binary():
    candidates = [os.environ.get("ZHENDI_BIN", "")] + [str(REPO / ".build" / c / "zhendi") for c in ("release", "debug")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def build_sample_portal(binary, output):
    subprocess.run([binary, "build", "--source", str(REPO), "--output", str(output)], check=True, capture_output=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory, handler=QuietHandler):
    """Serves `directory` on a free port; returns the server and its origin."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def headless_chrome(extra_args=(), logs=("performance",)):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage") + tuple(extra_args):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {kind: "ALL" for kind in logs})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
