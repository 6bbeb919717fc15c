import Dispatch
import Foundation

/// The SIMD kernels of the forward pass.
///
/// Invariants for every pointer argument: it addresses at least the number of elements (Float, or bfloat16
/// bits for weights) the call names (`count`, or the matrix's `rows × columns`, vectors' `count × columns`),
/// and output buffers do not alias inputs. Callers obtain the
/// pointers from `withUnsafe(Mutable)BufferPointer` on arrays of exactly those sizes.
enum VectorKernels {
    /// Matrices with at least this many weights are split across cores; below it, thread hand-off costs more
    /// than it saves.
    static let parallelThreshold = 1 << 16
    static let coreCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Σ a[i]·b[i] with four SIMD16 accumulators (independent chains hide the add latency).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>(), acc2 = SIMD16<Float>(), acc3 = SIMD16<Float>()
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        var i = 0
        while i + 64 <= count {
            let offset = i * 4
            acc0 += rawA.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            acc1 += rawA.loadUnaligned(fromByteOffset: offset + 64, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset + 64, as: SIMD16<Float>.self)
            acc2 += rawA.loadUnaligned(fromByteOffset: offset + 128, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset + 128, as: SIMD16<Float>.self)
            acc3 += rawA.loadUnaligned(fromByteOffset: offset + 192, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: offset + 192, as: SIMD16<Float>.self)
            i += 64
        }
        while i + 16 <= count {
            acc0 += rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        var sum = ((acc0 + acc1) + (acc2 + acc3)).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// Σ a[i]·b[i] for bfloat16 `a` (decoded by widening each 16-bit pattern into the top of a Float32).
    @inline(__always)
    static func dot(_ a: UnsafePointer<UInt16>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        @inline(__always) func widen(_ offset: Int) -> SIMD16<Float> {
            let half = rawA.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt16>.self)
            return unsafeBitCast(SIMD16<UInt32>(truncatingIfNeeded: half) &<< 16, to: SIMD16<Float>.self)
        }
        var i = 0
        while i + 32 <= count {
            acc0 += widen(i * 2) * rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            acc1 += widen(i * 2 + 32) * rawB.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
            i += 32
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += BFloat16.float(a[i]) * b[i]
            i += 1
        }
        return sum
    }

    /// The dot products of one Float32 row `w` with four vectors `x + k·stride` (k = 0…3): each chunk of the row
    /// is loaded once for the four products, so the batched kernel does five loads per four multiply-adds
    /// instead of eight. SIMD8 keeps the four accumulators, the row chunk and the four vector chunks in 16
    /// registers of a baseline (SSE) build.
    @inline(__always)
    static func dot4(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, stride: Int, count: Int) -> SIMD4<Float> {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
        let rawW = UnsafeRawPointer(w)
        let x0 = UnsafeRawPointer(x), x1 = UnsafeRawPointer(x + stride)
        let x2 = UnsafeRawPointer(x + 2 * stride), x3 = UnsafeRawPointer(x + 3 * stride)
        var i = 0
        while i + 8 <= count {
            let offset = i * 4
            let chunk = rawW.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc0 += chunk * x0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc1 += chunk * x1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc2 += chunk * x2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc3 += chunk * x3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            i += 8
        }
        var sums = SIMD4(acc0.sum(), acc1.sum(), acc2.sum(), acc3.sum())
        while i < count {
            sums += w[i] * SIMD4(x[i], x[stride + i], x[2 * stride + i], x[3 * stride + i])
            i += 1
        }
        return sums
    }

