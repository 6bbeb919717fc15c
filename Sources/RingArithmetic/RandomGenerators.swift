/// A random number generator whose output cannot be predicted from earlier or later output: the only kind
/// that key generation and encryption accept.
///
/// A marker: conforming asserts that the generator is a cryptographically secure pseudo-random generator
/// seeded with enough entropy. The system generator and CKKS' `ChaChaGenerator` conform; the seeded
/// `SeededRandomGenerator` (xoshiro256**) does not — from four outputs, which a secret-key ciphertext
/// publishes as its seed, its whole state and so every other output (the secret key's) can be recovered.
/// Tests use `SeededGeneratorForTesting` (`@_spi(Testing)`), whose name says what it is.
public protocol CryptographicallySecureGenerator: RandomNumberGenerator {}

/// The generator for keys, encryption randomness and noise: the operating system's CSPRNG.
///
/// `SystemRandomNumberGenerator` reads `getrandom(2)` on Linux and `arc4random_buf` on Apple
/// platforms, both cryptographically secure. Every sampling function defaults to it; only tests and
/// reproducible experiments pass another generator.
public typealias SecureRandomGenerator = SystemRandomNumberGenerator

extension SystemRandomNumberGenerator: CryptographicallySecureGenerator {}

/// **Insecure — tests only.** `SeededRandomGenerator`'s reproducible stream, marked as secure so that tests
/// can generate keys and encrypt deterministically. Reachable only with `@_spi(Testing) import RingArithmetic`.
@_spi(Testing)
public struct SeededGeneratorForTesting: CryptographicallySecureGenerator, Sendable {
    private var base: SeededRandomGenerator

    /// - Parameter seed: as `SeededRandomGenerator(seed:)`; the two produce the same stream.
    public init(seed: UInt64) { base = SeededRandomGenerator(seed: seed) }

    public mutating func next() -> UInt64 { base.next() }
}

/// A fast, seedable, **not cryptographically secure** generator (xoshiro256**, Blackman & Vigna 2018)
/// for reproducible tests and experiments. Never use it for keys or encryption noise: it is not a
/// `CryptographicallySecureGenerator`, and key generation and encryption refuse it.
public struct SeededRandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// - Parameter seed: any 64-bit seed, expanded with SplitMix64 so that nearby seeds give unrelated streams.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }
}
