#if canImport(Glibc)
import Foundation
import Glibc
import GRDB
import Testing

/// The database file itself broken or out of reach, met by the real binary: cut short, not
/// SQLite, a stranger's SQLite, a newer Muster's, read-only, on a full disk. Each gets one
/// clear line and exit status 1, the file is left exactly as it was (its rows, and where
/// Muster cannot open it, its bytes), and a sound copy or the same file afterwards works.
@Suite(.timeLimit(.minutes(2)))
struct DatabaseFileTests {
    let scratch: ScratchPartnership
    var folder: URL { scratch.folder }
    static let now = ["--now", "2027-02-01 10:00"]

    /// A Muster database with an agency and a learner, closed (its WAL checkpointed away).
    init() throws {
        scratch = try ScratchPartnership()
        let setup = try MusterBinary.run(["--db", "muster.sqlite"] + Self.now + [
            "-c", "agency add police --name Police",
            "-c", "learner add P1 --name 'Ann Lee' --email ann@police.example --agency police"], in: scratch.folder)
        #expect(setup.status == 0, "\(setup.errors)")
    }

    func muster(_ file: String, _ commands: [String], through launcher: [String] = []) throws -> MusterBinary.Result {
        try MusterBinary.run(["--db", file] + Self.now + commands.flatMap { ["-c", $0] }, in: folder, through: launcher)
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    func copy(as name: String, keeping length: ((Int) -> Int)? = nil) throws {
        var data = try bytes("muster.sqlite")
        if let length { data = data.prefix(length(data.count)) }
        try data.write(to: folder.appendingPathComponent(name))
    }

    /// The sound file still answers after its broken copy was tried.
    func expectSoundFileStillWorks(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try muster("muster.sqlite", ["learner show P1"])
        #expect(result.status == 0 && result.output.contains("Ann Lee"), "\(result.errors)", sourceLocation: sourceLocation)
    }

    /// One line, for people: no SQLite or Swift internals, no trace.
    func expectClear(_ result: MusterBinary.Result, saying expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "status \(result.status): \(result.errors)", sourceLocation: sourceLocation)
        #expect(result.errors.contains(expected), "\(result.errors)", sourceLocation: sourceLocation)
        #expect(CommandLineFuzzTests.judgeText(result.errors) == nil, "\(result.errors)", sourceLocation: sourceLocation)
        #expect(!result.errors.contains("malformed") && !result.errors.contains("attempt to write"), "\(result.errors)",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: ["part-way through a page", "at a page boundary", "to its header", "to nothing but 50 bytes"])
    func aTruncatedFileIsCalledDamagedAndLeftAsItWas(_ cut: String) throws {
        // Given a copy of the database cut short
        try copy(as: "cut.sqlite") { size in
            switch cut {
            case "part-way through a page": size - 1_000
            case "at a page boundary": size / 2 / 4096 * 4096
            case "to its header": 4096
            default: 50
            }
        }
        let before = try bytes("cut.sqlite")
        // When Muster is pointed at it, to read and to write
        for command in ["learners", "agency add fire --name Fire"] {
            let result = try muster("cut.sqlite", [command])
            // Then it says the file is damaged, and changes not a byte
            expectClear(result, saying: cut == "to nothing but 50 bytes" ? "cut.sqlite" : "cut.sqlite is damaged")
            #expect(try bytes("cut.sqlite") == before)
        }
        try expectSoundFileStillWorks()
    }

    @Test(arguments: ["text", "random bytes", "a stranger's SQLite"])
    func aFileThatIsNotMustersIsRefusedUntouched(_ kind: String) throws {
        let url = folder.appendingPathComponent("other.sqlite")
        switch kind {
        case "text": try Data("Staff number,Name\nP1,Ann Lee\n".utf8).write(to: url)
        case "random bytes": try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }).write(to: url)
        default:
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE recipe (name TEXT); INSERT INTO recipe VALUES ('soup')") }
            try queue.close()
        }
        let before = try bytes("other.sqlite")
        let result = try muster("other.sqlite", ["agency add fire --name Fire"])
        expectClear(result, saying: "other.sqlite is not a Muster database")
        #expect(try bytes("other.sqlite") == before)
        try expectSoundFileStillWorks()
    }

    @Test(arguments: ["a higher user_version", "a migration we do not know"])
    func aNewerMustersFileIsRefusedAndItsVersionKept(_ how: String) throws {
        // Given the database as a newer Muster would leave it
        let path = folder.appendingPathComponent("muster.sqlite").path
        let queue = try DatabaseQueue(path: path)
        let version = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        try queue.writeWithoutTransaction { db in
            if how == "a migration we do not know" {
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future'); CREATE TABLE future (x)")
            }
            try db.execute(sql: "PRAGMA user_version = \(version + 1)")
        }
        try queue.close()
        let before = try DatabaseFingerprint.of(file: path)
        // When this Muster opens it
        let result = try muster("muster.sqlite", ["learners"])
        // Then it refuses, naming the newer schema, and leaves the version and every row alone
        expectClear(result, saying: "was written by a newer Muster")
        #expect(result.errors.contains(how == "a migration we do not know" ? "v99-future" : "version \(version + 1)"))
        #expect(try DatabaseFingerprint.of(file: path).rows == before.rows)
    }

    @Test func aFolderNamedAsTheDatabaseIsCalledAFolderAndKeepsWhatItHolds() throws {
        // Given a folder where the database file was meant to be named
        let named = folder.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: named, withIntermediateDirectories: true)
        try "kept".write(to: named.appendingPathComponent("2025.csv"), atomically: true, encoding: .utf8)
        // When Muster is pointed at it
        let result = try muster("exports", ["learners"])
        // Then it says it is a folder, not that it is read-only, and leaves it as it was
        expectClear(result, saying: "cannot open exports: it is a folder; name the database file in it")
        #expect(try FileManager.default.contentsOfDirectory(atPath: named.path) == ["2025.csv"])
    }

    /// Whoever runs the tests, the file is read-only for the account Muster runs as: the tests'
    /// own account when it is not root (chmod stops it), else `nobody` (root writes anything).
    static let unprivileged: [String]? = getuid() != 0 ? []
        : FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        : nil

    @Test(.enabled(if: unprivileged != nil, "running as root without setpriv to run Muster as another account"),
          arguments: ["the file", "its folder"])
    func aReadOnlyDatabaseIsRefusedClearlyAndUntouched(_ what: String) throws {
        // Given the database read-only, or in a read-only folder, for the account Muster runs as
        let path = folder.appendingPathComponent("muster.sqlite").path
        let before = try DatabaseFingerprint.of(file: path)
        chmod(path, what == "the file" ? 0o444 : 0o644)
        if what == "its folder" { chmod(folder.path, 0o555) } else { chmod(folder.path, 0o777) }
        defer { chmod(folder.path, 0o755); chmod(path, 0o600) }
        // When a write is asked for
        let result = try muster("muster.sqlite", ["agency add fire --name Fire"], through: Self.unprivileged!)
        // Then Muster says why it cannot write, and nothing changed
        expectClear(result, saying: "cannot write muster.sqlite: the file or its folder is read-only for this account")
        chmod(folder.path, 0o755); chmod(path, 0o600)
        for leftover in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + leftover) }
        #expect(try DatabaseFingerprint.of(file: path).rows == before.rows)
        // And its owner carries on
        #expect(try muster("muster.sqlite", ["agency add fire --name Fire"]).status == 0)
    }

    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full")))
    func outputAFullDiskRefusesFailsTheCommandAndSaysTheChangeWasSaved() throws {
        // Given standard output on a full disk (/dev/full refuses every write: ENOSPC)
        let full = ["/bin/bash", "-c", "exec \"$@\" > /dev/full", "bash"]
        // When a script lists courses into it
        let listing = try muster("muster.sqlite", ["courses"], through: full)
        // Then the command fails saying why, not exit 0 over nothing written
        expectClear(listing, saying: "the disk is full")
        #expect(listing.errors.contains("incomplete"))
        // When a change's confirmation is refused, with another change after it
        let change = try muster("muster.sqlite", ["agency add fire --name Fire", "agency add ems --name EMS"], through: full)
        // Then the run stops there, saying the change was kept, and it was; the next never ran
        expectClear(change, saying: "any change the command made was saved")
        var agencies = try muster("muster.sqlite", ["agencies"])
        #expect(agencies.status == 0 && agencies.output.contains("Fire") && !agencies.output.contains("EMS"), "\(agencies.errors)")
        // And with --keep-going the next command runs, and the run still fails
        let kept = try MusterBinary.run(["--db", "muster.sqlite"] + Self.now + ["--keep-going", "-c", "agency add ems --name EMS", "-c", "agencies"],
                                        in: folder, through: full)
        #expect(kept.status == 1 && kept.errors.components(separatedBy: "error: ").count == 3, "\(kept.errors)")
        agencies = try muster("muster.sqlite", ["agencies"])
        #expect(agencies.output.contains("EMS"), "\(agencies.errors)")
    }

    @Test func aFullDiskRollsTheImportBackAndSaysSo() throws {
        // Given an HR extract far bigger than the file may grow (a 64 KiB limit on every file
        // Muster writes: SIGXFSZ, then EFBIG, as a full quota or disk would refuse it)
        var csv = "Staff number,Name,Email,Agency,Job role\n"
        for index in 0..<3_000 { csv += "L\(index),Learner \(index),l\(index)@police.example,Police,Constable\n" }
        try csv.write(to: folder.appendingPathComponent("staff.csv"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("muster.sqlite").path
        let before = try DatabaseFingerprint.of(file: path)
        // When it is imported
        let result = try muster("muster.sqlite", ["import learners staff.csv"], through: ["/bin/bash", "-c", "ulimit -f 64; exec \"$@\"", "bash"])
        // Then Muster lives to say the disk is full, and nothing of the import is there
        expectClear(result, saying: "the disk is full")
        #expect(result.errors.contains("nothing was changed"))
        let after = try DatabaseFingerprint.of(file: path)
        #expect(after.integrity == "ok")
        #expect(after.rows == before.rows)
        // And with room again, the same import goes through
        let again = try muster("muster.sqlite", ["import learners staff.csv"])
        #expect(again.status == 0 && again.output.contains("3000 added"), "\(again.errors)")
    }
}
#endif
