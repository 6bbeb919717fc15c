import RingArithmetic

// The key-switching inner product Σ_j ModUp(d)_j · (b_j, a_j) over Q_ℓ·P, evaluation form, one extended
// position (one prime) at a time. Every residue (lifted digits and key limbs) lies in [0, q) with q < 2^61,
// so each product is below q² and the exact 128-bit sum of dnum ≤ 63 of them (`WideSum`) is reduced once
// per output word: one Barrett reduction when dnum·q < 2^64 (the sum is then below q·2^64), otherwise two.

/// Whether the 128-bit sum of `terms` products of residues below q is below q·2^64, so that one Barrett
/// reduction finishes it.
@inline(__always) func sumNeedsOneReduction(terms: Int, modulus q: Modulus) -> Bool {
    UInt64(terms) <= UInt64.max / q.value
}

/// The N running sums of Σ_j x_j·b_j and of Σ_j x_j·a_j at one extended position: the scratch of the fused
/// ModUp-and-multiply kernels, owned by one core.
struct KeyProductSums {
    let b: UnsafeMutablePointer<WideSum>
    let a: UnsafeMutablePointer<WideSum>

    /// Kernel "multiply-accumulate against key limbs": adds x·b and x·a, word by word (`start`: overwrites
    /// the sums with the first digit's products instead).
    /// - Parameters:
    ///   - x: one lifted digit limb, N words in [0, q).
    ///   - keyB, keyA: the key's limbs of that digit at the same position, N words each in [0, q).
    ///   - count: N. The sums must not overlap the inputs; the caller bounds the number of digits (≤ 63).
    @inline(__always)
    func accumulate(_ x: UnsafePointer<UInt64>, b keyB: UnsafePointer<UInt64>, a keyA: UnsafePointer<UInt64>, count: Int, start: Bool) {
        if start {
            for c in 0..<count {
                b[c] = WideSum(x[c], times: keyB[c])
                a[c] = WideSum(x[c], times: keyA[c])
            }
        } else {
            for c in 0..<count {
                b[c].add(x[c], times: keyB[c])
                a[c].add(x[c], times: keyA[c])
            }
        }
    }

    /// Kernel "reduce the sums": `first[c] = Σ x·b mod q`, `second[c] = Σ x·a mod q`, both in [0, q).
    /// - Parameters:
    ///   - terms: the number of digits accumulated (decides between one and two Barrett reductions).
    ///   - first, second: N words each, written; must not overlap the sums.
    @inline(__always)
    func reduce(modulo q: Modulus, terms: Int, into first: UnsafeMutablePointer<UInt64>, _ second: UnsafeMutablePointer<UInt64>, count: Int) {
        if sumNeedsOneReduction(terms: terms, modulus: q) {
            for c in 0..<count {
                first[c] = b[c].reduced(modulo: q, highBelowModulus: true)
                second[c] = a[c].reduced(modulo: q, highBelowModulus: true)
            }
        } else {
            for c in 0..<count {
                first[c] = b[c].reduced(modulo: q, highBelowModulus: false)
                second[c] = a[c].reduced(modulo: q, highBelowModulus: false)
            }
        }
    }
}

/// Mutable views of the two accumulators of an `ExtendedPair`, limb-major over Q_ℓ·P.
struct ExtendedPairPointers {
    let first: UnsafeMutablePointer<UInt64>
    let second: UnsafeMutablePointer<UInt64>
}

extension ExtendedPair {
    /// Calls `body` with pointers to both accumulators (distinct arrays, so they never overlap).
    mutating func withPointers<R>(_ body: (ExtendedPairPointers) -> R) -> R {
        first.withUnsafeMutableBufferPointer { f in
            second.withUnsafeMutableBufferPointer { s in
                body(ExtendedPairPointers(first: f.baseAddress!, second: s.baseAddress!))
            }
        }
    }
}

extension CKKSContext {
    /// ModUp and inner product fused per extended position, without storing the decomposition.
    ///
    /// The extended positions are split into one chunk per core; each chunk reuses one scratch limb and the
    /// 128-bit sums of one position (`KeyProductSums`), so a key switch allocates O(cores · N) words instead
    /// of O(dnum · (ℓ+1+k) · N).
    /// - Parameters:
    ///   - plan: the ModUp plan of `d`'s level (`nil`: the context's, lifting to all of P).
    func liftAndMultiply(_ d: RNSPolynomial<Evaluation>, key: SwitchingKey, plan: KeySwitchingPlan? = nil) -> ExtendedPair {
        let plan = plan ?? keySwitching[d.limbCount - 1]
        let n = degree
        let extended = plan.extendedModuli.count
        // Every word of both accumulators is written, so they start uninitialised (no page-zeroing pass).
        var pair = ExtendedPair(first: Self.uninitializedWords(extended * n), second: Self.uninitializedWords(extended * n))
        let chunks = Self.chunkCount(extended)
        withDigitLift(d, plan: plan) { lift in
            key.data.withUnsafeBufferPointer { keyData in
                pair.withPointers { output in
                    Parallel.forEach(chunks, wordsEach: n * plan.digits.count * extended / chunks) { chunk in
                        liftAndMultiply(
                            positions: stride(from: chunk, to: extended, by: chunks), lift: lift, key: key,
                            keyData: keyData.baseAddress!, output: output)
                    }
                }
            }
        }
        return pair
    }

