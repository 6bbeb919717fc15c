/// A dense row-major Float32 matrix: ggml's layout for a weight of `ne = [columns, rows]`.
///
/// Weights are dequantised to Float32 once at load, so every kernel reads one format.
public struct WeightMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public let values: [Float]

    /// - Parameters:
    ///   - rows: the output dimension.
    ///   - columns: the input dimension (contiguous in `values`).
    ///   - values: `rows * columns` values, row after row.
    /// - Throws: `LanguageModelError.tensorShapeMismatch` when the count does not match.
    public init(rows: Int, columns: Int, values: [Float], name: String = "matrix") throws {
        guard rows > 0, columns > 0, values.count == rows * columns else {
            throw LanguageModelError.tensorShapeMismatch(name: name, expected: [columns, rows], found: [values.count])
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A copy of row `index`.
    public func row(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < rows, "row \(index) outside 0..<\(rows)")
        return Array(values[index * columns..<(index + 1) * columns])
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
}
