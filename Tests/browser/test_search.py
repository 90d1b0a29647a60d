"""Real-browser test of the search page (headless Chromium through Selenium).

Serves a built site on 127.0.0.1 — $ZHENDI_SEARCH_SITE (a built public/ folder), else the sample
portal built from this repository with the zhendi binary ($ZHENDI_BIN, .build/release/zhendi or
.build/debug/zhendi) — opens /search/, types a query, submits, and reads the results.

The site's /assets/search.<hash>.js is answered with the repository's
themes/default/static/search.js, so the runtime under test is always the one in the work tree
(a corpus site built by a binary with an older embedded theme would otherwise test stale code).

Run: python3 -m unittest discover -s Tests/browser -p 'test_*.py'
"""

import json
import os
import re
import shutil
import tempfile
import unicodedata
import unittest
from pathlib import Path
from urllib.parse import quote

from browser_support import CHROMEDRIVER, REPO, QuietHandler, build_sample_portal, headless_chrome, serve, zhendi_binary

RUNTIME = REPO / "themes" / "default" / "static" / "search.js"

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover
    webdriver = None


def normalize(text):
    """FORMAT.md normalisation, code point by code point (NFKC, then lower case)."""
    return "".join(unicodedata.normalize("NFKC", ch).lower() for ch in text)


def indexed_texts(public):
    """Every page's indexed text, read as FORMAT.md §4 says: docs.bin gives each record's header
    and text sizes, records lie back to back in x/<k>.bin (meta.json's "bundle" pages per file),
    the text is UTF-16LE padded with U+0000."""
    version = json.loads((public / "search" / "latest.json").read_text())["version"]
    folder = public / "search" / version
    meta = json.loads((folder / "meta.json").read_text())
    sizes, data, at = [], (folder / "docs.bin").read_bytes(), 0

    def varint():
        nonlocal at
        value, shift = 0, 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 127) << shift
            if byte < 128:
                return value
            shift += 7

    for _ in range(meta["docs"]):
        sizes.append((8 * varint(), 64 * varint()))
    texts = []
    for doc, (header, text) in enumerate(sizes):
        if doc % meta["bundle"] == 0:
            bundle, offset = (folder / "x" / f"{doc // meta['bundle']}.bin").read_bytes(), 0
        texts.append(bundle[offset + header:offset + header + text].decode("utf-16-le").replace("\0", ""))
        offset += header + text
    return texts


def pages_containing(public, term):
    """Number of pages whose normalised indexed text contains term."""
    return sum(1 for text in indexed_texts(public) if term in normalize(text))


class Handler(QuietHandler):
    def do_GET(self):
        if re.fullmatch(r"/assets/search\.[0-9a-f]+\.js", self.path.split("?")[0]):
            body = RUNTIME.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@unittest.skipIf(webdriver is None, "selenium is not installed (pip install selenium)")
