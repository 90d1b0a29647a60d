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

    private final class Sink {
        var fingerprint: ContextFingerprint
        init(_ start: ContextFingerprint) { fingerprint = start }
        func add(_ s: String) { fingerprint.add(s) }
        func add(_ n: UInt64) { fingerprint.add(n) }
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
        func encode(_ value: Bool, forKey key: Key) { sink.add(key.stringValue); sink.add(value ? 1 : 0) }
        func encode(_ value: Int, forKey key: Key) { sink.add(key.stringValue); sink.add(UInt64(bitPattern: Int64(value))) }
        func encode(_ value: Int64, forKey key: Key) { sink.add(key.stringValue); sink.add(UInt64(bitPattern: value)) }
        func encode(_ value: UInt64, forKey key: Key) { sink.add(key.stringValue); sink.add(value) }
        func encode(_ value: Double, forKey key: Key) { sink.add(key.stringValue); sink.add(value.bitPattern) }
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
        mutating func encode(_ value: Bool) { count += 1; sink.add(value ? 1 : 0) }
        mutating func encode(_ value: Int) { count += 1; sink.add(UInt64(bitPattern: Int64(value))) }
        mutating func encode(_ value: Int64) { count += 1; sink.add(UInt64(bitPattern: value)) }
        mutating func encode(_ value: UInt64) { count += 1; sink.add(value) }
        mutating func encode(_ value: Double) { count += 1; sink.add(value.bitPattern) }
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
        func encode(_ value: Bool) { sink.add(value ? 1 : 0) }
        func encode(_ value: Int) { sink.add(UInt64(bitPattern: Int64(value))) }
        func encode(_ value: Int64) { sink.add(UInt64(bitPattern: value)) }
        func encode(_ value: UInt64) { sink.add(value) }
        func encode(_ value: Double) { sink.add(value.bitPattern) }
        func encode<T: Encodable>(_ value: T) throws { try value.encode(to: HashingEncoder(sink: sink)) }
    }
}
