import Foundation
import GRDB

/// People who log in: admins, trainers, and learners tied to their own learner record.
/// Passwords are kept only as slow salted hashes; a refusal says the same thing, and costs
/// the same time, whether the user is unknown, the password wrong, the account disabled or
/// locked, so the prompt tells an outsider nothing about who has an account.
public struct Accounts: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Account: Sendable, Equatable {
        public var id: String
        public var name: String
        public var role: ActingUser.Role
        public var learnerID: String?
        public var disabled: Bool
        public var hasPassword: Bool
        public var lockedUntil: Date?
    }

    /// Failures in a row that lock an account, and for how long.
    public static let failuresBeforeLock = 5
    public static let lockMinutes = 15
    public static let minimumPasswordLength = 10

    /// The rounds new hashes use; tests may lower them, stored hashes keep their own.
    public var rounds = PasswordHash.defaultRounds

    public func accounts() throws -> [Account] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY id").map(Self.account) }
    }

    /// A new login, or a password for a user the schedule already knows (a trainer named in
    /// a term file) who has none yet.
    @discardableResult
    public func add(_ id: String, role: ActingUser.Role, name: String?, learner learnerID: String?, password: String) throws -> Account {
        guard id.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$"#, options: .regularExpression) != nil else {
            throw AccountError.badUserID(id)
        }
        if role == .learner && learnerID == nil { throw AccountError.learnerNeedsRecord(id) }
        if role != .learner && learnerID != nil { throw AccountError.onlyLearnersHaveRecords(role) }
        let hash = try Self.checked(password, rounds: rounds)
        return try database.write(event("user.add", id, "role \(role.rawValue)")) { db in
            let learner = try learnerID.map { try People.learner($0, in: db).learner.refusingErased() }
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]) {
                guard existing["password_hash"] as String? == nil else { throw AccountError.alreadyExists(existing["id"]) }
                try db.execute(sql: "UPDATE user SET role = ?, learner_id = ?, password_hash = ?, name = COALESCE(?, name) WHERE id = ?",
                               arguments: [role.rawValue, learner?.id, hash.description, name, id])
            } else {
                try db.execute(sql: "INSERT INTO user (id, name, role, learner_id, password_hash) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, name ?? learner?.name ?? id, role.rawValue, learner?.id, hash.description])
            }
            return try Self.account(Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id])!)
        }
    }

    /// A new password: the user's own, or anyone's when an admin sets it. Unlocks the account.
    public func setPassword(_ id: String, to password: String) throws {
        guard actor.role == .admin || actor.id.lowercased() == id.lowercased() else { throw AccountError.notYours }
        let hash = try Self.checked(password, rounds: rounds)
        try database.write(event("user.password", id, nil)) { db in
            try db.execute(sql: "UPDATE user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
                           arguments: [hash.description, id])
            if db.changesCount == 0 { throw AccountError.unknownUser(id) }
        }
    }

    public func disable(_ id: String) throws {
        try database.write(event("user.disable", id, nil)) { db in
            try db.execute(sql: "UPDATE user SET disabled = 1 WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw AccountError.unknownUser(id) }
        }
    }

    /// The person behind a user name and password, or `AccountError.refused`. Every attempt
    /// derives one hash at full strength and writes one audit event, known user or not.
    public func authenticate(_ id: String, password: String) throws -> ActingUser {
        let now = clock.now
        let row = try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]) }
        let stored = (row?["password_hash"] as String?).flatMap(PasswordHash.init(stored:))
        let matches = (stored ?? Self.decoy).verifies(password) && stored != nil
        let account = row.map(Self.account)
        let locked = account?.lockedUntil.map { $0 > now } ?? false
        let accepted = matches && account?.disabled == false && !locked
        let attempt = ActingUser(id: account?.id ?? id, role: account?.role ?? .learner, learnerID: account?.learnerID)
        try database.write(AuditEvent.Draft(actor: attempt, at: now, action: accepted ? "user.login" : "user.login-refused",
                                            recordType: "user", recordID: account?.id, detail: nil)) { db in
            guard let account else { return }
            if accepted {
                try db.execute(sql: "UPDATE user SET failed_logins = 0, locked_until = NULL WHERE id = ?", arguments: [account.id])
            } else if !locked {
                try db.execute(sql: """
                    UPDATE user SET failed_logins = failed_logins + 1,
                      locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
                    WHERE id = ?
                    """, arguments: [Self.failuresBeforeLock, now.addingTimeInterval(Double(Self.lockMinutes) * 60), account.id])
            }
        }
        guard accepted else { throw AccountError.refused }
        return attempt
    }

    /// Whether anyone can log in yet: `--login` on a database without accounts is a mistake.
    public func anyoneCanLogIn() throws -> Bool {
        try database.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user WHERE password_hash IS NOT NULL AND NOT disabled)") ?? false }
    }

    /// Checked against when the user is unknown, so the refusal takes as long as a wrong password.
    static let decoy: PasswordHash = {
        var generator = SystemRandomNumberGenerator()
        let bytes = { (count: Int) in (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) } }
        return PasswordHash(rounds: PasswordHash.defaultRounds, salt: bytes(16), hash: bytes(32))
    }()

    static func checked(_ password: String, rounds: Int) throws -> PasswordHash {
        guard password.count >= minimumPasswordLength else { throw AccountError.passwordTooShort(minimumPasswordLength) }
        return try PasswordHash.make(password, rounds: rounds)
    }

    static func account(_ row: Row) -> Account {
        Account(id: row["id"], name: row["name"], role: ActingUser.Role(rawValue: row["role"]) ?? .learner,
                learnerID: row["learner_id"], disabled: row["disabled"], hasPassword: row["password_hash"] as String? != nil,
                lockedUntil: row["locked_until"])
    }

    func event(_ action: String, _ id: String, _ detail: String?) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "user", recordID: id, detail: detail)
    }
}

public enum AccountError: Error, Equatable, CustomStringConvertible, MusterError {
    case refused
    case badUserID(String)
    case learnerNeedsRecord(String)
    case onlyLearnersHaveRecords(ActingUser.Role)
    case alreadyExists(String)
    case unknownUser(String)
    case passwordTooShort(Int)
    case passwordsDiffer
    case notYours
    case needsTerminal
    case abandoned

    public var description: String {
        switch self {
        case .refused:
            "login refused: unknown user or wrong password (after \(Accounts.failuresBeforeLock) failures an account is locked for \(Accounts.lockMinutes) minutes)"
        case .badUserID(let id): "'\(id)' is not a user name: 2 to 40 letters, digits, dots, hyphens or underscores"
        case .learnerNeedsRecord(let id): "a learner user acts on one learner record: user add \(id) --role learner --learner LEARNER"
        case .onlyLearnersHaveRecords(let role): "--learner is for learner users; a \(role.rawValue) acts for the partnership"
        case .alreadyExists(let id): "\(id) already has a password; change it with passwd \(id)"
        case .unknownUser(let id): "no user '\(id)'"
        case .passwordTooShort(let length): "a password needs at least \(length) characters; a few unrelated words make a good one"
        case .passwordsDiffer: "the two passwords differ; nothing was changed"
        case .notYours: "only an admin may set another user's password"
        case .needsTerminal: "passwords are asked at a terminal, with echo off; they are never given as arguments"
        case .abandoned: "left; no password was set"
        }
    }
}
