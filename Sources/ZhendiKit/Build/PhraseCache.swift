import Foundation

/// The search index's phrase table kept in `.zhendi-cache/phrases.bin` with a hash of the
/// sample of pages it was chosen from (`PhraseTable.select`): a build whose sampled pages are
/// unchanged (most edits to a large site: 300 pages are sampled, one in 33 at 10,000 pages)
/// takes it from there instead of counting their phrases again. Only speed depends on it: the same sample gives the
/// same table.
enum PhraseCache {
    /// `stamp`: the program and its settings (`BuildCache.stamp`); another program may choose
    /// differently.
    static func table(for sample: [String], options: BuildOptions, stamp: String) -> PhraseTable {
        var key = ContentHash(stamp)
        for text in sample { key = key.appending(text.utf8) }
        let url = BuildCache.folder(options).appendingPathComponent("phrases.bin")
        if var r = BinaryReader(contentsOfFile: url.path), (try? r.uint64()) == key.value,
           let phrases = try? r.array({ try $0.pod(UInt32.self) }), r.isAtEnd, PhraseTable.accepts(phrases) {
            return PhraseTable(phrases: phrases)
        }
        let table = PhraseTable.select(sample: sample)
        var w = BinaryWriter()
        w.uint64(key.value)
        w.array(table.phrases) { $0.pod($1) }
        // Only a help for the next build.
        try? FileManager.default.createDirectory(at: BuildCache.folder(options), withIntermediateDirectories: true)
        try? w.write(to: url)
        return table
    }
}
