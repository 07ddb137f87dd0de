import Foundation

/// The demo partnership's people, schedule and history, drawn from the seed before anything
/// is written. Planning is pure arithmetic on the seed, the catalogue and the clock, so the
/// same inputs always give the same plan; the rules then decide, as the history is played,
/// which of the planned bookings they allow.
struct DemoPlan {
    struct PlannedAgency { var id: String; var name: String; var kind: DemoAgencyKind }

    struct PlannedLearner {
        var id: String, name: String, email: String, agency: Int, role: String
        var started: LocalDate
        var addedAt: Date
    }

    struct PlannedSession {
        var id: String, course: Int, startsAt: Date, endsAt: Date
        var venue: String?, onlineURL: String?, trainerID: String
        var capacity: Int, minAttendees: Int
        var publishedAt: Date
    }

    /// What the plan needs to know of the database: the catalogue, who must take what, the
    /// trainers already there and the partnership's cut-off.
    struct Inputs {
        var courses: [Course]
        /// Lowercased job roles that some requirement asks to complete each course, by course id.
        var requiredRoles: [String: Set<String>]
        var trainers: [String]
        var lastSessionNumber: Int
        var cutoffWorkingDays: Int
    }

    private(set) var agencies: [PlannedAgency] = []
    private(set) var learners: [PlannedLearner] = []
    private(set) var newTrainers: [(id: String, name: String, email: String)] = []
    private(set) var sessions: [PlannedSession] = []
    private(set) var events: [DemoEvent] = []

    let size: DemoSize
    let local: LocalTime
    let now: Date
    /// When the history begins: the first of the month `years` years ago.
    let opening: Date
    private var planned: Int32 = 0
    /// The draws made while the history plays (who comes, who answers the form), apart from
    /// the planning's own so that neither shifts the other.
    let playback: SeededGenerator

    init(_ size: DemoSize, catalogue: Inputs, clock: MusterClock) {
        self.size = size
        local = clock.local
        now = clock.now
        let today = local.date(of: now)
        let first = LocalDate(year: today.year - size.years, month: today.month, day: 1)
        opening = local.instant(on: first, at: LocalTimeOfDay(hour: 7, minute: 0))
        var seeds = SeededGenerator(seed: size.seed)
        var people = seeds.split(), schedule = seeds.split(), history = seeds.split()
        playback = seeds.split()
        planAgencies(&people)
        planLearners(&people)
        planTrainers(catalogue)
        planSessions(&schedule, catalogue: catalogue, from: first, through: today.adding(days: 84))
        planDemand(&history, catalogue: catalogue)
        planDays(from: first, through: today)
        planOwnLearning(&history)
        events = events.filter { $0.at <= now }
        events.sort { ($0.at, $0.order) < ($1.at, $1.order) }
    }

    private mutating func add(_ kind: DemoEvent.Kind, at: Date, _ first: Int, _ second: Int = 0) {
        events.append(DemoEvent(at: at, order: planned, kind: kind, first: Int32(first), second: Int32(second)))
        planned += 1
    }

    /// One event for each run of neighbours planned for the same moment, naming the first
    /// of the run and how many it holds: a batch that arrives together.
    private mutating func addRuns(_ kind: DemoEvent.Kind, _ moments: [Date]) {
        var start = 0
        while start < moments.count {
            var end = start + 1
            while end < moments.count && moments[end] == moments[start] { end += 1 }
            add(kind, at: moments[start], start, end - start)
            start = end
        }
    }

    // MARK: - People

    private var agencyTotals: [Double] = []

