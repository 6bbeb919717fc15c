/// A V × d matrix of token embeddings (Float32, row-major) and its row-normalised copy.
///
/// Cosine similarity is the dot product of normalised rows. The normalised copy is padded with zeros
/// to 2, 4, 8 or a multiple of 16 columns so the SIMD kernels need no tail loop (zero padding leaves every dot
/// product unchanged). A zero row normalises to zeros: its cosine with every token is 0.
public struct EmbeddingMatrix: Sendable {
    /// Number of tokens (rows).
    public let rowCount: Int
    /// Embedding width (columns).
    public let dimension: Int
    /// The embeddings as loaded, row-major, `rowCount * dimension` values.
    public let values: [Float]
    /// Columns of one normalised row in `normalizedValues`: 2, 4 or 8 for `dimension` up to 2, 4 or 8, else the
    /// next multiple of 16 (the SIMD width of `DotProductKernel`), so narrow rows are not padded to 16 (width-1
    /// embeddings took 37 times their file's size with rows of 16).
    public let paddedDimension: Int
    /// Unit-length rows (zero rows stay zero), `rowCount * paddedDimension` values, zero-padded.
    public let normalizedValues: [Float]

    /// Wraps and normalises a row-major matrix.
    /// - Parameters:
    ///   - rowCount: number of rows V (at least 1).
    ///   - dimension: number of columns d (at least 1).
    ///   - values: `rowCount * dimension` values, row after row.
    /// - Throws: `EmbeddingMatrixError` when the sizes disagree or a value is not finite.
    public init(rowCount: Int, dimension: Int, values: [Float]) throws {
        let size = rowCount.multipliedReportingOverflow(by: dimension)
        guard rowCount >= 1, dimension >= 1, !size.overflow, size.partialValue == values.count else {
            throw EmbeddingMatrixError.shapeMismatch(rows: rowCount, dimension: dimension, values: values.count)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw EmbeddingMatrixError.nonFiniteValue(row: bad / dimension, column: bad % dimension)
        }
        self.rowCount = rowCount
        self.dimension = dimension
        self.values = values
        let padded = Self.paddedWidth(dimension)
        paddedDimension = padded
        var normalized = [Float](repeating: 0, count: rowCount * padded)
        for row in 0..<rowCount {
            let source = values[(row * dimension)..<((row + 1) * dimension)]
            // Accumulate the norm in Double: rows of large or tiny values still normalise to length 1.
            let norm = source.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            guard norm > 0 else { continue }
            let scale = 1 / norm
            for (column, value) in source.enumerated() {
                normalized[row * padded + column] = Float(Double(value) * scale)
            }
        }
        normalizedValues = normalized
    }

    /// The padded row width for `dimension` columns (see `paddedDimension`).
    static func paddedWidth(_ dimension: Int) -> Int {
        switch dimension {
        case ...2: 2
        case 3...4: 4
        case 5...8: 8
        default: (dimension + 15) / 16 * 16
        }
    }

    /// Cosine similarity of rows `i` and `j`, computed by the module's one dot-product kernel, so
    /// every algorithm (and every test reference) sees bit-identical values for the same pair.
    public func cosine(_ i: Int, _ j: Int) -> Float {
        precondition(i >= 0 && i < rowCount && j >= 0 && j < rowCount, "row index out of range")
        return normalizedValues.withUnsafeBufferPointer { rows in
            DotProductKernel.dot(rows.baseAddress! + i * paddedDimension, rows.baseAddress! + j * paddedDimension,
                                 stride: paddedDimension)
        }
    }

    /// Cosine distance 1 − cos of rows `i` and `j`.
    public func distance(_ i: Int, _ j: Int) -> Float { 1 - cosine(i, j) }
}

/// Why a matrix cannot be used as embeddings.
public enum EmbeddingMatrixError: Error, Sendable, Equatable, CustomStringConvertible {
    case shapeMismatch(rows: Int, dimension: Int, values: Int)
    case nonFiniteValue(row: Int, column: Int)
    case notAMatrix(source: String, shape: [Int])

    public var description: String {
        switch self {
        case .shapeMismatch(let rows, let dimension, let values):
            "an embedding matrix of \(rows) × \(dimension) (both at least 1) needs "
                + (checkedCount(rows, dimension).map(String.init) ?? "more than Int.max") + " values, got \(values)"
        case .nonFiniteValue(let row, let column):
            "embedding row \(row), column \(column) is not a finite number"
        case .notAMatrix(let source, let shape):
            "\(source) has shape \(shape); token embeddings need a 2-dimensional V × d matrix"
        }
    }
}

/// `a · b`, or `nil` when it overflows.
private func checkedCount(_ a: Int, _ b: Int) -> Int? {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : product
}
