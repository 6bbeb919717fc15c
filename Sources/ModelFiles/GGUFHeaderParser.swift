/// Parses the header of a GGUF file: everything before the tensor data.
struct GGUFHeaderParser {
    struct Result {
        var version: Int
        var metadata: [String: GGUFValue]
        var metadataKeys: [String]
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataSectionOffset: Int
    }

    var reader: ByteReader

    /// Smallest possible encodings, used to bound counts by the bytes that remain.
    private static let minimumKeyValueSize = 8 + 4 + 1
    private static let minimumTensorInfoSize = 8 + 4 + 4 + 8
    private static let maximumDimensions = 4

    mutating func parse() throws(ModelFileError) -> Result {
        let magic = try reader.readBytes(4, for: "the magic number")
        guard Array(magic) == Array("GGUF".utf8) else {
            throw .badMagic(file: reader.fileName, expected: "GGUF", found: Self.describe(magic))
        }
        let version = try reader.read(UInt32.self, for: "the version")
        guard version == 2 || version == 3 else {
            throw .unsupportedVersion(file: reader.fileName, version: Int(version), supported: "2, 3")
        }
        let tensorCount = try readCount(for: "the tensor count", minimumElementSize: Self.minimumTensorInfoSize)
        let keyValueCount = try readCount(for: "the metadata count", minimumElementSize: Self.minimumKeyValueSize)

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        keys.reserveCapacity(keyValueCount)
        for _ in 0..<keyValueCount {
            let keyOffset = reader.offset
            let key = try readString(for: "a metadata key", maximumLength: Self.maximumKeyLength)
            guard metadata[key] == nil else { throw reader.malformed("metadata key '\(key)'", at: keyOffset, "the key appears twice") }
            let type = try readValueType(for: "the type of '\(key)'")
            metadata[key] = try readValue(type, key: key, depth: 0)
            keys.append(key)
        }

        let alignment = try Self.alignment(from: metadata, reader: reader)

        var infos: [(name: String, dimensions: [Int], type: GGMLType, offset: Int, at: Int)] = []
        infos.reserveCapacity(tensorCount)
        var seen = Set<String>()
        for _ in 0..<tensorCount {
            let infoOffset = reader.offset
            let name = try readString(for: "a tensor name", maximumLength: Self.maximumTensorNameLength)
            guard seen.insert(name).inserted else { throw reader.malformed("tensor '\(name)'", at: infoOffset, "the name appears twice") }
            let dimensionCount = try reader.read(UInt32.self, for: "the dimension count of '\(name)'")
            guard dimensionCount >= 1, dimensionCount <= Self.maximumDimensions else {
                throw reader.malformed("tensor '\(name)'", at: infoOffset, "\(dimensionCount) dimensions (expected 1 to 4)")
            }
            var dimensions: [Int] = []
            for _ in 0..<dimensionCount {
                let raw = try reader.read(UInt64.self, for: "a dimension of '\(name)'")
                guard let dimension = Int(exactly: raw) else {
                    throw reader.malformed("tensor '\(name)'", "dimension \(raw) is too large")
                }
                dimensions.append(dimension)
            }
            let type = GGMLType(rawValue: try reader.read(UInt32.self, for: "the type of '\(name)'"))
            let rawOffset = try reader.read(UInt64.self, for: "the data offset of '\(name)'")
            guard let offset = Int(exactly: rawOffset), offset % alignment == 0 else {
                throw reader.malformed("tensor '\(name)'", at: infoOffset,
                                       "data offset \(rawOffset) is not a multiple of the alignment \(alignment)")
            }
            infos.append((name, dimensions, type, offset, infoOffset))
        }

        // The data section starts at the next multiple of the alignment.
        let headerEnd = reader.offset
        let padding = (alignment - headerEnd % alignment) % alignment
        let dataSectionOffset = headerEnd + padding
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(infos.count)
        for info in infos {
            tensors.append(try Self.validatedTensor(info, dataSectionOffset: dataSectionOffset, reader: reader))
        }
        return Result(version: Int(version), metadata: metadata, metadataKeys: keys, tensors: tensors,
                      alignment: alignment, dataSectionOffset: dataSectionOffset)
    }

