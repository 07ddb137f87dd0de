import Foundation
import Testing
@testable import MusterCore

/// The repository's own `Courses/` and `Sessions/`: what a new database is seeded with.
@Suite struct DefaultCatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let publishedTitles = [
        "Working Together: our shared responsibility", "Advanced Child Protection", "Child Protection for Managers",
        "Safeguarding non-mobile babies and children under one", "Domestic Abuse", "Female Genital Mutilation (FGM)",
        "Harmful Sexual Behaviour", "Contextual Safeguarding", "Safer Recruitment", "Graded Care Profile level 2",
        "Trauma and Adversity Awareness level 1", "Trauma and Adversity Advanced", "Courageous conversations with families",
        "Understanding, Recognition and Response to Child Sexual Abuse", "Arthur and Star national panel review",
        "Mind your Language", "Mental Capacity Act", "Self-neglect", "Hate Crime", "Honour Based Abuse and Forced Marriage",
        "Perinatal Mental Health", "Safeguarding Adults level 2", "Safeguarding Adults level 3", "Prevent awareness",
        "Modern Slavery awareness", "Exploitation (children's services)", "Managing Allegations",
    ]

    @Test func theDefaultCatalogueHoldsThePublishedCoursesAndWebinars() throws {
        let given = try Given()
        let seeded = try Seed.importDefaults(into: given.database, clock: given.clock, from: Self.root)
        #expect(seeded.map(\.kind) == ["courses", "requirements", "sessions"])
        let courses = try given.catalogue.courses()
        let titles = Set(courses.map(\.title))
        for title in Self.publishedTitles { #expect(titles.contains(title), "missing \(title)") }
        #expect(courses.filter { $0.format == .webinar }.count >= 3)
    }

    /// The partnership KPI set of the issue, each KPI naming courses that exist and roles
    /// that some group or job title covers.
    @Test func theDefaultRequirementsAreThePartnershipKPISet() throws {
        let given = try Given()
        _ = try Seed.importDefaults(into: given.database, clock: given.clock, from: Self.root)
        let requirements = try Requirements(database: given.database, clock: given.clock, actor: .localOperator).all()
        let targets = requirements.map { "\($0.kpi ?? "?")=\($0.targetPercent ?? -1)" }
        #expect(targets == ["1.1=85", "1.2=85", "1.3=80", "1.4=80", "1.5=100", "1.6=80", "1.7=80", "1.8=90", "1.9=90",
                            "1.10=90", "1.11=80", "1.12=80", "1.13=90", "1.14=90", "1.15=90", "1.16=90"])
        let within = Dictionary(uniqueKeysWithValues: requirements.map { ($0.kpi!, $0.withinMonths) })
        #expect(within["1.8"] == 6 && within["1.9"] == 3 && within["1.10"] == 6 && within["1.13"] == 3)
        let groups = try Requirements(database: given.database, clock: given.clock, actor: .localOperator).roleGroups()
        for requirement in requirements {
            #expect(requirement.roles.contains { groups[$0] != nil }, "\(requirement.label) names no role group")
        }
    }

    @Test func theDefaultTermHasTwentyFourSessionsOfTwelveCoursesIn2027() throws {
        let given = try Given()
        _ = try Seed.importDefaults(into: given.database, clock: given.clock, from: Self.root)
        let sessions = try given.schedule.sessions()
        #expect(sessions.count >= 24)
        #expect(Set(sessions.map(\.session.courseID)).count >= 12)
        #expect(sessions.allSatisfy { given.clock.local.date(of: $0.session.startsAt).year == 2027 })
        #expect(sessions.allSatisfy { $0.session.venue != nil || $0.session.onlineURL != nil })
        #expect(sessions.allSatisfy { $0.session.trainerID != nil })
    }

    @Test func seedingAgainChangesNothing() throws {
        let given = try Given()
        _ = try Seed.importDefaults(into: given.database, clock: given.clock, from: Self.root)
        let again = try Seed.importDefaults(into: given.database, clock: given.clock, from: Self.root)
        #expect(again.allSatisfy { $0.added.isEmpty && $0.updated.isEmpty })
    }
}
