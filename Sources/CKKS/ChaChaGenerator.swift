/// A deterministic cryptographically secure generator: the ChaCha20 stream cipher (D. J. Bernstein,
/// "ChaCha, a variant of Salsa20", 2008; RFC 8439 block function) keyed by a 256-bit seed, nonce zero.
///
/// Used to expand the 32-byte seed of a secret-key ciphertext into its uniform polynomial `a`, so the
/// ciphertext can store the seed instead of `a` (halving its size). The seed itself comes from the system CSPRNG.
public struct ChaChaGenerator: RandomNumberGenerator, Sendable {
    /// The 256-bit key as eight little-endian words.
    public let seed: [UInt32]
    private var counter: UInt32 = 0
    private var buffer: [UInt64] = []
    private var position = 0

    /// - Parameter seed: eight 32-bit words (256 bits).
    public init(seed: [UInt32]) {
        precondition(seed.count == 8, "ChaCha20 needs a 256-bit seed")
        self.seed = seed
    }

    /// A fresh seed from the system CSPRNG.
    public static func randomSeed() -> [UInt32] {
        var system = SystemRandomNumberGenerator()
        return (0..<8).map { _ in UInt32(truncatingIfNeeded: system.next()) }
    }

    public mutating func next() -> UInt64 {
        if position == buffer.count { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    @inline(__always)
    private static func quarterRound(_ s: inout [UInt32], _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        s[a] &+= s[b]; s[d] ^= s[a]; s[d] = s[d] << 16 | s[d] >> 16
        s[c] &+= s[d]; s[b] ^= s[c]; s[b] = s[b] << 12 | s[b] >> 20
        s[a] &+= s[b]; s[d] ^= s[a]; s[d] = s[d] << 8 | s[d] >> 24
        s[c] &+= s[d]; s[b] ^= s[c]; s[b] = s[b] << 7 | s[b] >> 25
    }

    /// The RFC 8439 block function for the current counter (nonce 0).
    static func block(seed: [UInt32], counter: UInt32) -> [UInt32] {
        let initial: [UInt32] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574] + seed + [counter, 0, 0, 0]
        var s = initial
        for _ in 0..<10 {
            quarterRound(&s, 0, 4, 8, 12); quarterRound(&s, 1, 5, 9, 13)
            quarterRound(&s, 2, 6, 10, 14); quarterRound(&s, 3, 7, 11, 15)
            quarterRound(&s, 0, 5, 10, 15); quarterRound(&s, 1, 6, 11, 12)
            quarterRound(&s, 2, 7, 8, 13); quarterRound(&s, 3, 4, 9, 14)
        }
        return (0..<16).map { s[$0] &+ initial[$0] }
    }

    private mutating func refill() {
        var words: [UInt64] = []
        words.reserveCapacity(64)
        for _ in 0..<8 {
            let b = Self.block(seed: seed, counter: counter)
            counter &+= 1
            precondition(counter != 0, "ChaCha20 counter exhausted")
            for i in 0..<8 { words.append(UInt64(b[2 * i]) | UInt64(b[2 * i + 1]) << 32) }
        }
        buffer = words
        position = 0
    }
}