    /// The fused kernel on some extended positions, on one core: for each position t and digit j, lift digit
    /// j to t into a scratch limb and multiply-accumulate it against the key's limbs; then reduce the sums into
    /// limb t of both outputs. Positions of different calls must be disjoint (each writes only its limbs).
    private func liftAndMultiply(
        positions: StrideTo<Int>, lift: DigitLift, key: SwitchingKey, keyData: UnsafePointer<UInt64>,
        output: ExtendedPairPointers
    ) {
        let n = degree
        let plan = lift.plan
        let digitCount = plan.digits.count
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let sumB = UnsafeMutablePointer<WideSum>.allocate(capacity: n)
        let sumA = UnsafeMutablePointer<WideSum>.allocate(capacity: n)
        defer {
            scratch.deallocate()
            sumB.deallocate()
            sumA.deallocate()
        }
        let sums = KeyProductSums(b: sumB, a: sumA)
        for t in positions {
            let keyLimb = key.limb(t, level: plan.level)
            for j in 0..<digitCount {
                lift.liftLimb(digit: j, target: t, into: scratch)
                sums.accumulate(
                    scratch, b: keyData + key.offset(digit: j, component: 0, limb: keyLimb),
                    a: keyData + key.offset(digit: j, component: 1, limb: keyLimb), count: n, start: j == 0)
            }
            sums.reduce(
                modulo: plan.extendedModuli[t], terms: digitCount, into: output.first + t * n, output.second + t * n,
                count: n)
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
        withReadPointers(key.data, decomposed.limbs) { keyData, limbs in
            withOptionalPointer(permutation) { permutation in
                pair.withPointers { output in
                    Parallel.forEach(extended, wordsEach: n * decomposed.digitCount) { t in
                        innerProductLimb(
                            digits: (0..<decomposed.digitCount).map { limbs + ($0 * extended + t) * n },
                            permutation: permutation, keyData: keyData, key: key, keyLimb: key.limb(t, level: level),
                            modulus: plan.extendedModuli[t], first: output.first + t * n, second: output.second + t * n)
                    }
                }
            }
        }
        return pair
    }

    /// Kernel "inner product at one position": `first[c] = Σ_j digit_j[π(c)]·b_j[c]`, `second[c] =
    /// Σ_j digit_j[π(c)]·a_j[c]` (mod q), with π the Galois permutation (identity when `nil`), summed in
    /// registers in 128 bits and reduced once per word.
    /// - Parameters:
    ///   - digits: the stored lifted limbs at this position, N words each in [0, q), read only.
    ///   - keyData: the switching key's storage (layout of `SwitchingKey.data`), read only.
    ///   - first, second: N words each, written in [0, q); must not overlap the inputs.
    @inline(__always)
    private func innerProductLimb(
        digits: [UnsafePointer<UInt64>], permutation: UnsafePointer<UInt32>?, keyData: UnsafePointer<UInt64>,
        key: SwitchingKey, keyLimb: Int, modulus q: Modulus,
        first: UnsafeMutablePointer<UInt64>, second: UnsafeMutablePointer<UInt64>
    ) {
        let bPointers = digits.indices.map { keyData + key.offset(digit: $0, component: 0, limb: keyLimb) }
        let aPointers = digits.indices.map { keyData + key.offset(digit: $0, component: 1, limb: keyLimb) }
        let once = sumNeedsOneReduction(terms: digits.count, modulus: q)
        for c in 0..<degree {
            let source = permutation.map { Int($0[c]) } ?? c
            var sumB = WideSum(), sumA = WideSum()
            for j in digits.indices {
                let x = digits[j][source]
                sumB.add(x, times: bPointers[j][c])
                sumA.add(x, times: aPointers[j][c])
            }
            first[c] = sumB.reduced(modulo: q, highBelowModulus: once)
            second[c] = sumA.reduced(modulo: q, highBelowModulus: once)
        }
    }
}

/// Calls `body` with pointers to two arrays' storage.
@inline(__always)
func withReadPointers<R>(_ a: [UInt64], _ b: [UInt64], _ body: (UnsafePointer<UInt64>, UnsafePointer<UInt64>) -> R) -> R {
    a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in body(x.baseAddress!, y.baseAddress!) } }
}

/// Calls `body` with a pointer to the array's storage, or `nil`.
@inline(__always)
func withOptionalPointer<R>(_ array: [UInt32]?, _ body: (UnsafePointer<UInt32>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}
