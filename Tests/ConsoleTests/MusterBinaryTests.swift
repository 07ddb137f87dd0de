import Foundation
import Testing

/// The real executable, as scripts and cron use it: `-c`, standard input, exit statuses.
@Suite struct MusterBinaryTests {
    let scratch: ScratchPartnership
    var folder: URL { scratch.folder }

    init() throws { scratch = try ScratchPartnership() }

    func muster(_ arguments: [String], input: String = "") throws -> MusterBinary.Result {
        try MusterBinary.run(["--db", "test.sqlite", "--now", "2026-11-23 10:00"] + arguments, in: folder, input: input)
    }

    @Test func aNewDatabaseIsSeededFromTheCoursesAndSessionsFolders() throws {
        let result = try muster(["-c", "sessions --json"])
        #expect(result.status == 0)
        #expect(result.output.contains("\"starts_at\": \"2027-03-30T09:30:00+01:00\""))
        #expect(result.errors.isEmpty)
    }

    @Test func allCommandsSucceedingExitsZero() throws {
        let result = try muster(["-c", "courses hate", "-c", "session show s101"])
        #expect(result.status == 0)
        #expect(result.output.contains("Hate Crime") && result.output.contains("Civic Centre"))
    }

    @Test func theFirstFailingCommandStopsTheRunWithStatusOne() throws {
        let result = try muster(["-c", "course show nope", "-c", "courses"])
        #expect(result.status == 1)
        #expect(result.errors == "error: no course 'nope'\n")
        #expect(result.output.isEmpty)
    }

    @Test func keepGoingRunsTheRestButStillReportsTheFailure() throws {
        let result = try muster(["--keep-going", "-c", "course show nope", "-c", "courses"])
        #expect(result.status == 1)
        #expect(result.output.contains("Hate Crime"))
    }

    @Test func aScriptOnStandardInputRunsLineByLineWithoutPrompts() throws {
        let script = """
            # the catalogue, then one session
            courses

            session show s101
            """
        let result = try muster([], input: script)
        #expect(result.status == 0)
        #expect(!result.output.contains("muster ("))
        #expect(result.output.hasPrefix("id "))
        #expect(result.output.contains("Civic Centre"))
    }

    @Test func badFlagsExitWithStatusTwo() throws {
        #expect(try muster(["--frobnicate"]).status == 2)
        let badNow = try MusterBinary.run(["--db", "t.sqlite", "--now", "next tuesday", "-c", "courses"], in: folder)
        #expect(badNow.status == 2)
        #expect(badNow.errors.contains("YYYY-MM-DD HH:MM"))
    }

    @Test func aFileThatIsNotAMusterDatabaseIsRefusedUntouched() throws {
        let path = folder.appendingPathComponent("notes.sqlite")
        try "shopping list\n".write(to: path, atomically: true, encoding: .utf8)
        let result = try MusterBinary.run(["--db", "notes.sqlite", "-c", "courses"], in: folder)
        #expect(result.status == 1)
        #expect(result.errors.contains("notes.sqlite is not a Muster database"))
        #expect(try String(contentsOf: path, encoding: .utf8) == "shopping list\n")
    }

    @Test func theDatabaseCanBeNamedByTheEnvironment() throws {
        let result = try MusterBinary.run(["-c", "courses"], in: folder, environment: ["MUSTER_DB": "env.sqlite"])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("env.sqlite").path))
    }

    @Test func twoTerminalsWritingToOneFileBothSucceed() throws {
        _ = try muster(["-c", "agency add police --name Police"])
        @Sendable func script(_ prefix: String) -> String {
            (1...300).map { "learner add \(prefix)\($0) --name \"L \($0)\" --email \(prefix)\($0)@police.example --agency police" }
                .joined(separator: "\n")
        }
        let group = DispatchGroup()
        let results = Results()
        for prefix in ["A", "B"] {
            group.enter()
            Thread.detachNewThread { [folder = folder] in
                results.append(try? MusterBinary.run(["--db", "test.sqlite"], in: folder, input: script(prefix)))
                group.leave()
            }
        }
        group.wait()
        #expect(results.all.map { $0?.status } == [0, 0], "\(results.all.map { $0?.errors ?? "" })")
        let agencies = try parseJSON(try muster(["-c", "agencies --json"]).output) as? [[String: Any]]
        #expect(agencies?.first?["learners"] as? Int == 600)
    }
}
