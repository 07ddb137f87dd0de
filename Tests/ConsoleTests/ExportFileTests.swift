import Foundation
import Testing
@testable import Console

/// Where an export is written: whole or not at all for a file, and straight through for
/// anything that is not one.
@Suite struct ExportFileTests {
    @Test func anExportToAPipeIsWrittenThroughAndThePipeIsLeftAPipe() throws {
        let scratch = try ScratchPartnership()
        let pipe = scratch.file("pipe").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let received = Received()
        let reader = Thread {
            let handle = FileHandle(forReadingAtPath: pipe)
            received.set(handle?.readDataToEndOfFile() ?? Data())
            received.done.signal()
        }
        reader.start()
        let harness = try ConsoleHarness().withCatalogue()

        #expect(harness.run("export attendance --output \(pipe)").0 == .succeeded)

        #expect(received.done.wait(timeout: .now() + 10) == .success)
        #expect(String(decoding: received.data, as: UTF8.self).hasPrefix("session_id,course_id"))
        // Moved over, the pipe would now be a regular file (and /dev/null, for root, too).
        let type = try FileManager.default.attributesOfItem(atPath: pipe)[.type] as? FileAttributeType
        #expect(type != .typeRegular && type != nil)
        #expect(!FileManager.default.fileExists(atPath: pipe + ".partial"))
    }

    /// Written through a link without truncating, a shorter export would have kept the
    /// tail of the longer file it replaced.
    @Test func anExportThroughALinkReplacesTheFileItNamesWholeAndKeepsTheLink() throws {
        let scratch = try ScratchPartnership()
        let old = scratch.file("last-year.csv").path, link = scratch.file("latest.csv").path, fresh = scratch.file("fresh.csv").path
        try String(repeating: "A", count: 100_000).write(toFile: old, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: old)
        let harness = try ConsoleHarness().withCatalogue()

        #expect(harness.run("export attendance --output \(link)").0 == .succeeded)
        #expect(harness.run("export attendance --output \(fresh)").0 == .succeeded)

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == old)
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == Data(contentsOf: URL(fileURLWithPath: fresh)))
        #expect(!FileManager.default.fileExists(atPath: old + ".partial"))
    }

    @Test func aFolderNamedAsTheOutputIsRefusedAndKeepsWhatItHolds() throws {
        let scratch = try ScratchPartnership()
        let folder = scratch.file("exports").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "kept".write(toFile: folder + "/2025.csv", atomically: true, encoding: .utf8)
        let harness = try ConsoleHarness().withCatalogue()

        let (outcome, _, errors) = harness.run("export attendance --output \(folder)")

        #expect(outcome != .succeeded)
        #expect(errors == "error: \(folder) is a folder: name a file in it\n")
        #expect(try String(contentsOfFile: folder + "/2025.csv", encoding: .utf8) == "kept")
    }

    final class Received: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var stored = Data()
        var data: Data { lock.withLock { stored } }
        func set(_ data: Data) { lock.withLock { stored = data } }
    }
}
