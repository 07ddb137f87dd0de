import Foundation

/// One line of an iCalendar file (RFC 5545 §3.1), `NAME;PARAM=VALUE:value`, written the way
/// strict readers need it: text escaped, no physical line over 75 octets, every line ended
/// with CRLF.
struct ContentLine {
    var name: String
    var parameters: [(name: String, value: String)] = []
    var value: String

    /// A TEXT value: a title or a note may hold anything a person typed.
    static func text(_ name: String, _ text: String) -> ContentLine {
        ContentLine(name: name, value: escaped(text))
    }

    /// A URI value is not escaped (a comma in a link is the link's own), but a line break
    /// in one would end the line early, so control characters are percent-encoded.
    static func uri(_ name: String, _ uri: String) -> ContentLine {
        let safe = uri.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? String(format: "%%%02X", scalar.value) : String(scalar)
        }.joined()
        return ContentLine(name: name, value: safe)
    }

    /// The line as written: folded, with its CRLF.
    var folded: String {
        let parameterText = parameters.map { ";\($0.name)=\($0.value)" }.joined()
        return Self.fold(name + parameterText + ":" + value)
    }

    /// RFC 5545 §3.3.11: backslash, semicolon and comma are escaped, a line break becomes
    /// `\n`. Other control characters are not allowed in TEXT and are dropped.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r\n", "\n", "\r": result += "\\n"
            default:
                for scalar in character.unicodeScalars where !(scalar.value < 0x20 && scalar != "\t") && scalar.value != 0x7F {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    static let octetLimit = 75

    /// Breaks a long line with CRLF and a space (which counts towards the next line's 75
    /// octets). Breaks fall between characters, so a UTF-8 sequence is never split, nor an
    /// accented letter parted from its accent, unless one character alone is too long.
    static func fold(_ line: String) -> String {
        var result = ""
        var octets = 0
        for character in line {
            let size = character.utf8.count
            if size <= octetLimit - 1 {
                if octets + size > octetLimit { result += "\r\n "; octets = 1 }
                result.append(character)
                octets += size
            } else {
                for scalar in character.unicodeScalars {
                    let scalarSize = String(scalar).utf8.count
                    if octets + scalarSize > octetLimit { result += "\r\n "; octets = 1 }
                    result.unicodeScalars.append(scalar)
                    octets += scalarSize
                }
            }
        }
        return result + "\r\n"
    }
}
