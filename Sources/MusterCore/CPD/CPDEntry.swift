import Foundation
import GRDB

/// One piece of learning in a learner's CPD area. `verified` entries come from the register
/// and change only with it; the rest the learner recorded, with the reflection regulators ask for.
public struct CPDEntry: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case course, eLearning = "e-learning", webinar, conference, supervision, reading, other
    }

    public var id: Int64?
    public var learnerID: String
    public var date: LocalDate
    public var title: String
    public var hours: Double
    public var kind: Kind
    public var participatory: Bool
    public var verified: Bool
    public var bookingID: Int64?
    public var sessionID: String?
    public var reflection: Reflection
    public var createdAt: Date
    public var updatedAt: Date

    /// What I learnt, how it changes my practice, and a conversation about it with a peer.
    public struct Reflection: Sendable, Equatable {
        public var learnt: String?
        public var practice: String?
        public var peerName: String?
        public var peerDate: LocalDate?
        public var peerOutcome: String?

        public init(learnt: String? = nil, practice: String? = nil, peerName: String? = nil,
                    peerDate: LocalDate? = nil, peerOutcome: String? = nil) {
            self.learnt = learnt; self.practice = practice; self.peerName = peerName
            self.peerDate = peerDate; self.peerOutcome = peerOutcome
        }

        /// Social Work England asks for at least one piece discussed with a peer.
        public var hasPeerReflection: Bool { !(peerName ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

extension CPDEntry: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "cpd_entry"

    /// Every column by name and in order, so a CPD area's entries are read by position:
    /// finding each column by name was most of reading them.
    package static let columns = ["id", "learner_id", "date", "title", "hours", "kind", "participatory", "verified",
                                  "booking_id", "session_id", "learnt", "practice", "peer_name", "peer_date", "peer_outcome",
                                  "created_at", "updated_at"]

    /// An entry from `columns`, starting at `first`.
    package init(row: Row, at first: Int) throws {
        id = row.int64IfPresent(at: first); learnerID = row.text(at: first + 1)
        date = try LocalDate(stored: row.text(at: first + 2)); title = row.text(at: first + 3)
        hours = row.double(at: first + 4); kind = Kind(rawValue: row.text(at: first + 5)) ?? .other
        participatory = row.boolean(at: first + 6); verified = row.boolean(at: first + 7)
        bookingID = row.int64IfPresent(at: first + 8); sessionID = row.textIfPresent(at: first + 9)
        reflection = Reflection(learnt: row.textIfPresent(at: first + 10), practice: row.textIfPresent(at: first + 11),
                                peerName: row.textIfPresent(at: first + 12),
                                peerDate: try row.textIfPresent(at: first + 13).map(LocalDate.init(stored:)),
                                peerOutcome: row.textIfPresent(at: first + 14))
        createdAt = row.instant(at: first + 15); updatedAt = row.instant(at: first + 16)
    }

    public init(row: Row) throws {
        id = row["id"]
        learnerID = row["learner_id"]
        date = try LocalDate(stored: row["date"])
        title = row["title"]
        hours = row["hours"]
        kind = Kind(rawValue: row["kind"]) ?? .other
        participatory = row["participatory"]
        verified = row["verified"]
        bookingID = row["booking_id"]
        sessionID = row["session_id"]
        reflection = Reflection(learnt: row["learnt"], practice: row["practice"], peerName: row["peer_name"],
                                peerDate: try (row["peer_date"] as String?).map(LocalDate.init(stored:)),
                                peerOutcome: row["peer_outcome"])
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["learner_id"] = learnerID
        container["date"] = date.description
        container["title"] = title
        container["hours"] = hours
        container["kind"] = kind.rawValue
        container["participatory"] = participatory
        container["verified"] = verified
        container["booking_id"] = bookingID
        container["session_id"] = sessionID
        container["learnt"] = reflection.learnt
        container["practice"] = reflection.practice
        container["peer_name"] = reflection.peerName
        container["peer_date"] = reflection.peerDate?.description
        container["peer_outcome"] = reflection.peerOutcome
        container["created_at"] = createdAt
        container["updated_at"] = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
