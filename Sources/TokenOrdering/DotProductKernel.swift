/// The dot-product kernels behind every cosine in this module.
///
/// Determinism: a dot product is always accumulated the same way, whichever kernel computes it —
/// one SIMD accumulator per pair, chunks added in column order (separate multiply and add: Swift does not
/// fuse them), then a fixed halving reduction 16 → 8 → 4 → 2 → 1. The block kernels compute several pairs at
/// once but each pair's arithmetic is identical to `dot`, so the kNN lists, the greedy scan and
/// `EmbeddingMatrix.cosine` agree bit for bit and ties are real ties.
///
/// Rows are `stride` floats: 2 (for d ≤ 2), 4 (d ≤ 4), 8 (d ≤ 8) or a multiple of 16
/// (`EmbeddingMatrix.paddedDimension`). Narrow rows use 2-, 4- or 8-lane vectors, so width-1 embeddings take 8
/// bytes a row instead of 64; the result is the same as with 16 lanes, whose extra lanes would hold zeros that
/// the first halving steps add exactly.
/// Invariant for every kernel: pointers address rows of `stride` readable floats.
enum DotProductKernel {
    /// `a · b` for rows of `stride` floats.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int) -> Float {
        switch stride {
        case 2: dot(a, b, chunks: 1, lanes: SIMD2<Float>.self)
        case 4: dot(a, b, chunks: 1, lanes: SIMD4<Float>.self)
        case 8: dot(a, b, chunks: 1, lanes: SIMD8<Float>.self)
        default: dot(a, b, chunks: stride / 16, lanes: SIMD16<Float>.self)
        }
    }

    /// The 4 × 4 block of dot products of rows `a ..< a + 4` with rows `b ..< b + 4` (consecutive rows
    /// `stride` floats apart), row by row: lane 4·r + c is a_r · b_c.
    @inline(__always)
    static func dot4x4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int) -> SIMD16<Float> {
        switch stride {
        case 2: dot4x4(a, b, stride: 2, chunks: 1, lanes: SIMD2<Float>.self)
        case 4: dot4x4(a, b, stride: 4, chunks: 1, lanes: SIMD4<Float>.self)
        case 8: dot4x4(a, b, stride: 8, chunks: 1, lanes: SIMD8<Float>.self)
        default: dot4x4(a, b, stride: stride, chunks: stride / 16, lanes: SIMD16<Float>.self)
        }
    }

    @inline(__always)
    static func load<V: DotProductLanes>(_ pointer: UnsafePointer<Float>, _ chunk: Int) -> V {
        UnsafeRawPointer(pointer + V.scalarCount * chunk).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private static func dot<V: DotProductLanes>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, chunks: Int, lanes: V.Type
    ) -> Float {
        var sum = V()
        for c in 0..<chunks { sum += load(a, c) as V * load(b, c) }
        return sum.halvingSum()
    }

    @inline(__always)
    private static func dot4x4<V: DotProductLanes>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int, chunks: Int, lanes: V.Type
    ) -> SIMD16<Float> {
        var s00 = V(), s01 = V(), s02 = V(), s03 = V(), s10 = V(), s11 = V(), s12 = V(), s13 = V()
        var s20 = V(), s21 = V(), s22 = V(), s23 = V(), s30 = V(), s31 = V(), s32 = V(), s33 = V()
        let a0 = a, a1 = a + stride, a2 = a + 2 * stride, a3 = a + 3 * stride
        let b0 = b, b1 = b + stride, b2 = b + 2 * stride, b3 = b + 3 * stride
        for c in 0..<chunks {
            let y0: V = load(b0, c), y1: V = load(b1, c), y2: V = load(b2, c), y3: V = load(b3, c)
            let x0: V = load(a0, c)
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3
            let x1: V = load(a1, c)
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3
            let x2: V = load(a2, c)
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3
            let x3: V = load(a3, c)
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3
        }
        return SIMD16(
            s00.halvingSum(), s01.halvingSum(), s02.halvingSum(), s03.halvingSum(),
            s10.halvingSum(), s11.halvingSum(), s12.halvingSum(), s13.halvingSum(),
            s20.halvingSum(), s21.halvingSum(), s22.halvingSum(), s23.halvingSum(),
            s30.halvingSum(), s31.halvingSum(), s32.halvingSum(), s33.halvingSum())
    }
}

/// A row chunk of 2, 4, 8 or 16 floats and the fixed halving reduction of `DotProductKernel`.
protocol DotProductLanes: SIMD where Scalar == Float {
    /// The lanes summed by halving: (low + high) until two remain, then lane 0 + lane 1.
    func halvingSum() -> Float
}

extension SIMD16: DotProductLanes where Scalar == Float {
    @inline(__always) func halvingSum() -> Float { (lowHalf + highHalf).halvingSum() }
}

extension SIMD8: DotProductLanes where Scalar == Float {
    @inline(__always) func halvingSum() -> Float { (lowHalf + highHalf).halvingSum() }
}

extension SIMD4: DotProductLanes where Scalar == Float {
    @inline(__always) func halvingSum() -> Float { (lowHalf + highHalf).halvingSum() }
}

extension SIMD2: DotProductLanes where Scalar == Float {
    @inline(__always) func halvingSum() -> Float { self[0] + self[1] }
}
