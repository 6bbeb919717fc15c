/// GPT-2's reversible map between the 256 byte values and printable unicode scalars.
///
/// Byte-level BPE vocabularies spell every token with these scalars: printable Latin-1 bytes map to
/// themselves, the other 68 bytes (controls, space, soft hyphen...) to U+0100 onwards in byte order, so a
/// space is "Ġ" (U+0120) and a newline "Ċ" (U+010A).
enum ByteLevelMapping {
    /// The scalar that spells each byte.
    static let scalarForByte: [Unicode.Scalar] = {
        let printable = Set(Array(33...126) + Array(161...172) + Array(174...255))
        var next: UInt32 = 256
        return (0..<256).map { byte in
            if printable.contains(byte) { return Unicode.Scalar(UInt32(byte))! }
            defer { next += 1 }
            return Unicode.Scalar(next)!
        }
    }()

    /// The byte each mapped scalar stands for.
    static let byteForScalar: [Unicode.Scalar: UInt8] = {
        var table: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in scalarForByte.enumerated() { table[scalar] = UInt8(byte) }
        return table
    }()

    /// The token-spelling of UTF-8 `bytes`.
    static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(scalarForByte[Int(byte)]) }
        return String(text)
    }

    /// The bytes a token spelling stands for, or `nil` when it contains a scalar outside the map.
    static func decode(_ spelling: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(spelling.unicodeScalars.count)
        for scalar in spelling.unicodeScalars {
            guard let byte = byteForScalar[scalar] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
