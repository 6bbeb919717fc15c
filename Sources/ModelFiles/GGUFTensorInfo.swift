/// Where and how one tensor is stored in a GGUF file.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name, such as `token_embd.weight`.
    public let name: String
    /// ggml dimensions: `dimensions[0]` varies fastest (a row of a matrix), so a V × d embedding
    /// matrix has `dimensions == [d, V]`.
    public let dimensions: [Int]
    /// The element encoding.
    public let type: GGMLType
    /// Offset of the tensor's first byte from the start of the file's data section, as stored.
    public let relativeOffset: Int
    /// Offset of the tensor's first byte from the start of the file.
    public let fileOffset: Int
    /// Number of elements (the product of `dimensions`).
    public let elementCount: Int
    /// Bytes the tensor occupies, or `nil` for element types whose layout this module does not know.
    public let byteCount: Int?

    /// Elements in one row (`dimensions[0]`).
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Number of rows: the product of all dimensions but the first.
    public var rowCount: Int { rowLength == 0 ? 0 : elementCount / rowLength }
}
