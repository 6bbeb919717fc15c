@_spi(Testing) import RingArithmetic

/// Reproducible randomness for tests: the ring layer's seeded xoshiro256** stream under its testing name, which
/// key generation and encryption accept (**never for real keys**: it is not cryptographic). Every test target
/// shares this one name.
public typealias SeededGenerator = SeededGeneratorForTesting
