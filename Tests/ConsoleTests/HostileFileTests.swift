import Foundation
import Testing
@testable import Console
import MusterCore

/// Broken and hostile files handed to the imports: each is refused with a message naming
/// the file and what is wrong, changes nothing (every row of every table compared before and
/// after, on a real SQLite file), and the database takes the next command. Files that are
/// only awkward — other encodings, byte-order marks, mixed line ends, columns in another
/// order — are read right instead.
@Suite struct HostileFileTests {
    let scratch: ScratchPartnership
    let database: AppDatabase
    let console: ConsoleHarness

    init() throws {
        scratch = try ScratchPartnership()
        database = try AppDatabase.open(path: scratch.file("muster.sqlite").path).database
        console = try ConsoleHarness(now: "2027-02-01 10:00", database: database).withCatalogue()
    }

    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    /// Runs `line`, which must fail saying `saying`, change nothing, and leave the database
    /// taking writes.
    func expectRefused(_ line: String, saying expected: String, on console: ConsoleHarness? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let console = console ?? self.console
        let before = try DatabaseFingerprint.of(database)
        let (outcome, _, errors) = console.run(line)
        #expect(outcome == .failed, "\(line.prefix(120)) was not refused", sourceLocation: sourceLocation)
        #expect(errors.contains(expected), "\(errors.prefix(600))", sourceLocation: sourceLocation)
        #expect(CommandLineFuzzTests.judgeText(errors) == nil, "\(errors.prefix(600))", sourceLocation: sourceLocation)
        #expect(errors.count < 5_000, "a message of \(errors.count) characters", sourceLocation: sourceLocation)
        #expect(try DatabaseFingerprint.of(database) == before, "\(line.prefix(120)) changed the database", sourceLocation: sourceLocation)
        let (next, _, nextErrors) = console.run("agency add fire-\(UUID().uuidString.prefix(8).lowercased()) --name \"Fire \(UUID().uuidString)\"")
        #expect(next == .succeeded, "the database refused the next write: \(nextErrors)", sourceLocation: sourceLocation)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = scratch.file(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    // MARK: Courses

    static let soundCourse = "title: Fire Safety\narea: community\nformat: face-to-face\nduration: 3h\ncpd_hours: 3\n"

    static let brokenCourses: [(name: String, bytes: [UInt8], saying: String)] = {
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (index, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = index == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h"][index - 1]
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        return [
            ("truncated inside a key", Array("title: Hate Crime\narea: comm".utf8), "missing field 'format'"),
            ("truncated inside a quote", Array("title: \"Hate Cri".utf8), "not valid YAML"),
            ("indented with a tab", Array("title: X\n\tarea: community\n".utf8), "not valid YAML"),
            ("a key given twice", Array((soundCourse + "title: Again\n").utf8), "not valid YAML"),
            ("a list, not fields", Array("- title\n- area\n".utf8), "expected a mapping of fields"),
            ("empty", [], "the file is empty"),
            ("binary with NULs", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00] + Array(repeating: 0xA5, count: 2_000), "not a text file"),
            ("random bytes", (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, "not-a-course.yaml"),
            ("a 100,000-character title", Array(soundCourse.replacingOccurrences(of: "Fire Safety", with: String(repeating: "T", count: 100_000)).utf8),
             "the title is 100000 characters long: at most 200"),
            ("aliases nested a billion deep", Array((laughs + soundCourse + "questions: *i\n").utf8), "question 1: expected a mapping of fields"),
            ("100,000 brackets deep", Array(("title: " + String(repeating: "[", count: 100_000) + "\n").utf8), "not valid YAML"),
            ("an unknown field", Array((soundCourse + "capcity: 12\n").utf8), "unknown field 'capcity'"),
        ]
    }()

    @Test(arguments: brokenCourses.indices)
    func aBrokenCourseFileStopsTheWholeImportAndChangesNothing(_ index: Int) throws {
        // Given a folder with one sound course and one broken file
        let (name, bytes, saying) = Self.brokenCourses[index]
        _ = try write("Incoming\(index)/fire-safety.yaml", Self.soundCourse)
        _ = try write("Incoming\(index)/not-a-course.yaml", bytes)
        // When it is imported, then nothing is, and the problem is named
        try expectRefused("import courses \(scratch.file("Incoming\(index)").path)", saying: saying)
        #expect(console.run("course show fire-safety").0 == .failed, "\(name): the sound course came in with the broken one")
    }

    /// A course file cut short at every point: each either is still a whole course, or is
    /// refused naming the file; none crashes or half-imports.
    @Test func aCourseFileCutShortAnywhereIsImportedWholeOrRefused() throws {
        let full = Array(try String(contentsOf: scratch.file("Courses/hate-crime.yaml"), encoding: .utf8).utf8)
        var refused = 0
        for cut in stride(from: 0, to: full.count, by: 3) {
            let folder = "Cut\(cut)"
            _ = try write("\(folder)/hate-crime.yaml", Array(full[..<cut]))
            let before = try DatabaseFingerprint.of(database)
            let (outcome, _, errors) = console.run("import courses \(scratch.file(folder).path)")
            if outcome == .failed {
                refused += 1
                #expect(errors.contains("hate-crime.yaml"), "cut at \(cut): \(errors)")
                #expect(try DatabaseFingerprint.of(database) == before, "cut at \(cut) changed the database")
            }
        }
        #expect(refused > 0)
        #expect(console.run("courses").0 == .succeeded)
    }

    // MARK: Learners

    static let header = "Staff number,Name,Email,Agency,Job role"

    static let brokenLearnerFiles: [(name: String, bytes: [UInt8], saying: String)] = [
        ("ragged rows", Array("\(header)\nP1,Ann Lee,ann@police.example,Police\nP2,Bo Day,bo@police.example,Police,PC,extra\n".utf8),
         "line 2: expected 5 fields, found 4"),
        ("a 100,000-character name", Array("\(header)\nP1,\(String(repeating: "N", count: 100_000)),ann@police.example,Police,PC\n".utf8),
         "line 2: the name is 100000 characters long: at most 200"),
        ("a quote never closed", Array("\(header)\nP1,\"Ann Lee,ann@police.example,Police,PC\nP2,Bo Day,bo@police.example,Police,PC\n".utf8),
         "line 2: expected 5 fields"),
        ("a spreadsheet's own format", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("[Content_Types].xml".utf8) + [0, 0, 0, 0],
         "not text (it holds NUL bytes"),
        ("a NUL inside a name", Array("\(header)\nP1,Ann\u{0}Lee,ann@police.example,Police,PC\n".utf8), "not text"),
        ("a header and nothing else", Array("\(header)\n".utf8), "no learners in the file"),
        ("no header it knows", Array("a,b,c\n1,2,3\n".utf8), "missing columns name, email, agency"),
        ("empty", [], "nothing imported"),
        ("an escape sequence in a name", Array("\(header)\nP1,Ann \u{1B}[2J Lee,ann@police.example,Police,PC\n".utf8),
         "the name holds control characters"),
    ]

    @Test(arguments: brokenLearnerFiles.indices)
    func aBrokenLearnerFileIsRefusedAndChangesNothing(_ index: Int) throws {
        let (_, bytes, saying) = Self.brokenLearnerFiles[index]
        let path = try write("learners-\(index).csv", bytes)
        try expectRefused("import learners \(path)", saying: saying)
        #expect(console.run("learner show P1").0 == .failed)
    }

    /// The same two learners in every encoding and line ending an HR system might export.
    @Test(arguments: ["utf-8", "utf-8 with BOM", "latin-1", "utf-16le with BOM", "utf-16be with BOM", "utf-16le", "utf-16be",
                      "CR line ends", "mixed line ends"])
    func awkwardButSoundLearnerFilesAreReadRight(_ form: String) throws {
        var text = "\(Self.header)\r\nP1,Zoë Brown,zoe@police.example,Police,PC\r\nP2,Seán Ó Briain,sean@police.example,Police,PC\r\n"
        if form == "CR line ends" { text = text.replacingOccurrences(of: "\r\n", with: "\r") }
        if form == "mixed line ends" {
            text = "\(Self.header)\rP1,Zoë Brown,zoe@police.example,Police,PC\nP2,Seán Ó Briain,sean@police.example,Police,PC\r\n"
        }
        let bytes: [UInt8] = switch form {
        case "utf-8 with BOM": [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case "latin-1": Array(text.data(using: .isoLatin1)!)
        case "utf-16le with BOM": [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!)
        case "utf-16be with BOM": [0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian)!)
        case "utf-16le": Array(text.data(using: .utf16LittleEndian)!)
        case "utf-16be": Array(text.data(using: .utf16BigEndian)!)
        default: Array(text.utf8)
        }
        let path = try write("learners.csv", bytes)
        let (outcome, output, errors) = console.run("import learners \(path)")
        #expect(outcome == .succeeded, "\(errors.prefix(400))")
        #expect(output.contains("2 added"))
        let (_, shown, _) = console.run("learners --json")
        #expect(shown.contains("Zoë Brown") && shown.contains("Seán Ó Briain"), "\(shown.prefix(400))")
    }

    // MARK: Meeting platforms' attendance reports

    /// The fixtures' online session, booked by the three learners the reports name.
    func onlineSession() throws -> (session: String, after: ConsoleHarness) {
        try console.given(
            #"agency add health --name "Health""#, #"agency add school --name "Schools""#,
            #"learner add H1 --name "Priya Shah" --email priya.shah@health.example --agency health"#,
            #"learner add P2 --name "Sean O'Brien" --email sean.obrien@police.example --agency police"#,
            #"learner add S1 --name "Mary Jones" --email mary.jones@school.example --agency school"#)
        let (_, added, _) = console.run("session add domestic-abuse 2027-03-02 09:30 --duration 3h --online https://meet.example/da")
        let session = added.trimmingCharacters(in: .whitespacesAndNewlines)
        try console.given("book \(session) H1", "book \(session) P2", "book \(session) S1")
        return (session, try console.at("2027-03-02 13:00"))
    }

    static let zoom = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent\n"
    static let brokenReports: [(name: String, text: String, saying: String)] = [
        ("no duration column", "Name,Email,Joined,Left\nPriya Shah,priya.shah@health.example,09:29,12:33\n", "has no participants table"),
        ("no email column", "Name,Duration\nPriya Shah,185\n", "has no participants table"),
        ("durations it cannot read", zoom + "Priya Shah,priya.shah@health.example,x,y,n/a,No,Y\nMary Jones,mary.jones@school.example,x,y,,No,Y\n",
         "line 2: 'n/a' is not a duration"),
        ("a 100,000-character name", zoom + "\(String(repeating: "P", count: 100_000)),priya.shah@health.example,x,y,185,No,Y\n",
         "line 2: a field of 100000 characters"),
        ("a spreadsheet's own format", "PK\u{3}\u{4}\u{0}\u{0}binary", "is not a text file"),
        ("empty", "", "has no participants table"),
    ]

    @Test(arguments: brokenReports.indices)
    func aBrokenAttendanceReportMarksNoOne(_ index: Int) throws {
        let (session, after) = try onlineSession()
        let path = try write("report-\(index).csv", Self.brokenReports[index].text)
        try expectRefused("attend import \(session) \(path)", saying: Self.brokenReports[index].saying, on: after)
        let (_, shown, _) = after.run("session show \(session) --json")
        #expect(!shown.contains("\"status\": \"attended\"") && !shown.contains("\"status\": \"partial\""))
    }

    /// Zoom's report with a column it never had, and the same people in columns of another
    /// order with strangers among them: columns are found by their headers, so the same
    /// people are marked.
    @Test(arguments: ["an extra column", "columns reordered"])
    func aReportWithUnexpectedColumnsIsReadByItsHeaders(_ form: String) throws {
        let (session, after) = try onlineSession()
        let text: String
        if form == "an extra column" {
            let original = try String(contentsOf: Self.fixtures.appendingPathComponent("zoom-participants-report.csv"), encoding: .utf8)
            text = original.split(whereSeparator: \.isNewline).enumerated()
                .map { $0.offset == 0 ? $0.element + ",Attentiveness Score" : $0.element + ",87%" }.joined(separator: "\r\n")
        } else {
            text = """
                Guest,Meeting ID,User Email,Department,Duration (Minutes),Name (Original Name),Join Time
                No,812 3456,priya.shah@health.example,Health,185,Priya Shah,09:29
                No,812 3456,sean.obrien@police.example,Police,172,"O'Brien, Sean",09:35
                No,812 3456,mary.jones@school.example,Schools,70,Mary Jones,09:31
                """
        }
        let path = try write("zoom-\(form.replacingOccurrences(of: " ", with: "-")).csv", text)
        let (outcome, output, errors) = after.run("attend import \(session) \(path)")
        #expect(outcome == .succeeded, "\(errors)")
        let (_, shown, _) = after.run("session show \(session) --json")
        #expect(output.contains("H1") && output.contains("P2") && output.contains("S1"), "\(output)")
        #expect(shown.components(separatedBy: "\"status\": \"attended\"").count - 1 == 2, "\(shown)")
        #expect(shown.components(separatedBy: "\"status\": \"partial\"").count - 1 == 1, "\(shown)")
    }
}
