import MusterCore

/// A learner's CPD record in the shape their regulator asks for, dated and chronological,
/// as CSV or JSON to carry to the regulator or the next employer.
public enum CPDRecordExport {
    public typealias Format = ExportFormat

    /// The columns each profile's log has, and how an entry fills them.
    static func columns(for profileID: String) -> [(String, (CPDEntry) -> String)] {
        let date: (String, (CPDEntry) -> String) = ("date", { $0.date.description })
        let hours: (String, (CPDEntry) -> String) = ("hours", { CPDHours.text($0.hours) })
        let evidence: (String, (CPDEntry) -> String) = ("evidence", { $0.verified ? "register of session \($0.sessionID ?? "")" : "self-recorded" })
        let learnt: (String, (CPDEntry) -> String) = ("what_i_learnt", { $0.reflection.learnt ?? "" })
        let practice: (String, (CPDEntry) -> String) = ("how_it_changes_my_practice", { $0.reflection.practice ?? "" })
        let peer: [(String, (CPDEntry) -> String)] = [
            ("peer_reflection_with", { $0.reflection.peerName ?? "" }), ("peer_reflection_date", { $0.reflection.peerDate?.description ?? "" }),
            ("peer_reflection_outcome", { $0.reflection.peerOutcome ?? "" }),
        ]
        switch profileID {
        case "nmc":
            // The NMC's CPD log: method, topic, hours and participatory hours.
            return [date, ("method", { $0.kind.rawValue }), ("topic", { $0.title }),
                    ("description_and_relevance_to_practice", { [$0.reflection.learnt, $0.reflection.practice].compactMap { $0 }.joined(separator: " ") }),
                    hours, ("participatory_hours", { $0.participatory ? CPDHours.text($0.hours) : "0" }), evidence]
        case "swe":
            return [date, ("title", { $0.title }), ("type", { $0.kind.rawValue }), learnt, practice] + peer + [hours, evidence]
        case "hcpc":
            return [date, ("activity", { $0.title }), ("type", { $0.kind.rawValue }), hours, learnt,
                    ("benefit_to_practice_and_service_users", { $0.reflection.practice ?? "" }), evidence]
        default:
            return [date, ("title", { $0.title }), ("kind", { $0.kind.rawValue }), hours,
                    ("participatory", { $0.participatory ? "yes" : "no" }), ("verified", { $0.verified ? "yes" : "no" }),
                    learnt, practice] + peer + [("session_id", { $0.sessionID ?? "" })]
        }
    }

    public static func render(_ record: CPDArea.Record, format: Format) -> String {
        let columns = columns(for: record.progress.profileID)
        switch format {
        case .csv:
            return CSVLine.format(columns.map(\.0))
                + record.entries.map { entry in CSVLine.format(columns.map { $0.1(entry) }, neutralising: true) }.joined()
        case .json:
            let progress = record.progress
            return JSONValue.object([
                ("learner_id", .string(record.learner.learner.id)), ("name", .string(record.learner.learner.name)),
                ("profile", .string(progress.profileID)),
                ("period_from", .string(progress.period?.from.description)), ("period_to", .string(progress.period?.to.description)),
                ("total_hours", .double(record.totals.total)), ("participatory_hours", .double(record.totals.participatory)),
                ("entries", .array(record.entries.map { entry in
                    .object(columns.map { name, value in (name, name.hasSuffix("hours") ? .double(Double(value(entry)) ?? 0) : .string(value(entry))) })
                })),
                ("gaps", .array(progress.gaps.map { .object([("from", .string($0.from.description)), ("to", .string($0.to.description))]) })),
            ]).serialized() + "\n"
        }
    }
}
