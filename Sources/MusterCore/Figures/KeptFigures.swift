import GRDB

/// The figures triggers keep as the records change: the compliance tally, the evaluation
/// tally, the agency places and the session counts, each with its sums by month or year. A
/// bulk load suspends their triggers and counts everything once at the end instead: kept
/// row by row, a decade of demo history took over an hour rather than minutes, most of it
/// recounting a learner's completions and places after each mark of a register.
package enum KeptFigures {
    /// Each figure's trigger names start with its prefix; its tables are dropped in this order.
    /// Sums come after what they sum: installing one reads it, and `AgencyMonths` adds an
    /// index to the agency places that dropping them takes away.
    static let figures: [(triggers: String, tables: [String], install: @Sendable (Database) throws -> Void,
                          drift: @Sendable (Database) throws -> [String])] = [
        ("requirement_completion_", ["requirement_month", "requirement_tally", "requirement_completion"],
         { db in try ComplianceTally.install(db); try ComplianceTally.indexByAgency(db) }, ComplianceTally.drift),
        ("requirement_year_", ["requirement_year"], RequirementYears.install, RequirementYears.drift),
        ("evaluation_tally_", ["evaluation_answer", "evaluation_tally"], EvaluationTally.install, EvaluationTally.drift),
        ("evaluation_month_", ["evaluation_month"], EvaluationMonths.install, EvaluationMonths.drift),
        ("agency_place_", ["agency_place"], AgencyPlaces.install, AgencyPlaces.drift),
        ("agency_month_", ["agency_month", "agency_month_total"], AgencyMonths.install, AgencyMonths.drift),
        ("session_count_", ["session_count"], SessionCounts.install, SessionCounts.drift),
        ("session_month_", ["session_month"], SessionMonths.install, SessionMonths.drift),
    ]

    /// What differs from a recount in any figure, one line each: nothing on a sound file.
    package static func drift(_ db: Database) throws -> [String] {
        try figures.flatMap { try $0.drift(db) }
    }

    /// The rows of `stored` a recount (`counted`, the same columns by the same names) does
    /// not give, and those it gives that are not stored, each named by `label` (SQL over the
    /// columns), in order.
    static func differences(_ db: Database, stored: String, counted: String, label: String) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT \(label) FROM (\(stored) EXCEPT \(counted))
            UNION SELECT \(label) FROM (\(counted) EXCEPT \(stored)) ORDER BY 1
            """)
    }

    static let pending = "figures.recount_pending"

    /// Drops the triggers, leaving the figures stale until `recount`. The file is marked in
    /// the same transaction (a setting, and a schema version of 0 so that opening it takes
    /// the migrator's path), so a load cut short by a crash is recounted when next opened.
    package static func suspend(_ db: Database) throws {
        try dropTriggers(db)
        try Setting.set(pending, to: "1", in: db)
        try db.execute(sql: "PRAGMA user_version = 0")
    }

    /// Counts every figure afresh from the records and restores the triggers that keep them.
    package static func recount(_ db: Database) throws {
        try dropTriggers(db)
        for figure in figures {
            for table in figure.tables { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
            try figure.install(db)
        }
        try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [pending])
        try db.execute(sql: "PRAGMA user_version = \(Schema.migrator.migrations.count)")
    }

    /// Whether the figures are current: not while a load has them suspended, in this process
    /// or another, when what reads them must count the records instead.
    package static func areCurrent(_ db: Database) throws -> Bool {
        try Setting.value(pending, in: db) == nil
    }

    /// Finishes a recount that a suspended load never reached; nothing when none is pending.
    static func recountIfInterrupted(_ db: Database) throws {
        if try Setting.value(pending, in: db) != nil { try recount(db) }
    }

    private static func dropTriggers(_ db: Database) throws {
        for figure in figures { try dropTriggers(startingWith: figure.triggers, in: db) }
    }

    static func dropTriggers(startingWith prefix: String, in db: Database) throws {
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, ?) = ?",
                                        arguments: [prefix.count, prefix])
        for name in names { try db.execute(sql: "DROP TRIGGER \"\(name)\"") }
    }
}
