import MusterCore

/// The partnership's percentages: one decimal, and none at all when there is nothing to
/// divide by, so a rate is never a made-up 0%.
public enum Percentage {
    public static func of(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) * 1000 / Double(whole)).rounded() / 10
    }

    /// `63%`, `9.6%`, or a dash when there is no rate.
    public static func text(_ value: Double?) -> String { value.map { DecimalText.text($0) + "%" } ?? "—" }
}
