import Foundation
import Testing
@testable import Console
import MusterCore

/// A learner user reaches their own record and nobody else's: every command open to a
/// learner, with every argument that can name someone filled in, answers a colleague who
/// exists exactly as it answers a name that exists nowhere, and nothing a learner can run
/// prints or writes a colleague's name, email or id.
@Suite struct LearnerIsolationTests {
    static let ann = ActingUser(id: "ann", role: .learner, learnerID: "P1")
    /// Bo is Ann's colleague on the same sessions, with a CPD area, named feedback and a certificate.
    static let bo = ["P2", "Bo Hill", "bo@police.example", "bo.hill"]

    /// Whether `text` names one of Bo's identities as a word of its own: a certificate's
    /// random verification code (`F4ZE-J52D-7P28`) may hold "P2" inside it by chance.
    static func mentionsBo(_ text: String) -> String? {
        bo.first { identity in
            text.range(of: "(?<![A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: identity) + "(?![A-Za-z0-9])",
                       options: .regularExpression) != nil
        }
    }

    /// A partnership where Ann and Bo share a delivered session and a session to come.
    static func partnership() throws -> (ConsoleHarness, delivered: String, coming: String, boEntry: String) {
        let setup = try ConsoleHarness(now: "2026-11-23 10:00").withCatalogue()
        try setup.given(#"learner add P1 --name "Ann Lee" --email ann@police.example --agency police"#,
                        #"learner add P2 --name "Bo Hill" --email bo@police.example --agency police"#,
                        "session add hate-crime 2026-12-14 09:30", "session add hate-crime 2027-01-12 09:30",
                        "book s101 P1", "book s101 P2", "book s102 P1", "book s102 P2",
                        "cpd add P2 --date 2026-11-20 --title \"Bo's reading\" --hours 1", "certificate policy --feedback-first off")
        let password = ConsoleHarness.Questions(["a long and silly password", "a long and silly password"])
        setup.interpreter.context.askSecret = { password.next($0) }
        try setup.given("user add bo.hill --role learner --learner P2")
        let after = try setup.at("2026-12-14 13:00")
        try after.given("attend s101 P1 P2", "session complete s101",
                        #"feedback s101 P2 --course-rating 5 --trainer-rating 5 --before 2 --after 4 --outcomes yes --action "Bo's plan" --comment "Bo Hill found it useful" --named"#,
                        "certificate s101 P2 --output \(FileManager.default.temporaryDirectory.appendingPathComponent("certificate-\(UUID()).html").path)")
        let entry = try after.interpreter.context.database.read { db in try String.fetchOne(db, sql: "SELECT id FROM cpd_entry")! }
        let ann = try after.at("2026-12-15 10:00")
        ann.interpreter.context.actor = Self.ann
        return (ann, "s101", "s102", entry)
    }

    /// A line for each command open to a learner: `{L}` where a learner is named, `{E}` a CPD
    /// entry, `{U}` a user; sessions, courses and files filled in.
    static func probes(delivered: String, coming: String, file: String) -> [String] {
        CommandTable.standard.available(to: .learner).flatMap { spec -> [String] in
            var words = [spec.name]
            for argument in spec.arguments {
                switch argument.kind {
                case _ where argument.name.contains("LEARNER"): words.append("{L}")
                case .session: words.append(spec.name == "book" || spec.name == "unbook" || spec.name == "transfer" ? coming : delivered)
                case .course: words.append("hate-crime")
                case .number: words.append("{E}")
                case .text where argument.name == "USER": words.append("{U}")
                case .text where argument.name == "CODE": words.append("{C}")
                case .command, .text: continue
                default: words.append(file)
                }
            }
            if spec.name == "transfer" { words = ["transfer", coming, "P1", "{L}"] }
            if spec.name == "cpd add" { words += ["--date", "2026-11-30", "--title", "Reading", "--hours", "1"] }
            let required = spec.options.filter { $0.required && !words.contains($0.name) }.map { "\($0.name) x" }
            if spec.options.contains(where: { $0.name == "--output" }) { words += ["--output", file] }
            let line = (words + required).joined(separator: " ")
            // Each learner-naming command also without the name: then it is Ann's own.
            return line.contains("{L}") ? [line, line.replacingOccurrences(of: " {L}", with: "")] : [line]
        }
    }

