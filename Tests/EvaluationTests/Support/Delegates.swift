import Foundation
import GRDB
import MusterCore
@testable import Evaluation

/// s101 (Hate Crime, Tue 12 Jan 2027 09:30–12:30, trainer jsmith) with L1…L6 booked:
/// L1–L3 attended, L4 partial, L5 absent, L6 excused; L7 booked and cancelled; L8 never booked.
/// Feedback opens at 12:30 and closes 30 days later, Thu 11 Feb 12:30.
struct Delegates {
    let database: AppDatabase
    let clock: MusterClock
    var actor: ActingUser = .localOperator

    /// In memory, or in the file at `path`.
    static func attended(courses: URL? = nil, path: String? = nil) throws -> Delegates {
        let clock = try MusterClock.fixed(local: "2026-11-23 10:00")
        let database = try path.map { try AppDatabase.open(path: $0).database } ?? AppDatabase.inMemory()
        _ = try Catalogue(database: database, clock: clock, actor: .importer).importCourses(from: courses ?? fixture("Courses"))
        let schedule = Schedule(database: database, clock: clock, actor: .localOperator)
        _ = try schedule.importSessions(from: fixture("Sessions"))
        let people = People(database: database, clock: clock, actor: .localOperator)
        _ = try people.addAgency(id: "police", name: "Police")
        let bookings = Bookings(database: database, clock: clock, actor: .localOperator)
        for number in 1...8 {
            var details = People.Details()
            details.name = "Learner \(number)"; details.email = "l\(number)@police.example"; details.agency = "police"
            _ = try people.add("L\(number)", details)
            if number <= 7 { _ = try bookings.book("s101", for: "L\(number)") }
        }
        _ = try bookings.unbook("s101", for: "L7")
        let register = Register(database: database, clock: try MusterClock.fixed(local: "2027-01-12 12:00"), actor: .localOperator)
        try register.mark("s101", learners: ["L1", "L2", "L3"], as: .attended)
        try register.mark("s101", learners: ["L4"], as: .partial, minutes: 120)
        try register.mark("s101", learners: ["L5"], as: .absent)
        try register.mark("s101", learners: ["L6"], as: .excused)
        return Delegates(database: database, clock: try MusterClock.fixed(local: "2027-01-12 13:00"))
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    func at(_ now: String) throws -> Delegates {
        Delegates(database: database, clock: try MusterClock.fixed(local: now), actor: actor)
    }

    func acting(as actor: ActingUser) -> Delegates {
        Delegates(database: database, clock: clock, actor: actor)
    }

    var evaluations: Evaluations { Evaluations(database: database, clock: clock, actor: actor) }

    /// A complete set of default answers; `changes` replace some.
    static func answers(_ changes: [String: String] = [:]) -> [String: String] {
        ["course_rating": "4", "trainer_rating": "5", "confidence_before": "2", "confidence_after": "4",
         "outcomes_met": "yes", "action_plan": "Check the referral pathway"].merging(changes) { $1 }
    }
}
