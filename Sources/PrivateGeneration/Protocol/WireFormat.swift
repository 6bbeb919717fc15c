/// Little-endian writer for the generation protocol's message bodies (the CKKS objects inside them keep their
/// own validated format, `CKKSSerialization`).
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    /// A UInt64 length, then the bytes.
    mutating func writeBlob(_ blob: [UInt8]) {
        write(UInt64(blob.count))
        bytes.append(contentsOf: blob)
    }

    mutating func writeString(_ text: String) { writeBlob(Array(text.utf8)) }
}

/// Bounds-checked reader of a message body: every read throws `GenerationProtocolError.malformed` instead of
/// trapping, and a declared length is checked against the bytes actually present before anything is copied.
struct WireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ field: String) throws(GenerationProtocolError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .malformed("truncated at \(field)") }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return value
    }

    mutating func readDouble(_ field: String) throws(GenerationProtocolError) -> Double {
        Double(bitPattern: try read(UInt64.self, field))
    }

    mutating func readBlob(_ field: String) throws(GenerationProtocolError) -> [UInt8] {
        let length = try read(UInt64.self, "\(field) length")
        guard length <= UInt64(remaining) else { throw .malformed("\(field) declares \(length) bytes, \(remaining) left") }
        defer { offset += Int(length) }
        return Array(bytes[offset..<(offset + Int(length))])
    }

    mutating func readString(_ field: String) throws(GenerationProtocolError) -> String {
        let blob = try readBlob(field)
        guard let text = String(validating: blob, as: UTF8.self) else { throw .malformed("\(field) is not UTF-8") }
        return text
    }

    /// The rest of the body.
    mutating func readRest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    func expectEnd(_ what: String) throws(GenerationProtocolError) {
        guard remaining == 0 else { throw .malformed("\(remaining) trailing bytes after \(what)") }
    }
}
