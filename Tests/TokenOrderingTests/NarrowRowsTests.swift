import Testing
@testable import TokenOrdering

/// Narrow embeddings are stored in rows of 2, 4 or 8 floats, not 16, and their cosines are bit for bit those of
/// the 16-lane recipe the module always used (up to the sign of a zero).
@Suite("narrow rows")
struct NarrowRowsTests {
    /// The original recipe: rows zero-padded to 16k floats, a SIMD16 accumulator, halving 16 → 8 → 4 → 2 → 1.
    static func sixteenLaneDot(_ a: [Float], _ b: [Float]) -> Float {
        let padded = (a.count + 15) / 16 * 16
        let x = a + [Float](repeating: 0, count: padded - a.count), y = b + [Float](repeating: 0, count: padded - b.count)
        var sum = SIMD16<Float>()
        for chunk in 0..<(padded / 16) {
            sum += SIMD16(x[(16 * chunk)..<(16 * chunk + 16)]) * SIMD16(y[(16 * chunk)..<(16 * chunk + 16)])
        }
        let v8 = sum.lowHalf + sum.highHalf, v4 = v8.lowHalf + v8.highHalf, v2 = v4.lowHalf + v4.highHalf
        return v2[0] + v2[1]
    }

    @Test func rowsArePaddedToTheNarrowestLaneWidth() throws {
        let widths = [1: 2, 2: 2, 3: 4, 4: 4, 5: 8, 8: 8, 9: 16, 16: 16, 17: 32, 576: 576]
        for (dimension, padded) in widths {
            let matrix = TestMatrices.random(rows: 3, dimension: dimension, seed: UInt64(dimension))
            #expect(matrix.paddedDimension == padded && matrix.normalizedValues.count == 3 * padded, "d = \(dimension)")
        }
    }

    @Test func cosinesEqualTheSixteenLaneRecipe() throws {
        for dimension in 1...20 {
            let matrix = TestMatrices.random(rows: 12, dimension: dimension, seed: 100 + UInt64(dimension))
            func row(_ i: Int) -> [Float] {
                Array(matrix.normalizedValues[(i * matrix.paddedDimension)..<(i * matrix.paddedDimension + dimension)])
            }
            for i in 0..<12 {
                for j in 0..<12 {
                    // Equal as floats: bit for bit, except that a zero may differ in sign.
                    #expect(matrix.cosine(i, j) == Self.sixteenLaneDot(row(i), row(j)), "d = \(dimension), (\(i), \(j))")
                }
            }
            // The kNN kernel (4 × 4 blocks) sees the same values.
            let lists = CandidateLists(matrix: matrix, k: 11)
            for i in 0..<12 {
                for rank in 0..<11 {
                    #expect(lists.cosines[i * 11 + rank] == matrix.cosine(i, lists.neighbor(i, rank)))
                }
            }
        }
    }
}
