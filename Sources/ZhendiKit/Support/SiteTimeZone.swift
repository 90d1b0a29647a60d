import Foundation

/// The site's time zone (default Asia/Shanghai). Only the UTC offset is ever used, read from the
/// system's tz database, so dates are shown the way readers in the zone expect.
public struct SiteTimeZone: Sendable, Hashable {
    public let identifier: String
    private let zone: TimeZone

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    public static let shanghai = SiteTimeZone(identifier: "Asia/Shanghai") ?? SiteTimeZone(fixedOffset: 8 * 3600)

    private init(fixedOffset: Int) {
        identifier = "UTC+8"
        zone = TimeZone(secondsFromGMT: fixedOffset)!
    }

    func offset(at instant: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// Offset for a wall-clock time in this zone (good enough around DST changes, which China has none of).
    func offset(atLocalSeconds local: Int64) -> Int {
        let guess = offset(at: local)
        return offset(at: local - Int64(guess))
    }

    func date(_ instant: Int64) -> ContentDate {
        ContentDate(instant: instant, offsetSeconds: offset(at: instant))
    }
}
