import RingArithmetic

/// Reduction of integer-valued `Double` coefficients modulo each RNS prime, exactly, including values beyond
/// 2^63 (large scales): such a value is m·2^e with a 53-bit integer m, so its residue is
/// (m mod q)·(2^e mod q) mod q.
public struct RNSDecomposer: Sendable {
    /// The primes q_0 … q_{k-1}.
    public let moduli: [UInt64]
    /// The primes as ring-layer moduli (Barrett reduction of 64-bit words).
    private let reducers: [Modulus]
    /// Q/2 as a `Double` (+∞ when Q overflows the `Double` range; then no value can exceed it).
    private let halfModulus: Double

    /// - Parameter moduli: primes below 2^61.
    public init(moduli: [UInt64]) {
        precondition(!moduli.isEmpty && moduli.allSatisfy { $0 > 1 && $0 < (1 << 61) })
        self.moduli = moduli
        reducers = moduli.map { try! Modulus($0) }  // in range by the precondition above
        halfModulus = moduli.reduce(0.5) { $0 * Double($1) }
    }

    /// Limb-major residues of integer-valued coefficients.
    /// - Parameters:
    ///   - coefficients: integers stored as `Double` (already rounded), |c| < Q/2.
    ///   - scaleForErrors: the scale, only to make the thrown error informative.
    /// - Returns: `moduli.count × coefficients.count` residues, limb i first.
    /// - Throws: `CKKSError.nonFiniteValue`, `CKKSError.valueTooLargeForScale` when |c| ≥ Q/2.
    public func residues(of coefficients: [Double], scaleForErrors: Double = 1) throws -> [UInt64] {
        let count = coefficients.count
        let k = moduli.count
        var output = [UInt64](repeating: 0, count: k * count)
        for (c, value) in coefficients.enumerated() {
            guard value.isFinite else { throw CKKSError.nonFiniteValue }
            guard value.magnitude < halfModulus else {
                throw CKKSError.valueTooLargeForScale(value: value / scaleForErrors, scale: scaleForErrors)
            }
            let magnitude = value.magnitude
            if magnitude < 9.2e18 {  // < 2^63: one word
                let word = UInt64(magnitude)
                for i in 0..<k {
                    let r = reducers[i].reduce(word)
                    output[i * count + c] = (value < 0 && r != 0) ? moduli[i] - r : r
                }
            } else {
                let exponent = Int(magnitude.exponent) - 52
                let mantissa = UInt64(magnitude.significandBitPattern | (1 << 52))
                for i in 0..<k {
                    let q = moduli[i]
                    let power = reducers[i].power(2, UInt64(exponent))
                    let r = reducers[i].multiply(reducers[i].reduce(mantissa), power)
                    output[i * count + c] = (value < 0 && r != 0) ? q - r : r
                }
            }
        }
        return output
    }
}
