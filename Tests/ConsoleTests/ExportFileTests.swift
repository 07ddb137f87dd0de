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

    final class Received: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var stored = Data()
        var data: Data { lock.withLock { stored } }
        func set(_ data: Data) { lock.withLock { stored = data } }
    }
}
