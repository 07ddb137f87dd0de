import Foundation
import Testing
@testable import MusterCore

@Suite struct PeopleTests {
    func details(_ name: String, _ email: String, _ agency: String) -> People.Details {
        var details = People.Details()
        details.name = name; details.email = email; details.agency = agency
        return details
    }

    @Test func aLearnerJoinsAnExistingAgencyNamedByIdOrName() throws {
        let given = try Given()
        _ = try given.people.addAgency(id: nil, name: "West Midlands Police")
        let added = try given.people.add("P1002", details("Sean O'Brien", "sean@police.example", "west midlands police"))
        #expect(added.learner.agencyID == "west-midlands-police")
        #expect(try given.people.learner("p1002").learner.name == "Sean O'Brien")
    }

    @Test func anUnknownAgencyIsRefusedWithNearMatches() throws {
        let given = try Given()
        _ = try given.people.addAgency(id: "police", name: "Police")
        #expect(throws: PeopleError.unknownAgency("Polise", suggestions: ["police"])) {
            try given.people.add("P1", details("A", "a@b.example", "Polise"))
        }
        #expect(try given.count("learner") == 0)
    }

    @Test func aLearnerNeedsANameAndARealEmailAndAUniqueId() throws {
        let given = try Given()
        _ = try given.people.addAgency(id: "police", name: "Police")
        #expect(throws: PeopleError.self) { try given.people.add("P1", details("A", "not-an-email", "police")) }
        _ = try given.people.add("P1", details("A", "a@police.example", "police"))
        #expect(throws: PeopleError.duplicateLearner("P1")) { try given.people.add("P1", details("B", "b@police.example", "police")) }
        #expect(throws: PeopleError.self) { try given.people.add("P2", People.Details()) }
    }

    @Test func learnersAreFoundByWordsInNameEmailOrRole() throws {
        let given = try Given()
        _ = try given.people.importLearners(from: Fixture.url("learners.csv"))
        #expect(try given.people.learners(matching: "shah").map(\.learner.id) == ["P1001"])
        #expect(try given.people.learners(matching: "police.example").map(\.learner.id) == ["P1002"])
        #expect(try given.people.learners(agency: "schools").map(\.learner.id) == ["P1003"])
    }

    @Test func importingLearnersAddsTheirAgenciesAndTwiceChangesNothing() throws {
        let given = try Given()
        let first = try given.people.importLearners(from: Fixture.url("learners.csv"))
        #expect(first.added == ["P1001", "P1002", "P1003"])
        #expect(first.notes.contains("new agencies: Health, Police, Schools"))
        let sean = try given.people.learner("P1002").learner
        #expect(sean.name == "O'Brien, Sean")
        #expect(sean.started?.description == "2019-04-15")
        let second = try given.people.importLearners(from: Fixture.url("learners.csv"))
        #expect(second.added.isEmpty && second.updated.isEmpty && second.unchanged == 3)
        #expect(try given.people.agencies().map(\.learners) == [1, 1, 1])
    }

    @Test func anImportWithBadRowsImportsNothingAndListsEveryBadRowByLine() throws {
        let given = try Given()
        do {
            _ = try given.people.importLearners(from: Fixture.url("bad-learners.csv"))
            Issue.record("a file with bad rows was imported")
        } catch let PeopleError.badImport(_, problems) {
            #expect(problems.count == 3)
            #expect(problems[0].hasPrefix("line 3: ") && problems[0].contains("'bob' is not an email address")
                    && problems[0].contains("not a day on the calendar"))
            #expect(problems[1].hasPrefix("line 4: ") && problems[1].contains("a name is required"))
            #expect(problems[2] == "line 5: id P2001 is also on line 2")
        }
        #expect(try given.count("learner") == 0)
        #expect(try given.count("agency") == 0)
    }

    @Test func aFileWithoutOptionalColumnsLeavesThoseDetailsAsTheyWere() throws {
        let given = try Given()
        _ = try given.people.importLearners(from: Fixture.url("learners.csv"))
        let folder = try TemporaryDirectory()
        let file = try folder.write("update.csv", "Staff number,Name,Email,Agency\nP1001,Priya Shah-Khan,priya.shah@health.example,Health\n")
        let summary = try given.people.importLearners(from: file)
        #expect(summary.updated == ["P1001"])
        let priya = try given.people.learner("P1001").learner
        #expect(priya.name == "Priya Shah-Khan")
        #expect(priya.jobRole == "Health Visitor")
        #expect(priya.started?.description == "2024-09-01")
    }

    @Test func everyBadAgencyIsReportedByItsLine() throws {
        let given = try Given()
        _ = try given.people.addAgency(id: "police", name: "West Midlands Police")
        let folder = try TemporaryDirectory()
        let file = try folder.write("agencies.csv", """
            Staff number,Name,Email,Agency
            P1,Ann,ann@x.example,!!!
            P2,Bob,bob@x.example,Police.
            P3,Cy,cy@x.example,Health
            """)
        #expect(throws: PeopleError.badImport(file: file.path, problems: [
            "line 2: agency '!!!' needs letters or digits in its name",
            "line 3: agency 'Police.' would take the id 'police' of 'West Midlands Police'; use that name",
        ])) { try given.people.importLearners(from: file) }
        #expect(try given.count("learner") == 0)
        #expect(try given.count("agency") == 1)
    }

    @Test func linesAreCountedAsAnEditorCountsThemAcrossQuotedLineBreaks() throws {
        let given = try Given()
        let folder = try TemporaryDirectory()
        let file = try folder.write("multiline.csv", "Staff number,Name,Email,Agency,Job role\n"
            + "P1,Ann,ann@x.example,Health,\"Nurse\nNight shift\"\n"
            + "\n"
            + "P2,Bob,not-an-email,Health,Nurse\n")
        #expect(throws: PeopleError.badImport(file: file.path, problems: ["line 5: 'not-an-email' is not an email address"])) {
            try given.people.importLearners(from: file)
        }
    }

    @Test func aFileWithoutTheNeededColumnsSaysWhichAreMissing() throws {
        let given = try Given()
        let folder = try TemporaryDirectory()
        let file = try folder.write("people.csv", "id,full name\nP1,Ann\n")
        #expect(throws: PeopleError.badImport(file: file.path, problems: ["line 1: missing columns email, agency (found: id, full name)"])) {
            try given.people.importLearners(from: file)
        }
    }
}

@Suite struct ImportSummaryTests {
    @Test func aLargeImportNamesTheFirstFewAndCountsTheRest() {
        var summary = ImportSummary(kind: "learners", source: "staff.csv")
        summary.added = (1...100).map { "P\($0)" }
        #expect(summary.description.contains("100 added"))
        #expect(summary.description.contains("P12 and 88 more"))
        #expect(!summary.description.contains("P13,"))
    }
}
