import Foundation
import Evaluation
import MusterCore
import Scheduler

/// A partnership's calendar year 2027 built the way it happens, through the services at
/// the moments things happen: bookings weeks ahead, cancellations early and late, the
/// scheduler deciding at each cut-off, trainers cancelling for their own reasons, registers
/// taken and closed, feedback given. Seeded, so every run builds the same year.
struct ReportingYear {
    let database: AppDatabase
    /// When the report is read: after the year's last register has closed.
    let reportClock: MusterClock
    let from = LocalDate(year: 2027, month: 1, day: 1)
    let to = LocalDate(year: 2027, month: 12, day: 31)
    /// Comments given anonymously: never to be quoted.
    private(set) var anonymousComments: [String] = []
    /// Sessions inside the year left with their register open.
    private(set) var openSessions: [String] = []

    static let agencies = [("council", "City Council"), ("police", "Police"), ("health", "NHS Trust"),
                           ("school", "Oak Primary School"), ("fire", "Fire and Rescue")]
    static let roles = ["Social Worker", "Police Officer", "Nurse", "Teacher", "Firefighter", "Family Support Worker"]

    init(seed: UInt64 = 7) throws {
        database = try AppDatabase.inMemory()
        reportClock = try MusterClock.fixed(local: "2028-01-20 10:00")
        var random = SeededGenerator(seed: seed)
        let setUp = try MusterClock.fixed(local: "2026-11-02 09:00")
        let catalogue = Catalogue(database: database, clock: setUp, actor: .localOperator)
        let courses: [Course] = [
            Course(id: "child-protection", title: "Child Protection", area: .children, format: .faceToFace,
                   durationMinutes: 360, cpdHours: 6, capacity: 12, minAttendees: 6),
            Course(id: "adult-safeguarding", title: "Safeguarding Adults", area: .adults, format: .virtual,
                   durationMinutes: 180, cpdHours: 3, capacity: 14, minAttendees: 5),
            Course(id: "hate-crime", title: "Hate Crime, Awareness & Reporting", area: .community, format: .faceToFace,
                   durationMinutes: 180, cpdHours: 3, capacity: 10, minAttendees: 4),
            Course(id: "prevent", title: "Prevent", area: .allAge, format: .webinar,
                   durationMinutes: 90, cpdHours: 1.5, capacity: 20, minAttendees: 3),
            Course(id: "neglect", title: "Neglect", area: .children, format: .virtual,
                   durationMinutes: 180, cpdHours: 3, capacity: 12, minAttendees: 4),
            Course(id: "online-safety", title: "Online Safety", area: .allAge, format: .eLearning,
                   durationMinutes: 120, cpdHours: 2, capacity: 25, minAttendees: 1),
        ]
        for course in courses { try catalogue.add(course) }
        let people = People(database: database, clock: setUp, actor: .localOperator)
        for (id, name) in Self.agencies { _ = try people.addAgency(id: id, name: name) }
        var learners: [String] = []
        for number in 1...60 {
            var details = People.Details()
            // Uneven agencies: the council and health send most.
            let agency = Self.agencies[[0, 0, 0, 1, 2, 2, 3, 4][number % 8]].0
            details.name = "Learner \(number)"; details.email = "l\(number)@\(agency).example"; details.agency = agency
            details.jobRole = Self.roles[number % Self.roles.count]
            _ = try people.add("L\(number)", details)
            learners.append("L\(number)")
        }

        // Two KPIs, so the report has a table to colour.
        let requirements = Requirements(database: database, clock: setUp, actor: .localOperator)
        _ = try requirements.add(Requirement(kpi: "1.4", title: "Child protection training", courseIDs: ["child-protection"],
                                             roles: ["Social Worker", "Teacher", "Nurse"], targetPercent: 80))
        _ = try requirements.add(Requirement(kpi: "2.1", title: "Safeguarding adults training", courseIDs: ["adult-safeguarding"],
                                             roles: ["Nurse", "Family Support Worker"], targetPercent: 60))

        // Two or three sessions a month on distinct weekdays, plus three at the year's edges.
        let schedule = Schedule(database: database, clock: setUp, actor: .localOperator)
        var planned: [(id: String, course: Course, start: Date)] = []
        let local = setUp.local
        func add(_ course: Course, _ day: String, _ time: String) throws {
            var new = Schedule.NewSession(courseID: course.id, date: try local.parseDate(day), time: try local.parseTime(time))
            if course.format == .faceToFace { new.venue = "Civic Centre, Room 2" } else { new.onlineURL = "https://meet.example/\(course.id)" }
            let session = try schedule.add(new)
            planned.append((session.id, course, session.startsAt))
        }
        try add(courses[3], "2026-12-31", "16:00")   // the day before the year: outside it
        for month in 1...12 {
            for (slot, day) in [6, 14, 22].prefix(month % 4 == 0 ? 2 : 3).enumerated() {
                let course = courses[(month * 3 + slot) % courses.count]
                let date = LocalDate(year: 2027, month: month, day: day)
                let weekday = Calendar(identifier: .gregorian).component(.weekday, from: local.startOfDay(date))
                let shifted = weekday == 1 ? day + 1 : weekday == 7 ? day + 2 : day   // weekdays only
                try add(course, String(format: "2027-%02d-%02d", month, shifted), "09:30")
            }
        }
        try add(courses[3], "2027-12-31", "13:00")   // the year's last afternoon: inside it
        try add(courses[3], "2028-01-04", "09:30")   // the next year: outside it

        // Each session: demand, early and late cancellations, the scheduler at the cut-off,
        // the trainer's own cancellations, the register, feedback.
        let reasons: [CancelReason] = [.trainerUnavailable, .venue, .other, .trainerUnavailable]
        var manualCancellations = 0
        var demanded: [[String]] = []
        for (index, planned) in planned.enumerated() {
            let (sessionID, course, start) = planned
            let bookingClock = MusterClock.fixed(start.addingTimeInterval(-30 * 86_400))
            let bookings = Bookings(database: database, clock: bookingClock, actor: .localOperator)
            // Every fourth session is under-booked; the others fill to around capacity, some beyond it.
            let demand = index % 4 == 1 ? random.below(course.minAttendees) : course.minAttendees + random.below(course.capacity - course.minAttendees + 4)
            let booked = random.shuffled(learners).prefix(demand)
            for learner in booked { _ = try bookings.book(sessionID, for: learner) }
            // Someone gives up a place in good time.
            if demand > 3, let early = booked.first {
                _ = try Bookings(database: database, clock: .fixed(start.addingTimeInterval(-20 * 86_400)), actor: .localOperator)
                    .unbook(sessionID, for: early)
            }
            demanded.append(Array(booked))
        }
        for (index, planned) in planned.enumerated() {
            let (sessionID, course, start) = planned
            let booked = demanded[index]
            // The scheduler decides the day before, whatever else is due then.
            let dayBefore = MusterClock.fixed(start.addingTimeInterval(-86_400))
            _ = try Scheduler(database: database, clock: dayBefore).run()
            let detail = try Schedule(database: database, clock: dayBefore, actor: .localOperator).session(sessionID)
            guard detail.summary.session.status == .scheduled else { continue }
            // A late cancellation, and a colleague taking a place (never charged, never late).
            let confirmed = try Register(database: database, clock: dayBefore, actor: .localOperator).entries(sessionID).entries.map(\.learnerID)
            if index % 3 == 0, confirmed.count > 2 {
                _ = try Bookings(database: database, clock: dayBefore, actor: .localOperator).unbook(sessionID, for: confirmed[1])
            }
            if index % 5 == 2, confirmed.count > 3, let colleague = learners.first(where: { !booked.contains($0) }) {
                _ = try Bookings(database: database, clock: dayBefore, actor: .localOperator).transfer(sessionID, from: confirmed[2], to: colleague)
            }
            // Trainers fall ill, venues flood.
            if index % 7 == 3 {
                _ = try Schedule(database: database, clock: dayBefore, actor: .localOperator)
                    .cancel(sessionID, reason: reasons[manualCancellations % reasons.count], note: "cancelled the day before")
                manualCancellations += 1
                continue
            }
            let ends = start.addingTimeInterval(Double(course.durationMinutes) * 60)
            let afterwards = MusterClock.fixed(ends.addingTimeInterval(600))
            let register = Register(database: database, clock: afterwards, actor: .localOperator)
            let onRegister = try register.entries(sessionID).entries.map(\.learnerID)
            if index == 20 {   // a trainer who marked one delegate, took their feedback and never closed the register
                openSessions.append(sessionID)
                try register.mark(sessionID, learners: [onRegister[0]], as: .attended)
                try Evaluations(database: database, clock: .fixed(ends.addingTimeInterval(86_400)), actor: .localOperator)
                    .submit(sessionID, for: onRegister[0], answers: [
                        "course_rating": "1", "trainer_rating": "1", "confidence_before": "1", "confidence_after": "1",
                        "outcomes_met": "no", "action_plan": "None", "comment": "Openly: not yet counted", "anonymous": "no"])
                continue
            }
            var came: [String] = []
            for learner in onRegister {
                switch random.below(10) {
                case 0: try register.mark(sessionID, learners: [learner], as: .absent)
                case 1: try register.mark(sessionID, learners: [learner], as: .excused)
                case 2: try register.mark(sessionID, learners: [learner], as: .partial, minutes: course.durationMinutes / 2); came.append(learner)
                default: try register.mark(sessionID, learners: [learner], as: .attended); came.append(learner)
                }
            }
            _ = try Schedule(database: database, clock: afterwards, actor: .localOperator).complete(sessionID)
            let evaluations = Evaluations(database: database, clock: .fixed(ends.addingTimeInterval(86_400)), actor: .localOperator)
            for (number, learner) in came.enumerated() where random.below(10) < 7 {
                let before = 1 + random.below(3)
                var answers = ["course_rating": String(2 + random.below(4)), "trainer_rating": String(3 + random.below(3)),
                               "confidence_before": String(before), "confidence_after": String(min(5, before + random.below(3))),
                               "outcomes_met": ["yes", "partly", "yes"][number % 3],
                               "action_plan": "Use the \(course.title) checklist with families"]
                if number % 2 == 0 {
                    let anonymous = number % 4 == 2
                    let comment = "\(anonymous ? "Privately" : "Openly"): \(course.title) on \(local.date(of: start)) was worth the day (\(learner))"
                    answers["comment"] = comment
                    answers["anonymous"] = anonymous ? "yes" : "no"
                    if anonymous { anonymousComments.append(comment) }
                }
                try evaluations.submit(sessionID, for: learner, answers: answers)
            }
        }
    }
}
