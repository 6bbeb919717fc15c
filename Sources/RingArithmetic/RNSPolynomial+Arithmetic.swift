// Limb-wise ring arithmetic. Every operation requires both operands in the same context and format;
// mixing contexts is a programmer error (the CKKS layer above checks levels and throws typed errors).

extension RNSPolynomial {
    public static func += (lhs: inout Self, rhs: Self) {
        let n = lhs.degree
        lhs.forEachLimb(with: rhs) { _, q, x, y in
            for j in 0..<n { x[j] = q.add(x[j], y[j]) }
        }
    }

    public static func -= (lhs: inout Self, rhs: Self) {
        let n = lhs.degree
        lhs.forEachLimb(with: rhs) { _, q, x, y in
            for j in 0..<n { x[j] = q.subtract(x[j], y[j]) }
        }
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        var result = lhs
        result += rhs
        return result
    }

    public static func - (lhs: Self, rhs: Self) -> Self {
        var result = lhs
        result -= rhs
        return result
    }

    public static prefix func - (operand: Self) -> Self {
        var result = operand
        result.negate()
        return result
    }

    /// Negates in place.
    public mutating func negate() {
        let n = degree
        forEachLimb { _, q, x in
            for j in 0..<n { x[j] = q.negate(x[j]) }
        }
    }

    /// Multiplies limb `i` by `scalars[i]` (a constant given by its residues, each below `q_i`).
    /// - Precondition: one scalar per limb.
    public mutating func multiply(byScalars scalars: [UInt64]) {
        precondition(scalars.count == limbCount, "need one scalar per limb")
        let n = degree
        forEachLimb { limb, q, x in
            let constant = ShoupConstant(scalars[limb], modulus: q)
            for j in 0..<n { x[j] = q.multiply(x[j], by: constant) }
        }
    }

    /// Multiplies by a small signed integer constant.
    public mutating func multiply(by scalar: Int64) {
        multiply(byScalars: context.moduli.map { $0.reduce(signed: scalar) })
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// Pointwise multiplication in place: the ring product, in evaluation form.
    public static func *= (lhs: inout Self, rhs: Self) {
        let n = lhs.degree
        lhs.forEachLimb(with: rhs) { _, q, x, y in
            for j in 0..<n { x[j] = q.multiply(x[j], y[j]) }
        }
    }

    /// The ring product.
    public static func * (lhs: Self, rhs: Self) -> Self {
        var result = lhs
        result *= rhs
        return result
    }

    /// `self += a · b` without an intermediate polynomial (the inner loop of key switching).
    public mutating func addProduct(_ a: Self, _ b: Self) {
        precondition(a.context == b.context, "polynomials from different contexts")
        let n = degree
        b.data.withUnsafeBufferPointer { bBuffer in
            let bBase = bBuffer.baseAddress!
            forEachLimb(with: a) { limb, q, x, y in
                let z = bBase + limb * n
                for j in 0..<n { x[j] = q.add(x[j], q.multiply(y[j], z[j])) }
            }
        }
    }
}
