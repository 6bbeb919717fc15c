import Foundation

/// The floating-point element types that safetensors and NumPy files store for embeddings.
public enum DenseElementType: String, Sendable, CaseIterable {
    case float32, float16, bfloat16

    /// Bytes per element.
    public var size: Int { self == .float32 ? 4 : 2 }

    var ggmlType: GGMLType {
        switch self {
        case .float32: .f32
        case .float16: .f16
        case .bfloat16: .bf16
        }
    }
}

extension Data {
    /// `count` little-endian elements of `type` at `offset`, converted to `Float`.
    /// The caller has checked that `offset + count * type.size <= self.count`.
    func denseFloats(_ type: DenseElementType, at offset: Int, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            withUnsafeBytes { bytes in
                if count > 0, let base = bytes.baseAddress {
                    Dequantization.convert(type.ggmlType, count: count, from: base + offset, into: buffer.baseAddress!)
                }
            }
            initialized = count
        }
    }
}
