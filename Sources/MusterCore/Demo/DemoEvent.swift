import Foundation

/// One thing that happens in the demo partnership's history, at its moment: staff joining,
/// a term published, the scheduler's morning run, a booking, a place given up, a register
/// taken. The history is played back in time order so every rule sees the world as it was
/// then. Kept small (indexes, not strings): a decade of a large partnership is millions.
struct DemoEvent {
    enum Kind: UInt8 {
        /// Learners `first ..< first + second` are added from an HR extract.
        case staffJoin
        /// Sessions `first ..< first + second` are published as a term.
        case termPublished
        /// The scheduler's daily run decides every session whose cut-off has passed.
        case schedulerRun
        /// Learner `second` books session `first`.
        case booking
        /// Learner `second` gives up their place (or their place in the queue) on session `first`.
        case givingUp
        /// The trainer or the venue lets session `first` down.
        case trainerCancels
        /// The register of session `first` is taken and closed.
        case register
        /// Attendees of session `first` give feedback.
        case feedback
        /// Learner `first` records learning done elsewhere.
        case ownLearning
    }

    var at: Date
    /// The order it was planned in, so two things at the same moment always play alike.
    var order: Int32
    var kind: Kind
    var first: Int32
    var second: Int32
}
