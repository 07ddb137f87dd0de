import GRDB

/// Every table that holds something about one learner, how its rows are tied to them, and
/// which of its columns hold words rather than facts. The subject access export reads this
/// list and erasure acts on it, so the two cannot disagree about what is held; a test
/// compares it with the schema itself, so a table added later that refers to a learner or a
/// booking fails the build's tests until someone decides what both must do with it.
enum PersonalData {
    /// How a table's rows belong to a learner: directly, or through one of their bookings.
    enum Link: Equatable, Sendable {
        case learner(column: String)
        case booking(column: String)

        /// A condition on the table's rows, with one argument: the learner's id.
        func condition(_ table: String) -> String {
            switch self {
            case .learner(let column):
                "\(table).\(column) = ?"
            case .booking(let column):
                "\(table).\(column) IN (SELECT id FROM booking WHERE learner_id = ?)"
            }
        }
    }

    /// A column of words, and what erasure leaves in it (nil: nothing, NULL).
    struct Words: Sendable {
        var column: String
        var erasedTo: String?
    }

    struct Table: Sendable {
        var name: String
        var link: Link
        /// Free text the learner wrote, or that was written to or about them, which no figure
        /// counts: erasure empties it. Everything else is a fact that figures count, and stays.
        var words: [Words] = []
    }

    /// What erasure leaves in place of a text that may not be empty.
    static let removed = "(removed when the learner's record was erased)"

    static let tables: [Table] = [
        // Their logins: erasure closes them and takes the name off them (see `Erasure`).
        Table(name: "user", link: .learner(column: "learner_id")),
        // Places, attendance and late cancellations are what every figure counts: all kept.
        Table(name: "booking", link: .learner(column: "learner_id")),
        // The history of each place; notes are Muster's own ("promoted from the waiting list").
        Table(name: "booking_event", link: .booking(column: "booking_id")),
        // Letters to them: the record that one was sent stays, what it said to them goes.
        Table(name: "notification", link: .learner(column: "learner_id"), words: [
            Words(column: "body", erasedTo: ""), Words(column: "email", erasedTo: nil),
            Words(column: "last_error", erasedTo: nil),
        ]),
        // Hours and dates count towards profiles; the reflection is theirs (a self-recorded
        // entry's title too, which `Erasure` replaces by its kind).
        Table(name: "cpd_entry", link: .learner(column: "learner_id"), words: [
            Words(column: "learnt", erasedTo: nil), Words(column: "practice", erasedTo: nil),
            Words(column: "peer_name", erasedTo: nil), Words(column: "peer_outcome", erasedTo: nil),
        ]),
        // Training accepted in place of a course counts for compliance; what was seen as
        // evidence describes them (a previous employer, a certificate number).
        Table(name: "equivalent", link: .learner(column: "learner_id"), words: [
            Words(column: "evidence", erasedTo: removed),
        ]),
        Table(name: "certificate", link: .booking(column: "booking_id")),
        // Ratings and confidence are counted by every evaluation; the words are theirs (and
        // their answers to a course's own text questions, which `Erasure` takes out of `answers`).
        Table(name: "feedback", link: .booking(column: "booking_id"), words: [
            Words(column: "action_plan", erasedTo: nil), Words(column: "comment", erasedTo: nil),
        ]),
        Table(name: "follow_up", link: .booking(column: "booking_id"), words: [
            Words(column: "example", erasedTo: nil),
        ]),
        Table(name: "scheduler_action", link: .booking(column: "booking_id")),
        // When they last completed each requirement that applies to them: worked out from
        // their attendance and equivalents (`ComplianceTally`), and moved with them.
        Table(name: "requirement_completion", link: .learner(column: "learner_id")),
        // Each place counted in their agency's figures (`AgencyPlaces`): worked out from
        // their bookings, and moved with them.
        Table(name: "agency_place", link: .learner(column: "learner_id")),
    ]

    static func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    /// The tables the schema ties to a learner or a booking, by a foreign key or by a column
    /// named for one, whether or not `tables` knows them yet.
    static func schemaTables(in db: Database) throws -> [(name: String, link: Link)] {
        var found: [(name: String, link: Link)] = []
        for table in try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
            ORDER BY name
            """) where table != "learner" {
            let keys = try db.foreignKeys(on: table)
            let columns = try db.columns(in: table).map(\.name)
            func referring(to parent: String, _ named: String) -> String? {
                keys.first { $0.destinationTable == parent }?.originColumns.first ?? (columns.contains(named) ? named : nil)
            }
            // A row that names its learner belongs to them directly, even when it also names a booking.
            if let column = referring(to: "learner", "learner_id") {
                found.append((table, .learner(column: column)))
            } else if table != "booking", let column = referring(to: "booking", "booking_id") {
                found.append((table, .booking(column: column)))
            }
        }
        return found
    }

    /// Every column of every table that refers to `parent` (`learner`, `user`), so that a
    /// record can be given a new key without leaving a row behind.
    static func references(to parent: String, in db: Database) throws -> [(table: String, column: String)] {
        var found: [(table: String, column: String)] = []
        for table in try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
            ORDER BY name
            """) {
            for key in try db.foreignKeys(on: table) where key.destinationTable == parent {
                found += key.originColumns.map { (table, $0) }
            }
        }
        return found
    }
}
