import Foundation
import RingArithmetic

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
    /// The NTT tables of extended position t at `level`.
    @inline(__always) func nttTables(_ t: Int, level: Int) -> NTTTables {
        t <= level ? topContext.ntt[t] : specialContext.ntt[t - level - 1]
    }

    /// The ModUp "hat" values x̂ (coefficient form, limb-major over Q_ℓ) and per-digit correction multiples v.
    private func modUpPrelude(_ d: RNSPolynomial<Evaluation>, plan: KeySwitchingPlan) -> (hats: [UInt64], multiples: [UInt64]) {
        let n = degree
        var hats = d.inverseNTT().data
        var multiples = [UInt64](repeating: 0, count: plan.digits.count * n)
        hats.withUnsafeMutableBufferPointer { h in
            let base = h.baseAddress!
            Parallel.forEach(plan.level + 1, wordsEach: n) { i in
                let j = i / plan.digitSize
                plan.modUp[j].prepare(base + i * n, sourceIndex: i - plan.digits[j].lowerBound, count: n)
            }
            multiples.withUnsafeMutableBufferPointer { v in
                let vBase = v.baseAddress!
                Parallel.forEach(plan.digits.count, wordsEach: n) { j in
                    let pointers = plan.digits[j].map { UnsafePointer(base + $0 * n) }
                    plan.modUp[j].correctionMultiples(pointers, count: n, into: vBase + j * n)
                }
            }
        }
        return (hats, multiples)
    }

    /// Writes digit j of `d`, lifted to extended position t, in evaluation form, into `output`.
    @inline(__always)
    private func liftedDigitLimb(
        digit j: Int, target t: Int, plan: KeySwitchingPlan, evaluation: UnsafePointer<UInt64>,
        hats: UnsafePointer<UInt64>, multiples: UnsafePointer<UInt64>, into output: UnsafeMutablePointer<UInt64>
    ) {
        let n = degree
        let digit = plan.digits[j]
        if digit.contains(t) {
            output.update(from: evaluation + t * n, count: n)
            return
        }
        let targetIndex = plan.modUpTargetPosition[j][t]!
        let pointers = digit.map { UnsafePointer(hats + $0 * n) }
        plan.modUp[j].convert(pointers, multiples: multiples + j * n, target: targetIndex, into: output, count: n)
        nttTables(t, level: plan.level).forward(output)
    }

    /// ModUp of every digit of `d` (evaluation form over Q_ℓ), stored for reuse (hoisting).
    func decompose(_ d: RNSPolynomial<Evaluation>) -> DecomposedPolynomial {
        let level = d.limbCount - 1
        let plan = keySwitching[level]
        let n = degree
        let extended = plan.extendedModuli.count
        let digitCount = plan.digits.count
        let (hats, multiples) = modUpPrelude(d, plan: plan)
        var limbs = [UInt64](repeating: 0, count: digitCount * extended * n)
        d.data.withUnsafeBufferPointer { e in
            hats.withUnsafeBufferPointer { h in
                multiples.withUnsafeBufferPointer { v in
                    limbs.withUnsafeMutableBufferPointer { out in
                        let outBase = out.baseAddress!
                        Parallel.forEach(digitCount * extended, wordsEach: n) { index in
                            let (j, t) = index.quotientAndRemainder(dividingBy: extended)
                            liftedDigitLimb(
                                digit: j, target: t, plan: plan, evaluation: e.baseAddress!, hats: h.baseAddress!,
                                multiples: v.baseAddress!, into: outBase + index * n)
                        }
                    }
                }
            }
        }
        return DecomposedPolynomial(level: level, digitCount: digitCount, extendedCount: extended, limbs: limbs)
    }

    /// Σ_j digit_j · (b_j, a_j) at one extended position, with 128-bit lazy accumulation (≤ 63 digits).
    /// - Parameters:
    ///   - keyData: the switching key's storage (layout of `SwitchingKey.data`).
    @inline(__always)
    private func accumulate(
        digits: [UnsafePointer<UInt64>], permutation: UnsafePointer<UInt32>?, keyData: UnsafePointer<UInt64>,
        key: SwitchingKey, keyLimb: Int, modulus q: Modulus,
        first: UnsafeMutablePointer<UInt64>, second: UnsafeMutablePointer<UInt64>
    ) {
        let n = degree
        let bPointers = digits.indices.map { keyData + key.offset(digit: $0, component: 0, limb: keyLimb) }
        let aPointers = digits.indices.map { keyData + key.offset(digit: $0, component: 1, limb: keyLimb) }
        let single = UInt64(digits.count) <= UInt64.max / q.value  // one Barrett reduction suffices (see above)
        for c in 0..<n {
            let source = permutation.map { Int($0[c]) } ?? c
            var low0: UInt64 = 0, high0: UInt64 = 0, low1: UInt64 = 0, high1: UInt64 = 0
            for j in digits.indices {
                let x = digits[j][source]
                let p0 = x.multipliedFullWidth(by: bPointers[j][c])
                let (s0, c0) = low0.addingReportingOverflow(p0.low)
                low0 = s0
                high0 &+= p0.high &+ (c0 ? 1 : 0)
                let p1 = x.multipliedFullWidth(by: aPointers[j][c])
                let (s1, c1) = low1.addingReportingOverflow(p1.low)
                low1 = s1
                high1 &+= p1.high &+ (c1 ? 1 : 0)
            }
            if single {
                first[c] = q.reduce(high: high0, low: low0)
                second[c] = q.reduce(high: high1, low: low1)
            } else {
                first[c] = q.reduce(high: q.reduce(high0), low: low0)
                second[c] = q.reduce(high: q.reduce(high1), low: low1)
            }
        }
    }

    /// The key-switching inner product of a stored decomposition, optionally composed with the Galois
    /// automorphism whose evaluation-form permutation is given (hoisted rotation).
    func innerProduct(_ decomposed: DecomposedPolynomial, key: SwitchingKey, permutation: [UInt32]? = nil) -> ExtendedPair {
        let n = degree
        let level = decomposed.level
        let plan = keySwitching[level]
        let extended = decomposed.extendedCount
        var pair = ExtendedPair(first: Self.uninitializedWords(extended * n), second: Self.uninitializedWords(extended * n))
        key.data.withUnsafeBufferPointer { keyBuffer in
            decomposed.limbs.withUnsafeBufferPointer { limbs in
                let base = limbs.baseAddress!
                withOptionalPointer(permutation) { perm in
                    pair.first.withUnsafeMutableBufferPointer { f in
                        pair.second.withUnsafeMutableBufferPointer { s in
                            let fBase = f.baseAddress!, sBase = s.baseAddress!
                            Parallel.forEach(extended, wordsEach: n * decomposed.digitCount) { t in
                                let digits = (0..<decomposed.digitCount).map { base + ($0 * extended + t) * n }
                                accumulate(
                                    digits: digits, permutation: perm, keyData: keyBuffer.baseAddress!, key: key,
                                    keyLimb: key.limb(t, level: level), modulus: plan.extendedModuli[t],
                                    first: fBase + t * n, second: sBase + t * n)
                            }
                        }
                    }
                }
            }
        }
        return pair
    }

    /// ModUp and inner product fused per extended position, without storing the decomposition.
    ///
    /// The extended positions are split into one chunk per core; each chunk reuses one scratch limb and four
    /// 128-bit accumulator halves (low/high words for b and a), so a key switch allocates O(cores · N) words
    /// instead of O(dnum · (ℓ+1+k) · N).
    /// - Parameters:
    ///   - plan: the ModUp plan of `d`'s level (`nil`: the context's, lifting to all of P).
    func liftAndMultiply(_ d: RNSPolynomial<Evaluation>, key: SwitchingKey, plan: KeySwitchingPlan? = nil) -> ExtendedPair {
        let level = d.limbCount - 1
        let plan = plan ?? keySwitching[level]
        let n = degree
        let extended = plan.extendedModuli.count
        let digitCount = plan.digits.count
        let (hats, multiples) = modUpPrelude(d, plan: plan)
        // Every word of both accumulators is written below, so they start uninitialised (no page-zeroing pass).
        var pair = ExtendedPair(first: Self.uninitializedWords(extended * n), second: Self.uninitializedWords(extended * n))
        let chunks = min(extended, Parallel.maximumThreads == 1 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount))
        key.data.withUnsafeBufferPointer { keyBuffer in
            let keyBase = keyBuffer.baseAddress!
            d.data.withUnsafeBufferPointer { e in
                hats.withUnsafeBufferPointer { h in
                    multiples.withUnsafeBufferPointer { v in
                        pair.first.withUnsafeMutableBufferPointer { f in
                            pair.second.withUnsafeMutableBufferPointer { s in
                                let fBase = f.baseAddress!, sBase = s.baseAddress!
                                Parallel.forEach(chunks, wordsEach: n * digitCount * extended / chunks) { chunk in
                                    var work = [UInt64](repeating: 0, count: 5 * n)
                                    work.withUnsafeMutableBufferPointer { w in
                                        let scratch = w.baseAddress!
                                        let lowB = scratch + n, highB = scratch + 2 * n
                                        let lowA = scratch + 3 * n, highA = scratch + 4 * n
                                        for t in stride(from: chunk, to: extended, by: chunks) {
                                            let keyLimb = key.limb(t, level: level)
                                            for j in 0..<digitCount {
                                                liftedDigitLimb(
                                                    digit: j, target: t, plan: plan, evaluation: e.baseAddress!,
                                                    hats: h.baseAddress!, multiples: v.baseAddress!, into: scratch)
                                                let b = keyBase + key.offset(digit: j, component: 0, limb: keyLimb)
                                                let a = keyBase + key.offset(digit: j, component: 1, limb: keyLimb)
                                                if j == 0 {
                                                    for c in 0..<n {
                                                        let x = scratch[c]
                                                        let p0 = x.multipliedFullWidth(by: b[c])
                                                        lowB[c] = p0.low
                                                        highB[c] = p0.high
                                                        let p1 = x.multipliedFullWidth(by: a[c])
                                                        lowA[c] = p1.low
                                                        highA[c] = p1.high
                                                    }
                                                } else {
                                                    for c in 0..<n {
                                                        let x = scratch[c]
                                                        let p0 = x.multipliedFullWidth(by: b[c])
                                                        let (s0, c0) = lowB[c].addingReportingOverflow(p0.low)
                                                        lowB[c] = s0
                                                        highB[c] &+= p0.high &+ (c0 ? 1 : 0)
                                                        let p1 = x.multipliedFullWidth(by: a[c])
                                                        let (s1, c1) = lowA[c].addingReportingOverflow(p1.low)
                                                        lowA[c] = s1
                                                        highA[c] &+= p1.high &+ (c1 ? 1 : 0)
                                                    }
                                                }
                                            }
                                            let q = plan.extendedModuli[t]
                                            let first = fBase + t * n, second = sBase + t * n
                                            // Σ_j of dnum products below q² stays below q·2^64 when dnum·q < 2^64:
                                            // then one Barrett reduction suffices.
                                            if UInt64(digitCount) <= UInt64.max / q.value {
                                                for c in 0..<n {
                                                    first[c] = q.reduce(high: highB[c], low: lowB[c])
                                                    second[c] = q.reduce(high: highA[c], low: lowA[c])
                                                }
                                            } else {
                                                for c in 0..<n {
                                                    first[c] = q.reduce(high: q.reduce(highB[c]), low: lowB[c])
                                                    second[c] = q.reduce(high: q.reduce(highA[c]), low: lowA[c])
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return pair
    }

    /// ModDown: round(x / P) from Q_ℓ·P (evaluation form, limbs q_0 … q_ℓ then the special primes) to Q_ℓ
    /// (evaluation form). Works in place in `x`'s storage.
    /// - Parameters:
    ///   - firstSpecialOnly: divide by p_0 instead of P (x is then over Q_ℓ·p_0; used by encryption).
    func modDown(_ x: consuming [UInt64], level: Int, firstSpecialOnly: Bool = false) -> RNSPolynomial<Evaluation> {
        let plan = keySwitching[level]
        let n = degree
        let count = level + 1
        let k = firstSpecialOnly ? 1 : specialModuli.count
        let table = firstSpecialOnly ? plan.encryptionModDown : plan.modDown
        let inverses = firstSpecialOnly ? plan.inverseFirstSpecial : plan.inverseSpecialProduct
        precondition(x.count == (count + k) * n, "ModDown input is not over Q_ℓ·P")
        var multiples = [UInt64](repeating: 0, count: n)
        x.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let special = base + count * n
            // The P part to coefficient form, prepared for conversion.
            Parallel.forEach(k, wordsEach: n) { m in
                specialContext.ntt[m].inverse(special + m * n)
                table.prepare(special + m * n, sourceIndex: m, count: n)
            }
            let pointers = (0..<k).map { UnsafePointer(special + $0 * n) }
            multiples.withUnsafeMutableBufferPointer { v in
                table.correctionMultiples(pointers, count: n, into: v.baseAddress!)
            }
            multiples.withUnsafeBufferPointer { v in
                let chunks = min(count, Parallel.maximumThreads == 1 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount))
                Parallel.forEach(chunks, wordsEach: n * (k + 1) * count / chunks) { chunk in
                    var converted = [UInt64](repeating: 0, count: n)
                    converted.withUnsafeMutableBufferPointer { cv in
                        let cBase = cv.baseAddress!
                        for i in stride(from: chunk, to: count, by: chunks) {
                            table.convert(pointers, multiples: v.baseAddress!, target: i, into: cBase, count: n)
                            topContext.ntt[i].forward(cBase)
                            let q = plan.extendedModuli[i]
                            let inverse = inverses[i]
                            let limb = base + i * n
                            for c in 0..<n { limb[c] = q.multiply(q.subtract(limb[c], cBase[c]), by: inverse) }
                        }
                    }
                }
            }
        }
        x.removeLast(k * n)
        return RNSPolynomial(context: levelContexts[level], data: x)
    }

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
}

extension CKKSContext {
    /// An array of `count` words whose contents the caller overwrites entirely.
    static func uninitializedWords(_ count: Int) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}

/// Calls `body` with a pointer to the array's storage, or `nil`.
@inline(__always)
func withOptionalPointer<R>(_ array: [UInt32]?, _ body: (UnsafePointer<UInt32>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}