    private mutating func planAgencies(_ random: inout SeededGenerator) {
        var kinds = Array(DemoAgencyKind.statutory.prefix(size.agencies))
        while kinds.count < size.agencies { kinds.append(DemoAgencyKind.local[(kinds.count - 8) % DemoAgencyKind.local.count]) }
        var placesUsed: [DemoAgencyKind: Int] = [:]
        var total = 0.0
        for kind in kinds {
            let used = placesUsed[kind, default: 0]
            placesUsed[kind] = used + 1
            let round = used / DemoNames.places.count
            let place = DemoNames.places[(used * 7 + kind.placeOffset) % DemoNames.places.count] + (round == 0 ? "" : " \(round + 1)")
            let name = kind.name(area: DemoNames.area, place: place)
            agencies.append(PlannedAgency(id: Agency.slug(name), name: name, kind: kind))
            // Two schools are never quite the same size.
            total += kind.weight * (0.5 + random.fraction())
            agencyTotals.append(total)
        }
    }

    private mutating func planLearners(_ random: inout SeededGenerator) {
        let today = local.date(of: now), first = local.date(of: opening)
        let window = first.days(until: today)
        // Most staff are in post when the history begins; the rest join along the way.
        let already = size.learners * 7 / 10
        var drafts: [(started: LocalDate, addedAt: Date, agency: Int, role: String, first: String, last: String)] = []
        for index in 0..<size.learners {
            let agency = random.pick(cumulative: agencyTotals)
            let roles = agencies[agency].kind.roles
            // Earlier roles are the commoner: the square skews the draw towards them.
            let role = roles[Int(Double(roles.count) * random.fraction() * random.fraction())]
            let started: LocalDate, addedAt: Date
            if index < already {
                started = first.adding(days: -random.between(20, 15 * 365))
                addedAt = opening.addingTimeInterval(1800)
            } else {
                started = first.adding(days: random.between(1, max(1, window - 1)))
                addedAt = local.instant(on: started, at: LocalTimeOfDay(hour: 8, minute: 0))
            }
            drafts.append((started, addedAt, agency, role, random.pick(DemoNames.firstNames), random.pick(DemoNames.surnames)))
        }
        drafts.sort { ($0.addedAt, $0.started) < ($1.addedAt, $1.started) }
        let width = max(6, String(size.learners).count)
        for (index, draft) in drafts.enumerated() {
            let id = "L" + Digits.padded(index + 1, width)
            let mailbox = (draft.first + "." + draft.last).lowercased().filter { $0.isLetter || $0 == "." }
            learners.append(PlannedLearner(id: id, name: "\(draft.first) \(draft.last)",
                                           email: "\(mailbox).\(index + 1)@\(agencies[draft.agency].id).example",
                                           agency: draft.agency, role: draft.role, started: draft.started, addedAt: draft.addedAt))
        }
        // One event per day on which people join: the HR extract of that morning.
        addRuns(.staffJoin, learners.map(\.addedAt))
    }

    private var trainerIDs: [String] = []

    private mutating func planTrainers(_ catalogue: Inputs) {
        trainerIDs = catalogue.trainers
        var number = 0
        while trainerIDs.count < size.trainers {
            number += 1
            let id = String(format: "trainer%02d", number)
            guard !trainerIDs.contains(where: { $0.lowercased() == id }) else { continue }
            let name = DemoNames.trainerNames[(number - 1) % DemoNames.trainerNames.count]
                + (number > DemoNames.trainerNames.count ? " \((number - 1) / DemoNames.trainerNames.count + 1)" : "")
            newTrainers.append((id, name, "\(id)@partnership.example"))
            trainerIDs.append(id)
        }
    }

    // MARK: - The schedule

