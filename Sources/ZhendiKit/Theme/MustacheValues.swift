import Mustache

// Strings and integers render through `renderText` instead of the library's fallback,
// `String(describing:)` after an optional-unwrapping check: that fallback asks the runtime about
// several more protocols for every `{{value}}` on every page. The text written is the same.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheCustomRenderable {
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
