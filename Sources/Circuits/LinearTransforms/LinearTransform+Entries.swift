import CKKS

extension LinearTransform {
    /// One entry of a sparse slot matrix: y[output] += value · x[input].
    public struct Entry: Sendable, Hashable {
        public let output: Int
        public let input: Int
        public let value: Double

        public init(output: Int, input: Int, value: Double) {
            self.output = output
            self.input = input
            self.value = value
        }
    }

    /// The transform of a sparse slot matrix: entry (out, in, v) goes to diagonal k = in − out (mod n) at slot out,
    /// because the rotation by k brings slot in to slot out (entries that meet on one diagonal slot add up).
    ///
    /// The cost is the number of distinct diagonals, so a caller that can read a value from several slots (a
    /// replicated vector) chooses the input slot that keeps k in a small set: with x repeated with period P,
    /// reading column c for output slot s at s + ((c − s) mod P) needs only the P diagonals 0 ..< P, whatever
    /// the output layout (Halevi and Shoup's hybrid method for rectangular matrices, CRYPTO 2014, §4.2).
    /// - Throws: `CircuitError.invalidArgument` for a slot outside 0 ..< n or a non-finite value.
    public init(slotCount: Int, entries: [Entry]) throws {
        var diagonals: [Int: [Complex]] = [:]
        for entry in entries where entry.value != 0 {
            guard (0..<slotCount).contains(entry.output), (0..<slotCount).contains(entry.input), entry.value.isFinite else {
                throw CircuitError.invalidArgument("entry \(entry) is outside \(slotCount) slots or not finite")
            }
            let k = ((entry.input - entry.output) % slotCount + slotCount) % slotCount
            diagonals[k, default: [Complex](repeating: .zero, count: slotCount)][entry.output] += Complex(entry.value)
        }
        try self.init(slotCount: slotCount, diagonals: diagonals)
    }
}
