/// Hashes an `Encodable` value into a `ContextFingerprint`: every stored property of a type
/// whose conformance the compiler synthesises is hashed, with its name, so a property added
/// later is covered without anyone remembering to add it to a hash function.
struct FingerprintEncoder {
    static func fingerprint<T: Encodable>(_ value: T, into start: ContextFingerprint = ContextFingerprint()) -> UInt64 {
        let sink = Sink(start)
        // Encoding into a hasher cannot fail: the containers never throw.
        try? value.encode(to: HashingEncoder(sink: sink))
        return sink.fingerprint.value
    }

    /// How each primitive is hashed, in one place for the three kinds of container.
    private final class Sink {
        var fingerprint: ContextFingerprint
        init(_ start: ContextFingerprint) { fingerprint = start }
        func add(_ s: String) { fingerprint.add(s) }
        func add<I: FixedWidthInteger>(_ n: I) { fingerprint.add(UInt64(truncatingIfNeeded: n)) }
        func add(_ b: Bool) { fingerprint.add(b ? 1 : 0) }
        func add(_ d: Double) { fingerprint.add(d.bitPattern) }

        /// The primitives the containers have no method of their own for (Int32, UInt8, Float…)
        /// encode themselves into a single-value container, whose generic method ends here: their
        /// `encode(to:)` would ask for that container again, forever. False for any other value.
        /// (Only there: the keyed and unkeyed containers pass nested values on without a cast.)
        func addPrimitive(_ value: Any) -> Bool {
            switch value {
            case let v as String: add(v)
            case let v as Bool: add(v)
            case let v as Double: add(v)
            case let v as Float: add(Double(v))
            case let v as any FixedWidthInteger: add(v)
            default: return false
            }
            return true
        }
    }

    // Tags keep values of different kinds apart (`nil` from "", a container from a value).
    private static let nilTag: UInt64 = 0x4E11
    private static let keyedTag: UInt64 = 0x4B45
    private static let unkeyedTag: UInt64 = 0x554E
    private static let endTag: UInt64 = 0x454E

    private struct HashingEncoder: Encoder {
        let sink: Sink
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            sink.add(FingerprintEncoder.keyedTag)
            return KeyedEncodingContainer(Keyed<Key>(sink: sink))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            sink.add(FingerprintEncoder.unkeyedTag)
            return Unkeyed(sink: sink)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(sink: sink) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        var codingPath: [CodingKey] { [] }

        func encodeNil(forKey key: Key) { sink.add(key.stringValue); sink.add(FingerprintEncoder.nilTag) }
        func encode(_ value: String, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode(_ value: Bool, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode(_ value: Int, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode(_ value: Int64, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode(_ value: UInt64, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode(_ value: Double, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            sink.add(key.stringValue)
            try value.encode(to: HashingEncoder(sink: sink))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            sink.add(key.stringValue)
            return HashingEncoder(sink: sink).container(keyedBy: keyType)
        }

        func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            sink.add(key.stringValue)
            return HashingEncoder(sink: sink).unkeyedContainer()
        }

        func superEncoder() -> Encoder { HashingEncoder(sink: sink) }
        func superEncoder(forKey key: Key) -> Encoder { sink.add(key.stringValue); return HashingEncoder(sink: sink) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let sink: Sink
        var codingPath: [CodingKey] { [] }
        private(set) var count = 0

        init(sink: Sink) { self.sink = sink }

        mutating func encodeNil() { count += 1; sink.add(FingerprintEncoder.nilTag) }
        mutating func encode(_ value: String) { count += 1; sink.add(value) }
        mutating func encode(_ value: Bool) { count += 1; sink.add(value) }
        mutating func encode(_ value: Int) { count += 1; sink.add(value) }
        mutating func encode(_ value: Int64) { count += 1; sink.add(value) }
        mutating func encode(_ value: UInt64) { count += 1; sink.add(value) }
        mutating func encode(_ value: Double) { count += 1; sink.add(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            count += 1
            try value.encode(to: HashingEncoder(sink: sink))
            sink.add(FingerprintEncoder.endTag)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            count += 1
            return HashingEncoder(sink: sink).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            count += 1
            return HashingEncoder(sink: sink).unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { count += 1; return HashingEncoder(sink: sink) }
    }

    private struct Single: SingleValueEncodingContainer {
        let sink: Sink
        var codingPath: [CodingKey] { [] }

        func encodeNil() { sink.add(FingerprintEncoder.nilTag) }
        func encode(_ value: String) { sink.add(value) }
        func encode(_ value: Bool) { sink.add(value) }
        func encode(_ value: Int) { sink.add(value) }
        func encode(_ value: Int64) { sink.add(value) }
        func encode(_ value: UInt64) { sink.add(value) }
        func encode(_ value: Double) { sink.add(value) }
        func encode<T: Encodable>(_ value: T) throws {
            if !sink.addPrimitive(value) { try value.encode(to: HashingEncoder(sink: sink)) }
        }
    }
}
