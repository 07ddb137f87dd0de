/// What an export is written as: RFC 4180 CSV or JSON.
public enum ExportFormat: String, CaseIterable, Sendable { case csv, json }
