import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct CPDCommandTests {
    /// Sean (a Detective Constable) attended a hate-crime session yesterday; Ann (police) did not book.
    func harness(as actor: ActingUser = .localOperator) throws -> ConsoleHarness {
        let setup = try ConsoleHarness(now: "2026-11-20 08:00").withCatalogue()
        try setup.given("session add hate-crime 2026-11-22 09:30 --capacity 5 --min 1 --cutoff-days 0",
                        #"learner add P2 --name "Ann Lee" --email ann@police.example --agency police --job-role "Detective Constable""#,
                        "book s101 P1002",
                        #"requirement add hate-crime --roles "detective constable" --kpi 7.1 --target 80 --renew-months 12"#)
        let later = try ConsoleHarness(now: "2026-11-23 12:00")
        later.interpreter.context = CommandContext(database: setup.context.database, clock: later.context.clock, actor: .localOperator)
        try later.given("attend s101 P1002")
        later.interpreter.context = CommandContext(database: setup.context.database, clock: later.context.clock, actor: actor)
        return later
    }

    @Test func cpdJSONCarriesTheContractKeys() throws {
        let harness = try harness()
        try harness.given(#"cpd add P1002 --date 2026-11-01 --title "Read the s47 guidance" --hours 1.5 --kind reading --reflection "Thresholds""#)
        let (_, output, _) = harness.run("cpd P1002 --json")
        let json = try #require(try parseJSON(output) as? [String: Any])
        #expect(Array(json.keys).sorted().starts(with: ["entries", "learner_id"]))
        for key in ["learner_id", "total_hours", "verified_hours", "self_recorded_hours", "entries"] { #expect(json[key] != nil, "\(key)") }
        #expect(json["total_hours"] as? Double == 4.5 && json["verified_hours"] as? Double == 3 && json["self_recorded_hours"] as? Double == 1.5)
        let entries = try #require(json["entries"] as? [[String: Any]])
        for key in ["date", "title", "hours", "kind", "participatory", "verified", "session_id"] { #expect(entries[0][key] != nil, "\(key)") }
        #expect(entries.map { $0["session_id"] as? String } == [nil, "s101"])
    }

    @Test func aLearnerUserSeesOnlyTheirOwnCPDAndCompliance() throws {
        let harness = try harness(as: ActingUser(id: "ann", role: .learner, learnerID: "P2"))
        #expect(harness.run("cpd P1002").2 == "error: no learner 'P1002'\n")
        #expect(harness.run("compliance P1002").2 == "error: no learner 'P1002'\n")
        #expect(harness.run("certificate s101 P1002").2 == "error: no learner 'P1002'\n")
        #expect(harness.run("cpd").0 == .succeeded)
        #expect(harness.run("compliance --agency police").2 == "error: compliance --agency: not permitted\n")
    }

    @Test func trainersDoNotReadLearnersCPD() throws {
        let harness = try harness(as: ActingUser(id: "jsmith", role: .trainer))
        #expect(harness.run("cpd P1002").2.contains("not permitted"))
        #expect(harness.run("report kpi").2.contains("not permitted"))
    }

    @Test func theKPITableIsColouredOnlyWhereColourIsWanted() throws {
        let harness = try harness()
        let plain = harness.run("report kpi").1
        #expect(plain.contains("red") && !plain.contains("\u{1B}["))
        var coloured = ""
        let terminal = Interpreter(context: harness.interpreter.context, colour: true, write: { coloured += $0 }, writeError: { _ in })
        _ = terminal.execute("report kpi")
        #expect(coloured.contains("\u{1B}[31mred"))
        let rows = try #require(try parseJSON(harness.run("report kpi --json").1) as? [[String: Any]])
        #expect(rows.map { $0["rating"] as? String } == ["red"]) // one agency (police), one of two detectives trained: 50%
        #expect(rows.first.map { Array($0.keys).sorted() }?.contains("percent") == true)
        #expect(rows.first?["relevant"] as? Int == 2 && rows.first?["met"] as? Int == 1 && rows.first?["percent"] as? Double == 50)
    }

    @Test func aCertificateIsWrittenAndItsCodeVerifies() throws {
        let harness = try harness()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("muster-cert-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sean.html").path
        let (outcome, output, _) = harness.run("certificate s101 P1002 --output \(path)")
        #expect(outcome == .succeeded)
        let code = try #require(output.split(separator: "\n").last?.split(separator: " ").last.map(String.init))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(code))
        #expect(harness.run("certificate verify \(code)").1.hasPrefix("Genuine"))
        #expect(harness.run("certificate verify 2222-3333-4444").2.hasPrefix("error: no certificate has the code"))
        #expect(harness.run("certificate s101 P2").2 == "error: P2 has no booking on s101\n")
    }

    @Test func staffMustNameALearnerOrAnAgencyForCompliance() throws {
        let harness = try harness()
        #expect(harness.run("compliance").2 == "error: name a learner, or an agency with --agency\n")
        #expect(harness.run("compliance --agency police --json").0 == .succeeded)
    }

    @Test func cpdEditCanTakeBackParticipatory() throws {
        let harness = try harness()
        try harness.given(#"cpd add P1002 --date 2026-11-01 --title "Team case discussion" --hours 1 --kind supervision --participatory"#)
        func participatory() throws -> Double? {
            (try parseJSON(harness.run("cpd P1002 --json").1) as? [String: Any])?["participatory_hours"] as? Double
        }
        #expect(try participatory() == 4)
        let entry = try #require(((try parseJSON(harness.run("cpd P1002 --json").1) as? [String: Any])?["entries"] as? [[String: Any]])?
            .first { $0["verified"] as? Bool == false }?["id"] as? Int)
        try harness.given("cpd edit \(entry) --not-participatory")
        #expect(try participatory() == 3)
    }

    @Test func cpdExportWritesTheRegulatorsShape() throws {
        let harness = try harness()
        try harness.given("learner edit P1002 --cpd-profile swe")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpd-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try harness.given("cpd P1002 --export \(path)")
        let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").first
        #expect(header?.hasPrefix("date,title,type,what_i_learnt,how_it_changes_my_practice,peer_reflection_with") == true)
        #expect(harness.run("learner edit P1002 --cpd-profile hpc").2.contains("no CPD profile 'hpc'; choose one of: nmc, swe, hcpc, none"))
    }
}

@Suite struct CPDProfileCommandTests {
    @Test func aPartnershipProfileIsDefinedAtThePromptAndGivenToALearner() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("cpd profile police-cpd --title \"Police CPD\" --hours 10 --months 12 --participatory 4",
                          "learner edit P1002 --cpd-profile police-cpd")
        #expect(harness.run("cpd profiles").1.contains("police-cpd"))
        #expect(harness.run("cpd P1002").1.contains("Police CPD"))
        #expect(harness.run("cpd profile nmc --title x --hours 1 --months 1").2 == "error: CPD profile 'nmc' already exists\n")
    }
}
