import MusterCore

/// `learner export`: one JSON document of everything held about one person. Each row keeps
/// its table's own column names (snake_case), times are ISO 8601 with the local offset, and
/// every section is present even when empty, so the document has the same keys for everyone.
public enum SubjectAccessJSON {
    public static func json(_ record: SubjectAccessRecord, local: LocalTime) -> JSONValue {
        .object([
            ("learner_id", .string(record.learnerID)),
            ("exported_at", .string(local.iso8601(record.exportedAt))),
            ("exported_by", .string(record.exportedBy)),
            ("profile", json(record.profile, local)),
        ] + record.sections.map { ($0.name, .array($0.records.map { json($0, local) })) } + [
            ("sources", .object(record.sources.map { ($0.table, .int($0.rows)) })),
            ("other_records", .object(record.otherRecords.map { ($0.table, .array($0.records.map { json($0, local) })) })),
        ])
    }

    static func json(_ record: HeldRecord, _ local: LocalTime) -> JSONValue {
        .object(record.fields.map { ($0.name, json($0.value, local)) }
                + record.nested.map { ($0.name, .array($0.records.map { json($0, local) })) })
    }

    static func json(_ value: HeldValue, _ local: LocalTime) -> JSONValue {
        switch value {
        case .null: .null
        case .flag(let flag): .bool(flag)
        case .integer(let number): .int(Int(number))
        case .real(let number): .double(number)
        case .text(let text): .string(text)
        case .instant(let date): .string(local.iso8601(date))
        }
    }
}
