import CKKS

/// Seeded random test inputs.
public enum RandomValues {
    /// `count` complex values with real and imaginary parts uniform in [−magnitude, magnitude].
    public static func complex(_ count: Int, magnitude: Double = 1, using rng: inout SeededGenerator) -> [Complex] {
        (0..<count).map { _ in
            Complex(Double.random(in: -magnitude...magnitude, using: &rng), Double.random(in: -magnitude...magnitude, using: &rng))
        }
    }

    /// `count` real values uniform in [−magnitude, magnitude], as complex slots.
    public static func real(_ count: Int, magnitude: Double = 1, using rng: inout SeededGenerator) -> [Complex] {
        (0..<count).map { _ in Complex(Double.random(in: -magnitude...magnitude, using: &rng)) }
    }
}

/// max_i |a_i − b_i|.
public func maximumError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "compare \(a.count) values with \(b.count)")
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// max_i |a_i − b_i| for complex slots.
public func maximumError(_ a: [Complex], _ b: [Complex]) -> Double {
    precondition(a.count == b.count, "compare \(a.count) values with \(b.count)")
    return zip(a, b).reduce(0) { max($0, ($1.0 - $1.1).magnitude) }
}
