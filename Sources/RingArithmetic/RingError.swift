/// Errors thrown by the ring-arithmetic layer when its inputs are invalid.
public enum RingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A modulus outside `2 ..< 2^61` (the lazy NTT keeps values below `4q`, which must fit in 64 bits).
    case invalidModulus(UInt64)
    /// The ring degree must be a power of two in `minimumDegree ... maximumDegree`.
    case invalidDegree(Int)
    /// The modulus is not prime or not congruent to 1 mod 2N, so no negacyclic NTT of this degree exists.
    case notNTTFriendly(modulus: UInt64, degree: Int)
    /// An element has no inverse modulo the modulus.
    case notInvertible(value: UInt64, modulus: UInt64)
    /// The prime search found fewer primes than requested.
    case notEnoughPrimes(bitSize: Int, requested: Int, degree: Int)
    /// A requested prime bit size outside the supported range.
    case invalidBitSize(Int)
    /// The moduli of one chain must be distinct.
    case duplicateModulus(UInt64)
    /// A chain needs at least one modulus.
    case emptyModulusChain
    /// A Galois element must be odd and smaller than 2N.
    case invalidGaloisElement(Int, degree: Int)

    public var description: String {
        switch self {
        case .invalidModulus(let q): "modulus \(q) is outside 2 ..< 2^61"
        case .invalidDegree(let n): "ring degree \(n) is not a power of two in 2 ... 2^17"
        case .notNTTFriendly(let q, let n): "modulus \(q) is not a prime congruent to 1 mod 2·\(n)"
        case .notInvertible(let value, let q): "\(value) has no inverse modulo \(q)"
        case .notEnoughPrimes(let bits, let count, let n):
            "fewer than \(count) NTT-friendly \(bits)-bit primes exist for N = \(n)"
        case .invalidBitSize(let bits): "prime bit size \(bits) is outside 14 ... 61"
        case .duplicateModulus(let q): "modulus \(q) appears twice in the chain"
        case .emptyModulusChain: "a modulus chain needs at least one modulus"
        case .invalidGaloisElement(let k, let n): "Galois element \(k) is not odd and below 2·\(n)"
        }
    }
}
