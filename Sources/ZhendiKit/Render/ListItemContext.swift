import Mustache

/// One entry of a list as templates see it (the same fields as a dictionary), built once per
/// item with its fingerprint: an item is shown by half a dozen lists, and hashing its fields
/// again for every list page cost a fifth of rendering the lists.
struct ListItemContext: MustacheParent {
    let fields: [String: Any]
    let fingerprint: UInt64

    init(_ fields: [String: Any]) {
        self.fields = fields
        fingerprint = ContextFingerprint.hash(fields)
    }

    func child(named name: String) -> Any? { fields[name] }
}
