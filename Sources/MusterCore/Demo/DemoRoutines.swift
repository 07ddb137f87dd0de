import GRDB

/// The rules the demo must follow that live in modules above MusterCore: the scheduler's
/// decision at each cut-off and the evaluation form's checks on each answer. The console
/// hands them in, so the generator takes exactly their paths without MusterCore depending
/// on either module. Both run inside the generator's transaction.
package struct DemoRoutines {
    /// Every decision due at `clock.now`: sessions still under their minimum at the cut-off
    /// are cancelled for low numbers, the rest go ahead.
    package var decideAtCutoff: (Database, MusterClock) throws -> Void
    /// One delegate's feedback on a session, through the form's checks.
    package var giveFeedback: (Database, MusterClock, _ sessionID: String, _ learnerID: String, _ answers: [String: String]) throws -> Void

    package init(decideAtCutoff: @escaping (Database, MusterClock) throws -> Void,
                 giveFeedback: @escaping (Database, MusterClock, String, String, [String: String]) throws -> Void) {
        self.decideAtCutoff = decideAtCutoff
        self.giveFeedback = giveFeedback
    }
}
