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

    /// The spec's limit on the JSON header (100 MB); larger headers are rejected before reading.
    public static let maximumHeaderSize = 100_000_000
    static let elementTypes: [String: DenseElementType] = ["F32": .float32, "F16": .float16, "BF16": .bfloat16]
    private static let dtypeSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
        "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

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
    /// - Throws: `ModelFileError` when the header is truncated, not JSON, or describes data outside the file.
    public init(data: Data, fileName: String = "<memory>") throws {
        self.data = data
        self.fileName = fileName
        guard data.count >= 8 else {
            throw ModelFileError.truncated(file: fileName, offset: 0, what: "the header length", needed: 8, available: data.count)
        }
        let rawLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard rawLength <= UInt64(Self.maximumHeaderSize), Int(rawLength) <= data.count - 8 else {
            throw ModelFileError.truncated(file: fileName, offset: 8, what: "the JSON header",
                                           needed: Int(clamping: rawLength), available: data.count - 8)
        }
        let headerEnd = 8 + Int(rawLength)
        let dataSize = data.count - headerEnd
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data[(data.startIndex + 8)..<(data.startIndex + headerEnd)])
        } catch {
            throw ModelFileError.malformed(file: fileName, offset: 8, what: "JSON header", reason: "not valid JSON")
        }
        guard let header = json as? [String: Any] else {
            throw ModelFileError.malformed(file: fileName, offset: 8, what: "JSON header", reason: "not a JSON object")
        }
        func bad(_ what: String, _ reason: String) -> ModelFileError {
            .malformed(file: fileName, offset: 8, what: what, reason: reason)
        }
        var metadata: [String: String] = [:]
        var tensors: [TensorInfo] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let entries = value as? [String: Any] else { throw bad("__metadata__", "not a JSON object") }
                for (key, entry) in entries {
                    guard let text = entry as? String else { throw bad("__metadata__ entry '\(key)'", "not a string") }
                    metadata[key] = text
                }
                continue
            }
            let what = "header entry of tensor '\(name)'"
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shapeValues = entry["shape"] as? [Any], let offsetValues = entry["data_offsets"] as? [Any]
            else { throw bad(what, "expected an object with dtype, shape and data_offsets") }
            guard let elementSize = Self.dtypeSizes[dtype] else { throw bad(what, "unknown dtype '\(dtype)'") }
            let shape = shapeValues.compactMap { Self.exactInt($0) }
            guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw bad(what, "shape \(shapeValues) is not a list of non-negative integers")
            }
            let offsets = offsetValues.compactMap { Self.exactInt($0) }
            guard offsets.count == 2, offsetValues.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw bad(what, "data_offsets \(offsetValues) is not [begin, end] with 0 <= begin <= end")
            }
            guard offsets[1] <= dataSize else {
                throw ModelFileError.truncated(file: fileName, offset: headerEnd + offsets[0], what: "the data of tensor '\(name)'",
                                               needed: offsets[1] - offsets[0], available: max(0, dataSize - offsets[0]))
            }
            guard let elements = checkedProduct(shape), let bytes = checkedProduct(elements, elementSize),
                  bytes == offsets[1] - offsets[0]
            else {
                throw bad(what, "shape \(shape) of \(dtype) does not match the \(offsets[1] - offsets[0]) bytes of data_offsets")
            }
            tensors.append(TensorInfo(name: name, dtype: dtype, shape: shape,
                                      fileRange: (headerEnd + offsets[0])..<(headerEnd + offsets[1])))
        }
        self.tensors = tensors.sorted { ($0.fileRange.lowerBound, $0.name) < ($1.fileRange.lowerBound, $1.name) }
        self.metadata = metadata
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

    /// An integer from JSON, or `nil` for non-integers (1.5, strings, values beyond 2^53).
    private static func exactInt(_ value: Any) -> Int? {
        if let integer = value as? Int { return integer }
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 9.0e15 else { return nil }
        return Int(double)
    }
}
