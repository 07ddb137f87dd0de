/// Where command lines come from: readline on a terminal, plain lines from a pipe or file.
public enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: the line was abandoned; ask again.
    case interrupted
    /// Ctrl-D or the end of a script.
    case end
}

@MainActor
public protocol LineReader {
    mutating func read(prompt: String) -> LineInput
}

/// Off a terminal: no prompt, no echo, no editing, so scripts' output holds only answers.
public struct PlainLineReader: LineReader {
    public init() {}

    public mutating func read(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }
}
