import Foundation

/// Little-endian byte writer for hand-made test files.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func append(_ value: Float) { append(value.bitPattern) }
    mutating func append(_ value: Double) { append(value.bitPattern) }
    mutating func appendGGUFString(_ text: String) {
        append(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
    mutating func pad(toMultipleOf alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

/// Builds GGUF files: metadata entries written raw (type code + payload), tensors placed in order.
struct GGUFBuilder {
    struct Tensor {
        var name: String
        var dimensions: [UInt64]
        var type: UInt32
        var payload: [UInt8]
    }

    var version: UInt32 = 3
    var metadata: [(key: String, type: UInt32, payload: [UInt8])] = []
    var tensors: [Tensor] = []
    var alignment = 32

    mutating func add(_ key: String, type: UInt32, _ write: (inout ByteWriter) -> Void) {
        var writer = ByteWriter()
        write(&writer)
        metadata.append((key, type, writer.bytes))
    }

    func build() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: "GGUF".utf8)
        writer.append(version)
        writer.append(UInt64(tensors.count))
        writer.append(UInt64(metadata.count))
        for entry in metadata {
            writer.appendGGUFString(entry.key)
            writer.append(entry.type)
            writer.bytes.append(contentsOf: entry.payload)
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset += tensor.payload.count
            offset = (offset + alignment - 1) / alignment * alignment
        }
        for (tensor, tensorOffset) in zip(tensors, offsets) {
            writer.appendGGUFString(tensor.name)
            writer.append(UInt32(tensor.dimensions.count))
            for dimension in tensor.dimensions { writer.append(dimension) }
            writer.append(tensor.type)
            writer.append(UInt64(tensorOffset))
        }
        writer.pad(toMultipleOf: alignment)
        for (index, tensor) in tensors.enumerated() {
            writer.bytes.append(contentsOf: tensor.payload)
            if index + 1 < tensors.count { writer.pad(toMultipleOf: alignment) }
        }
        return writer.bytes
    }
}

/// A fresh temporary directory for files a test writes.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ModelFilesTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `bytes` to a new temporary file and returns its URL.
func writeTemporaryFile(_ bytes: [UInt8], name: String) throws -> URL {
    let url = try temporaryDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}

/// Half-precision bit patterns of a few exact values.
enum HalfBits {
    static let one: UInt16 = 0x3C00, half: UInt16 = 0x3800, quarter: UInt16 = 0x3400
    static let minusOne: UInt16 = 0xBC00, minusTwo: UInt16 = 0xC000
}
