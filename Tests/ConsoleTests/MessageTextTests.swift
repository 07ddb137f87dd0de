import Testing
@testable import Console

/// An error message echoes what was typed; what was typed must not drive the terminal or
/// flood it.
@Suite struct MessageTextTests {
    @Test func anEchoedEscapeSequenceIsSpelledOutNotSentToTheTerminal() throws {
        // Given a command word carrying "clear the screen" and a NUL
        let console = try ConsoleHarness()
        // When it is typed
        let (outcome, _, errors) = console.run("cour\u{1B}[2Jses\u{0}")
        // Then the error names the word with its control characters spelled out
        #expect(outcome == .failed)
        #expect(errors.contains(#"unknown command 'cour\x1B[2Jses\x00'"#))
        #expect(!errors.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func aHugeEchoedWordIsCutToItsStartAndLength() throws {
        // Given a learner id of 100,000 characters
        let console = try ConsoleHarness()
        let huge = String(repeating: "x", count: 100_000)
        // When it is looked up
        let (_, _, errors) = console.run("learner show " + huge)
        // Then the message keeps its shape and says how long the word was, in a line
        #expect(errors.contains("no learner 'xxxxxxxxxx"), "\(errors.prefix(200))")
        #expect(errors.contains(" characters)"))
        #expect(errors.count < 300)
    }

    /// Shown text is read eight bytes at a time: a control at any place in a word of eight,
    /// and a C1 control split across two words, are found all the same.
    @Test func aControlAnywhereInShownTextIsSpelledOut() {
        let plain = String(repeating: "abcdefgh", count: 4) + "ab£é"
        #expect(MessageText.shown(plain, lines: false) == plain)
        #expect(MessageText.shown("a\nb\tc", lines: true) == "a\nb\tc")
        #expect(MessageText.shown("a\nb\tc", lines: false) == #"a\x0Ab\x09c"#)
        for position in 0...plain.count {
            for control in ["\u{1B}", "\u{7F}", "\u{85}", "\u{0}", "\u{9F}"] {
                var text = plain
                text.insert(contentsOf: control, at: text.index(text.startIndex, offsetBy: position))
                let shown = MessageText.shown(text, lines: true)
                #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                        "\(control.unicodeScalars.first!.value) at \(position)")
            }
        }
        #expect(MessageText.shown("£¾ © °", lines: false) == "£¾ © °", "Latin-1 signs share C1's lead byte and are kept")
    }

    @Test func newlinesTabsAndOrdinaryTextAreLeftAlone() {
        #expect(MessageText.printable("nothing imported:\n  line 2:\tno name") == "nothing imported:\n  line 2:\tno name")
        #expect(MessageText.printable("café ümlaut 😀") == "café ümlaut 😀")
    }
}
