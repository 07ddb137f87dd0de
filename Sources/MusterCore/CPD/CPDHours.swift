/// CPD hours: what a register mark earns, and how people write the number. The register,
/// the attendance export and every screen use these, so they never disagree.
public enum CPDHours {
    /// Attended earns the course's hours; partial the minutes actually there, to the
    /// hundredth of an hour; anything else nothing.
    static func earned(by status: BookingStatus?, minutesAttended: Int?, courseHours: Double) -> Double {
        switch status {
        case .attended: courseHours
        case .partial: ((Double(minutesAttended ?? 0) / 60) * 100).rounded() / 100
        default: 0
        }
    }

    /// `3`, `2.5`, `1.67`.
    public static func text(_ hours: Double) -> String { DecimalText.text(hours) }
}
