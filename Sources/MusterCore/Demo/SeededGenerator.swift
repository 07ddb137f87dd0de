/// SplitMix64, written out here rather than taken from the standard library: the demo
/// partnership must come out the same for the same seed on every machine and every Swift
/// release, and neither `SystemRandomNumberGenerator` nor the standard library's
/// `random(in:using:)` promises that. Only these methods draw numbers, so the sequence
/// depends on nothing but the seed and the order of the calls.
package struct SeededGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< bound; 0 when the bound is not positive. The slight bias of a modulo is far
    /// below anything a demo's figures could show.
    package mutating func below(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }

    package mutating func between(_ low: Int, _ high: Int) -> Int {
        low + below(high - low + 1)
    }

    /// True `percent` times in a hundred.
    package mutating func chance(_ percent: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) * 100 < percent
    }

    /// A number in 0 ..< 1.
    package mutating func fraction() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    package mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// The items in an order drawn from the seed (Fisher–Yates, from the end).
    package mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        for index in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(index, below(index + 1)) }
        return items
    }

    /// An index drawn in proportion to its weight, from running totals of the weights.
    package mutating func pick(cumulative totals: [Double]) -> Int {
        let target = fraction() * (totals.last ?? 0)
        var low = 0, high = totals.count - 1
        while low < high {
            let middle = (low + high) / 2
            if totals[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// A generator of its own for one part of the work, so adding draws to one part never
    /// shifts the numbers another part sees.
    package mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }
}
