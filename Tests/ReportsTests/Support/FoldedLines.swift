import Testing

/// Every line of an iCalendar text ends CRLF, none is over 75 octets, and none is cut
/// inside a UTF-8 sequence (RFC 5545 §3.1).
func expectWellFormedLines(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(text.utf8)
    #expect(bytes.suffix(2) == [13, 10], "the last line ends CRLF", sourceLocation: sourceLocation)
    var start = 0
    for index in bytes.indices where index > 0 && bytes[index - 1] == 13 && bytes[index] == 10 {
        let line = Array(bytes[start..<(index - 1)])
        #expect(line.count <= 75, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(Array(String(decoding: line, as: UTF8.self).utf8) == line, "a line cut inside a character",
                sourceLocation: sourceLocation)
        #expect(!line.contains(10) && !line.contains(13), "a bare line break", sourceLocation: sourceLocation)
        start = index + 1
    }
    #expect(start == bytes.count, "text after the last CRLF", sourceLocation: sourceLocation)
}

/// The physical lines of a folded text, without their CRLFs.
func physicalLines(_ text: String) -> [String] {
    text.components(separatedBy: "\r\n").dropLast().map { $0 }
}

/// RFC 5545's unfolding (a CRLF and one space or tab vanish), then the value of the one
/// content line, unescaped; nil when an escape is malformed or a comma or semicolon is bare.
/// It reads scalars, not characters: a fold may leave the space beside a combining mark.
func unfoldedText(_ text: String) -> (name: String, value: String)? {
    let scalars = Array(text.unicodeScalars)
    var line: [Unicode.Scalar] = []
    var index = 0
    while index < scalars.count {
        if scalars[index] == "\r", index + 2 < scalars.count, scalars[index + 1] == "\n",
           scalars[index + 2] == " " || scalars[index + 2] == "\t" {
            index += 3
            continue
        }
        line.append(scalars[index])
        index += 1
    }
    guard line.suffix(2) == ["\r", "\n"] else { return nil }
    line.removeLast(2)
    guard let colon = line.firstIndex(of: ":") else { return nil }
    var value = String.UnicodeScalarView(), escaping = false
    for scalar in line[(colon + 1)...] {
        if escaping {
            switch scalar {
            case "\\", ";", ",": value.append(scalar)
            case "n", "N": value.append("\n")
            default: return nil
            }
            escaping = false
        } else if scalar == "\\" {
            escaping = true
        } else if scalar == "," || scalar == ";" || scalar == "\r" || scalar == "\n" {
            return nil
        } else {
            value.append(scalar)
        }
    }
    var name = String.UnicodeScalarView()
    name.append(contentsOf: line[..<colon])
    return escaping ? nil : (String(name), String(value))
}