    @Test func aColleagueWhoExistsIsAnsweredExactlyAsSomeoneWhoDoesNot() throws {
        let (ann, delivered, coming, boEntry) = try Self.partnership()
        let folder = try ScratchPartnership()
        let file = folder.file("out").path
        let code = try ann.interpreter.context.database.read { db in try String.fetchOne(db, sql: "SELECT code FROM certificate")! }
        let answers = ConsoleHarness.Questions(Array(repeating: "not the password", count: 40))
        ann.interpreter.context.askSecret = { answers.next($0) }
        var probed = 0
        for line in Self.probes(delivered: delivered, coming: coming, file: file) where line.contains("{") {
            func answer(_ learner: String, _ entry: String, _ user: String) throws -> String {
                let filled = line.replacingOccurrences(of: "{L}", with: learner).replacingOccurrences(of: "{E}", with: entry)
                    .replacingOccurrences(of: "{U}", with: user).replacingOccurrences(of: "{C}", with: code)
                let events = try ann.interpreter.context.database.auditEventCount()
                let (_, output, errors) = ann.run(filled)
                // Only a login attempt is audited; nothing naming a colleague changes anything.
                #expect(try ann.interpreter.context.database.auditEventCount() - events == (line.hasPrefix("login") ? 1 : 0), "\(filled)")
                var said = output + errors
                for (placeholder, typed) in [("{L}", learner), ("{E}", entry), ("{U}", user)] where line.contains(placeholder) {
                    said = said.replacingOccurrences(of: typed, with: "•")
                }
                return said
            }
            if line.hasPrefix("certificate verify") { continue }   // the code is the holder's to share; see below
            let colleague = try answer("P2", boEntry, "bo.hill")
            let nobody = try answer("NOPE", "99999", "nobody")
            #expect(colleague == nobody, "\(line)")
            #expect(Self.mentionsBo(colleague) == nil, "\(line)")
            probed += 1
        }
        #expect(probed >= 13)
    }

    @Test func nothingALearnerCanRunShowsOrWritesAColleague() throws {
        let (ann, delivered, coming, _) = try Self.partnership()
        let folder = try ScratchPartnership()
        let file = folder.file("out").path
        for line in Self.probes(delivered: delivered, coming: coming, file: file) where !line.contains("{") {
            try? FileManager.default.removeItem(atPath: file)
            let (_, output, errors) = ann.run(line)
            let written = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            #expect(Self.mentionsBo(output + errors + written) == nil, "\(line)")
        }
        // Ann's own record does answer, so the silence above is not a refusal of everything.
        #expect(ann.run("bookings").1.contains(delivered) && ann.run("cpd").0 == .succeeded)
        #expect(ann.run("export calendar --output \(file)").0 == .succeeded)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("BEGIN:VEVENT"))
    }

    @Test func aCertificateCodeCannotBeGuessed() throws {
        let (ann, _, _, _) = try Self.partnership()
        let code = try ann.interpreter.context.database.read { db in try String.fetchOne(db, sql: "SELECT code FROM certificate")! }
        // Verifying shows the holder's name to whoever holds the code, by design: an employer
        // checks a certificate shown to them. A code is not a sequence to walk.
        #expect(code.filter(\.isLetter).count + code.filter(\.isNumber).count >= 10)
        var near = code
        near.removeLast()
        near.append(code.last == "A" ? "B" : "A")
        #expect(ann.run("certificate verify \(near)").0 == .failed)
    }
}
