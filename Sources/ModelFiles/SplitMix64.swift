/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator with good statistical quality, for
/// reproducible sampling, tour kicks and test data (not for keys: it is not cryptographically secure).
///
/// The one definition for the application modules, which all build on this one: `LanguageModel` re-exports it
/// (`Sampler`), `TokenOrdering` draws its kicks from it, and the loader fuzz tests their corruptions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// - Parameter seed: any 64-bit seed; the same seed gives the same stream.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