    /// `dot4` for a bfloat16 row (each pattern widened into the top half of a Float32).
    @inline(__always)
    static func dot4(_ w: UnsafePointer<UInt16>, _ x: UnsafePointer<Float>, stride: Int, count: Int) -> SIMD4<Float> {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
        let rawW = UnsafeRawPointer(w)
        let x0 = UnsafeRawPointer(x), x1 = UnsafeRawPointer(x + stride)
        let x2 = UnsafeRawPointer(x + 2 * stride), x3 = UnsafeRawPointer(x + 3 * stride)
        var i = 0
        while i + 8 <= count {
            let offset = i * 4
            let half = rawW.loadUnaligned(fromByteOffset: i * 2, as: SIMD8<UInt16>.self)
            let chunk = unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: half) &<< 16, to: SIMD8<Float>.self)
            acc0 += chunk * x0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc1 += chunk * x1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc2 += chunk * x2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            acc3 += chunk * x3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            i += 8
        }
        var sums = SIMD4(acc0.sum(), acc1.sum(), acc2.sum(), acc3.sum())
        while i < count {
            sums += BFloat16.float(w[i]) * SIMD4(x[i], x[stride + i], x[2 * stride + i], x[3 * stride + i])
            i += 1
        }
        return sums
    }

    /// out[r] = Σ_c matrix[r, c] · x[c] for rows `range` (`Element` is Float or bfloat16 bits).
    @inline(__always)
    static func matrixVectorRows<Element>(
        _ matrix: UnsafePointer<Element>, columns: Int, _ x: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>, rows range: Range<Int>,
        dot: (UnsafePointer<Element>, UnsafePointer<Float>, Int) -> Float
    ) {
        for row in range {
            out[row] = dot(matrix + row * columns, x, columns)
        }
    }

    /// out = matrix · x; large matrices are split into row chunks, one `concurrentPerform` iteration each.
    static func matrixVector(_ matrix: WeightMatrix, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        switch matrix.precision {
        case .float32:
            matrix.float32.withUnsafeBufferPointer { weights in
                matrixVector(weights.baseAddress!, rows: matrix.rows, columns: matrix.columns, x, into: out) {
                    dot($0, $1, count: $2)
                }
            }
        case .bfloat16:
            matrix.bfloat16.withUnsafeBufferPointer { weights in
                matrixVector(weights.baseAddress!, rows: matrix.rows, columns: matrix.columns, x, into: out) {
                    dot($0, $1, count: $2)
                }
            }
        }
    }

    /// out[j·rows + r] = Σ_c matrix[r, c] · x[j·columns + c] for `count` vectors x_j: rows outer, vectors inner,
    /// so a row stays in cache while every vector uses it.
    static func matrixBatch(
        _ matrix: WeightMatrix, _ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        switch matrix.precision {
        case .float32:
            matrix.float32.withUnsafeBufferPointer { weights in
                matrixBatch(weights.baseAddress!, rows: matrix.rows, columns: matrix.columns, x, count: count, into: out,
                            dot: { dot($0, $1, count: $2) }, dot4: { dot4($0, $1, stride: $2, count: $3) })
            }
        case .bfloat16:
            matrix.bfloat16.withUnsafeBufferPointer { weights in
                matrixBatch(weights.baseAddress!, rows: matrix.rows, columns: matrix.columns, x, count: count, into: out,
                            dot: { dot($0, $1, count: $2) }, dot4: { dot4($0, $1, stride: $2, count: $3) })
            }
        }
    }

    @inline(__always)
    private static func matrixBatch<Element>(
        _ base: UnsafePointer<Element>, rows: Int, columns: Int, _ x: UnsafePointer<Float>, count: Int,
        into out: UnsafeMutablePointer<Float>,
        dot: @escaping @Sendable (UnsafePointer<Element>, UnsafePointer<Float>, Int) -> Float,
        dot4: @escaping @Sendable (UnsafePointer<Element>, UnsafePointer<Float>, Int, Int) -> SIMD4<Float>
    ) {
        let pointers = SendablePointers(matrix: base, x: x, out: out)
        let chunks = rows * columns * count < parallelThreshold ? 1 : min(rows, coreCount * 4)
        // Rows go in tiles of about 128 KB of weights, which stay in L2 while each block of four vectors
        // (a few KB, in L1) passes over the tile; the weights then come from memory once per batch.
        let tileRows = max(1, (128 << 10) / (columns * MemoryLayout<Element>.size))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let end = rows * (chunk + 1) / chunks
            for tile in stride(from: rows * chunk / chunks, to: end, by: tileRows) {
                let tileRange = tile..<min(tile + tileRows, end)
                var j = 0
                while j + 4 <= count {
                    let vectors = pointers.x + j * columns
                    for row in tileRange {
                        let sums = dot4(pointers.matrix + row * columns, vectors, columns, columns)
                        for k in 0..<4 { pointers.out[(j + k) * rows + row] = sums[k] }
                    }
                    j += 4
                }
                while j < count {
                    for row in tileRange {
                        pointers.out[j * rows + row] = dot(pointers.matrix + row * columns, pointers.x + j * columns, columns)
                    }
                    j += 1
                }
            }
        }
    }

    @inline(__always)
    private static func matrixVector<Element>(
        _ base: UnsafePointer<Element>, rows: Int, columns: Int, _ x: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>,
        dot: @escaping @Sendable (UnsafePointer<Element>, UnsafePointer<Float>, Int) -> Float
    ) {
        if rows * columns < parallelThreshold || coreCount == 1 {
            matrixVectorRows(base, columns: columns, x, into: out, rows: 0..<rows, dot: dot)
            return
        }
        // More chunks than cores balance the load when another process takes a core for a while.
        let chunks = min(rows, coreCount * 4)
        let pointers = SendablePointers(matrix: base, x: x, out: out)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = rows * chunk / chunks, end = rows * (chunk + 1) / chunks
            matrixVectorRows(pointers.matrix, columns: columns, pointers.x, into: pointers.out, rows: start..<end, dot: dot)
        }
    }

    /// out[d] += Σ_t weights[t] · rows[t·stride + d] for d < width, accumulated over t in order (so each entry
    /// is the same sum as a scalar loop's). Columns go in chunks of 32 held in two SIMD16 accumulators across
    /// every t, so the output is loaded and stored once, not once per row: the attention's A·V, whose row
    /// count grows with the context. `out` must not alias `rows` or `weights`.
    static func weightedSum(
        _ weights: UnsafePointer<Float>, rows: UnsafePointer<Float>, stride: Int, count: Int, width: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        var d = 0
        while d + 32 <= width {
            let raw = UnsafeMutableRawPointer(out + d)
            var acc0 = raw.loadUnaligned(as: SIMD16<Float>.self)
            var acc1 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            for t in 0..<count {
                let row = UnsafeRawPointer(rows + t * stride + d)
                let weight = SIMD16<Float>(repeating: weights[t])
                acc0 += weight * row.loadUnaligned(as: SIMD16<Float>.self)
                acc1 += weight * row.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            }
            raw.storeBytes(of: acc0, as: SIMD16<Float>.self)
            raw.storeBytes(of: acc1, toByteOffset: 64, as: SIMD16<Float>.self)
            d += 32
        }
        while d < width {
            var sum = out[d]
            for t in 0..<count { sum += weights[t] * rows[t * stride + d] }
            out[d] = sum
            d += 1
        }
    }

    /// mean(x²), as RMSNorm computes it.
    static func meanSquare(_ x: [Float]) -> Float {
        x.withUnsafeBufferPointer { dot($0.baseAddress!, $0.baseAddress!, count: x.count) } / Float(x.count)
    }

    /// RMSNorm as llama.cpp computes it: x / sqrt(mean(x²) + eps) · weight.
    static func rmsNorm(_ x: [Float], weight: [Float], epsilon: Float) -> [Float] {
        precondition(x.count == weight.count, "RMSNorm of \(x.count) values with \(weight.count) weights")
        let meanSquare = meanSquare(x)
        let scale = 1 / (meanSquare + epsilon).squareRoot()
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count { out[i] = x[i] * scale * weight[i] }
        return out
    }

    /// softmax over `values[0..<count]` in place (subtracting the maximum first).
    static func softmax(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, values[i]) }
        var total: Float = 0
        for i in 0..<count {
            let e = Foundation.exp(values[i] - maximum)
            values[i] = e
            total += e
        }
        let inverse = 1 / total
        for i in 0..<count { values[i] *= inverse }
    }

    /// SiLU(x) = x · σ(x).
    @inline(__always)
    static func silu(_ x: Float) -> Float { x / (1 + Foundation.exp(-x)) }
}

/// Pointers handed to `concurrentPerform` workers. Each worker writes a disjoint row range of `out` and only
/// reads `matrix` and `x`, which outlive the call (it returns only when all workers finish).
private struct SendablePointers<Element>: @unchecked Sendable {
    let matrix: UnsafePointer<Element>
    let x: UnsafePointer<Float>
    let out: UnsafeMutablePointer<Float>
}
