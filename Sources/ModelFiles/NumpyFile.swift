import Foundation

/// A NumPy `.npy` file holding a little-endian float32 or float16 array, in C (row-major) or Fortran
/// (column-major) order; `floats()` always returns row-major values, as `numpy.load(...).tolist()` orders them.
///
/// Layout: `\x93NUMPY`, major and minor version, the header length (uint16 for version 1, uint32 for
/// versions 2 and 3), then a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (49152, 576), }`, then the data.
public struct NumpyFile: Sendable {
    /// The format's major version (1, 2 or 3).
    public let version: Int
    /// The dtype as written (`<f4` or `<f2`).
    public let descriptor: String
    /// The array's shape (`floats()` lists the elements row-major in it, whatever the storage order).
    public let shape: [Int]
    /// Whether the file stores the elements in Fortran (column-major) order (`fortran_order: True`).
    public let isFortranOrder: Bool
    /// The element type.
    public let elementType: DenseElementType
    /// The name used in error messages.
    public let fileName: String
    private let data: Data
    private let dataOffset: Int

    /// The largest header dict this reader parses: 64 KiB. A float array's header is about 100 bytes, and NumPy's
    /// own reader refuses headers above 10,000 bytes unless told otherwise (`max_header_size`).
    public static let maximumHeaderSize = 1 << 16

    /// Opens and parses a `.npy` file, memory-mapping it.
    /// - Parameter url: the file's location.
    /// - Throws: `ModelFileError` when the file cannot be read, its header is invalid, the dtype is not
    ///   `<f4`/`<f2`, or the data is shorter or longer than the shape says.
    public init(contentsOf url: URL) throws {
        try self.init(data: MappedFile.contents(of: url), fileName: url.lastPathComponent)
    }

    /// Parses `.npy` bytes already in memory.
    /// - Parameters:
    ///   - data: the whole file.
    ///   - fileName: the name to use in error messages.
    /// - Throws: `ModelFileError` as for `init(contentsOf:)`.
    public init(data: Data, fileName: String = "<memory>") throws {
        self.data = data
        self.fileName = fileName
        let parsed = try data.withUnsafeBytes { (bytes) throws(ModelFileError) -> RawHeader in
            var reader = ByteReader(bytes, fileName: fileName)
            let magic = try reader.readBytes(6, for: "the magic string")
            guard Array(magic) == [0x93] + Array("NUMPY".utf8) else {
                throw .badMagic(file: fileName, expected: "NumPy .npy", found: hexBytes(magic))
            }
            let major = Int(try reader.read(UInt8.self, for: "the major version"))
            _ = try reader.read(UInt8.self, for: "the minor version")
            let headerLength: Int
            switch major {
            case 1: headerLength = Int(try reader.read(UInt16.self, for: "the header length"))
            case 2, 3: headerLength = Int(try reader.read(UInt32.self, for: "the header length"))
            default: throw .unsupportedVersion(file: fileName, version: major, supported: "1, 2, 3")
            }
            guard headerLength <= Self.maximumHeaderSize else {
                throw .malformed(file: fileName, offset: reader.offset, what: "the header length",
                                 reason: "\(headerLength) bytes exceeds this reader's limit of \(Self.maximumHeaderSize)")
            }
            let headerStart = reader.offset
            let headerBytes = try reader.readBytes(headerLength, for: "the header")
            // Versions 1 and 2 use Latin-1 (ASCII in practice); version 3 uses UTF-8.
            let header = major == 3
                ? String(repairingUTF8: headerBytes)
                : String(headerBytes.map { Character(Unicode.Scalar($0)) })
            return RawHeader(version: major, header: header, start: headerStart, end: reader.offset)
        }
        version = parsed.version
        let headerStart = parsed.start
        let dictionary: [String: PythonLiteral]
        do {
            var parser = PythonLiteralParser(parsed.header)
            guard case .dictionary(let entries) = try parser.parseTopLevel() else { throw PythonLiteralParser.Failure.expected("a dict") }
            dictionary = entries
        } catch let failure as PythonLiteralParser.Failure {
            throw ModelFileError.malformed(file: fileName, offset: headerStart, what: "header dict", reason: failure.description)
        }
        func bad(_ reason: String) -> ModelFileError {
            .malformed(file: fileName, offset: headerStart, what: "header dict", reason: reason)
        }
        guard case .string(let descriptor)? = dictionary["descr"] else { throw bad("'descr' is missing or not a string") }
        guard case .bool(let fortranOrder)? = dictionary["fortran_order"] else { throw bad("'fortran_order' is missing or not a bool") }
        guard case .tuple(let shapeItems)? = dictionary["shape"] else { throw bad("'shape' is missing or not a tuple") }
        var shape: [Int] = []
        for item in shapeItems {
            guard case .integer(let dimension) = item, dimension >= 0 else { throw bad("'shape' holds \(item), not a non-negative integer") }
            shape.append(dimension)
        }
        switch descriptor {
        case "<f4": elementType = .float32
        case "<f2": elementType = .float16
        case ">f4", ">f2":
            throw ModelFileError.unsupportedTensorType(file: fileName, tensor: "array", type: "big-endian \(descriptor) (save it little-endian)")
        default:
            throw ModelFileError.unsupportedTensorType(file: fileName, tensor: "array", type: "dtype \(descriptor) (supported: <f4, <f2)")
        }
        isFortranOrder = fortranOrder
        self.descriptor = descriptor
        self.shape = shape
        let headerEnd = parsed.end
        guard let elements = checkedProduct(shape), let bytes = checkedProduct(elements, elementType.size) else {
            throw bad("shape \(shape) overflows")
        }
        guard bytes <= data.count - headerEnd else {
            throw ModelFileError.truncated(file: fileName, offset: headerEnd, what: "the array data of shape \(shape)",
                                           needed: bytes, available: data.count - headerEnd)
        }
        guard bytes == data.count - headerEnd else {
            throw ModelFileError.malformed(
                file: fileName, offset: headerEnd + bytes, what: "the end of the file",
                reason: "\(data.count - headerEnd - bytes) bytes follow the \(bytes) bytes of the array (shape \(shape)); "
                    + "a .npy file holds exactly one array")
        }
        dataOffset = headerEnd
        elementCount = elements
    }

    /// The header text and where it lies (a struct: a tuple here crashes the Swift 6.3 compiler).
    private struct RawHeader {
        var version: Int, header: String, start: Int, end: Int
    }

    /// Number of elements (the product of `shape`).
    public let elementCount: Int

    /// All elements converted to `Float`, row-major (a Fortran-order file is transposed on the way).
    public func floats() -> [Float] {
        let stored = data.denseFloats(elementType, at: dataOffset, count: elementCount)
        return isFortranOrder ? Self.rowMajor(columnMajor: stored, shape: shape) : stored
    }

    /// The elements of a column-major (Fortran) array of `shape` in row-major (C) order.
    ///
    /// Walks the row-major indices with an odometer (last axis fastest) and keeps the matching column-major
    /// offset Σ i_j·f_j, f_0 = 1, f_j = f_(j−1)·shape[j−1], up to date incrementally.
    static func rowMajor(columnMajor values: [Float], shape: [Int]) -> [Float] {
        guard shape.count > 1, !values.isEmpty else { return values }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        return [Float](unsafeUninitializedCapacity: values.count) { output, initialized in
            for position in 0..<values.count {
                output[position] = values[offset]
                var axis = shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    offset += strides[axis]
                    if index[axis] < shape[axis] { break }
                    offset -= strides[axis] * shape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
            initialized = values.count
        }
    }
}
