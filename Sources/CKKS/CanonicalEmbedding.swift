/// The CKKS encoding map between slot vectors and real polynomials of R[X]/(X^N + 1), before scaling.
///
/// Decoding evaluates m(X) at ζ^{5^j}, ζ = e^{iπ/N}, for j = 0 … n−1 (Cheon–Kim–Kim–Song 2017, §3.2:
/// the canonical embedding restricted to one root of each conjugate pair); encoding is its inverse on
/// real polynomials. With n < N/2 slots ("sparse packing") the polynomial lies in R[Y]/(Y^{2n}+1),
/// Y = X^{N/(2n)}: only every (N/2n)-th coefficient is non-zero, and the n values repeat N/(2n) times over
/// the full set of N/2 roots. The fast transform is `SlotTransform`.
public struct CanonicalEmbedding: Sendable {
    /// The ring degree N.
    public let degree: Int
    private let transform: SlotTransform

    /// - Parameter degree: N, a power of two ≥ 2.
    public init(degree: Int) {
        precondition(degree >= 2 && degree & (degree - 1) == 0, "degree must be a power of two")
        self.degree = degree
        transform = SlotTransform(maximumSlotCount: degree / 2)
    }

    /// The real polynomial m of degree < N whose values at the first n = `slots.count` roots are `slots`.
    /// - Parameter slots: n values, n a power of two ≤ N/2.
    /// - Returns: N real coefficients (non-zero only at multiples of N/(2n)).
    public func coefficients(fromSlots slots: [Complex]) -> [Double] {
        let n = slots.count
        var values = slots
        transform.interpolate(&values)
        let gap = degree / (2 * n)
        var coefficients = [Double](repeating: 0, count: degree)
        for k in 0..<n {
            coefficients[k * gap] = values[k].real
            coefficients[(k + n) * gap] = values[k].imaginary
        }
        return coefficients
    }

    /// The values of m at the first `slotCount` roots ζ^{5^j} of the subring for `slotCount` slots.
    /// - Parameters:
    ///   - coefficients: N real coefficients; only those at multiples of N/(2n) are read.
    ///   - slotCount: n, a power of two ≤ N/2.
    /// - Returns: n complex slot values.
    public func slots(fromCoefficients coefficients: [Double], slotCount n: Int) -> [Complex] {
        precondition(coefficients.count == degree)
        let gap = degree / (2 * n)
        var values = (0..<n).map { k in Complex(coefficients[k * gap], coefficients[(k + n) * gap]) }
        transform.evaluate(&values)
        return values
    }
}
