/// Everything that can be wrong with a model file, said so that a user can act on it.
///
/// Every reader in this module throws these errors for malformed, truncated or unsupported input;
/// none of them traps or allocates more than the file could possibly hold.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file ended before `what` could be read: `needed` bytes at `offset`, only `available` left.
    case truncated(file: String, offset: Int, what: String, needed: Int, available: Int)
    /// The file does not start with the signature of the expected format.
    case badMagic(file: String, expected: String, found: String)
    /// The format version is not one this reader understands.
    case unsupportedVersion(file: String, version: Int, supported: String)
    /// A field holds a value that is not allowed (`what`, at `offset`, and why).
    case malformed(file: String, offset: Int, what: String, reason: String)
    /// A tensor is stored in an element type that this module cannot convert to `Float`.
    case unsupportedTensorType(file: String, tensor: String, type: String)
    /// No tensor of that name exists in the file.
    case tensorNotFound(file: String, name: String, available: [String])
    /// A row index outside the tensor's rows.
    case rowOutOfRange(file: String, tensor: String, row: Int, rows: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the file: \(reason)"
        case .truncated(let file, let offset, let what, let needed, let available):
            "\(file): truncated at byte \(offset): \(what) needs \(needed) bytes, only \(available) remain"
        case .badMagic(let file, let expected, let found):
            "\(file): not a \(expected) file (it starts with \(found))"
        case .unsupportedVersion(let file, let version, let supported):
            "\(file): format version \(version) is not supported (supported: \(supported))"
        case .malformed(let file, let offset, let what, let reason):
            "\(file): malformed \(what) at byte \(offset): \(reason)"
        case .unsupportedTensorType(let file, let tensor, let type):
            "\(file): tensor '\(tensor)' has element type \(type), which cannot be converted to Float32 "
                + "(supported: F32, F16, BF16, Q8_0, Q4_1)"
        case .tensorNotFound(let file, let name, let available):
            "\(file): no tensor named '\(name)'; the file has "
                + (available.count <= 12
                    ? available.joined(separator: ", ")
                    : available.prefix(12).joined(separator: ", ") + ", ... (\(available.count) in all)")
        case .rowOutOfRange(let file, let tensor, let row, let rows):
            "\(file): row \(row) of tensor '\(tensor)' does not exist (it has \(rows) rows)"
        }
    }
}
