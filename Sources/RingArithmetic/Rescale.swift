/// Dropping the last RNS modulus, with and without division: the primitives behind CKKS rescaling
/// and modulus switching.
extension RNSPolynomial where Format == Coefficient {
    /// `round(self / q_last)` in the chain without `q_last` (the rescale primitive).
    ///
    /// With `h = floor(q_last / 2)`, `round(a / q_last) = (a + h − [a + h]_{q_last}) / q_last` exactly, so
    /// each remaining limb becomes `(a_i + h − [a_L + h]_{q_L}) · q_L^(−1) mod q_i` (Cheon et al. 2018,
    /// "A full RNS variant of approximate homomorphic encryption", §3.3).
    /// - Precondition: at least two limbs.
    public func droppingLastLimbRounded() -> Self {
        let (lower, lastLimb) = splitForRescale()
        var result = lower
        let n = degree
        let last = context.moduli[limbCount - 1]
        let half = last.value >> 1
        // [a_L + h]_{q_L}, the exact integer remainder of a + h modulo q_L.
        let remainder = lastLimb.map { last.add($0, last.reduce(half)) }
        remainder.withUnsafeBufferPointer { r in
            let rBase = r.baseAddress!
            let inverses = context.lastModulusInverses
            result.forEachLimb { limb, q, x in
                let hModQ = q.reduce(half)
                let inverse = inverses[limb]
                for j in 0..<n {
                    let shifted = q.add(x[j], hModQ)
                    x[j] = q.multiply(q.subtract(shifted, q.reduce(rBase[j])), by: inverse)
                }
            }
        }
        return result
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// `round(self / q_last)` for a polynomial in evaluation form: only the last limb goes through an
    /// inverse NTT; its rounded remainder is transformed forward once per remaining limb.
    /// - Precondition: at least two limbs.
    public func droppingLastLimbRounded() -> Self {
        let (lower, lastLimbValues) = splitForRescale()
        var lastLimb = lastLimbValues
        let n = degree
        let last = context.moduli[limbCount - 1]
        let half = last.value >> 1
        lastLimb.withUnsafeMutableBufferPointer { context.ntt[limbCount - 1].inverse($0.baseAddress!) }
        let remainder = lastLimb.map { last.add($0, half) }  // [a_L + h]_{q_L}, coefficient form
        var result = lower
        let tables = lower.context.ntt
        let inverses = context.lastModulusInverses
        remainder.withUnsafeBufferPointer { r in
            let rBase = r.baseAddress!
            result.forEachLimb { limb, q, x in
                // (a_i − [a_L + h]_{q_L} + h) in evaluation form: transform the reduced remainder minus h.
                let hModQ = q.reduce(half)
                var correction = [UInt64](repeating: 0, count: n)
                correction.withUnsafeMutableBufferPointer { c in
                    let cBase = c.baseAddress!
                    for j in 0..<n { cBase[j] = q.subtract(q.reduce(rBase[j]), hModQ) }
                    tables[limb].forward(cBase)
                    let inverse = inverses[limb]
                    for j in 0..<n { x[j] = q.multiply(q.subtract(x[j], cBase[j]), by: inverse) }
                }
            }
        }
        return result
    }
}

extension RNSPolynomial {
    /// The same polynomial in the chain without its last `count` moduli: modulus switching down with no
    /// division, valid (in either form) when the value is small compared with the remaining modulus.
    public func droppingLastLimbs(_ count: Int) -> Self {
        let target = context.dropping(limbs: count)
        return Self(uncheckedContext: target, data: Array(data[0..<(target.limbCount * degree)]))
    }

    /// The first `L − 1` limbs as a polynomial of `context.next`, and the last limb's residues.
    fileprivate func splitForRescale() -> (Self, [UInt64]) {
        guard let lower = context.next else { preconditionFailure("cannot rescale a single-limb polynomial") }
        let boundary = lower.limbCount * degree
        return (Self(uncheckedContext: lower, data: Array(data[0..<boundary])), Array(data[boundary...]))
    }
}
