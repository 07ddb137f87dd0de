import Foundation
import GRDB

/// A practitioner from a partner agency. The id is their staff number or email.
public struct Learner: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var agencyID: String
    public var jobRole: String?
    /// The day they started in post: requirements fall due counted from it.
    public var started: LocalDate?
    /// The regulator's CPD standard they keep to (`nmc`, `swe`, `hcpc` or a partnership
    /// profile); nil for none.
    public var cpdProfile: String?
    /// Their next revalidation or registration renewal, which dates the CPD period.
    public var revalidation: LocalDate?
    public var createdAt: Date
    /// When the record was erased (`Erasure`): it keeps its counts for the figures and
    /// takes nothing new. Read only; only erasure sets it.
    public private(set) var erasedAt: Date?

    public init(id: String, name: String, email: String, agencyID: String, jobRole: String? = nil,
                started: LocalDate? = nil, cpdProfile: String? = nil, revalidation: LocalDate? = nil, createdAt: Date) {
        self.id = id; self.name = name; self.email = email; self.agencyID = agencyID
        self.jobRole = jobRole; self.started = started; self.cpdProfile = cpdProfile; self.revalidation = revalidation
        self.createdAt = createdAt
    }

    func problems() -> [String] {
        var problems: [String] = []
        if !Learner.isValidID(id) { problems.append("'\(id)' is not a learner id: use a staff number or email without spaces") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("a name is required") }
        if !Learner.isValidEmail(email) { problems.append("'\(email)' is not an email address") }
        problems += [FieldLength.problem("the name", name, atMost: FieldLength.name),
                     FieldLength.problem("the email", email, atMost: FieldLength.email),
                     jobRole.flatMap { FieldLength.problem("the job role", $0, atMost: FieldLength.name) }].compactMap { $0 }
        // An escape or a NUL in a name would be sent to every terminal that lists it; a line
        // break is only awkward, and exports quote it.
        if name.unicodeScalars.contains(where: { ($0.value < 0x20 && !["\n", "\r", "\t"].contains($0)) || $0.value == 0x7F }) {
            problems.append("the name holds control characters")
        }
        return problems
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 120 && !id.unicodeScalars.contains { CharacterSet.whitespacesAndNewlines.contains($0) || $0.value < 32 }
    }

    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !email.contains(where: \.isWhitespace)
    }
}

extension Learner: Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "learner"

    enum CodingKeys: String, CodingKey {
        case id, name, email, agencyID = "agency_id", jobRole = "job_role", started, createdAt = "created_at"
        case cpdProfile = "cpd_profile", revalidation, erasedAt = "erased_at"
    }

    /// By hand rather than through Codable: every letter reads its learner.
    public init(row: Row) throws {
        id = row["id"]; name = row["name"]; email = row["email"]; agencyID = row["agency_id"]; jobRole = row["job_role"]
        started = (row["started"] as String?).flatMap { try? LocalDate(stored: $0) }
        cpdProfile = row["cpd_profile"]
        revalidation = (row["revalidation"] as String?).flatMap { try? LocalDate(stored: $0) }
        createdAt = row["created_at"]
        erasedAt = row["erased_at"]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        agencyID = try c.decode(String.self, forKey: .agencyID)
        jobRole = try c.decodeIfPresent(String.self, forKey: .jobRole)
        started = try c.decodeIfPresent(String.self, forKey: .started).flatMap { try? LocalDate(stored: $0) }
        cpdProfile = try c.decodeIfPresent(String.self, forKey: .cpdProfile)
        revalidation = try c.decodeIfPresent(String.self, forKey: .revalidation).flatMap { try? LocalDate(stored: $0) }
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        erasedAt = try c.decodeIfPresent(Date.self, forKey: .erasedAt)
    }

    /// Itself, unless erased: an erased record is counted, never booked, edited or credited.
    func refusingErased() throws -> Learner {
        if erasedAt != nil { throw PeopleError.erased(id) }
        return self
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(agencyID, forKey: .agencyID)
        try c.encode(jobRole, forKey: .jobRole)
        try c.encode(started?.description, forKey: .started)
        try c.encode(cpdProfile, forKey: .cpdProfile)
        try c.encode(revalidation?.description, forKey: .revalidation)
        try c.encode(createdAt, forKey: .createdAt)
    }
}

/// A learner as lists show them, with their agency's name.
public struct LearnerSummary: Sendable, Equatable {
    public var learner: Learner
    public var agencyName: String
}
