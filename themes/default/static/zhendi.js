/* Zhendi default theme: large-text and contrast switches, lesson progress. Plain ES5, no
   dependencies; every page works without it. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var store = null;
  try { store = window.localStorage; store.getItem("x"); } catch (e) { store = null; }
  function get(key) { try { return store ? store.getItem(key) : null; } catch (e) { return null; } }
  function set(key, value) { try { if (store) { store.setItem(key, value); } } catch (e) { /* private mode */ } }
  function all(selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); }
  function hasClass(cls) { return (" " + root.className + " ").indexOf(" " + cls + " ") >= 0; }
  function setClass(cls, on) {
    var names = root.className.split(/\s+/).filter(function (n) { return n && n !== cls; });
    if (on) { names.push(cls); }
    root.className = names.join(" ");
  }

  function toggle(attribute, cls, key) {
    var buttons = all("[" + attribute + "]");
    function sync() {
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", hasClass(cls) ? "true" : "false"); });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var on = !hasClass(cls);
        setClass(cls, on);
        set(key, on ? "1" : "0");
        sync();
      });
    });
    sync();
  }
  toggle("data-zhendi-large-text", "large-text", "zhendi-large-text");
  toggle("data-zhendi-contrast", "high-contrast", "zhendi-contrast");

  // Lesson progress: which lessons are learned, and where the member left off in each series.
  function learned() {
    try { return JSON.parse(get("zhendi-learned") || "{}") || {}; } catch (e) { return {}; }
  }
  all("[data-zhendi-lesson]").forEach(function (box) {
    var url = box.getAttribute("data-zhendi-lesson");
    var series = box.getAttribute("data-series");
    var button = box.querySelector("[data-zhendi-mark-learned]");
    var note = box.querySelector(".learned-note");
    if (series) { set("zhendi-last:" + series, url); }
    function sync() {
      var done = !!learned()[url];
      button.setAttribute("aria-pressed", done ? "true" : "false");
      button.textContent = done ? "已学 ✓（点击取消）" : "标记为已学";
      note.textContent = done ? "本讲已学完" : "";
    }
    button.addEventListener("click", function () {
      var map = learned();
      if (map[url]) { delete map[url]; } else { map[url] = 1; }
      set("zhendi-learned", JSON.stringify(map));
      sync();
    });
    sync();
  });
  all("[data-zhendi-series]").forEach(function (box) {
    var series = box.getAttribute("data-zhendi-series");
    var map = learned();
    var lessons = all("[data-lesson-url]");
    var count = 0;
    var firstOpen = null;
    lessons.forEach(function (li) {
      var url = li.getAttribute("data-lesson-url");
      if (map[url]) { count += 1; li.className += " is-learned"; } else if (!firstOpen) { firstOpen = li; }
    });
    var total = lessons.length || 1;
    var countEl = box.querySelector("[data-learned-count]");
    var fill = box.querySelector("[data-progress-fill]");
    var link = box.querySelector("[data-zhendi-continue]");
    if (countEl) { countEl.textContent = String(count); }
    if (fill) { fill.style.width = Math.round(count * 100 / total) + "%"; }
    var last = get("zhendi-last:" + series);
    var target = null;
    lessons.forEach(function (li) { if (li.getAttribute("data-lesson-url") === last) { target = li; } });
    if (!target && count > 0) { target = firstOpen; }
    if (link && target) {
      var a = target.querySelector("a");
      link.setAttribute("href", a.getAttribute("href"));
      link.textContent = "继续学习：" + a.textContent;
    }
    if (link && count === lessons.length && lessons.length > 0) { link.textContent = "已全部学完，可以从头复习"; }
  });
})();

/* Self-test quizzes: check the member's answers and reveal the explanations. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-zhendi-quiz]");
  Array.prototype.forEach.call(boxes, function (box) {
    var button = box.querySelector("[data-zhendi-quiz-check]");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var questions = box.querySelectorAll(".quiz-question");
      var right = 0;
      Array.prototype.forEach.call(questions, function (q) {
        var answer = (q.getAttribute("data-answer") || "").split(",").filter(function (x) { return x !== ""; }).sort().join(",");
        var chosen = Array.prototype.filter.call(q.querySelectorAll("input"), function (i) { return i.checked; })
          .map(function (i) { return i.value; }).sort().join(",");
        var feedback = q.querySelector(".quiz-feedback");
        var details = q.querySelector("details");
        var ok = chosen !== "" && chosen === answer;
        if (ok) { right += 1; }
        q.className = "quiz-question " + (chosen === "" ? "is-unanswered" : ok ? "is-right" : "is-wrong");
        feedback.textContent = chosen === "" ? "还没有作答。" : ok ? "回答正确！" : "回答错误，请看下面的答案和解析。";
        if (details && chosen !== "") { details.open = true; }
      });
      var score = box.querySelector(".quiz-score");
      if (score) { score.textContent = "答对 " + right + " 题，共 " + questions.length + " 题。"; }
    });
  });
})();
