import Foundation

/// A real browser printing a page the way a person would print it: Debian's chromium, headless,
/// to PDF, read back with poppler's pdftotext and pdfinfo. CI installs all three and sets
/// MUSTER_REQUIRE_BROWSER, so there a missing browser fails the suite rather than skipping it.
enum Browser {
    static let required = ProcessInfo.processInfo.environment["MUSTER_REQUIRE_BROWSER"] != nil
    static let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(executable).first
    static var available: Bool { required || (chromium != nil && executable("pdftotext") != nil) }

    struct Printed {
        var text: String
        var pages: Int
        /// Width and height in points: A4 is 595 × 842.
        var size: (width: Double, height: Double)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func print(_ html: String) throws -> Printed {
        guard let chromium else { throw Failure(description: "no chromium on PATH: apt-get install chromium poppler-utils") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html"), pdf = folder.appendingPathComponent("page.pdf")
        try html.write(to: page, atomically: true, encoding: .utf8)
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                               "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                               "--print-to-pdf=\(pdf.path)", page.absoluteString])
        guard FileManager.default.fileExists(atPath: pdf.path) else { throw Failure(description: "chromium printed no PDF") }
        let text = try run(executable("pdftotext") ?? "pdftotext", ["-layout", pdf.path, "-"])
        let info = try run(executable("pdfinfo") ?? "pdfinfo", [pdf.path])
        func field(_ name: String) -> String {
            info.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)) } ?? ""
        }
        let size = field("Page size").split(separator: " ").compactMap { Double($0) }
        return Printed(text: text, pages: Int(field("Pages").trimmingCharacters(in: .whitespaces)) ?? 0,
                       size: (size.first ?? 0, size.dropFirst().first ?? 0))
    }

    /// Runs a program to its end, or kills it after a minute, and returns its output.
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    static func executable(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
