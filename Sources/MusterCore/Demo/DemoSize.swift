/// How big a demo partnership to build, and the shape that follows from it. The numbers
/// are those of DESIGN.md's "Scale": about a hundred learners per agency up to a hundred
/// agencies, a session a year for every ten learners, each learner booking about once a
/// year.
public struct DemoSize: Sendable, Equatable {
    public var learners: Int
    public var years: Int
    public var seed: UInt64

    static let learnerRange = 20...1_000_000
    static let yearRange = 1...30

    public init(learners: Int, years: Int, seed: UInt64 = 1) throws {
        guard Self.learnerRange.contains(learners) else { throw DemoError.learnersOutOfRange(learners) }
        guard Self.yearRange.contains(years) else { throw DemoError.yearsOutOfRange(years) }
        self.learners = learners; self.years = years; self.seed = seed
    }

    var agencies: Int { min(100, max(6, learners / 400)) }
    var sessionsPerYear: Int { max(12, learners / 10) }
    var trainers: Int { max(4, sessionsPerYear / 300) }
}
