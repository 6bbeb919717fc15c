import RingArithmetic

/// Reproducible randomness for tests: the ring layer's seeded xoshiro256** (not cryptographic; never for real
/// keys). Every test target shares this one name.
public typealias SeededGenerator = SeededRandomGenerator
