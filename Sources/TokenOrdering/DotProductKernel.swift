/// The dot-product kernels behind every cosine in this module.
///
/// Determinism: a dot product is always accumulated the same way, whichever kernel computes it —
/// one `SIMD16<Float>` accumulator per pair, chunks of 16 added in column order (separate multiply
/// and add: Swift does not fuse them), then a fixed halving reduction 16 → 8 → 4 → 2 → 1. The block
/// kernels compute several pairs at once but each pair's arithmetic is identical to `dot`, so the kNN
/// lists, the greedy scan and `EmbeddingMatrix.cosine` agree bit for bit and ties are real ties.
///
/// Invariants for every kernel: pointers address rows of `16 * chunks` readable floats.
enum DotProductKernel {
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, _ chunk: Int) -> SIMD16<Float> {
        UnsafeRawPointer(pointer + 16 * chunk).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func reduce(_ v: SIMD16<Float>) -> Float {
        let v8 = v.lowHalf + v.highHalf
        let v4 = v8.lowHalf + v8.highHalf
        let v2 = v4.lowHalf + v4.highHalf
        return v2[0] + v2[1]
    }

    /// `a · b`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, chunks: Int) -> Float {
        var sum = SIMD16<Float>()
        for c in 0..<chunks { sum += load(a, c) * load(b, c) }
        return reduce(sum)
    }

    /// `a · b0 ... a · b3` (one row against four: the streaming scan of the greedy fallback).
    @inline(__always)
    static func dot1x4(
        _ a: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
        _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, chunks: Int
    ) -> SIMD4<Float> {
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        for c in 0..<chunks {
            let x = load(a, c)
            s0 += x * load(b0, c)
            s1 += x * load(b1, c)
            s2 += x * load(b2, c)
            s3 += x * load(b3, c)
        }
        return SIMD4(reduce(s0), reduce(s1), reduce(s2), reduce(s3))
    }

    /// The 4 × 4 block of dot products of rows `a ..< a + 4` with rows `b ..< b + 4` (consecutive rows
    /// `stride` floats apart), row by row: lane 4·r + c is a_r · b_c.
    @inline(__always)
    static func dot4x4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int, chunks: Int) -> SIMD16<Float> {
        var s00 = SIMD16<Float>(), s01 = SIMD16<Float>(), s02 = SIMD16<Float>(), s03 = SIMD16<Float>()
        var s10 = SIMD16<Float>(), s11 = SIMD16<Float>(), s12 = SIMD16<Float>(), s13 = SIMD16<Float>()
        var s20 = SIMD16<Float>(), s21 = SIMD16<Float>(), s22 = SIMD16<Float>(), s23 = SIMD16<Float>()
        var s30 = SIMD16<Float>(), s31 = SIMD16<Float>(), s32 = SIMD16<Float>(), s33 = SIMD16<Float>()
        let a0 = a, a1 = a + stride, a2 = a + 2 * stride, a3 = a + 3 * stride
        let b0 = b, b1 = b + stride, b2 = b + 2 * stride, b3 = b + 3 * stride
        for c in 0..<chunks {
            let y0 = load(b0, c), y1 = load(b1, c), y2 = load(b2, c), y3 = load(b3, c)
            let x0 = load(a0, c)
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3
            let x1 = load(a1, c)
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3
            let x2 = load(a2, c)
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3
            let x3 = load(a3, c)
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3
        }
        return SIMD16(
            reduce(s00), reduce(s01), reduce(s02), reduce(s03), reduce(s10), reduce(s11), reduce(s12), reduce(s13),
            reduce(s20), reduce(s21), reduce(s22), reduce(s23), reduce(s30), reduce(s31), reduce(s32), reduce(s33))
    }
}
