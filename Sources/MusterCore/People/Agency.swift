import GRDB

/// A partner organisation. Agency KPIs are counted per agency, so one organisation must
/// not appear under two spellings: names are unique regardless of case.
public struct Agency: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "agency"
    public var id: String
    public var name: String

    public init(id: String, name: String) { self.id = id; self.name = name }

    /// By hand: the KPI table reads every agency each time, and the decoder with the request
    /// built afresh was a twenty-fifth of it.
    public init(row: Row) throws { id = row["id"]; name = row["name"] }

    /// `West Midlands Police` → `west-midlands-police`.
    public static func slug(_ name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }
}

/// An agency with how many learners it has, for `agencies`.
public struct AgencySummary: Sendable, Equatable {
    public var agency: Agency
    public var learners: Int
}
