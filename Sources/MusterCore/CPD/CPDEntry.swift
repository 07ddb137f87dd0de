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
