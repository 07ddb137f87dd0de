import Testing
@testable import Console

/// How listings are laid out: every column as wide as its widest cell, numbers to the right,
/// flexible columns cut first on a narrow terminal, and no spaces left at a line's end.
@Suite struct TableTests {
    let columns: [Table.Column] = [.init("id"), .init("course", flexible: true), .init("booked", alignRight: true), .init("note")]

    @Test func everyColumnIsAsWideAsItsWidestCellAndNumbersAlignRight() {
        let table = Table(columns, rows: [["s1", "Safeguarding adults", "3/20", ""], ["s10", "Prevent", "12/20", "full soon"]],
                          noun: ("session", "sessions"))
        #expect(table.render(width: nil) == """
            id   course               booked  note
            ---  -------------------  ------  ---------
            s1   Safeguarding adults    3/20
            s10  Prevent               12/20  full soon
            (2 sessions)
            """)
    }

    @Test func aNarrowTerminalCutsTheFlexibleColumnWithAnEllipsisButNotBelowTwelve() {
        let table = Table(columns, rows: [["s1", "Understanding, Recognising and Responding", "3/20", "x"]], noun: ("session", "sessions"))
        let lines = table.render(width: 40).split(separator: "\n")
        #expect(lines[2] == "s1  Understanding, Recogn…    3/20  x")
        #expect(table.render(width: 10).split(separator: "\n")[2] == "s1  Understandi…    3/20  x")
    }

    /// Width is what a person sees: an accented letter, a flag or a family emoji is one.
    @Test func cellsAreMeasuredInCharactersNotBytes() {
        let table = Table([.init("name"), .init("n", alignRight: true)],
                          rows: [["Zoë Brontë", "1"], ["👨‍👩‍👧 🇬🇧", "2"], ["e\u{301}e\u{301}", "3"], ["£5 ¾", "4"]], noun: ("row", "rows"))
        #expect(table.render(width: nil) == """
            name        n
            ----------  -
            Zoë Brontë  1
            👨‍👩‍👧 🇬🇧         2
            éé          3
            £5 ¾        4
            (4 rows)
            """)
    }

    /// A name imported with an escape sequence must not clear or retitle the screen of
    /// whoever lists it, and a line break must not break the row: controls are spelled out,
    /// C1 ones (U+0080–U+009F) too, and the cell measured as shown.
    @Test func controlCharactersInACellAreSpelledOutAndMeasuredAsShown() {
        let table = Table([.init("name"), .init("n", alignRight: true)],
                          rows: [["Evil\u{1B}[2J", "1"], ["a\r\nb\tc", "2"], ["x\u{9B}y\u{7F}", "3"]], noun: ("row", "rows"))
        #expect(table.render(width: nil) == """
            name             n
            ---------------  -
            Evil\\x1B[2J      1
            a\\x0D\\x0Ab\\x09c  2
            x\\x9By\\x7F       3
            (3 rows)
            """)
    }

    @Test func aCutKeepsWholeCharacters() {
        let table = Table([.init("t", flexible: true), .init("n")], rows: [["é" + String(repeating: "e\u{301}", count: 20), "1"]], noun: ("row", "rows"))
        let line = table.render(width: 15).split(separator: "\n")[2]
        #expect(line == "é" + String(repeating: "e\u{301}", count: 10) + "…  1")
    }

    @Test func tintsColourCellsOnlyWhenColourIsAllowed() {
        var table = Table([.init("kpi"), .init("status")], rows: [["a", "met"], ["b", "missed"]], noun: ("row", "rows"))
        table.tints = [[nil, .green], [nil, .red]]
        #expect(table.render(width: nil, colour: true).contains("a    \u{1B}[32mmet   \u{1B}[0m\n"))
        #expect(table.render(width: nil, colour: true).contains("b    \u{1B}[31mmissed\u{1B}[0m\n"))
        #expect(!table.render(width: nil, colour: false).contains("\u{1B}"))
    }

    @Test func anEmptyTableSaysWhatIsMissing() {
        #expect(Table(columns, rows: [], noun: ("session", "sessions")).render(width: 80) == "(no sessions)")
        #expect(Table(columns, rows: [["s1", "A", "1/2", ""]], noun: ("session", "sessions")).render(width: nil).hasSuffix("\n(1 session)"))
    }
}
