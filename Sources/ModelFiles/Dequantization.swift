/// Conversion of ggml-encoded tensor data to `Float` (the block layouts of ggml's `ggml-common.h`).
enum Dequantization {
    /// Converts `count` elements of `type` starting at `source` into `destination`.
    ///
    /// Invariants (checked by the callers): `type.isConvertibleToFloat`, `count` is a multiple of the
    /// type's block size, `source` holds `type.byteCount(elements: count)` readable bytes and
    /// `destination` has room for `count` floats.
    static func convert(
        _ type: GGMLType, count: Int, from source: UnsafeRawPointer, into destination: UnsafeMutablePointer<Float>
    ) {
        switch type {
        case .f32:
            for i in 0..<count {
                destination[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .f16:
            for i in 0..<count { destination[i] = halfToFloat(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .bf16:
            for i in 0..<count { destination[i] = bfloat16ToFloat(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .q8_0:
            // Block: f16 scale d, then 32 signed bytes q; w = d * q.
            for block in 0..<(count / 32) {
                let base = source + 34 * block
                let scale = halfToFloat(base.loadUnaligned(as: UInt16.self))
                let out = destination + 32 * block
                for j in 0..<32 { out[j] = scale * Float(base.load(fromByteOffset: 2 + j, as: Int8.self)) }
            }
        case .q4_1:
            // Block: f16 scale d, f16 minimum m, 16 bytes; byte j holds weight j (low nibble) and
            // weight j + 16 (high nibble); w = d * q + m.
            for block in 0..<(count / 32) {
                let base = source + 20 * block
                let scale = halfToFloat(base.loadUnaligned(as: UInt16.self))
                let minimum = halfToFloat(base.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
                let out = destination + 32 * block
                for j in 0..<16 {
                    let byte = base.load(fromByteOffset: 4 + j, as: UInt8.self)
                    out[j] = scale * Float(byte & 0x0F) + minimum
                    out[j + 16] = scale * Float(byte >> 4) + minimum
                }
            }
        default:
            preconditionFailure("Dequantization.convert called with unsupported type \(type)")
        }
    }
}

/// IEEE half precision (little-endian bits) to `Float`.
@inline(__always)
func halfToFloat(_ littleEndianBits: UInt16) -> Float {
    Float(Float16(bitPattern: UInt16(littleEndian: littleEndianBits)))
}

/// bfloat16 (little-endian bits; the top half of a `Float`) to `Float`.
@inline(__always)
func bfloat16ToFloat(_ littleEndianBits: UInt16) -> Float {
    Float(bitPattern: UInt32(UInt16(littleEndian: littleEndianBits)) << 16)
}
