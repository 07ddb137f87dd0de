import Foundation
import GRDB
import Testing
@testable import MusterCore

@Suite struct AppDatabaseTests {
    @Test func aNewDatabaseFileIsReadableByItsOwnerOnly() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        let (_, created) = try AppDatabase.open(path: path)
        #expect(created)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber
        #expect(mode.intValue & 0o777 == 0o600)
        #expect(DatabaseFile.permissionWarning(path: path) == nil)
    }

    @Test func aDatabaseReadableByOthersIsWarnedAbout() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        _ = try AppDatabase.open(path: path)
        chmod(path, 0o644)
        #expect(DatabaseFile.permissionWarning(path: path)?.contains("chmod 600") == true)
    }

    @Test func theDatabaseUsesWriteAheadLoggingAndForeignKeys() throws {
        let folder = try TemporaryDirectory()
        let (database, _) = try AppDatabase.open(path: folder.file("muster.sqlite").path)
        let (journal, foreignKeys) = try database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == true)
    }

    @Test func reopeningAnExistingDatabaseKeepsItsRecords() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        let (first, _) = try AppDatabase.open(path: path)
        _ = try Catalogue(database: first, clock: .system(), actor: .localOperator).importCourses(from: Fixture.url("Courses"))
        let (second, created) = try AppDatabase.open(path: path)
        #expect(!created)
        #expect(try Catalogue(database: second, clock: .system(), actor: .localOperator).courses().count == 3)
    }

    @Test func aNewDatabaseTakesItsNameOnlyOnceItIsMigratedAndPrepared() throws {
        // Given no file yet
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        var seenDuringPreparation = true
        // When it is created and prepared (seeded)
        let (database, created) = try AppDatabase.open(path: path) { fresh in
            seenDuringPreparation = FileManager.default.fileExists(atPath: path)
            _ = try Catalogue(database: fresh, clock: .system(), actor: .importer).importCourses(from: Fixture.url("Courses"))
        }
        // Then the name appeared only afterwards, holding everything, and nothing else is left beside it
        #expect(created && !seenDuringPreparation)
        #expect(try Catalogue(database: database, clock: .system(), actor: .localOperator).courses().count == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains(".creating-") }.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber
        #expect(mode.intValue & 0o777 == 0o600)
    }

    @Test func aCreationThatFailsLeavesNothingUnderTheName() throws {
        struct Interrupted: Error {}
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        #expect(throws: Interrupted.self) { try AppDatabase.open(path: path) { _ in throw Interrupted() } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("notes.sqlite", String(repeating: "not a database\n", count: 200)).path
        #expect(throws: DatabaseOpenError.notMuster(path: path)) { try AppDatabase.open(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not a database"))
    }

    @Test func anotherApplicationsSQLiteDatabaseIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("other.sqlite").path
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE invoice(id INTEGER)") }
        #expect(throws: DatabaseOpenError.notMuster(path: path)) { try AppDatabase.open(path: path) }
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["invoice"])
    }

    @Test func aDatabaseFromANewerMusterIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        _ = try AppDatabase.open(path: path)
        try DatabaseQueue(path: path).write { db in
            // As a newer Muster leaves it: its migration applied, and its count of them.
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')")
            try db.execute(sql: "PRAGMA user_version = 99")
        }
        #expect(throws: DatabaseOpenError.newerSchema(path: path, migrations: ["v99-future"])) {
            try AppDatabase.open(path: path)
        }
    }

    @Test func aCurrentFileIsOpenedWithoutMigratingAndAnOlderOneIsMigratedAndMarked() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("muster.sqlite").path
        _ = try AppDatabase.open(path: path)
        let count = Schema.migrator.migrations.count
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == count)
        // A file from before the count was kept: the migrator looks, finds nothing to do, marks it.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 0") }
        _ = try AppDatabase.open(path: path)
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == count)
        // A current file is trusted: a migration row removed behind its back is not noticed.
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v10-learner-email-any-case'") }
        _ = try AppDatabase.open(path: path)
        #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") } == count - 1)
    }

    @Test func everyWriteAppendsAnAuditEventNamingWhoDidWhat() throws {
        let given = try Given()
        try given.catalogue.add(Course(id: "hate-crime", title: "Hate Crime", area: .community, format: .faceToFace,
                                       durationMinutes: 180, cpdHours: 3))
        let event = try given.database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM audit_event")! }
        #expect(event["actor"] as String == "local")
        #expect(event["action"] as String == "course.add")
        #expect(event["record_id"] as String == "hate-crime")
    }

    @Test func eachKindOfWriteLeavesItsOwnAuditEvent() throws {
        let given = try Given()
        _ = try given.catalogue.importCourses(from: Fixture.url("Courses"))
        _ = try given.schedule.importSessions(from: Fixture.url("Sessions"))
        _ = try given.catalogue.edit("hate-crime") { $0.capacity = 12 }
        let local = given.clock.local
        let added = try given.schedule.add(Schedule.NewSession(courseID: "hate-crime", date: try local.parseDate("2027-06-01"),
                                                               time: try local.parseTime("09:30")))
        var changes = Schedule.Changes()
        changes.capacity = 10
        _ = try given.schedule.edit(added.id, changes)
        _ = try given.schedule.cancel(added.id, reason: .venue, note: nil)
        _ = try given.people.addAgency(id: "police", name: "Police")
        var details = People.Details()
        details.name = "Ann"; details.email = "ann@police.example"; details.agency = "police"
        _ = try given.people.add("P1", details)
        _ = try given.people.importLearners(from: Fixture.url("learners.csv"))
        try given.catalogue.retire("domestic-abuse")
        let actions = try given.database.read { db in
            try Row.fetchAll(db, sql: "SELECT action, record_id FROM audit_event ORDER BY id").map {
                "\($0["action"] as String) \($0["record_id"] as String? ?? "-")"
            }
        }
        #expect(actions == ["course.import -", "session.import -", "course.edit hate-crime", "session.add s104",
                            "session.edit s104", "session.cancel s104", "agency.add police", "learner.add P1",
                            "learner.import -", "course.retire domestic-abuse"])
    }
}
