import Foundation

/// A GGUF file (version 2 or 3): metadata, tensor infos and access to tensor data.
///
/// The file is memory-mapped once; tensors are converted to `Float` on demand. Layout (ggml's
/// `docs/gguf.md`): magic `GGUF`, version, tensor count, metadata count, the metadata key/values,
/// the tensor infos, padding to `general.alignment` (default 32), then the tensor data.
/// Every count and extent is validated against the file size before anything is allocated.
public struct GGUFFile: Sendable {
    /// The format version (2 or 3).
    public let version: Int
    /// All metadata entries by key.
    public let metadata: [String: GGUFValue]
    /// The metadata keys in file order.
    public let metadataKeys: [String]
    /// The tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// The alignment of the data section and of every tensor in it.
    public let alignment: Int
    /// Offset of the data section from the start of the file.
    public let dataSectionOffset: Int
    /// The name used in error messages (the file's last path component).
    public let fileName: String

    private let data: Data
    private let tensorIndex: [String: Int]

    /// The default alignment when `general.alignment` is absent.
    public static let defaultAlignment = 32
    /// Nesting limit for arrays of arrays (real files use none; this bounds recursion on hostile input).
    static let maximumArrayNesting = 8

    /// Opens and parses a GGUF file, memory-mapping it.
    /// - Parameter url: the file's location.
    /// - Throws: `ModelFileError` when the file cannot be read or is not a valid GGUF v2/v3 file.
    public init(contentsOf url: URL) throws {
        try self.init(data: MappedFile.contents(of: url), fileName: url.lastPathComponent)
    }

    /// Parses GGUF bytes already in memory.
    /// - Parameters:
    ///   - data: the whole file.
    ///   - fileName: the name to use in error messages.
    /// - Throws: `ModelFileError` when the bytes are not a valid GGUF v2/v3 file.
    public init(data: Data, fileName: String = "<memory>") throws {
        self.data = data
        self.fileName = fileName
        let header = try data.withUnsafeBytes { (bytes) throws(ModelFileError) -> GGUFHeaderParser.Result in
            var parser = GGUFHeaderParser(reader: ByteReader(bytes, fileName: fileName))
            return try parser.parse()
        }
        version = header.version
        metadata = header.metadata
        metadataKeys = header.metadataKeys
        tensors = header.tensors
        alignment = header.alignment
        dataSectionOffset = header.dataSectionOffset
        var index: [String: Int] = [:]
        for (position, tensor) in header.tensors.enumerated() { index[tensor.name] = position }
        tensorIndex = index
    }

    // MARK: Metadata

    /// The string stored under `key`, or `nil` when absent or not a string.
    public func string(_ key: String) -> String? { metadata[key]?.string }
    /// The integer stored under `key` (any integer type that fits `Int`), or `nil`.
    public func integer(_ key: String) -> Int? { metadata[key]?.integer }
    /// The number stored under `key` (float32/float64, or an integer), or `nil`.
    public func float(_ key: String) -> Double? { metadata[key]?.double }
    /// The bool stored under `key`, or `nil`.
    public func bool(_ key: String) -> Bool? { metadata[key]?.bool }
    /// The array of strings stored under `key` (such as `tokenizer.ggml.tokens`), or `nil`.
    public func stringArray(_ key: String) -> [String]? { metadata[key]?.array?.strings }
    /// The integer array stored under `key` (such as `tokenizer.ggml.token_type`), or `nil`.
    public func integerArray(_ key: String) -> [Int]? { metadata[key]?.array?.integers }
    /// The float array stored under `key` (such as `tokenizer.ggml.scores`), or `nil`.
    public func floatArray(_ key: String) -> [Double]? { metadata[key]?.array?.doubles }

    // MARK: Tensors

    /// The info of the tensor named `name`.
    /// - Throws: `ModelFileError.tensorNotFound`.
    public func tensor(named name: String) throws -> GGUFTensorInfo {
        guard let position = tensorIndex[name] else {
            throw ModelFileError.tensorNotFound(file: fileName, name: name, available: tensors.map(\.name))
        }
        return tensors[position]
    }

    /// The tensor's stored bytes (a slice of the mapped file; nothing is copied).
    /// - Throws: `ModelFileError.unsupportedTensorType` when the type's byte size is unknown.
    public func rawBytes(of tensor: GGUFTensorInfo) throws -> Data {
        guard let byteCount = tensor.byteCount else {
            throw ModelFileError.unsupportedTensorType(file: fileName, tensor: tensor.name, type: tensor.type.description)
        }
        let start = data.startIndex + tensor.fileOffset
        return data[start..<(start + byteCount)]
    }

    /// All elements of a tensor converted to `Float`, in storage order (`dimensions[0]` fastest,
    /// so a matrix comes out row-major with rows of `dimensions[0]` elements).
    /// - Parameter tensorName: the tensor's name.
    /// - Throws: `ModelFileError.tensorNotFound` or `.unsupportedTensorType`.
    public func floats(of tensorName: String) throws -> [Float] {
        let tensor = try tensor(named: tensorName)
        return try floats(of: tensor, rows: 0..<tensor.rowCount)
    }

    /// One row (`dimensions[0]` elements) of a tensor, converted to `Float`.
    /// - Parameters:
    ///   - row: the row index, `0..<tensor.rowCount`.
    ///   - tensorName: the tensor's name.
    /// - Throws: `ModelFileError.tensorNotFound`, `.rowOutOfRange` or `.unsupportedTensorType`.
    public func row(_ row: Int, of tensorName: String) throws -> [Float] {
        let tensor = try tensor(named: tensorName)
        guard row >= 0, row < tensor.rowCount else {
            throw ModelFileError.rowOutOfRange(file: fileName, tensor: tensorName, row: row, rows: tensor.rowCount)
        }
        return try floats(of: tensor, rows: row..<(row + 1))
    }

    /// The rows `rows` of a tensor converted to `Float`, row after row.
    /// - Parameters:
    ///   - tensor: a tensor info of this file.
    ///   - rows: a range within `0..<tensor.rowCount`.
    /// - Throws: `ModelFileError.rowOutOfRange` or `.unsupportedTensorType`.
    public func floats(of tensor: GGUFTensorInfo, rows: Range<Int>) throws -> [Float] {
        guard tensor.type.isConvertibleToFloat, tensor.byteCount != nil,
              let rowBytes = tensor.type.byteCount(elements: tensor.rowLength)
        else {
            throw ModelFileError.unsupportedTensorType(file: fileName, tensor: tensor.name, type: tensor.type.description)
        }
        guard rows.lowerBound >= 0, rows.upperBound <= tensor.rowCount else {
            throw ModelFileError.rowOutOfRange(file: fileName, tensor: tensor.name, row: rows.upperBound - 1, rows: tensor.rowCount)
        }
        // Bounds: the parser checked fileOffset + byteCount <= file size, and rows lie inside the tensor.
        let count = rows.count * tensor.rowLength
        let start = tensor.fileOffset + rows.lowerBound * rowBytes
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { bytes in
                if count > 0, let base = bytes.baseAddress {
                    Dequantization.convert(tensor.type, count: count, from: base + start, into: buffer.baseAddress!)
                }
            }
            initialized = count
        }
    }
}