    private static func alignment(from metadata: [String: GGUFValue], reader: ByteReader) throws(ModelFileError) -> Int {
        guard let value = metadata["general.alignment"] else { return GGUFFile.defaultAlignment }
        guard let alignment = value.integer, alignment > 0, alignment.nonzeroBitCount == 1, alignment <= 1 << 20 else {
            throw reader.malformed("metadata 'general.alignment'", at: 0,
                                   "\(value) is not a power of two between 1 and 2^20")
        }
        return alignment
    }

    private static func validatedTensor(
        _ info: (name: String, dimensions: [Int], type: GGMLType, offset: Int, at: Int),
        dataSectionOffset: Int, reader: ByteReader
    ) throws(ModelFileError) -> GGUFTensorInfo {
        let what = "tensor '\(info.name)'"
        guard let elements = checkedProduct(info.dimensions) else {
            throw reader.malformed(what, at: info.at, "the element count \(info.dimensions) overflows")
        }
        var byteCount: Int? = nil
        if let layout = info.type.blockLayout {
            guard info.dimensions[0] % layout.elements == 0 else {
                throw reader.malformed(what, at: info.at,
                    "rows of \(info.dimensions[0]) elements are not whole \(info.type) blocks of \(layout.elements)")
            }
            guard let bytes = info.type.byteCount(elements: elements) else {
                throw reader.malformed(what, at: info.at, "the byte size overflows")
            }
            byteCount = bytes
        }
        let (start, overflow) = dataSectionOffset.addingReportingOverflow(info.offset)
        let end = start.addingReportingOverflow(byteCount ?? 0)
        guard !overflow, !end.overflow, end.partialValue <= reader.bytes.count else {
            throw .truncated(file: reader.fileName, offset: overflow ? Int.max : start,
                             what: "the data of \(what)", needed: byteCount ?? 0,
                             available: overflow ? 0 : max(0, reader.bytes.count - start))
        }
        return GGUFTensorInfo(name: info.name, dimensions: info.dimensions, type: info.type,
                              relativeOffset: info.offset, fileOffset: start, elementCount: elements,
                              byteCount: byteCount)
    }

    /// Reads a uint64 count and checks that `count` elements of at least `minimumElementSize` bytes fit.
    private mutating func readCount(for what: String, minimumElementSize: Int) throws(ModelFileError) -> Int {
        let position = reader.offset
        let raw = try reader.read(UInt64.self, for: what)
        guard let count = Int(exactly: raw), let bytes = checkedProduct(count, minimumElementSize),
              bytes <= reader.remaining
        else {
            throw reader.malformed(what, at: position,
                "\(raw) elements of at least \(minimumElementSize) bytes cannot fit in the \(reader.remaining) bytes left")
        }
        return count
    }

    private mutating func readValueType(for what: String) throws(ModelFileError) -> GGUFValueType {
        let position = reader.offset
        let raw = try reader.read(UInt32.self, for: what)
        guard let type = GGUFValueType(rawValue: raw) else {
            throw reader.malformed(what, at: position, "unknown value type \(raw) (expected 0 to 12)")
        }
        return type
    }

    /// A GGUF string: uint64 byte length (at most `maximumLength`), then UTF-8 bytes (invalid sequences are
    /// repaired with U+FFFD, in linear time).
    private mutating func readString(for what: String, maximumLength: Int = .max) throws(ModelFileError) -> String {
        let position = reader.offset
        let raw = try reader.read(UInt64.self, for: "the length of \(what)")
        guard let length = Int(exactly: raw), length <= reader.remaining else {
            throw .truncated(file: reader.fileName, offset: position, what: what,
                             needed: Int(clamping: raw), available: reader.remaining)
        }
        guard length <= maximumLength else {
            throw reader.malformed(what, at: position, "\(length) bytes; the format allows at most \(maximumLength)")
        }
        return String(repairingUTF8: try reader.readBytes(length, for: what))
    }

