import Foundation

/// A safetensors file: an 8-byte little-endian header length, a JSON header, then the tensor bytes.
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets
/// relative to the first byte after the header); the optional `__metadata__` maps strings to strings.
/// Shapes are row-major (the last dimension varies fastest).
public struct SafetensorsFile: Sendable {
    /// One tensor's description from the header.
    public struct TensorInfo: Sendable, Equatable {
        public let name: String
        /// The dtype as written, such as `F32`, `F16`, `BF16` or `I64`.
        public let dtype: String
        /// Row-major shape.
        public let shape: [Int]
        /// Byte range inside the file.
        public let fileRange: Range<Int>
        /// The element type when it is one this module converts to `Float`.
        public var elementType: DenseElementType? { SafetensorsFile.elementTypes[dtype] }
    }

    /// The tensors, in the order of their data.
    public let tensors: [TensorInfo]
    /// The free-form `__metadata__` strings.
    public let metadata: [String: String]
    /// The name used in error messages.
    public let fileName: String
    private let data: Data

    /// The largest JSON header this reader accepts: 16 MiB. The format's own limit is 100 MB, but real headers
    /// are kilobytes (about 150 bytes per tensor), and the limit bounds the reader's memory: the header is
    /// parsed straight into `TensorInfo`s, a few times its size at most.
    public static let maximumHeaderSize = 16 << 20
    static let elementTypes: [String: DenseElementType] = ["F32": .float32, "F16": .float16, "BF16": .bfloat16]

    /// Opens and parses a safetensors file, memory-mapping it.
    /// - Parameter url: the file's location.
    /// - Throws: `ModelFileError` when the file cannot be read or its header is invalid.
    public init(contentsOf url: URL) throws {
        try self.init(data: MappedFile.contents(of: url), fileName: url.lastPathComponent)
    }

    /// Parses safetensors bytes already in memory.
    /// - Parameters:
    ///   - data: the whole file.
    ///   - fileName: the name to use in error messages.
    /// - Throws: `ModelFileError` when the header is truncated, larger than `maximumHeaderSize`, not strict JSON
    ///   (duplicate keys, non-integer dimensions), or its byte ranges overlap, leave holes or leave data outside.
    public init(data: Data, fileName: String = "<memory>") throws {
        self.data = data
        self.fileName = fileName
        guard data.count >= 8 else {
            throw ModelFileError.truncated(file: fileName, offset: 0, what: "the header length", needed: 8, available: data.count)
        }
        let rawLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard rawLength <= UInt64(Self.maximumHeaderSize) else {
            throw ModelFileError.malformed(file: fileName, offset: 0, what: "the header length",
                                           reason: "\(rawLength) bytes exceeds this reader's limit of \(Self.maximumHeaderSize)")
        }
        guard Int(rawLength) <= data.count - 8 else {
            throw ModelFileError.truncated(file: fileName, offset: 8, what: "the JSON header",
                                           needed: Int(clamping: rawLength), available: data.count - 8)
        }
        let headerEnd = 8 + Int(rawLength)
        let parsed = try data.withUnsafeBytes { (bytes) throws(ModelFileError) in
            var parser = SafetensorsHeaderParser(
                UnsafeRawBufferPointer(rebasing: bytes[8..<headerEnd]), fileName: fileName, offset: 8)
            return try parser.parse(dataOffset: headerEnd, dataSize: bytes.count - headerEnd)
        }
        tensors = parsed.entries.map { entry in
            TensorInfo(name: entry.name, dtype: entry.dtype, shape: entry.shape,
                       fileRange: (headerEnd + entry.begin)..<(headerEnd + entry.end))
        }
        metadata = parsed.metadata
    }

    /// The description of the tensor named `name`.
    /// - Throws: `ModelFileError.tensorNotFound`.
    public func tensor(named name: String) throws -> TensorInfo {
        guard let tensor = tensors.first(where: { $0.name == name }) else {
            throw ModelFileError.tensorNotFound(file: fileName, name: name, available: tensors.map(\.name))
        }
        return tensor
    }

    /// All elements of a tensor converted to `Float`, row-major.
    /// - Parameter name: the tensor's name.
    /// - Throws: `ModelFileError.tensorNotFound`, or `.unsupportedTensorType` for dtypes other than F32/F16/BF16.
    public func floats(of name: String) throws -> [Float] {
        let tensor = try tensor(named: name)
        guard let type = tensor.elementType else {
            throw ModelFileError.unsupportedTensorType(file: fileName, tensor: name, type: tensor.dtype)
        }
        return data.denseFloats(type, at: tensor.fileRange.lowerBound, count: tensor.fileRange.count / type.size)
    }
}
