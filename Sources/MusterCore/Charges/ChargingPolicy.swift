import Foundation
import GRDB

/// What a partnership charges an agency for a place wasted: a late cancellation or a
/// no-show without apology, by the half or full day. Every amount is zero until the
/// partnership sets one, so nothing is charged by default. Which cancellations are late is
/// the booking policy's window, decided when the place was given up and told to the
/// learner then, so no one is charged for a cancellation their letter did not call late.
public struct ChargingPolicy: Sendable, Equatable {
    /// Amounts in pence.
    public var halfDayPence = 0
    public var fullDayPence = 0
    /// Sessions up to this long are a half day; longer ones a full day.
    public var halfDayMinutes = 240
    public var chargesLateCancellations = true
    public var chargesNoShows = true
    /// Agencies never charged (partners who fund the training), by id.
    public var exemptAgencies: [String] = []

    public init() {}

    public var chargesNothing: Bool {
        (halfDayPence == 0 && fullDayPence == 0) || (!chargesLateCancellations && !chargesNoShows)
    }

    public func amount(forMinutes minutes: Int) -> Int { minutes <= halfDayMinutes ? halfDayPence : fullDayPence }

    public func charges(_ reason: Charge.Reason) -> Bool {
        switch reason {
        case .lateCancellation: chargesLateCancellations
        case .noShow: chargesNoShows
        }
    }

    static let prefix = "charges."

    static func load(_ db: Database) throws -> ChargingPolicy {
        var policy = ChargingPolicy()
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE key LIKE 'charges.%'")
        for row in rows {
            let value: String = row["value"]
            switch (row["key"] as String).dropFirst(prefix.count) {
            case "half_day_pence": policy.halfDayPence = Int(value) ?? 0
            case "full_day_pence": policy.fullDayPence = Int(value) ?? 0
            case "half_day_minutes": policy.halfDayMinutes = Int(value) ?? 240
            case "late_cancellations": policy.chargesLateCancellations = value == "1"
            case "no_shows": policy.chargesNoShows = value == "1"
            case "exempt_agencies": policy.exemptAgencies = value.split(separator: ",").map(String.init)
            default: break
            }
        }
        return policy
    }

    func save(_ db: Database) throws {
        let values = [("half_day_pence", String(halfDayPence)), ("full_day_pence", String(fullDayPence)),
                      ("half_day_minutes", String(halfDayMinutes)), ("late_cancellations", chargesLateCancellations ? "1" : "0"),
                      ("no_shows", chargesNoShows ? "1" : "0"), ("exempt_agencies", exemptAgencies.joined(separator: ","))]
        for (key, value) in values { try Setting.set(Self.prefix + key, to: value, in: db) }
    }
}

/// Money as people type and read it: `50`, `50.00`, `£49.50`; held in pence so sums are exact.
public enum Pence {
    public static func parse(_ text: String) -> Int? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("£") { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 5, parts[0].allSatisfy(\.isASCII),
              let pounds = Int(parts[0]), pounds >= 0 else { return nil }
        guard parts.count == 2 else { return pounds * 100 }
        guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCII), let fraction = Int(parts[1]), fraction >= 0 else { return nil }
        return pounds * 100 + (parts[1].count == 1 ? fraction * 10 : fraction)
    }

    /// `50.00`: the figure an invoice carries.
    public static func text(_ pence: Int) -> String { String(format: "%d.%02d", pence / 100, pence % 100) }
}
