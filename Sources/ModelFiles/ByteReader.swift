/// A bounds-checked little-endian cursor over the bytes of a file.
///
/// Every read checks the remaining length first (without overflowing) and throws
/// `ModelFileError.truncated` instead of reading past the end.
/// Invariant: `bytes` stays valid for the reader's lifetime (the caller holds the file's `Data`).
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let fileName: String
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, fileName: String, offset: Int = 0) {
        self.bytes = bytes
        self.fileName = fileName
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    /// Throws unless `count` bytes remain.
    func require(_ count: Int, for what: String) throws(ModelFileError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(file: fileName, offset: offset, what: what, needed: count, available: remaining)
        }
    }

    mutating func skip(_ count: Int, for what: String) throws(ModelFileError) {
        try require(count, for: what)
        offset += count
    }

    mutating func seek(to newOffset: Int, for what: String) throws(ModelFileError) {
        guard newOffset >= 0, newOffset <= bytes.count else {
            throw .truncated(file: fileName, offset: offset, what: what,
                             needed: newOffset - offset, available: remaining)
        }
        offset = newOffset
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, for what: String) throws(ModelFileError) -> T {
        try require(MemoryLayout<T>.size, for: what)
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readBytes(_ count: Int, for what: String) throws(ModelFileError) -> UnsafeRawBufferPointer {
        try require(count, for: what)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    func malformed(_ what: String, at position: Int? = nil, _ reason: String) -> ModelFileError {
        .malformed(file: fileName, offset: position ?? offset, what: what, reason: reason)
    }
}

/// `a * b`, or `nil` when the product overflows `Int` or an operand is negative.
@inline(__always)
func checkedProduct(_ a: Int, _ b: Int) -> Int? {
    guard a >= 0, b >= 0 else { return nil }
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : product
}

/// The product of all `values`, or `nil` on overflow or a negative value.
func checkedProduct(_ values: [Int]) -> Int? {
    var product = 1
    for value in values {
        guard let next = checkedProduct(product, value) else { return nil }
        product = next
    }
    return product
}

/// Bytes as upper-case hex pairs, for error messages ("47 47 55 46").
func hexBytes(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
}
