/// A bfloat16 copy of the normalised rows with a proven error bound, to halve the memory traffic of
/// the greedy scans without changing their result.
///
/// Each value is rounded to the nearest bfloat16 (the top 16 bits of a Float). Pairs of values share a
/// 32-bit word, so a SIMD16<UInt32> load decodes to two SIMD16<Float> with one shift or mask each.
/// For every row the exact error norm e = ‖b − b̂‖ and ‖b̂‖ are measured (in Double) when the copy is
/// built. For unit rows a, b: |a·b − â·b̂| ≤ ‖a‖·e_b + e_a·‖b̂‖ ≤ e_max·(1 + ‖b̂‖_max) (plus Float
/// rounding of both kernels, ≤ 1e-5 at these sizes), which `margin` bounds with room to spare.
/// A scan keeps every row whose approximate cosine is within 2·margin of the best approximate one
/// and re-ranks those with the exact kernel: the exact winner (and every row tied with it) is among
/// them, so the result is the exact one.
struct ApproximateRows: Sendable {
    /// Words per row: two bfloat16 values each, padded to a multiple of 16 words.
    let wordsPerRow: Int
    let words: [UInt32]
    /// Upper bound on |exact cosine − approximate cosine| for any pair of rows.
    let margin: Float

    init(_ matrix: EmbeddingMatrix) {
        let columns = matrix.paddedDimension
        let wordsPerRow = (columns / 2 + 15) / 16 * 16
        self.wordsPerRow = wordsPerRow
        var words = [UInt32](repeating: 0, count: matrix.rowCount * wordsPerRow)
        var largestError = 0.0, largestNorm = 0.0
        matrix.normalizedValues.withUnsafeBufferPointer { rows in
            for row in 0..<matrix.rowCount {
                var errorSquared = 0.0, normSquared = 0.0
                for word in 0..<wordsPerRow {
                    // Word w of the row holds columns 32⌊w/16⌋ + (w mod 16) (low half) and that + 16 (high half).
                    let low = 32 * (word / 16) + word % 16, high = low + 16
                    let lowValue = low < columns ? rows[row * columns + low] : 0
                    let highValue = high < columns ? rows[row * columns + high] : 0
                    let lowBits = Self.roundToBFloat16(lowValue), highBits = Self.roundToBFloat16(highValue)
                    words[row * wordsPerRow + word] = lowBits | (highBits << 16)
                    for (value, bits) in [(lowValue, lowBits), (highValue, highBits)] {
                        let approximation = Double(Float(bitPattern: bits << 16))
                        errorSquared += (Double(value) - approximation) * (Double(value) - approximation)
                        normSquared += approximation * approximation
                    }
                }
                largestError = max(largestError, errorSquared.squareRoot())
                largestNorm = max(largestNorm, normSquared.squareRoot())
            }
        }
        self.words = words
        margin = Float(largestError * (1 + largestNorm) + 1e-4)
    }

    /// The bfloat16 nearest to `value` (ties to even), as the top 16 bits. Inputs are finite.
    static func roundToBFloat16(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return rounded >> 16
    }

    /// Approximate `a · b0 ... a · b3` from the bfloat16 rows (pointers to rows of `wordsPerRow` words).
    @inline(__always)
    static func dot1x4(
        _ a: UnsafePointer<UInt32>, _ b0: UnsafePointer<UInt32>, _ b1: UnsafePointer<UInt32>,
        _ b2: UnsafePointer<UInt32>, _ b3: UnsafePointer<UInt32>, blocks: Int
    ) -> SIMD4<Float> {
        @inline(__always) func split(_ p: UnsafePointer<UInt32>, _ block: Int) -> (SIMD16<Float>, SIMD16<Float>) {
            let w = UnsafeRawPointer(p + 16 * block).loadUnaligned(as: SIMD16<UInt32>.self)
            return (unsafeBitCast(w &<< 16, to: SIMD16<Float>.self), unsafeBitCast(w & 0xFFFF_0000, to: SIMD16<Float>.self))
        }
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        for block in 0..<blocks {
            let (xl, xh) = split(a, block)
            let (l0, h0) = split(b0, block); s0 += xl * l0 + xh * h0
            let (l1, h1) = split(b1, block); s1 += xl * l1 + xh * h1
            let (l2, h2) = split(b2, block); s2 += xl * l2 + xh * h2
            let (l3, h3) = split(b3, block); s3 += xl * l3 + xh * h3
        }
        return SIMD4(s0.sum(), s1.sum(), s2.sum(), s3.sum())
    }
}