    private mutating func planSessions(_ random: inout SeededGenerator, catalogue: Inputs,
                                       from first: LocalDate, through last: LocalDate) {
        let courses = catalogue.courses
        guard !courses.isEmpty else { return }
        // Courses some requirement asks for are run three times as often.
        var totals: [Double] = [], total = 0.0
        for course in courses {
            total += (catalogue.requiredRoles[course.id]?.isEmpty == false) ? 3 : 1
            totals.append(total)
        }
        let perDay = Double(size.sessionsPerYear) / 253
        var number = catalogue.lastSessionNumber
        var day = first.adding(days: 28)
        while day <= last {
            defer { day = day.adding(days: 1) }
            guard day.isWorkingDay else { continue }
            var count = Int(perDay)
            if random.chance((perDay - Double(count)) * 100) { count += 1 }
            guard count > 0 else { continue }
            let quarter = LocalDate(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)
            let publishedAt = max(opening, local.instant(on: quarter.adding(days: -70), at: LocalTimeOfDay(hour: 10, minute: 0)))
            var todays: [(start: Date, course: Int)] = []
            for _ in 0..<count {
                let course = random.pick(cumulative: totals)
                todays.append((local.instant(on: day, at: Self.startTime(of: courses[course], &random)), course))
            }
            guard publishedAt <= now else { continue }
            for (start, index) in todays.sorted(by: { ($0.start, $0.course) < ($1.start, $1.course) }) {
                let course = courses[index]
                number += 1
                let id = "s\(number)"
                var venue: String?, online: String?
                switch course.format {
                case .faceToFace: venue = random.pick(Self.venues)
                case .virtual, .webinar: online = "https://meet.partnership.example/\(id)"
                case .eLearning: online = "https://learn.partnership.example/\(course.id)"
                }
                sessions.append(PlannedSession(
                    id: id, course: index, startsAt: start, endsAt: start.addingTimeInterval(Double(course.durationMinutes * 60)),
                    venue: venue, onlineURL: online, trainerID: random.pick(trainerIDs), capacity: course.capacity,
                    minAttendees: min(course.minAttendees, course.capacity), publishedAt: publishedAt))
            }
        }
        addRuns(.termPublished, sessions.map(\.publishedAt))
    }

    static let venues = ["Civic Centre, Room 2", "Civic Centre, Council Chamber", "Police Headquarters, Training Suite",
                         "Fire Station Training Centre", "Education Development Centre", "Community Hub, Main Hall"]

    private static func startTime(of course: Course, _ random: inout SeededGenerator) -> LocalTimeOfDay {
        switch course.format {
        case .webinar: LocalTimeOfDay(hour: 12, minute: 30)
        case .eLearning: LocalTimeOfDay(hour: 10, minute: 0)
        default: course.durationMinutes <= 210 && random.chance(50) ? LocalTimeOfDay(hour: 13, minute: 30)
            : LocalTimeOfDay(hour: 9, minute: 30)
        }
    }

    // MARK: - Demand

    /// Who books what and when, who gives up their place, which sessions trainers lose, and
    /// the register and feedback after each. Some sessions draw too few (the scheduler will
    /// cancel them at the cut-off), some more than they hold (a waiting list).
    private mutating func planDemand(_ random: inout SeededGenerator, catalogue: Inputs) {
        let pools = pools(catalogue)
        let everyone = Array(0..<learners.count)
        var chosen = Set<Int>()
        for (index, session) in sessions.enumerated() {
            let course = catalogue.courses[session.course]
            let capacity = session.capacity, minimum = session.minAttendees
            var demand: Int
            let draw = random.below(100)
            if minimum > 1 && draw < 10 {
                demand = random.below(minimum)
            } else if capacity <= 40 && draw < 24 {
                demand = capacity + 1 + random.below(max(2, capacity / 4))
            } else {
                // Most run between their minimum and about two thirds full, as partnerships report.
                demand = minimum + random.below(max(1, (capacity - minimum) / 2 + 1))
            }
            if capacity > 40 { demand = min(demand, minimum + 2 + random.below(16)) }
            let cutoff = local.workingDays(catalogue.cutoffWorkingDays, before: session.startsAt)
            let open = session.publishedAt.addingTimeInterval(3600), closes = cutoff.addingTimeInterval(-3600)
            guard closes > open else { continue }
            let pool = pools[course.id] ?? everyone
            chosen.removeAll(keepingCapacity: true)
            var bookings: [(at: Date, learner: Int)] = []
            for _ in 0..<demand {
                let at = duringTheDay(open.addingTimeInterval(random.fraction() * closes.timeIntervalSince(open)),
                                      after: open, before: closes, &random)
                // Three in four come from the roles that must do it; the rest chose it themselves.
                let from = random.chance(75) ? pool : everyone
                let inPost = Self.countAdded(by: at, in: from, learners)
                guard inPost > 0 else { continue }
                let learner = from[random.below(inPost)]
                guard chosen.insert(learner).inserted else { continue }
                bookings.append((at, learner))
            }
            bookings.sort { ($0.at, $0.learner) < ($1.at, $1.learner) }
            let lateWindow = session.startsAt.addingTimeInterval(-20 * 3600)
            let earlyBefore = session.startsAt.addingTimeInterval(-5 * 86_400)
            for booking in bookings {
                add(.booking, at: booking.at, index, booking.learner)
                let draw = random.below(100)
                if draw < 7, earlyBefore > booking.at.addingTimeInterval(3600) {
                    let at = booking.at.addingTimeInterval(3600 + random.fraction() * earlyBefore.timeIntervalSince(booking.at.addingTimeInterval(3600)))
                    add(.givingUp, at: duringTheDay(at, after: booking.at, before: earlyBefore, &random), index, booking.learner)
                } else if draw < 10, lateWindow > booking.at {
                    add(.givingUp, at: lateWindow, index, booking.learner)
                }
            }
            if random.chance(2.5) {
                add(.trainerCancels, at: session.startsAt.addingTimeInterval(-Double(random.between(1, 12)) * 86_400 - 3 * 3600), index)
            }
            add(.register, at: session.endsAt.addingTimeInterval(15 * 60), index)
            add(.feedback, at: session.endsAt.addingTimeInterval(86_400 + Double(random.below(6 * 3600))), index)
        }
    }

