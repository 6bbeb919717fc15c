/// How `EncodedLinearTransform` sums its giant steps y = Σ_j rot(inner_j, j·g), where inner_j is the sum of
/// the baby-step products of giant index j (j may be negative: offsets are split as signed steps).
public enum GiantStepAccumulation: Sendable, Hashable {
    /// Each inner_j rotated by j·g on its own: one rotation per non-zero giant index, and one Galois key per
    /// index. Cheapest in rotations when the giant indices are few or scattered (matrix products, permutations).
    case independent
    /// Horner's scheme, acc ← rot(acc, g) + inner_j from the largest index down to 0 (and with −g from the
    /// smallest negative index up, plus a last rotation): one rotation per index of the span, but only the two
    /// keys ±g whatever the number of giant steps (Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux,
    /// EUROCRYPT 2021, §3.2). Suits the contiguous offsets of FFT factors, where rotation keys dominate memory.
    case nested
}
