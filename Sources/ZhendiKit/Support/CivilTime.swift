/// Calendar arithmetic done by hand (proleptic Gregorian, Howard Hinnant's algorithms) so that
/// dates in the output never depend on the machine's locale or ICU data.
struct CivilDate: Hashable, Sendable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days since 1970-01-01.
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= CivilDate.daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 0 = Sunday.
    var weekday: Int {
        let d = daysSinceEpoch
        return ((d % 7) + 7 + 4) % 7
    }
}

/// A moment as written by the editor: the instant plus the UTC offset to show it in.
public struct ContentDate: Hashable, Sendable, Comparable, Codable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var instant: Int64
    /// Offset from UTC used when displaying this date (the site's zone, usually +08:00).
    public var offsetSeconds: Int

    public init(instant: Int64, offsetSeconds: Int) {
        self.instant = instant
        self.offsetSeconds = offsetSeconds
    }

    public static func < (a: ContentDate, b: ContentDate) -> Bool { a.instant < b.instant }

    private var local: (date: CivilDate, hour: Int, minute: Int, second: Int) {
        let t = instant + Int64(offsetSeconds)
        let days = Int((t >= 0 ? t : t - 86_399) / 86_400)
        let secs = Int(t - Int64(days) * 86_400)
        return (CivilDate(daysSinceEpoch: days), secs / 3600, secs % 3600 / 60, secs % 60)
    }

    /// `2024年5月1日`
    public var chinese: String {
        let d = local.date
        return "\(d.year)年\(d.month)月\(d.day)日"
    }

    /// `2024-05-01`
    public var isoDay: String {
        let d = local.date
        return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
    }

    public var year: Int { local.date.year }
    public var month: Int { local.date.month }

    /// RFC 3339 with the offset kept: `2024-05-01T09:30:00+08:00`.
    public var rfc3339: String {
        let l = local
        let offset = abs(offsetSeconds) / 60
        guard (0...9999).contains(l.date.year), offset < 100 * 60 else {
            return "\(isoDay)T\(pad(l.hour, 2)):\(pad(l.minute, 2)):\(pad(l.second, 2))\(offsetText(colon: true))"
        }
        // Written digit by digit: every page's date is formatted for its page, list entries,
        // feeds, the sitemap and the index version, and interpolating eleven strings cost more
        // than the sitemap's other work.
        return String(unsafeUninitializedCapacity: 25) { out in
            var i = 0
            func digits(_ n: Int, _ width: Int) {
                var v = n
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
                i += width
            }
            func char(_ c: Unicode.Scalar) {
                out[i] = UInt8(c.value)
                i += 1
            }
            digits(l.date.year, 4); char("-"); digits(l.date.month, 2); char("-"); digits(l.date.day, 2)
            char("T"); digits(l.hour, 2); char(":"); digits(l.minute, 2); char(":"); digits(l.second, 2)
            char(offsetSeconds < 0 ? "-" : "+"); digits(offset / 60, 2); char(":"); digits(offset % 60, 2)
            return i
        }
    }

    /// RFC 822 as RSS wants it: `Wed, 01 May 2024 09:30:00 +0800`.
    public var rfc822: String {
        let l = local
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[l.date.weekday]), \(pad(l.date.day, 2)) \(months[l.date.month - 1]) \(pad(l.date.year, 4)) "
            + "\(pad(l.hour, 2)):\(pad(l.minute, 2)):\(pad(l.second, 2)) \(offsetText(colon: false))"
    }

    private func offsetText(colon: Bool) -> String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let m = abs(offsetSeconds) / 60
        return sign + pad(m / 60, 2) + (colon ? ":" : "") + pad(m % 60, 2)
    }

    /// Parses what editors write: `2024-05-01`, `2024-05-01 09:30`, `2024-05-01T09:30:00+08:00`,
    /// `…Z`, `2024/5/1`. Times without an offset are read in the site's zone.
    static func parse(_ raw: String, zone: SiteTimeZone) -> ContentDate? {
        var s = Substring(raw.trimmingWhitespace(newlines: false))
        func number(maxDigits: Int) -> Int? {
            var digits = 0, value = 0
            // ASCII digits only; `asciiValue`, not `wholeNumberValue` (a Unicode property lookup
            // per digit, ≈ 0.6 % of a clean build's processor time).
            while let c = s.first, let a = c.asciiValue, a >= 0x30, a <= 0x39, digits < maxDigits {
                value = value * 10 + Int(a - 0x30)
                digits += 1
                s.removeFirst()
            }
            return digits == 0 ? nil : value
        }
        guard let year = number(maxDigits: 4), s.first == "-" || s.first == "/" else { return nil }
        let sep = s.removeFirst()
        guard let month = number(maxDigits: 2), s.first == sep else { return nil }
        s.removeFirst()
        guard let day = number(maxDigits: 2) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid, year >= 1900 else { return nil }
        var hour = 0, minute = 0, second = 0
        var offset: Int? = nil
        if let c = s.first, c == "T" || c == " " {
            s.removeFirst()
            guard let h = number(maxDigits: 2), s.first == ":" else { return nil }
            s.removeFirst()
            guard let m = number(maxDigits: 2) else { return nil }
            hour = h; minute = m
            if s.first == ":" {
                s.removeFirst()
                guard let sec = number(maxDigits: 2) else { return nil }
                second = sec
                if s.first == "." {  // fractional seconds are accepted and dropped
                    s.removeFirst()
                    while let c = s.first, c.isASCII, c.isNumber { s.removeFirst() }
                }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            while s.first == " " { s.removeFirst() }
            if s.first == "Z" || s.first == "z" {
                s.removeFirst()
                offset = 0
            } else if let c = s.first, c == "+" || c == "-" {
                s.removeFirst()
                guard let oh = number(maxDigits: 2) else { return nil }
                if s.first == ":" { s.removeFirst() }
                let om = number(maxDigits: 2) ?? 0
                guard oh <= 14, om < 60 else { return nil }
                offset = (c == "-" ? -1 : 1) * (oh * 3600 + om * 60)
            }
        }
        guard s.isEmpty else { return nil }
        let localSeconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let instant: Int64
        if let offset {
            instant = localSeconds - Int64(offset)
        } else {
            instant = localSeconds - Int64(zone.offset(atLocalSeconds: localSeconds))
        }
        return ContentDate(instant: instant, offsetSeconds: zone.offset(at: instant))
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
