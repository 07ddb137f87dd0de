/// Why `demo generate` will not run. It is for an empty demo file: mixing made-up people
/// into a real partnership's records could never be undone cleanly.
public enum DemoError: Error, Equatable, CustomStringConvertible, MusterError {
    case notEmpty(learners: Int, bookings: Int, sessionsAdded: Int)
    case noCourses
    case learnersOutOfRange(Int)
    case yearsOutOfRange(Int)

    public var description: String {
        switch self {
        case .notEmpty(let learners, let bookings, let sessions):
            let held = [(learners, "learner", "learners"), (bookings, "booking", "bookings"),
                        (sessions, "session added by hand", "sessions added by hand")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.0 == 1 ? $0.1 : $0.2)" }
            return "this database already holds \(held.joined(separator: ", ")); demo generate fills only a new, empty file"
                + " (nothing was changed; try: muster --db demo.sqlite -c \"demo generate …\")"
        case .noCourses:
            return "there are no courses to schedule; import a catalogue first (import courses DIR) — nothing was changed"
        case .learnersOutOfRange(let count):
            return "--learners \(count) is out of range: expected a whole number from \(DemoSize.learnerRange.lowerBound) to \(DemoSize.learnerRange.upperBound)"
        case .yearsOutOfRange(let count):
            return "--years \(count) is out of range: expected a whole number from \(DemoSize.yearRange.lowerBound) to \(DemoSize.yearRange.upperBound)"
        }
    }
}
