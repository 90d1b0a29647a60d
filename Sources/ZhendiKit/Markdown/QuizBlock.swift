/// Self-test blocks for lessons, written as a fenced ```quiz block:
///
///     1. 问题？
///     - [ ] 错误选项
///     - [x] 正确选项
///     > 解析：……
///
/// Rendered as a small form that works without JavaScript: the answer and explanation sit in a
/// `<details>` element; with JavaScript a button checks the member's choice.
enum QuizBlock {
    struct Question {
        var text: String
        var options: [(text: String, correct: Bool)] = []
        var explanation: [String] = []
        var line: Int
    }

    static func parse(_ literal: String, firstLine: Int) -> [Question] {
        var questions: [Question] = []
        for (offset, raw) in literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if let q = questionText(line) {
                questions.append(Question(text: q, line: firstLine + 1 + offset))
            } else if line.hasPrefix("- [") || line.hasPrefix("* ["), line.count >= 5 {
                let mark = line[line.index(line.startIndex, offsetBy: 3)]
                let text = String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)
                if questions.isEmpty { questions.append(Question(text: "", line: firstLine + 1 + offset)) }
                questions[questions.count - 1].options.append((text, mark == "x" || mark == "X"))
            } else if line.hasPrefix(">") {
                if questions.isEmpty { continue }
                questions[questions.count - 1].explanation.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if !questions.isEmpty {
                questions[questions.count - 1].text += line
            }
        }
        return questions
    }

    /// `1. 问题` or `1、问题` → 问题
    private static func questionText(_ line: String) -> String? {
        var digits = 0
        var rest = Substring(line)
        while let c = rest.first, c.isASCII, c.isNumber { rest.removeFirst(); digits += 1 }
        guard digits > 0, let sep = rest.first, sep == "." || sep == "、" || sep == "．" else { return nil }
        rest.removeFirst()
        return rest.trimmingCharacters(in: .whitespaces)
    }

    static func render(_ literal: String, file: String, line: Int) -> (html: String, diagnostics: [Diagnostic]) {
        let questions = parse(literal, firstLine: line)
        var diagnostics: [Diagnostic] = []
        if questions.isEmpty {
            diagnostics.append(.warning("quiz.empty", file: file, line: line, "自测题区块里没有题目。",
                hint: "每道题以“1. 题目”开头，选项写成“- [ ] 选项”，正确选项写成“- [x] 选项”。"))
        }
        let id = "quiz-\(line)"
        var html = "<section class=\"quiz\" data-zhendi-quiz aria-labelledby=\"\(id)-title\">\n"
        html += "<p class=\"quiz-title\" id=\"\(id)-title\">自测题（共 \(questions.count) 题）</p>\n<ol class=\"quiz-questions\">\n"
        let letters = Array("ABCDEFGHIJ")
        for (qi, q) in questions.enumerated() {
            if q.text.isEmpty || q.options.count < 2 {
                diagnostics.append(.warning("quiz.question", file: file, line: q.line,
                    "第 \(qi + 1) 题缺少题目或选项（至少两个）。", hint: "选项写成“- [ ] 选项”。"))
            }
            let correct = q.options.enumerated().filter { $0.element.correct }.map(\.offset)
            if correct.isEmpty {
                diagnostics.append(.warning("quiz.answer", file: file, line: q.line,
                    "第 \(qi + 1) 题没有标出正确答案。", hint: "把正确选项写成“- [x] 选项”。"))
            }
            let multiple = correct.count > 1
            let name = "\(id)-q\(qi + 1)"
            html += "<li class=\"quiz-question\" data-answer=\"\(correct.map(String.init).joined(separator: ","))\">\n"
            html += "<fieldset>\n<legend><span class=\"quiz-number\">\(qi + 1).</span> \(Escape.html(q.text))\(multiple ? "（多选）" : "")</legend>\n<ul class=\"quiz-options\">\n"
            for (oi, option) in q.options.enumerated() {
                let letter = oi < letters.count ? String(letters[oi]) : String(oi + 1)
                html += "<li><label><input type=\"\(multiple ? "checkbox" : "radio")\" name=\"\(name)\" value=\"\(oi)\"> "
                html += "<span class=\"quiz-letter\">\(letter).</span> \(Escape.html(option.text))</label></li>\n"
            }
            html += "</ul>\n<p class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\"></p>\n"
            let answer = correct.map { oi in (oi < letters.count ? String(letters[oi]) : String(oi + 1)) + ". " + q.options[oi].text }
            html += "<details class=\"quiz-answer\"><summary>查看答案</summary>\n"
            html += "<p>正确答案：\(Escape.html(answer.joined(separator: "；")))</p>\n"
            for e in q.explanation { html += "<p>\(Escape.html(e))</p>\n" }
            html += "</details>\n</fieldset>\n</li>\n"
        }
        html += "</ol>\n<p class=\"quiz-actions js-only\"><button type=\"button\" data-zhendi-quiz-check>提交答案</button> "
        html += "<span class=\"quiz-score\" role=\"status\" aria-live=\"polite\"></span></p>\n</section>\n"
        return (html, diagnostics)
    }
}
