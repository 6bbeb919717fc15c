import Foundation
import RingArithmetic

// Hybrid key switching (Han and Ki, CT-RSA 2020, §3), in four kernels over raw limbs in evaluation form:
//   ModUp prelude (`ModUp.swift`): inverse NTT of d, the fast base conversion's x̂ and correction multiples;
//   lift one digit limb (`DigitLift.liftLimb`): convert a digit to one extended prime and transform it;
//   multiply-accumulate against the key (`KeySwitchingProducts.swift`), 128-bit lazy sums, one reduction;
//   ModDown one limb (`ModDown.swift`): divide by P with rounding.
// `switchKey` fuses the first three per extended prime; hoisted rotations store the lifted digits once
// (`decompose`) and run the inner product per Galois element (`innerProduct`).

/// A polynomial lifted by ModUp: for every digit j, its residues over Q_ℓ·P in evaluation form
/// (`limbs[(j·extended + t)·N ..< … + N]`). Kept for hoisted rotations, where one decomposition serves many
/// Galois elements (Halevi and Shoup, "Faster Homomorphic Linear Transformations in HElib", CRYPTO 2018, §5).
struct DecomposedPolynomial: Sendable {
    let level: Int
    let digitCount: Int
    let extendedCount: Int
    let limbs: [UInt64]
}

/// The accumulators of a key-switching inner product over Q_ℓ·P (evaluation form, limb-major).
struct ExtendedPair {
    var first: [UInt64]
    var second: [UInt64]
}

extension CKKSContext {
    /// Key switching of `d` (evaluation form over Q_ℓ) from the key's source secret s' to s: returns (u_0, u_1)
    /// with u_0 + u_1·s ≈ d·s' (mod Q_ℓ).
    /// - Parameters:
    ///   - plan: the key's ModUp plan at `d`'s level (`nil`: the context's, for keys over Q_L·P); a plan
    ///     lifting to p_0 alone divides by p_0 at the end.
    func switchKey(
        _ d: RNSPolynomial<Evaluation>, key: SwitchingKey, plan: KeySwitchingPlan? = nil
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = d.limbCount - 1
        let firstSpecialOnly = plan.map { $0.specialCount == 1 && specialModuli.count > 1 } ?? false
        let pair = liftAndMultiply(d, key: key, plan: plan)
        let (first, second) = (pair.first, pair.second)
        _ = consume pair  // leave the accumulators uniquely referenced so ModDown works in place
        return (
            modDown(consume first, level: level, firstSpecialOnly: firstSpecialOnly),
            modDown(consume second, level: level, firstSpecialOnly: firstSpecialOnly)
        )
    }

    /// How many chunks to split `items` limbs of work into: one per core (one with `Parallel.maximumThreads`
    /// = 1), so that each chunk reuses one set of scratch limbs.
    static func chunkCount(_ items: Int) -> Int {
        min(items, Parallel.maximumThreads == 1 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// An array of `count` words whose contents the caller overwrites entirely.
    static func uninitializedWords(_ count: Int) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
