import GRDB

/// The CPD standard a learner's regulator holds them to. Each asks for a different shape
/// of record, so each is a rule over the same entries.
public struct CPDProfile: Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        /// Hours in the `months` to revalidation, some of them learning with others (NMC;
        /// the partnership's own profiles).
        case hours(total: Double, participatory: Double, months: Int)
        /// Pieces of CPD in each registration year (1 December to 30 November), some
        /// discussed with a peer (Social Work England).
        case pieces(count: Int, withPeerReflection: Int)
        /// A continuous dated record with no gap of `gapMonths` or more, over the `months`
        /// before renewal (HCPC).
        case continuous(gapMonths: Int, months: Int)
        case none
    }

    public var id: String
    public var title: String
    public var rule: Rule

    public static let nmc = CPDProfile(id: "nmc", title: "NMC revalidation", rule: .hours(total: 35, participatory: 20, months: 36))
    public static let swe = CPDProfile(id: "swe", title: "Social Work England", rule: .pieces(count: 2, withPeerReflection: 1))
    public static let hcpc = CPDProfile(id: "hcpc", title: "HCPC", rule: .continuous(gapMonths: 3, months: 24))
    public static let none = CPDProfile(id: "none", title: "none", rule: .none)
    public static let regulators = [nmc, swe, hcpc]

    /// A profile as a learner record names it: a regulator's, or one the partnership defined.
    static func named(_ id: String?, in db: Database) throws -> CPDProfile {
        guard let id else { return .none }
        if let builtIn = (regulators + [.none]).first(where: { $0.id == id }) { return builtIn }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cpd_profile WHERE id = ?", arguments: [id]) else { return .none }
        return CPDProfile(id: row["id"], title: row["title"],
                          rule: .hours(total: row["hours"], participatory: row["participatory_hours"], months: row["months"]))
    }

    /// The stored id for a profile a person typed; `none` clears it.
    static func id(_ text: String, in db: Database) throws -> String? {
        let id = text.lowercased()
        if id == "none" { return nil }
        if regulators.contains(where: { $0.id == id }) { return id }
        if try Row.fetchOne(db, sql: "SELECT 1 FROM cpd_profile WHERE id = ?", arguments: [id]) != nil { return id }
        let known = regulators.map(\.id) + (try String.fetchAll(db, sql: "SELECT id FROM cpd_profile ORDER BY id")) + ["none"]
        throw CPDError.unknownProfile(text, known: known)
    }

    static func all(in db: Database) throws -> [CPDProfile] {
        regulators + (try String.fetchAll(db, sql: "SELECT id FROM cpd_profile ORDER BY id").map { try named($0, in: db) })
    }

    /// How a learner stands against this profile on `today`. `revalidation` ends the period
    /// when the learner has recorded it; otherwise the period ends today.
    public func progress(of entries: [CPDEntry], today: LocalDate, revalidation: LocalDate?) -> CPDProgress {
        var progress = CPDProgress(profileID: id, title: title)
        switch rule {
        case .none:
            return progress
        case .hours(let total, let participatory, let months):
            let to = revalidation ?? today
            let from = to.adding(months: -months)
            let counted = entries.filter { $0.date >= from && $0.date <= to }
            progress.period = .init(from: from, to: to)
            progress.checks = [
                .init(label: "hours in the \(Self.span(months)) to \(revalidation == nil ? "today" : "revalidation")",
                      required: total, achieved: counted.reduce(0) { $0 + $1.hours }),
            ]
            if participatory > 0 {
                progress.checks.append(.init(label: "participatory hours", required: participatory,
                                             achieved: counted.filter(\.participatory).reduce(0) { $0 + $1.hours }))
            }
            if revalidation == nil { progress.notes.append("no revalidation date recorded: counting the \(Self.span(months)) to today") }
        case .pieces(let count, let withPeer):
            let (from, to) = Self.registrationYear(containing: today)
            let counted = entries.filter { $0.date >= from && $0.date <= to }
            progress.period = .init(from: from, to: to)
            progress.checks = [
                .init(label: "pieces of CPD in the registration year", required: Double(count), achieved: Double(counted.count)),
                .init(label: "with a peer reflection", required: Double(withPeer),
                      achieved: Double(counted.filter(\.reflection.hasPeerReflection).count)),
            ]
        case .continuous(let gapMonths, let months):
            let to = revalidation.map { min($0, today) } ?? today
            let from = to.adding(months: -months)
            let dates = entries.map(\.date).filter { $0 >= from && $0 <= to }.sorted()
            progress.period = .init(from: from, to: to)
            progress.checks = [.init(label: "dated entries in the \(Self.span(months)) to \(to)", required: 1, achieved: Double(dates.count))]
            // Each entry to the next, and the last to the end of the period.
            let ends = Array(dates.dropFirst()) + [to]
            for (index, (earlier, later)) in zip(dates, ends).enumerated() where later >= earlier.adding(months: gapMonths) {
                progress.gaps.append(.init(from: earlier, to: later, ongoing: index == dates.count - 1))
            }
        }
        return progress
    }

    /// Social Work England's registration year: 1 December to 30 November.
    static func registrationYear(containing date: LocalDate) -> (from: LocalDate, to: LocalDate) {
        let startYear = date.month == 12 ? date.year : date.year - 1
        return (LocalDate(year: startYear, month: 12, day: 1), LocalDate(year: startYear + 1, month: 11, day: 30))
    }

    static func span(_ months: Int) -> String {
        months % 12 == 0 ? "\(months / 12) year\(months == 12 ? "" : "s")" : "\(months) months"
    }
}

/// Where a learner stands against their profile: each check, and for a continuous record
/// the gaps in it.
public struct CPDProgress: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        public var label: String
        public var required: Double
        public var achieved: Double
        public var met: Bool { achieved >= required }
    }

    public struct Gap: Sendable, Equatable {
        public var from: LocalDate
        public var to: LocalDate
        /// The gap runs to the end of the period: nothing recorded since `from`.
        public var ongoing: Bool
    }

    public var profileID: String
    public var title: String
    public struct Period: Sendable, Equatable {
        public var from: LocalDate
        public var to: LocalDate
    }

    public var period: Period?
    public var checks: [Check] = []
    public var gaps: [Gap] = []
    public var notes: [String] = []

    init(profileID: String, title: String) { self.profileID = profileID; self.title = title }

    public var met: Bool { checks.allSatisfy(\.met) && gaps.isEmpty }
}