    /// The format's limits (ggml's docs/gguf.md): keys of at most 65,535 bytes, tensor names of at most 64.
    private static let maximumKeyLength = 65_535, maximumTensorNameLength = 64

    private mutating func readValue(_ type: GGUFValueType, key: String, depth: Int) throws(ModelFileError) -> GGUFValue {
        let what = "the value of '\(key)'"
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, for: what))
        case .int8: return .int8(try reader.read(Int8.self, for: what))
        case .uint16: return .uint16(try reader.read(UInt16.self, for: what))
        case .int16: return .int16(try reader.read(Int16.self, for: what))
        case .uint32: return .uint32(try reader.read(UInt32.self, for: what))
        case .int32: return .int32(try reader.read(Int32.self, for: what))
        case .uint64: return .uint64(try reader.read(UInt64.self, for: what))
        case .int64: return .int64(try reader.read(Int64.self, for: what))
        case .float32: return .float32(Float(bitPattern: try reader.read(UInt32.self, for: what)))
        case .float64: return .float64(Double(bitPattern: try reader.read(UInt64.self, for: what)))
        case .bool: return .bool(try readBool(for: what))
        case .string: return .string(try readString(for: what))
        case .array: return .array(try readArray(key: key, depth: depth))
        }
    }

    private mutating func readBool(for what: String) throws(ModelFileError) -> Bool {
        let position = reader.offset
        let byte = try reader.read(UInt8.self, for: what)
        guard byte <= 1 else { throw reader.malformed(what, at: position, "bool byte \(byte) (expected 0 or 1)") }
        return byte == 1
    }

    private mutating func readArray(key: String, depth: Int) throws(ModelFileError) -> GGUFArray {
        guard depth < GGUFFile.maximumArrayNesting else {
            throw reader.malformed("the value of '\(key)'", "arrays nested deeper than \(GGUFFile.maximumArrayNesting)")
        }
        let elementType = try readValueType(for: "the element type of '\(key)'")
        let count = try readCount(for: "the element count of '\(key)'", minimumElementSize: elementType.minimumSize)
        let what = "an element of '\(key)'"
        switch elementType {
        case .uint8: return .uint8(try readScalars(count, for: what))
        case .int8: return .int8(try readScalars(count, for: what))
        case .uint16: return .uint16(try readScalars(count, for: what))
        case .int16: return .int16(try readScalars(count, for: what))
        case .uint32: return .uint32(try readScalars(count, for: what))
        case .int32: return .int32(try readScalars(count, for: what))
        case .uint64: return .uint64(try readScalars(count, for: what))
        case .int64: return .int64(try readScalars(count, for: what))
        case .float32: return .float32((try readScalars(count, for: what) as [UInt32]).map(Float.init(bitPattern:)))
        case .float64: return .float64((try readScalars(count, for: what) as [UInt64]).map(Double.init(bitPattern:)))
        case .bool:
            var values: [Bool] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try readBool(for: what)) }
            return .bool(values)
        case .string:
            var values: [String] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try readString(for: what)) }
            return .string(values)
        case .array:
            var values: [GGUFArray] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try readArray(key: key, depth: depth + 1)) }
            return .arrays(values)
        }
    }

    /// `count` little-endian integers; `readCount` already checked that they fit in the file.
    private mutating func readScalars<T: FixedWidthInteger>(_ count: Int, for what: String) throws(ModelFileError) -> [T] {
        let bytes = try reader.readBytes(count * MemoryLayout<T>.size, for: what)
        return (0..<count).map { T(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
    }

    private static func describe(_ bytes: UnsafeRawBufferPointer) -> String {
        bytes.isEmpty ? "nothing (empty file)" : hexBytes(bytes)
    }
}
