import RingArithmetic

/// The digit-independent half of ModUp for one polynomial d over Q_ℓ: the conversion's "hat" values and
/// correction multiples, computed once and shared by every target prime (Bajard et al. 2016; Halevi,
/// Polyakov, Shoup 2019, §2.2; see the ring layer's `BasisConversion`).
struct ModUpPrelude {
    /// x̂ of every limb, coefficient form, limb-major over Q_ℓ (digit j's limbs are `digits[j]`), in [0, q_i).
    let hats: [UInt64]
    /// The correction multiple v of every coefficient, digit-major (N words per digit), in [0, α].
    let multiples: [UInt64]
}

/// Read-only views of one polynomial's ModUp inputs, for the lifting kernel. Valid only inside
/// `CKKSContext.withDigitLift`, which keeps the arrays they point into alive.
struct DigitLift {
    let plan: KeySwitchingPlan
    let degree: Int
    /// d in evaluation form, limb-major over Q_ℓ.
    let evaluation: UnsafePointer<UInt64>
    /// `ModUpPrelude.hats`.
    let hats: UnsafePointer<UInt64>
    /// `ModUpPrelude.multiples`.
    let multiples: UnsafePointer<UInt64>
    /// The NTT tables of q_0 … q_L and of the special primes.
    let ciphertextTables: [NTTTables]
    let specialTables: [NTTTables]

    /// Kernel "lift one digit limb": digit j of d at extended position t (q_t for t ≤ ℓ, else special prime
    /// p_{t−ℓ−1}), in evaluation form, written to `output` (N words, in [0, q_t)).
    ///
    /// Inside the digit the limb is d's own (copied); outside it is the centred fast base conversion of the
    /// digit's residues, forward-transformed. `output` is scratch owned by the caller and must not overlap the
    /// inputs; the inputs are only read, so any number of limbs can be lifted concurrently.
    @inline(__always)
    func liftLimb(digit j: Int, target t: Int, into output: UnsafeMutablePointer<UInt64>) {
        let n = degree
        let digit = plan.digits[j]
        if digit.contains(t) {
            output.update(from: evaluation + t * n, count: n)
            return
        }
        plan.modUp[j].convert(
            hats + digit.lowerBound * n, multiples: multiples + j * n, target: plan.modUpTarget(t, digit: j),
            into: output, count: n)
        let tables = t <= plan.level ? ciphertextTables[t] : specialTables[t - plan.level - 1]
        tables.forward(output)
    }
}

extension CKKSContext {
    /// The ModUp prelude of `d` (evaluation form over Q_ℓ): an inverse NTT, then, per limb, x̂ (limb-parallel)
    /// and, per digit, the correction multiples (digit-parallel).
    func modUpPrelude(_ d: RNSPolynomial<Evaluation>, plan: KeySwitchingPlan) -> ModUpPrelude {
        let n = degree
        var hats = d.inverseNTT().data
        var multiples = [UInt64](repeating: 0, count: plan.digits.count * n)
        hats.withUnsafeMutableBufferPointer { h in
            let base = h.baseAddress!
            Parallel.forEach(plan.level + 1, wordsEach: n) { i in
                let j = i / plan.digitSize
                plan.modUp[j].prepare(base + i * n, source: i - plan.digits[j].lowerBound, count: n)
            }
            multiples.withUnsafeMutableBufferPointer { v in
                let vBase = v.baseAddress!
                Parallel.forEach(plan.digits.count, wordsEach: n) { j in
                    plan.modUp[j].correctionMultiples(base + plan.digits[j].lowerBound * n, count: n, into: vBase + j * n)
                }
            }
        }
        return ModUpPrelude(hats: hats, multiples: multiples)
    }

    /// Runs ModUp's prelude for `d` and calls `body` with the lifting kernel's views of it.
    func withDigitLift<R>(_ d: RNSPolynomial<Evaluation>, plan: KeySwitchingPlan, _ body: (DigitLift) -> R) -> R {
        let prelude = modUpPrelude(d, plan: plan)
        return d.data.withUnsafeBufferPointer { e in
            prelude.hats.withUnsafeBufferPointer { h in
                prelude.multiples.withUnsafeBufferPointer { v in
                    body(DigitLift(
                        plan: plan, degree: degree, evaluation: e.baseAddress!, hats: h.baseAddress!,
                        multiples: v.baseAddress!, ciphertextTables: topContext.ntt, specialTables: specialContext.ntt))
                }
            }
        }
    }

    /// ModUp of every digit of `d` (evaluation form over Q_ℓ), stored for reuse (hoisting): one lifted limb
    /// per (digit, extended position), all in parallel.
    func decompose(_ d: RNSPolynomial<Evaluation>) -> DecomposedPolynomial {
        let plan = keySwitching[d.limbCount - 1]
        let n = degree
        let extended = plan.extendedModuli.count
        let digitCount = plan.digits.count
        var limbs = Self.uninitializedWords(digitCount * extended * n)
        withDigitLift(d, plan: plan) { lift in
            limbs.withUnsafeMutableBufferPointer { out in
                let outBase = out.baseAddress!
                Parallel.forEach(digitCount * extended, wordsEach: n) { index in
                    let (j, t) = index.quotientAndRemainder(dividingBy: extended)
                    lift.liftLimb(digit: j, target: t, into: outBase + index * n)
                }
            }
        }
        return DecomposedPolynomial(level: plan.level, digitCount: digitCount, extendedCount: extended, limbs: limbs)
    }
}
