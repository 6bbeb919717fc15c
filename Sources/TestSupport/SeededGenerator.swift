@_spi(Testing) import RingArithmetic

/// Reproducible randomness for tests: the ring layer's seeded xoshiro256** stream (`SeededGeneratorForTesting`),
/// which key generation and encryption accept. **Not cryptographic; never for real keys** — it lives in this
/// test-only target, which no product exposes. Every test target shares this one name.
public struct SeededGenerator: CryptographicallySecureGenerator, Sendable {
    private var base: SeededGeneratorForTesting

    /// - Parameter seed: any 64-bit seed (the stream of `SeededRandomGenerator(seed:)`).
    public init(seed: UInt64) { base = SeededGeneratorForTesting(seed: seed) }

    public mutating func next() -> UInt64 { base.next() }
}
