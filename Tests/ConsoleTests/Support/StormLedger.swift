import Foundation
import GRDB

/// What the storm's processes told their users, command by command: the successes (each a
/// claim that the change is in the file), the refusals by the rule that made them, and
/// anything else, which is a defect. Then the file is asked whether every claim holds.
struct StormLedger {
    private(set) var successes: [String: Int] = [:]
    private(set) var refusals: [String: Int] = [:]
    private(set) var perProcess: [String: (Int, Int)] = [:]
    private(set) var defects: [String] = []
    private(set) var commands = 0
    /// Commands cut short by a kill that printed nothing: each may or may not have committed.
    private(set) var inFlight: [String: Int] = [:]
    /// Successes found in the file by `missingSuccesses`.
    private(set) var claims = 0
    private var reported: [ScriptTranscript.Step] = []

    /// The audit action each write command leaves: its event must be there once per success.
    static let actions = ["book": "booking.book", "unbook": "booking.unbook", "transfer": "booking.transfer",
                          "session edit": "session.edit", "session cancel": "session.cancel",
                          "attend": "register.mark", "session complete": "session.complete"]

    mutating func record(_ transcript: ScriptTranscript, process: String, commands script: [String]? = nil) {
        var counts = perProcess[process] ?? (0, 0)
        for step in transcript.steps {
            commands += 1
            if step.succeeded {
                successes[step.kind, default: 0] += 1
                counts.0 += 1
                reported.append(step)
            } else if let error = step.error {
                if let rule = ScriptTranscript.refusal(error) {
                    refusals[rule, default: 0] += 1
                    counts.1 += 1
                } else {
                    defects.append("\(process) '\(step.command)': \(error)")
                }
            } else if !step.finished {
                inFlight[step.kind, default: 0] += 1
            } else {
                defects.append("\(process) '\(step.command)' printed neither an answer nor an error: \(step.text)")
            }
        }
        // A killed process's next command may have committed without a word printed.
        if let script, transcript.steps.last?.finished ?? true, transcript.steps.count < script.count {
            inFlight[ScriptTranscript.kind(of: script[transcript.steps.count]), default: 0] += 1
        }
        perProcess[process] = counts
    }

    /// Audit events by action, to compare before and after.
    static func auditCounts(_ path: String) throws -> [String: Int] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT action, COUNT(*) AS n FROM audit_event GROUP BY action")
                .map { ($0["action"] as String, $0["n"] as Int) })
        }
    }

    /// Each write command's audit events grew by exactly its successes, give or take the
    /// commands a kill cut short before they could say. Returns the actions that did not.
    func auditMismatches(in path: String, before: [String: Int], unreported: [String: Int]? = nil) throws -> [String] {
        let after = try Self.auditCounts(path)
        let slack = unreported ?? inFlight
        return Self.actions.sorted { $0.key < $1.key }.compactMap { kind, action in
            let grown = after[action, default: 0] - before[action, default: 0]
            let reported = successes[kind, default: 0]
            return (reported...(reported + slack[kind, default: 0])).contains(grown) ? nil
                : "\(action): \(grown) audit events for \(reported) reported successes (\(slack[kind, default: 0]) cut short)"
        }
    }

    /// The successes the file does not show: a place booked, given up, passed on, a mark,
    /// a cancellation, an export that was said to be done.
    mutating func missingSuccesses(in path: String, folder: URL? = nil) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        var missing: [String] = []
        var found = 0
        try queue.read { db in
            for step in reported {
                let words = step.command.split(separator: " ").map(String.init)
                var present = true
                switch step.kind {
                case "book":
                    let json = step.json ?? [:]
                    let id = json["id"] as? Int ?? -1, status = json["status"] as? String ?? "?"
                    present = try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM booking b JOIN booking_event e ON e.booking_id = b.id
                          WHERE b.id = ? AND b.session_id = ? AND b.learner_id = ? COLLATE NOCASE
                            AND e.from_status IS NULL AND e.to_status = ?)
                        """, arguments: [id, words[1], words[2], status]) ?? false
                case "unbook":
                    let id = (step.json?["booking"] as? [String: Any])?["id"] as? Int ?? -1
                    present = try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM booking b JOIN booking_event e ON e.booking_id = b.id
                          WHERE b.id = ? AND b.status = 'cancelled' AND e.to_status = 'cancelled')
                        """, arguments: [id]) ?? false
                case "transfer":
                    present = try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM booking b JOIN booking_event e ON e.booking_id = b.id
                          WHERE b.session_id = ? AND b.learner_id = ? COLLATE NOCASE AND e.note = ?)
                        """, arguments: [words[1], words[3], "transferred from \(words[2])"]) ?? false
                case "attend":
                    present = try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM booking b JOIN booking_event e ON e.booking_id = b.id
                          WHERE b.session_id = ? AND b.learner_id = ? COLLATE NOCASE AND e.to_status = ?)
                        """, arguments: [words[1], words[2], words[words.firstIndex(of: "--status")! + 1]]) ?? false
                case "session cancel":
                    present = try String.fetchOne(db, sql: "SELECT status FROM session WHERE id = ?", arguments: [words[2]]) == "cancelled"
                case "session complete":
                    present = try String.fetchOne(db, sql: "SELECT status FROM session WHERE id = ?", arguments: [words[2]]) == "completed"
                case "export attendance", "export calendar":
                    if let folder, let output = words.firstIndex(of: "--output").map({ words[$0 + 1] }) {
                        let size = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(output).path))?[.size] as? Int
                        present = (size ?? 0) > 0
                    }
                default:
                    continue
                }
                if present { found += 1 } else { missing.append("'\(step.command)' → \(step.text.prefix(120))") }
            }
        }
        claims = found
        return missing
    }
}
