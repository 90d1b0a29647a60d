import Mustache

/// A part of the context that many pages share, as templates see it (the same fields as a
/// dictionary), built once with its fingerprint: a list entry (an item is shown by half a dozen
/// lists, and hashing its fields again for every list page cost a fifth of rendering the lists),
/// and the site, asset and chrome parts of every page (hashing their kilobytes of header and
/// footer again for each of 10,000 pages was most of fingerprinting an article's surroundings).
struct SharedContext: MustacheParent {
    let fields: [String: Any]
    let fingerprint: UInt64

    init(_ fields: [String: Any]) {
        self.fields = fields
        fingerprint = ContextFingerprint.hash(fields)
    }

    /// `fingerprint` must change whenever `fields` can (a key they are derived from).
    init(_ fields: [String: Any], fingerprint: UInt64) {
        self.fields = fields
        self.fingerprint = fingerprint
    }

    func child(named name: String) -> Any? { fields[name] }
}
