import GRDB

extension ActingUser {
    /// The learner record a command acts on. A learner user reaches only their own, and
    /// is told nothing about anyone else's: the answer is the same as for no such learner.
    package func learner(_ learnerID: String, in db: Database) throws -> LearnerSummary {
        if role == .learner, self.learnerID?.lowercased() != learnerID.lowercased() {
            throw PeopleError.unknownLearner(learnerID, suggestions: [])
        }
        return try People.learner(learnerID, in: db)
    }
}
