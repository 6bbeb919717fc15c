import RingArithmetic

extension CKKSContext {
    /// ModDown: round(x / P) from Q_ℓ·P (evaluation form, limbs q_0 … q_ℓ then the special primes) to Q_ℓ
    /// (evaluation form), with the ring layer's `RoundedDivision`. Works in place in `x`'s storage.
    ///
    /// The special limbs go to coefficient form and are prepared for the conversion P → Q_ℓ (limb-parallel);
    /// the correction multiples follow; then each q_i limb is divided on its own (`modDownLimb`).
    /// - Parameters:
    ///   - firstSpecialOnly: divide by p_0 instead of P (x is then over Q_ℓ·p_0; used by encryption).
    func modDown(_ x: consuming [UInt64], level: Int, firstSpecialOnly: Bool = false) -> RNSPolynomial<Evaluation> {
        let plan = keySwitching[level]
        let n = degree
        let count = level + 1
        let division = firstSpecialOnly ? plan.encryptionModDown : plan.modDown
        let k = division.specialModuli.count
        precondition(x.count == (count + k) * n, "ModDown input is not over Q_ℓ·P")
        let multiples = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        defer { multiples.deallocate() }
        x.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let special = base + count * n
            Parallel.forEach(k, wordsEach: n) { m in
                specialContext.ntt[m].inverse(special + m * n)
                division.conversion.prepare(special + m * n, source: m, count: n)
            }
            division.conversion.correctionMultiples(special, count: n, into: multiples)
            let chunks = Self.chunkCount(count)
            Parallel.forEach(chunks, wordsEach: n * (k + 1) * count / chunks) { chunk in
                let remainder = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
                defer { remainder.deallocate() }
                for i in stride(from: chunk, to: count, by: chunks) {
                    modDownLimb(base + i * n, index: i, division: division, hats: special, multiples: multiples, scratch: remainder)
                }
            }
        }
        x.removeLast(k * n)
        return RNSPolynomial(context: levelContexts[level], data: x)
    }

    /// Kernel "ModDown one limb": limb i of round(x/P), in place, in evaluation form.
    ///
    /// Converts the prepared special limbs to q_i (the centred x mod P), transforms that remainder forward,
    /// and divides: limb ← (limb − remainder)·P^(−1) mod q_i.
    /// - Parameters:
    ///   - limb: x's N residues modulo q_i, evaluation form, in [0, q_i); overwritten with the result.
    ///   - hats, multiples: the conversion's prepared special limbs and correction multiples, read only.
    ///   - scratch: N words of the caller's (one per core), overwritten; must not overlap anything else.
    @inline(__always)
    private func modDownLimb(
        _ limb: UnsafeMutablePointer<UInt64>, index i: Int, division: RoundedDivision,
        hats: UnsafePointer<UInt64>, multiples: UnsafePointer<UInt64>, scratch: UnsafeMutablePointer<UInt64>
    ) {
        division.conversion.convert(hats, multiples: multiples, target: i, into: scratch, count: degree)
        topContext.ntt[i].forward(scratch)
        division.divide(limb, subtracting: scratch, base: i, count: degree)
    }
}