@unittest.skipUnless(os.path.exists(CHROMEDRIVER), "chromedriver is not installed (apt-get install chromium-driver)")
class SearchPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = None
        site = os.environ.get("ZHENDI_SEARCH_SITE")
        if site:
            cls.public = Path(site).resolve()
        else:
            binary = zhendi_binary()
            if not binary:
                raise unittest.SkipTest("no site: set ZHENDI_SEARCH_SITE or build the zhendi binary (swift build)")
            cls.tmp = tempfile.mkdtemp(prefix="zhendi-browser-")
            cls.public = Path(cls.tmp) / "public"
            build_sample_portal(binary, cls.public)
        if not (cls.public / "search" / "latest.json").exists():
            raise AssertionError(f"{cls.public} has no search/latest.json: is it a site built with the search index?")
        cls.server, cls.origin = serve(cls.public, Handler)
        cls.driver = headless_chrome(["--window-size=1200,900", "--disable-background-networking", "--no-first-run"],
                                     logs=("performance", "browser"))
        cls.driver.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        cls.server.server_close()
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def wait_for_status(self, prefix_pattern):
        status = self.driver.find_element(By.CSS_SELECTOR, "[data-search-status]")
        WebDriverWait(self.driver, 30).until(lambda d: re.match(prefix_pattern, status.text))
        return status.text

    def results(self):
        items = self.driver.find_elements(By.CSS_SELECTOR, "[data-search-results] > li.item")
        return [{
            "title": li.find_element(By.CSS_SELECTOR, ".item-title a").text,
            "href": li.find_element(By.CSS_SELECTOR, ".item-title a").get_attribute("href"),
            "excerpt": li.find_element(By.CSS_SELECTOR, ".item-summary").get_attribute("innerHTML"),
            "meta": li.find_element(By.CSS_SELECTOR, ".item-meta").text,
        } for li in items]

    def test_search_page(self):
        d = self.driver
        term = "党支部"
        expected = pages_containing(self.public, term)
        self.assertGreater(expected, 0, f"the site has no page with {term}")

        d.get(self.origin + "/search/")
        version = json.loads((self.public / "search" / "latest.json").read_text())["version"]
        index = d.find_element(By.CSS_SELECTOR, "[data-zhendi-search]").get_attribute("data-index")
        self.assertEqual(index, f"/search/{version}/", "the page names the current index version")
        script = d.find_element(By.CSS_SELECTOR, "script[src*='/assets/search.']")
        self.assertTrue(script.get_attribute("defer"))
        d.execute_script("window.zhendiNoReload = true")
        box = d.find_element(By.CSS_SELECTOR, "[data-zhendi-search] input[name=q]")
        box.send_keys(term)
        box.send_keys(Keys.ENTER)
        status = self.wait_for_status(r"找到|没有找到|搜索暂时")
        self.assertEqual(status, f"找到 {expected} 篇包含“{term}”的文章")
        self.assertTrue(d.current_url.endswith("/search/?q=" + quote(term)), d.current_url)
        self.assertTrue(d.execute_script("return window.zhendiNoReload === true"), "submitted without a reload")
        self.assertEqual(d.switch_to.active_element.get_attribute("id"), "search-results-title")

        results = self.results()
        self.assertEqual(len(results), min(10, expected))
        for r in results:
            self.assertTrue(r["title"], r)
            self.assertTrue(r["href"].startswith(self.origin + "/"), r)
            marks = re.findall(r"<mark>(.*?)</mark>", r["excerpt"])
            self.assertEqual(len(marks), 1, r)
            self.assertIn(term, normalize(marks[0]), r)
            self.assertRegex(r["meta"], r"^(\d{4}年\d{1,2}月\d{1,2}日)?")
        dated = [r for r in results if re.match(r"\d{4}年", r["meta"])]
        self.assertTrue(dated, "results show Chinese dates")

        more = d.find_element(By.CSS_SELECTOR, "[data-search-more]")
        if expected > 10:
            self.assertTrue(more.is_displayed())
            self.assertEqual(more.text, "显示更多")
            more.send_keys(Keys.ENTER)  # keyboard, not only the mouse
            WebDriverWait(d, 30).until(lambda _: len(self.results()) == min(20, expected))
            self.assertEqual(d.switch_to.active_element.text, self.results()[10]["title"])
            self.assertEqual(more.is_displayed(), expected > 20)
        else:
            self.assertFalse(more.is_displayed())

        # opening a result URL with ?q= runs the search on load; no results and several terms
        d.get(self.origin + "/search/?q=" + quote("不存在的词语"))
        self.assertEqual(self.wait_for_status(r"找到|没有找到"),
                         "没有找到包含“不存在的词语”的文章。可以试试更短的关键词，或检查是否有错别字。")
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "[data-zhendi-search] input[name=q]").get_attribute("value"), "不存在的词语")
        self.assertEqual(self.results(), [])
        d.get(self.origin + "/search/?q=" + quote(term + " zzqqx"))
        status = self.wait_for_status(r"找到|没有找到")
        self.assertTrue(status.startswith(f"没有找到同时包含“{term}”“zzqqx”的文章。文章须同时包含全部 2 个关键词"), status)

        if os.environ.get("ZHENDI_SCREENSHOT"):
            d.get(self.origin + "/search/?q=" + quote(term))
            self.wait_for_status(r"找到")
            d.save_screenshot(os.environ["ZHENDI_SCREENSHOT"])

        # every request went to this site
        origin_entries = d.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        self.assertTrue(origin_entries, "resource timing entries")
        foreign = [u for u in origin_entries if not u.startswith(self.origin + "/")]
        self.assertEqual(foreign, [])
        requested = []
        for entry in d.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requested.append(message["params"]["request"]["url"])
        self.assertTrue(any("/search/" in u and u.endswith("/meta.json") for u in requested), requested[:20])
        foreign = [u for u in requested if not u.startswith(self.origin + "/") and not u.startswith("data:")]
        self.assertEqual(foreign, [])
        errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        self.assertEqual(errors, [])

    def test_a_result_opens_its_page_at_the_match(self):
        # A phone-sized window, a term near the end of a long lesson: the result's link carries a
        # text fragment, and following it shows the match, not the top of the page.
        d = self.driver
        d.set_window_size(390, 844)
        try:
            term = "防微杜渐"
            d.get(self.origin + "/search/?q=" + quote(term))
            self.wait_for_status(r"找到 1 篇")
            link = d.find_element(By.CSS_SELECTOR, "[data-search-results] .item-title a")
            self.assertIn("#:~:text=", link.get_attribute("href"))
            link.click()
            WebDriverWait(d, 30).until(lambda _: "/lessons/" in d.current_url)
            WebDriverWait(d, 10).until(lambda _: d.execute_script("return window.scrollY") > 0)
            top = d.execute_script("""
                var w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n, i;
                while ((n = w.nextNode())) if ((i = n.data.indexOf(arguments[0])) >= 0) {
                  var r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + arguments[0].length);
                  return r.getBoundingClientRect().top;
                }
                return null;""", term)
            self.assertIsNotNone(top)
            self.assertTrue(0 <= top < d.execute_script("return window.innerHeight"), top)
        finally:
            d.set_window_size(1200, 900)


if __name__ == "__main__":
    unittest.main()
