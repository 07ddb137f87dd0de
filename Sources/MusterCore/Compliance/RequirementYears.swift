import GRDB

/// Each requirement's monthly counts of last completions (`ComplianceTally`) summed by year,
/// so a KPI whose renewal period is three years sums three years' rows and the few months
/// of the first, instead of thirty-six months' rows, per agency (most of `report kpi`).
/// Kept by triggers on the monthly counts; `drift` compares with a recount.
public enum RequirementYears {
    static let sums = KeptSums(
        table: "requirement_year", source: "requirement_month",
        key: [.init(name: "requirement_id", type: "INTEGER") { "\($0).requirement_id" },
              .init(name: "year") { "substr(\($0).month, 1, 4)" },
              .init(name: "agency_id") { "\($0).agency_id" }],
        sums: [.init(name: "months") { _ in "1" }, .init(name: "learners") { "\($0).learners" }])

    static func install(_ db: Database) throws { try sums.install(db) }

    /// The years whose sums differ from a recount, for the invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        try sums.drift(db, label: "'requirement ' || requirement_id || ', agency ' || agency_id || ', ' || year")
    }
}
