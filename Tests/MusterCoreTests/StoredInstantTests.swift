import Foundation
import GRDB
import Testing
@testable import MusterCore

/// Stored instants are read by arithmetic instead of GRDB's calendar; a session's times must
/// come back as the very `Date` GRDB would give, or comparisons of instants read two ways fail.
@Suite struct StoredInstantTests {
    @Test func everyStoredInstantReadsAsTheDateGRDBReads() {
        var instants: [Date] = []
        // Every millisecond of one second, and a pseudo-random walk from 1900 to 2100.
        instants += (0..<1000).map { Date(timeIntervalSince1970: 1_800_000_000 + Double($0) / 1000) }
        var seed: UInt64 = 42, t = -2_208_988_800.0
        while t < 4_102_444_800 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Date(timeIntervalSince1970: t + Double(seed >> 54) / 1000))
            t += 86_400 * 3.7 + Double(seed >> 47)
        }
        instants += ["2024-02-29 23:59:59.999", "2000-02-29 00:00:00.000", "1900-03-01 12:00:00.500"].map {
            Date.fromDatabaseValue($0.databaseValue)!
        }
        var mismatches: [String] = []
        for instant in instants {
            let stored = instant.databaseValue
            let expected = Date.fromDatabaseValue(stored)!
            let read = StoredInstant.decode(stored)
            if read?.timeIntervalSinceReferenceDate.bitPattern != expected.timeIntervalSinceReferenceDate.bitPattern {
                mismatches.append("\(stored): \(String(describing: read?.timeIntervalSinceReferenceDate)) against \(expected.timeIntervalSinceReferenceDate)")
            }
        }
        #expect(mismatches.prefix(5) == [])
        #expect(instants.count > 10_000)
    }

    /// Instants are written as GRDB writes them, to the byte: a stored instant compared with
    /// one GRDB wrote must compare as the instants do. Fractions of a millisecond, the last
    /// nanosecond before one, instants before 1970, and those GRDB alone can write.
    @Test func everyInstantIsWrittenAsTheTextGRDBWrites() {
        var instants: [Date] = [], seed: UInt64 = 7
        var t = -2_208_988_800.0
        while t < 253_402_300_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let fraction = Double(seed >> 11) / Double(1 << 53)
            instants.append(Date(timeIntervalSince1970: t.rounded(.down) + fraction))
            t += 86_400 * 97.3 + Double(seed >> 40)
        }
        for whole in [-1.0, 0, 1_800_000_000, -2_208_988_800, 253_402_300_799] {
            for fraction in [0.0, 0.0005, 0.000_999_999, 0.001, 0.123_456_789, 0.999, 0.999_9, 0.999_999_999] {
                instants.append(Date(timeIntervalSince1970: whole + fraction))
            }
        }
        instants.append(contentsOf: [-2_208_988_800.001, 253_402_300_800, -62_135_596_800].map(Date.init(timeIntervalSince1970:)))
        var mismatches: [String] = [], written = 0
        for instant in instants {
            guard case .string(let expected) = instant.databaseValue.storage else { continue }
            let text = StoredInstant.text(instant)
            if text != nil { written += 1 }
            if let text, text != expected { mismatches.append("\(instant.timeIntervalSince1970): \(text) against \(expected)") }
            if text == nil, expected.count == 23, expected >= "1900", expected <= "9999-12-31 23:59:59.999" {
                mismatches.append("\(instant.timeIntervalSince1970): none against \(expected)")
            }
        }
        #expect(mismatches.prefix(5) == [])
        #expect(written > 10_000 && written < instants.count)
    }

    /// What GRDB also accepts (a date alone, minutes, ISO 8601, a number) or refuses is its to read.
    @Test func textInAnyOtherShapeIsReadAsGRDBReadsIt() {
        let texts = ["2027-03-02", "2027-03-02 09:30", "2027-03-02T09:30:00.000Z", "2027-03-02 09:30:00",
                     "2027-02-30 09:30:00.000", "2027-13-02 09:30:00.000", "2027-03-02 24:00:00.000",
                     "2027-03-02 09:30:00,000", "1850-03-02 09:30:00.000", "not a date at all"]
        let values = texts.map(\.databaseValue) + [Double(1_800_000_000.5).databaseValue, Int(1_800_000_000).databaseValue, .null]
        for value in values {
            #expect(StoredInstant.decode(value) == Date.fromDatabaseValue(value), "\(value)")
        }
    }
}
