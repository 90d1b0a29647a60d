"""Real-browser checks of the default theme for members (headless Chromium through Selenium).

Builds the sample portal with the zhendi binary ($ZHENDI_BIN, .build/release/zhendi or
.build/debug/zhendi), serves it on 127.0.0.1 and checks the home page, a list, an article, a
lesson with a self-test and the search page:
  - no axe-core violations of impact serious or critical (WCAG 2.x A/AA rules);
  - no horizontal scrolling at 320 px;
  - the 长辈模式 button makes body text >= 22 px and touch targets >= 60 px, and survives a reload;
  - no request to another host;
  - HTML + CSS + JS of each page under 100 KB;
  - the self-test works without JavaScript (answers in <details>) and with it.
Screenshots of the home page and a lesson at 360 and 1280 px go to $ZHENDI_SCREENSHOTS
(default: a temporary folder, printed).

Run: python3 -m unittest discover -s Tests/browser -p 'test_*.py'
"""

import os
import tempfile
import unittest
from pathlib import Path

from browser_support import CHROMEDRIVER, build_sample_portal, headless_chrome, serve, zhendi_binary

BUDGET_BYTES = 100 * 1024

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from axe_selenium_python import Axe
except ImportError:  # pragma: no cover
    webdriver = None


@unittest.skipIf(webdriver is None, "selenium / axe-selenium-python not installed (scripts/setup installs them)")
class ThemeInBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        binary = zhendi_binary()
        if not binary or not os.path.exists(CHROMEDRIVER):
            raise unittest.SkipTest("zhendi binary or chromedriver missing")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.public = Path(cls.tmp.name) / "public"
        build_sample_portal(binary, cls.public)
        cls.server, cls.base = serve(cls.public)
        cls.driver = headless_chrome(["--hide-scrollbars"])
        cls.driver.set_window_size(1280, 900)
        cls.driver.set_script_timeout(180)
        cls.shots = Path(os.environ.get("ZHENDI_SCREENSHOTS") or tempfile.mkdtemp(prefix="zhendi-shots-"))
        cls.shots.mkdir(parents=True, exist_ok=True)
        first_news = sorted(p.name for p in (cls.public / "news").iterdir() if p.is_dir() and p.name != "page")[0]
        cls.pages = {
            "home": "/",
            "list": "/news/",
            "article": "/news/%s/" % first_news,
            "lesson": "/lessons/dangzhang-06/",
            "search": "/search/?q=%E5%85%9A%E6%94%AF%E9%83%A8",
        }

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        cls.tmp.cleanup()
        print("\nscreenshots:", cls.shots)

    def open(self, path, width=1280):
        self.driver.set_window_size(width, 900)
        self.driver.get(self.base + path)
        return self.driver

    def test_no_serious_accessibility_violations(self):
        for name, path in self.pages.items():
            for width in (1280, 360):
                self.open(path, width)
                Axe(self.driver).inject()
                violations = self.driver.execute_async_script(
                    "var done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})"
                    ".then(function (r) { done(r.violations); }, function (e) { done([{id: 'axe-error', help: String(e), impact: 'critical', nodes: []}]); });")
                serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
                self.assertEqual([], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious],
                                 "%s at %d px" % (name, width))

    def test_no_horizontal_scroll_at_320px(self):
        for name, path in self.pages.items():
            d = self.open(path, 320)
            overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            self.assertLessEqual(overflow, 0, "%s scrolls sideways by %d px at 320 px" % (name, overflow))

    def test_large_text_mode_survives_a_reload(self):
        d = self.open(self.pages["article"], 360)
        d.execute_script("localStorage.clear()")
        d.refresh()
        size = lambda: float(d.execute_script("return parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize)"))
        self.assertGreaterEqual(size(), 18)
        d.find_element(By.CSS_SELECTOR, "[data-zhendi-large-text]").click()
        self.assertGreaterEqual(size(), 22)
        d.refresh()
        self.assertGreaterEqual(size(), 22, "large text is remembered")
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "[data-zhendi-large-text]").get_attribute("aria-pressed"), "true")
        heights = d.execute_script(
            "return Array.from(document.querySelectorAll('.site-nav a, button, .pagination a, .tag'))"
            ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)")
        self.assertTrue(heights)
        self.assertGreaterEqual(min(heights), 60, "touch targets in 长辈模式")
        d.find_element(By.CSS_SELECTOR, "[data-zhendi-large-text]").click()
        d.execute_script("localStorage.clear()")

    def test_no_request_to_another_host_and_pages_are_light(self):
        for name, path in self.pages.items():
            d = self.open(path)
            d.get_log("performance")  # drain
            d.refresh()
            hosts = set()
            total = 0
            import json
            for entry in d.get_log("performance"):
                msg = json.loads(entry["message"])["message"]
                if msg["method"] == "Network.requestWillBeSent":
                    url = msg["params"]["request"]["url"]
                    if not url.startswith("data:"):
                        hosts.add(url.split("/")[2])
            self.assertEqual(hosts, {self.base.split("/")[2]}, "%s requested %s" % (name, hosts))
            total = d.execute_script(
                "const nav = performance.getEntriesByType('navigation')[0];"
                "return nav.encodedBodySize + performance.getEntriesByType('resource')"
                ".filter(r => /\\.(css|js)$/.test(new URL(r.name).pathname)).reduce((s, r) => s + r.encodedBodySize, 0)")
            self.assertLess(total, BUDGET_BYTES, "%s moves %d bytes of HTML, CSS and JS" % (name, total))

    def test_quiz_without_and_with_javascript(self):
        html = (self.public / "lessons" / "dangzhang-06" / "index.html").read_text(encoding="utf-8")
        self.assertIn("<details class=\"quiz-answer\">", html, "answers are readable without JavaScript")
        d = self.open(self.pages["lesson"], 360)
        first = d.find_element(By.CSS_SELECTOR, ".quiz-question")
        answer = first.get_attribute("data-answer").split(",")[0]
        first.find_element(By.CSS_SELECTOR, "input[value='%s']" % answer).click()
        d.find_element(By.CSS_SELECTOR, "[data-zhendi-quiz-check]").click()
        self.assertIn("回答正确", first.find_element(By.CSS_SELECTOR, ".quiz-feedback").text)
        self.assertIn("答对 1 题", d.find_element(By.CSS_SELECTOR, ".quiz-score").text)

    def test_lesson_progress_is_remembered(self):
        d = self.open(self.pages["lesson"], 360)
        d.execute_script("localStorage.clear()")
        d.refresh()
        d.find_element(By.CSS_SELECTOR, "[data-zhendi-mark-learned]").click()
        series = d.find_element(By.CSS_SELECTOR, "[data-series]").get_attribute("data-series")
        d.get(self.base + series)
        self.assertEqual(d.find_element(By.CSS_SELECTOR, "[data-learned-count]").text, "1")
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, ".lesson.is-learned"))
        d.execute_script("localStorage.clear()")

    def test_screenshots(self):
        for name in ("home", "lesson"):
            for width in (360, 1280):
                d = self.open(self.pages[name], width)
                height = d.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
                d.set_window_size(width, height)
                path = self.shots / ("%s-%d.png" % (name, width))
                d.save_screenshot(str(path))
                self.assertTrue(path.exists())


if __name__ == "__main__":
    unittest.main()
