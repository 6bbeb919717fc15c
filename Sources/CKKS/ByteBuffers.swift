/// Little-endian byte writer for the serialization format.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(words: [UInt64]) {
        bytes.reserveCapacity(bytes.count + words.count * 8)
        for w in words { write(w) }
    }
}

/// Bounds-checked little-endian reader: every read throws `CKKSError.invalidSerialization` instead of trapping,
/// and bulk reads check the remaining length **before** allocating.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ field: String) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw CKKSError.invalidSerialization("truncated at \(field)") }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return value
    }

    mutating func readDouble(_ field: String) throws -> Double { Double(bitPattern: try read(UInt64.self, field)) }

    /// `count` residues, each checked against the modulus of its limb (`limbModuli[i]` for limb i of `degree` words).
    mutating func readResidues(limbModuli: [UInt64], degree: Int, _ field: String) throws -> [UInt64] {
        let count = limbModuli.count * degree
        guard remaining >= count * 8 else { throw CKKSError.invalidSerialization("truncated in \(field)") }
        var words = [UInt64](repeating: 0, count: count)
        for (limb, q) in limbModuli.enumerated() {
            for c in 0..<degree {
                let word = try read(UInt64.self, field)
                guard word < q else { throw CKKSError.invalidSerialization("\(field): residue \(word) ≥ modulus \(q)") }
                words[limb * degree + c] = word
            }
        }
        return words
    }

    func expectEnd() throws {
        guard remaining == 0 else { throw CKKSError.invalidSerialization("\(remaining) trailing bytes") }
    }
}