    /// Learners whose job role some requirement names for each course, in the order they
    /// joined, so those in post at a moment are a prefix.
    private func pools(_ catalogue: Inputs) -> [String: [Int]] {
        var pools: [String: [Int]] = [:]
        for course in catalogue.courses {
            guard let roles = catalogue.requiredRoles[course.id], !roles.isEmpty else { continue }
            let pool = learners.indices.filter { roles.contains(learners[$0].role.lowercased()) }
            if !pool.isEmpty { pools[course.id] = pool }
        }
        return pools
    }

    /// How many of `pool` (in joining order) are in post at `moment`.
    private static func countAdded(by moment: Date, in pool: [Int], _ learners: [PlannedLearner]) -> Int {
        var low = 0, high = pool.count
        while low < high {
            let middle = (low + high) / 2
            if learners[pool[middle]].addedAt <= moment { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The same day at a working hour, when people book and cancel, unless that falls
    /// outside the window the moment must keep to.
    private func duringTheDay(_ moment: Date, after earliest: Date, before latest: Date, _ random: inout SeededGenerator) -> Date {
        let moved = local.instant(on: local.date(of: moment), at: LocalTimeOfDay(hour: 8 + random.below(10), minute: random.below(60)))
        return moved > earliest && moved < latest ? moved : Self.minute(moment)
    }

    private static func minute(_ date: Date) -> Date {
        Date(timeIntervalSinceReferenceDate: (date.timeIntervalSinceReferenceDate / 60).rounded(.down) * 60)
    }

    // MARK: - Days and own learning

    /// The scheduler runs every morning at six, as cron would run it.
    private mutating func planDays(from first: LocalDate, through last: LocalDate) {
        var day = first
        while day <= last {
            add(.schedulerRun, at: local.instant(on: day, at: LocalTimeOfDay(hour: 6, minute: 0)), 0)
            day = day.adding(days: 1)
        }
    }

    /// About one piece of learning done elsewhere every three years per learner.
    private mutating func planOwnLearning(_ random: inout SeededGenerator) {
        let span = now.timeIntervalSince(opening)
        for (index, learner) in learners.enumerated() {
            for _ in 0..<size.years where random.chance(33) {
                let at = duringTheDay(opening.addingTimeInterval(random.fraction() * span), after: learner.addedAt, before: now, &random)
                if at > learner.addedAt { add(.ownLearning, at: at, index) }
            }
        }
    }
}
