import Foundation
import Testing
@testable import MusterCore

@Suite struct CatalogueTests {
    let hateCrime = Course(id: "hate-crime", title: "Hate Crime", area: .community, level: 2, format: .faceToFace,
                           durationMinutes: 180, cpdHours: 3, description: "Recognising and reporting hate incidents.")

    @Test func anAddedCourseCanBeFoundByAWordOfItsTitleOrDescription() throws {
        let given = try Given()
        try given.catalogue.add(hateCrime)
        var query = Catalogue.Query()
        query.text = "HATE"
        #expect(try given.catalogue.courses(matching: query).map(\.id) == ["hate-crime"])
        query.text = "reporting incidents"
        #expect(try given.catalogue.courses(matching: query).map(\.id) == ["hate-crime"])
        query.text = "hate fgm"
        #expect(try given.catalogue.courses(matching: query).isEmpty)
    }

    /// Courses are written and read column by column: every field must come back as it went in.
    @Test func everyFieldOfACourseComesBackAsItWasWritten() throws {
        let given = try Given()
        let full = Course(id: "prevent-2", title: "Prevent: Radicalisation", area: .allAge, level: 4, format: .eLearning,
                          durationMinutes: 75, cpdHours: 1.25, description: "Spotting the signs.", audience: "Managers",
                          capacity: 40, minAttendees: 0, renewMonths: 36, retired: false)
        let sparse = Course(id: "fgm", title: "FGM", area: .children, format: .webinar, durationMinutes: 60, cpdHours: 0)
        try given.catalogue.add(full)
        try given.catalogue.add(sparse)
        #expect(try given.catalogue.course("prevent-2") == full)
        #expect(try given.catalogue.course("fgm") == sparse)
        let retired = try given.catalogue.edit("fgm") { $0.retired = true; $0.area = .adults; $0.format = .virtual }
        #expect(try given.catalogue.course("fgm") == retired)
        #expect(retired.retired && retired.area == .adults && retired.format == .virtual)
    }

    @Test func searchTreatsPercentAndUnderscoreAsPlainCharacters() throws {
        let given = try Given().seeded()
        var query = Catalogue.Query()
        query.text = "%"
        #expect(try given.catalogue.courses(matching: query).isEmpty)
        query.text = "_"
        #expect(try given.catalogue.courses(matching: query).isEmpty)
    }

    @Test func coursesFilterByAreaLevelAndFormat() throws {
        let given = try Given().seeded()
        var query = Catalogue.Query()
        query.area = .children
        #expect(try given.catalogue.courses(matching: query).map(\.id) == ["advanced-child-protection"])
        query = Catalogue.Query(); query.level = 2
        #expect(try given.catalogue.courses(matching: query).map(\.id) == ["domestic-abuse", "hate-crime"])
        query = Catalogue.Query(); query.format = .virtual
        #expect(try given.catalogue.courses(matching: query).map(\.id) == ["domestic-abuse"])
    }

    @Test func aDuplicateCourseIdIsRefused() throws {
        let given = try Given()
        try given.catalogue.add(hateCrime)
        #expect(throws: CatalogueError.duplicateCourse("hate-crime")) { try given.catalogue.add(hateCrime) }
        #expect(try given.count("course") == 1)
    }

    @Test func aCourseBreakingARuleIsRefusedAndNothingIsWritten() throws {
        let given = try Given()
        var bad = hateCrime
        bad.capacity = 0
        #expect(throws: CatalogueError.self) { try given.catalogue.add(bad) }
        bad.capacity = 10
        bad.minAttendees = 12
        do {
            try given.catalogue.add(bad)
            Issue.record("a minimum above capacity was accepted")
        } catch let error as CatalogueError {
            #expect(error.description.contains("minimum numbers (12) cannot be above capacity (10)"))
        }
        #expect(try given.count("course") == 0)
        #expect(try given.auditCount() == 0)
    }

    @Test func anUnknownCourseIsNamedWithNearMatches() throws {
        let given = try Given().seeded()
        #expect(throws: CatalogueError.unknownCourse("hate-crim", suggestions: ["hate-crime"])) {
            try given.catalogue.course("hate-crim")
        }
        #expect(throws: CatalogueError.unknownCourse("Domestic Abuse", suggestions: ["domestic-abuse"])) {
            try given.catalogue.course("Domestic Abuse")
        }
    }

    @Test func coursesSharingATitleStillGetSuggestions() throws {
        let given = try Given()
        try given.catalogue.add(hateCrime)
        var copy = hateCrime
        copy.id = "hate-crime-2"
        try given.catalogue.add(copy)
        #expect(throws: CatalogueError.unknownCourse("Hate Crim", suggestions: ["hate-crime"])) {
            try given.catalogue.course("Hate Crim")
        }
    }

    @Test func anEditThatFailsPartWayChangesNothing() throws {
        let given = try Given().seeded()
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            _ = try given.catalogue.edit("hate-crime") { course in
                course.title = "Changed"
                throw Refused()
            }
        }
        #expect(try given.catalogue.course("hate-crime").title == "Hate Crime")
    }

    @Test func editingChangesOnlyWhatIsGivenAndKeepsTheRules() throws {
        let given = try Given().seeded()
        let edited = try given.catalogue.edit("hate-crime") { $0.capacity = 24 }
        #expect(edited.capacity == 24)
        #expect(edited.title == "Hate Crime")
        #expect(throws: CatalogueError.self) { _ = try given.catalogue.edit("hate-crime") { $0.minAttendees = 30 } }
        #expect(try given.catalogue.course("hate-crime").minAttendees == 6)
    }

    @Test func aRetiredCourseLeavesTheDefaultListButKeepsItsRecord() throws {
        let given = try Given().seeded()
        try given.catalogue.retire("hate-crime")
        #expect(try !given.catalogue.courses().map(\.id).contains("hate-crime"))
        var all = Catalogue.Query()
        all.includeRetired = true
        #expect(try given.catalogue.courses(matching: all).map(\.id).contains("hate-crime"))
        #expect(try given.catalogue.course("hate-crime").retired)
        #expect(throws: CatalogueError.alreadyRetired("hate-crime")) { try given.catalogue.retire("hate-crime") }
    }
}

