/// A length of time as people write it: `3h`, `90m`, `1h30m`.
public struct Minutes: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int

    public init(_ value: Int) { self.value = value }

    public init(parsing text: String) throws {
        var total = 0, number = "", sawUnit = false, sawHours = false, sawMinutes = false
        for character in text.lowercased() {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let amount = Int(number), number.count <= 5 else {
                throw TimeInputError.malformedDuration(text)
            }
            switch character {
            case "h" where !sawHours && !sawMinutes: total += amount * 60; sawHours = true
            case "m" where !sawMinutes: total += amount; sawMinutes = true
            default: throw TimeInputError.malformedDuration(text)
            }
            number = ""; sawUnit = true
        }
        guard sawUnit, number.isEmpty, total > 0 else { throw TimeInputError.malformedDuration(text) }
        value = total
    }

    public var description: String {
        switch (value / 60, value % 60) {
        case (0, let m): "\(m)m"
        case (let h, 0): "\(h)h"
        case (let h, let m): "\(h)h\(m)m"
        }
    }

    public static func < (a: Minutes, b: Minutes) -> Bool { a.value < b.value }
}
