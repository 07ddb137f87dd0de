import Testing
@testable import Console

@Suite struct TokenizerTests {
    @Test func wordsAreSplitOnSpacesAndQuotesGroupThem() throws {
        #expect(try Tokenizer.words(#"course add x --title "Hate Crime" --note 'it''s'"#)
                == ["course", "add", "x", "--title", "Hate Crime", "--note", "its"])
        #expect(try Tokenizer.words(#"--title "say \"hello\"""#) == ["--title", #"say "hello""#])
        #expect(try Tokenizer.words("  sessions   --open  ") == ["sessions", "--open"])
        #expect(try Tokenizer.words(#"--note """#) == ["--note", ""])
    }

    @Test func aHashStartingAWordStartsAComment() throws {
        #expect(try Tokenizer.words("courses hate   # the hate crime course") == ["courses", "hate"])
        #expect(try Tokenizer.words(#"session edit s1 --venue "Room #2" --note room#3"#)
                == ["session", "edit", "s1", "--venue", "Room #2", "--note", "room#3"])
        #expect(try Tokenizer.words("# a whole-line comment").isEmpty)
    }

    @Test func anUnterminatedQuoteIsAnError() {
        #expect(throws: UsageError.unterminatedQuote("\"")) { try Tokenizer.words(#"course add x --title "Hate Crime"#) }
    }

    @Test func scanningKeepsWhereEachWordStartsForCompletion() {
        let (tokens, open) = Tokenizer.scan(#"course show "hate"#)
        #expect(tokens.map(\.start) == [0, 7, 12])
        #expect(open == "\"")
    }

    /// Found by the fuzz test: read as characters, a combining mark fused with the space or
    /// quote before it, so the space no longer separated and the quote no longer quoted.
    @Test func aCombiningMarkNeverHidesASpaceOrAQuote() throws {
        #expect(try Tokenizer.words("courses \u{301}x") == ["courses", "\u{301}x"])
        #expect(try Tokenizer.words("--title \"\u{301}a b\"") == ["--title", "\u{301}a b"])
    }
}
