/// How a model keeps its matrices in memory.
public enum WeightPrecision: String, Sendable, CaseIterable {
    /// IEEE single precision: exact for F32 files and for every dequantised ggml block.
    case float32 = "f32"
    /// bfloat16 (the top 16 bits of a Float32, rounded to nearest even): half the memory traffic of Float32,
    /// about 3 significant decimal digits. Decoding is a shift, so the products stay cheap on baseline SSE.
    case bfloat16 = "bf16"
}

/// A dense row-major matrix: ggml's layout for a weight of `ne = [columns, rows]`.
///
/// Weights are dequantised once at load, to Float32 or (optionally) bfloat16, so the kernels read one of two
/// plain formats.
public struct WeightMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    public let precision: WeightPrecision
    /// The values when `precision` is `.float32` (empty otherwise).
    let float32: [Float]
    /// The bfloat16 bit patterns when `precision` is `.bfloat16` (empty otherwise).
    let bfloat16: [UInt16]

    /// - Parameters:
    ///   - rows: the output dimension.
    ///   - columns: the input dimension (contiguous in `values`).
    ///   - values: `rows * columns` values, row after row.
    ///   - name: the tensor's name, for errors.
    ///   - precision: how to store them (`.bfloat16` rounds each value to nearest even).
    /// - Throws: `LanguageModelError.tensorShapeMismatch` when the count does not match.
    public init(
        rows: Int, columns: Int, values: [Float], name: String = "matrix", precision: WeightPrecision = .float32
    ) throws {
        guard rows > 0, columns > 0, values.count == rows * columns else {
            throw LanguageModelError.tensorShapeMismatch(name: name, expected: [columns, rows], found: [values.count])
        }
        self.rows = rows
        self.columns = columns
        self.precision = precision
        switch precision {
        case .float32:
            float32 = values
            bfloat16 = []
        case .bfloat16:
            float32 = []
            bfloat16 = values.map(BFloat16.bits)
        }
    }

    /// All values as Float32, row after row (decoded when stored as bfloat16).
    public var values: [Float] {
        precision == .float32 ? float32 : bfloat16.map(BFloat16.float)
    }

    /// A copy of row `index` as Float32.
    public func row(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < rows, "row \(index) outside 0..<\(rows)")
        let range = index * columns..<(index + 1) * columns
        return precision == .float32 ? Array(float32[range]) : bfloat16[range].map(BFloat16.float)
    }

    /// `self · vector`, computed on all cores for large matrices.
    public func multiply(_ vector: [Float]) -> [Float] {
        precondition(vector.count == columns, "vector of \(vector.count) for \(columns) columns")
        var output = [Float](repeating: 0, count: rows)
        output.withUnsafeMutableBufferPointer { out in
            vector.withUnsafeBufferPointer { x in
                VectorKernels.matrixVector(self, x.baseAddress!, into: out.baseAddress!)
            }
        }
        return output
    }

    /// `self · x_j` for every vector `x_j` of `vectors` (`count` vectors of `columns` values, back to back),
    /// returned back to back. Each weight row is read once for all vectors, so a prompt's positions share one
    /// pass over the weights.
    public func multiply(batch vectors: [Float], count: Int) -> [Float] {
        precondition(vectors.count == count * columns, "\(vectors.count) values for \(count) vectors of \(columns)")
        var output = [Float](repeating: 0, count: count * rows)
        output.withUnsafeMutableBufferPointer { out in
            vectors.withUnsafeBufferPointer { x in
                VectorKernels.matrixBatch(self, x.baseAddress!, count: count, into: out.baseAddress!)
            }
        }
        return output
    }
}

/// bfloat16 conversions.
enum BFloat16 {
    /// The bfloat16 nearest to `value` (ties to even), as bits.
    @inline(__always)
    static func bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }

    @inline(__always)
    static func float(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}
