/// How the build cache stores the pipeline's values (`BinaryArchive`): digests, findings and
/// parsed items. Read back only by the same program (the cache key includes it), so the layout
/// needs no versioning of its own.
extension BinaryWriter {
    mutating func digest(_ d: PageDigest) {
        string(d.summary)
        int(d.readingMinutes)
        int(d.characterCount)
        array(d.headings) { w, h in w.int(h.level); w.string(h.id); w.string(h.text) }
        array(d.anchors) { w, a in w.optionalString(a.targetURL); w.string(a.anchor); w.int(a.line) }
        optionalString(d.leadImage)
        optionalString(d.html)
        array(d.images) { w, i in w.string(i.src); w.string(i.alt); w.int(i.line); w.optional(i.width) { $0.int($1) } }
    }

    mutating func diagnostic(_ d: Diagnostic) {
        bool(d.severity == .error)
        string(d.code)
        optionalString(d.file)
        optional(d.line) { $0.int($1) }
        string(d.message)
        optionalString(d.hint)
    }

    /// Everything but the body, which is cut from the file's text again when read.
    mutating func itemMetadata(_ item: ContentItem) {
        string(item.source)
        string(item.kind.rawValue)
        optionalString(item.section)
        string(item.title)
        optional(item.date) { $0.date($1) }
        optional(item.updated) { $0.date($1) }
        array(item.tags) { $0.string($1) }
        optionalString(item.summary)
        optionalString(item.author)
        optionalString(item.branch)
        optionalString(item.series)
        optional(item.order) { $0.int($1) }
        string(item.slug)
        bool(item.draft)
        bool(item.isInternal)
        optionalString(item.cover)
        array(item.topics) { $0.string($1) }
        optional(item.weight) { $0.int($1) }
        array(item.allowedNumbers) { $0.string($1) }
        int(item.bodyLine)
        int(Int(Int64(bitPattern: item.hash.value)))
        array(item.keyLines.sorted { $0.key < $1.key }) { w, e in w.string(e.key); w.int(e.value) }
    }

    private mutating func date(_ d: ContentDate) {
        int(Int(d.instant))
        int(d.offsetSeconds)
    }

    private mutating func optionalString(_ s: String?) { optional(s) { $0.string($1) } }
}

extension BinaryReader {
    mutating func digest() throws -> PageDigest {
        PageDigest(summary: try string(), readingMinutes: try int(), characterCount: try int(),
                   headings: try array { r in Heading(level: try r.int(), id: try r.string(), text: try r.string()) },
                   anchors: try array { r in AnchorReference(targetURL: try r.optionalString(), anchor: try r.string(), line: try r.int()) },
                   leadImage: try optionalString(), html: try optionalString(),
                   images: try array { r in
                       ImageReference(src: try r.string(), alt: try r.string(), line: try r.int(), width: try r.optional { try $0.int() })
                   })
    }

    mutating func diagnostic() throws -> Diagnostic {
        let severity: Severity = try bool() ? .error : .warning
        let code = try string()
        let file = try optionalString()
        let line = try optional { try $0.int() }
        return Diagnostic(severity, code, file: file, line: line, try string(), hint: try optionalString())
    }

    mutating func itemMetadata(body: String) throws -> ContentItem {
        let source = try string()
        guard let kind = ContentKind(rawValue: try string()) else { throw Malformed() }
        let section = try optionalString()
        let title = try string()
        let date = try optional { try $0.date() }
        let updated = try optional { try $0.date() }
        let tags = try array { try $0.string() }
        let summary = try optionalString(), author = try optionalString(), branch = try optionalString(), series = try optionalString()
        let order = try optional { try $0.int() }
        let slug = try string()
        let draft = try bool(), isInternal = try bool()
        let cover = try optionalString()
        let topics = try array { try $0.string() }
        let weight = try optional { try $0.int() }
        let allowedNumbers = try array { try $0.string() }
        let bodyLine = try int()
        let hash = ContentHash(value: UInt64(bitPattern: Int64(try int())))
        var keyLines: [String: Int] = [:]
        for (k, v) in try array({ r in (try r.string(), try r.int()) }) { keyLines[k] = v }
        return ContentItem(source: source, kind: kind, section: section, title: title, date: date, updated: updated, tags: tags,
                           summary: summary, author: author, branch: branch, series: series, order: order, slug: slug,
                           draft: draft, isInternal: isInternal, cover: cover, topics: topics, weight: weight,
                           allowedNumbers: allowedNumbers, body: body, bodyLine: bodyLine, hash: hash, keyLines: keyLines)
    }

    private mutating func date() throws -> ContentDate {
        ContentDate(instant: Int64(try int()), offsetSeconds: try int())
    }

    mutating func optionalString() throws -> String? { try optional { try $0.string() } }
}
