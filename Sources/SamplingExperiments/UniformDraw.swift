/// Uniform doubles in `[0, 1)` from any generator: the 53 high bits of one 64-bit draw.
@inlinable func uniformUnitInterval<G: RandomNumberGenerator>(using generator: inout G) -> Double {
    Double(generator.next() >> 11) * 0x1p-53
}