@Suite struct CourseImportTests {
    @Test func importingTheCatalogueTwiceChangesNothingTheSecondTime() throws {
        let given = try Given()
        let first = try given.catalogue.importCourses(from: Fixture.url("Courses"))
        #expect(first.added.sorted() == ["advanced-child-protection", "domestic-abuse", "hate-crime"])
        let second = try given.catalogue.importCourses(from: Fixture.url("Courses"))
        #expect(second.added.isEmpty && second.updated.isEmpty && second.unchanged == 3)
        #expect(try given.count("course") == 3)
    }

    @Test func aChangedFileUpdatesItsCourseInPlace() throws {
        let given = try Given()
        let folder = try TemporaryDirectory()
        let text = try String(contentsOf: Fixture.url("Courses/hate-crime.yaml"), encoding: .utf8)
        _ = try folder.write("Courses/hate-crime.yaml", text)
        _ = try given.catalogue.importCourses(from: folder.file("Courses"))
        _ = try folder.write("Courses/hate-crime.yaml", text.replacingOccurrences(of: "capacity: 20", with: "capacity: 25"))
        let summary = try given.catalogue.importCourses(from: folder.file("Courses"))
        #expect(summary.updated == ["hate-crime"])
        #expect(try given.catalogue.course("hate-crime").capacity == 25)
    }

    @Test func aCourseRetiredAtThePromptStaysRetiredWhenItsFileIsImportedAgain() throws {
        let given = try Given().seeded()
        try given.catalogue.retire("hate-crime")
        let summary = try given.catalogue.importCourses(from: Fixture.url("Courses"))
        #expect(summary.unchanged == 3)
        #expect(try given.catalogue.course("hate-crime").retired)
    }

    @Test func oneCourseIdInTwoFilesImportsNothing() throws {
        let given = try Given()
        let folder = try TemporaryDirectory()
        let text = try String(contentsOf: Fixture.url("Courses/hate-crime.yaml"), encoding: .utf8)
        _ = try folder.write("Courses/hate-crime.yaml", text)
        _ = try folder.write("Courses/hate-crime.yml", text)
        #expect(throws: CatalogueError.badImport(directory: folder.file("Courses").path,
                                                 problems: ["hate-crime.yml: course hate-crime is also hate-crime.yaml"])) {
            try given.catalogue.importCourses(from: folder.file("Courses"))
        }
        #expect(try given.count("course") == 0)
    }

    @Test func aBrokenCatalogueImportsNothingAndNamesEachFileAndField() throws {
        let given = try Given()
        do {
            _ = try given.catalogue.importCourses(from: Fixture.url("BrokenCourses"))
            Issue.record("a broken catalogue was imported")
        } catch let CatalogueError.badImport(_, problems) {
            #expect(problems.contains("BrokenCourses/self-neglect.yaml: missing field 'title'"))
            #expect(problems.contains("BrokenCourses/prevent.yaml: unknown field 'capasity'"))
        }
        #expect(try given.count("course") == 0)
    }

    @Test func invalidYAMLAndBadValuesAreReportedWithTheFile() throws {
        let given = try Given()
        let folder = try TemporaryDirectory()
        _ = try folder.write("Courses/a.yaml", "title: [unclosed\n")
        _ = try folder.write("Courses/b.yaml", "title: B\narea: elsewhere\nformat: virtual\nduration: 3 hours\ncpd_hours: three\n")
        do {
            _ = try given.catalogue.importCourses(from: folder.file("Courses"))
            Issue.record("bad files were imported")
        } catch let CatalogueError.badImport(_, problems) {
            #expect(problems.contains { $0.hasPrefix("Courses/a.yaml: not valid YAML") })
            #expect(problems.contains { $0.hasPrefix("Courses/b.yaml: field 'area'") && $0.contains("children, adults") })
            #expect(problems.contains { $0.hasPrefix("Courses/b.yaml: field 'duration'") && $0.contains("1h30m") })
            #expect(problems.contains("Courses/b.yaml: field 'cpd_hours' should be a number, not 'three'"))
        }
    }
}
