import Foundation
import Testing
@testable import MusterCore

@Suite struct AccountsTests {
    func accounts(_ given: Given, rounds: Int = 1_000) -> Accounts {
        var accounts = Accounts(database: given.database, clock: given.clock, actor: .localOperator)
        accounts.rounds = rounds
        return accounts
    }

    @Test func pbkdf2MatchesTheRFC7914TestVectors() throws {
        let bytes = { (hex: String) in stride(from: 0, to: hex.count, by: 2).map {
            UInt8(hex[hex.index(hex.startIndex, offsetBy: $0)..<hex.index(hex.startIndex, offsetBy: $0 + 2)], radix: 16)!
        } }
        #expect(try PasswordHash.derive("passwd", salt: Array("salt".utf8), rounds: 1, length: 64) == bytes(
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"))
        #expect(try PasswordHash.derive("Password", salt: Array("NaCl".utf8), rounds: 80_000, length: 64) == bytes(
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"))
    }

    @Test func aStoredHashKeepsItsParametersSoOldHashesVerifyAfterTheRoundsRise() throws {
        let old = try PasswordHash.make("correct horse battery", rounds: 1_000)
        let stored = try #require(PasswordHash(stored: old.description))
        #expect(stored.rounds == 1_000 && stored.salt.count == 16 && stored.hash.count == 32)
        #expect(old.description.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(stored.verifies("correct horse battery") && !stored.verifies("correct horse batterY"))
        #expect(try PasswordHash.make("correct horse battery").rounds == 600_000)
        #expect(try PasswordHash.make("same password here").salt != (try PasswordHash.make("same password here")).salt)
        #expect(PasswordHash(stored: "md5$1$x$y") == nil && PasswordHash(stored: "correct horse battery") == nil)
    }

    @Test func aWrongPasswordAnUnknownUserAndADisabledAccountGetTheSameRefusal() throws {
        let given = try Given().seeded().learners(2)
        let accounts = accounts(given)
        try accounts.add("ann", role: .learner, name: nil, learner: "L1", password: "plum orchard lantern")
        try accounts.add("jo", role: .admin, name: "Jo Admin", learner: nil, password: "granite kettle meadow")
        #expect(try accounts.authenticate("ann", password: "plum orchard lantern") == ActingUser(id: "ann", role: .learner, learnerID: "L1"))
        #expect(try accounts.authenticate("ANN", password: "plum orchard lantern").id == "ann")
        #expect(throws: AccountError.refused) { try accounts.authenticate("ann", password: "plum orchard lanterN") }
        #expect(throws: AccountError.refused) { try accounts.authenticate("nobody", password: "plum orchard lantern") }
        try accounts.disable("jo")
        #expect(throws: AccountError.refused) { try accounts.authenticate("jo", password: "granite kettle meadow") }
        // Each attempt is in the audit trail, the unknown one too, without the password.
        let events = try given.database.read { db in try String.fetchAll(db, sql: "SELECT action || ' ' || actor || ' ' || IFNULL(detail, '') FROM audit_event WHERE action LIKE 'user.login%' ORDER BY id") }
        #expect(events == ["user.login ann ", "user.login ann ", "user.login-refused ann ", "user.login-refused nobody ", "user.login-refused jo "])
        #expect(try given.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%lantern%' OR detail LIKE '%meadow%'") } == 0)
    }

    @Test func fiveFailuresLockAnAccountForFifteenMinutesEvenAgainstTheRightPassword() throws {
        let given = try Given().seeded().learners(1)
        try accounts(given).add("ann", role: .learner, name: nil, learner: "L1", password: "plum orchard lantern")
        for _ in 1...Accounts.failuresBeforeLock {
            #expect(throws: AccountError.refused) { try accounts(given).authenticate("ann", password: "guess guess guess") }
        }
        let locked = try given.at("2026-11-23 10:14")
        #expect(throws: AccountError.refused) { try accounts(locked).authenticate("ann", password: "plum orchard lantern") }
        let later = try given.at("2026-11-23 10:15")
        #expect(try accounts(later).authenticate("ann", password: "plum orchard lantern").id == "ann")
        // Four failures and a success: the count starts again.
        for _ in 1..<Accounts.failuresBeforeLock { _ = try? accounts(later).authenticate("ann", password: "guess guess guess") }
        _ = try accounts(later).authenticate("ann", password: "plum orchard lantern")
        _ = try? accounts(later).authenticate("ann", password: "guess guess guess")
        #expect(try accounts(later).authenticate("ann", password: "plum orchard lantern").id == "ann")
    }

    /// An unknown user costs a full-strength hash, as a known one does: without the decoy
    /// the refusal would come back hundreds of times sooner.
    @Test func refusingAnUnknownUserTakesAsLongAsAWrongPassword() throws {
        let given = try Given().seeded().learners(1)
        try accounts(given, rounds: PasswordHash.defaultRounds).add("ann", role: .learner, name: nil, learner: "L1", password: "plum orchard lantern")
        func median(_ user: String) -> Double {
            let times = (0..<3).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try? accounts(given).authenticate(user, password: "wrong wrong wrong")
                return Double(DispatchTime.now().uptimeNanoseconds - start)
            }
            return times.sorted()[1]
        }
        let wrong = median("ann"), unknown = median("nobody")
        #expect(unknown / wrong > 0.33 && unknown / wrong < 3, "unknown \(unknown) ns, wrong password \(wrong) ns")
    }

    @Test func accountsAreRefusedWhatTheyCannotBe() throws {
        let given = try Given().seeded().learners(1)
        let accounts = accounts(given)
        #expect(throws: AccountError.learnerNeedsRecord("ann")) { try accounts.add("ann", role: .learner, name: nil, learner: nil, password: "plum orchard lantern") }
        #expect(throws: AccountError.onlyLearnersHaveRecords(.trainer)) { try accounts.add("jo", role: .trainer, name: nil, learner: "L1", password: "plum orchard lantern") }
        #expect(throws: AccountError.passwordTooShort(10)) { try accounts.add("jo", role: .trainer, name: nil, learner: nil, password: "short") }
        #expect(throws: AccountError.badUserID("jo smith")) { try accounts.add("jo smith", role: .trainer, name: nil, learner: nil, password: "plum orchard lantern") }
        #expect(throws: PeopleError.self) { try accounts.add("ann", role: .learner, name: nil, learner: "L9", password: "plum orchard lantern") }
        try accounts.add("jo", role: .trainer, name: nil, learner: nil, password: "plum orchard lantern")
        #expect(throws: AccountError.alreadyExists("jo")) { try accounts.add("jo", role: .trainer, name: nil, learner: nil, password: "plum orchard lantern") }
        let ann = Accounts(database: given.database, clock: given.clock, actor: ActingUser(id: "ann", role: .learner, learnerID: "L1"))
        #expect(throws: AccountError.notYours) { try ann.setPassword("jo", to: "plum orchard lantern") }
    }
}
