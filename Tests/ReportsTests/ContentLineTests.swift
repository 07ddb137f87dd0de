import Foundation
import Testing
@testable import Reports

@Suite struct ContentLineTests {
    @Test func aLongNonASCIITitleFoldsBetweenCharactersAndUnfoldsToTheOriginal() {
        let title = String(repeating: "Ymwybyddiaeth o Gam-drin Domestig, Trais; Ünterstützung für Fachkräfte — 安全保障, 👩🏽‍⚕️; ", count: 3)
            + "line one\nline two \\ end"
        let folded = ContentLine.text("SUMMARY", title).folded
        expectWellFormedLines(folded)
        #expect(physicalLines(folded).count > 3)
        #expect(physicalLines(folded).dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let unfolded = unfoldedText(folded)
        #expect(unfolded?.name == "SUMMARY")
        #expect(unfolded?.value == title)
    }

    @Test func textEscapesBackslashSemicolonCommaAndLineBreaksAndDropsOtherControls() {
        #expect(ContentLine.escaped("a\\b;c,d\ne\r\nf\rg\u{7}h\ti") == "a\\\\b\\;c\\,d\\ne\\nf\\ngh\ti")
    }

    @Test func aCharacterThatWouldCrossTheLimitMovesWholeToTheNextLine() {
        // "SUMMARY:" and 65 letters make 73 octets; a 4-octet emoji does not fit beside them.
        let emoji = physicalLines(ContentLine(name: "SUMMARY", value: String(repeating: "a", count: 65) + "😀b").folded)
        #expect(emoji.map(\.utf8.count) == [73, 6])
        #expect(emoji[1] == " 😀b")
        // An accent stays with its letter: "e" and U+0301 are one character.
        let accent = physicalLines(ContentLine(name: "SUMMARY", value: String(repeating: "a", count: 66) + "e\u{301}").folded)
        #expect(accent.map(\.utf8.count) == [74, 4])
        #expect(accent[1].unicodeScalars.map(\.value) == [0x20, 0x65, 0x301])
    }

    @Test func aCharacterLongerThanALineIsFoldedBetweenItsScalars() {
        let heavy = "a" + String(repeating: "\u{301}", count: 60)  // one character, 121 octets
        let folded = ContentLine.text("SUMMARY", heavy).folded
        expectWellFormedLines(folded)
        #expect(unfoldedText(folded)?.value == heavy)
    }

    @Test func aLinkCannotBreakTheLineItIsOn() {
        let line = ContentLine.uri("URL", "https://meet.example/a,b;c\r\nBEGIN:VEVENT").folded
        #expect(line == "URL:https://meet.example/a,b;c%0D%0ABEGIN:VEVENT\r\n")
    }
}
