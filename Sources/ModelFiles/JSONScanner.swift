import Foundation

/// A strict pull parser for JSON text (RFC 8259) over bytes in memory, for the headers of model files.
///
/// Readers pull one value at a time (`readString`, `readInteger`, `beginObject`/`nextKey`, …), so a header
/// is turned straight into the reader's own types instead of a tree of Foundation objects (which cost about
/// 28 times the text for a safetensors header). Strictness where Foundation's `JSONSerialization` is lax:
/// duplicate keys within one object are an error (`skipValue` and `nextKey` check them), `true` is not a
/// number, invalid UTF-8 is an error, and nesting deeper than `maximumDepth` is refused, so hostile text can
/// neither exhaust the stack nor hide a second value behind a key that appears twice.
///
/// Invariant: `bytes` stays valid for the scanner's lifetime (the caller holds the file's `Data`).
struct JSONScanner {
    private let bytes: UnsafeRawBufferPointer
    private let fileName: String
    /// Offset of `bytes[0]` in the file, for error messages.
    private let baseOffset: Int
    private(set) var position = 0
    /// An open array or object: whether it has elements yet, and an object's keys so far.
    private enum Container {
        case array(hasElements: Bool)
        case object(keys: Set<String>)
    }

    /// The open arrays and objects, innermost last.
    private var open: [Container] = []

    /// Nesting limit for arrays and objects.
    static let maximumDepth = 64

    init(_ bytes: UnsafeRawBufferPointer, fileName: String, baseOffset: Int = 0) {
        self.bytes = bytes
        self.fileName = fileName
        self.baseOffset = baseOffset
    }

    /// A `ModelFileError.malformed` at the current position.
    func error(_ what: String, _ reason: String) -> ModelFileError {
        .malformed(file: fileName, offset: baseOffset + position, what: what, reason: reason)
    }

    // MARK: Structure

    /// Skips whitespace and returns the next byte without consuming it (`nil` at the end).
    mutating func peek() -> UInt8? {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return bytes[position]
            }
        }
        return nil
    }

    /// Consumes `byte` (after whitespace) or throws.
    mutating func expect(_ byte: UInt8, in what: String) throws(ModelFileError) {
        guard peek() == byte else {
            throw error(what, "expected '\(Character(Unicode.Scalar(byte)))'" + (peek() == nil ? " before the end" : ""))
        }
        position += 1
    }

    /// Throws unless only whitespace remains.
    mutating func expectEnd(in what: String) throws(ModelFileError) {
        guard peek() == nil else { throw error(what, "unexpected text after the top-level value") }
    }

    /// Opens an object: consumes `{`; read its members with `nextKey`.
    mutating func beginObject(_ what: String) throws(ModelFileError) {
        try begin(UInt8(ascii: "{"), .object(keys: []), what)
    }

    /// Opens an array: consumes `[`; step through its elements with `nextElement`.
    mutating func beginArray(_ what: String) throws(ModelFileError) {
        try begin(UInt8(ascii: "["), .array(hasElements: false), what)
    }

    private mutating func begin(_ byte: UInt8, _ container: Container, _ what: String) throws(ModelFileError) {
        guard open.count < Self.maximumDepth else { throw error(what, "nested deeper than \(Self.maximumDepth)") }
        try expect(byte, in: what)
        open.append(container)
    }

    /// Whether the innermost open array has another element (positioned at it), or `false` after the closing `]`.
    mutating func nextElement(_ what: String) throws(ModelFileError) -> Bool {
        guard case .array(let hasElements)? = open.popLast() else { throw error(what, "no array is open") }
        if peek() == UInt8(ascii: "]") {
            position += 1
            return false
        }
        if hasElements { try expect(UInt8(ascii: ","), in: what) }
        open.append(.array(hasElements: true))
        return true
    }

    /// The next key of the innermost open object (its value follows), or `nil` after the closing `}`.
    /// - Throws: `ModelFileError.malformed` for a missing comma or colon, or a key that appears twice.
    mutating func nextKey(_ what: String) throws(ModelFileError) -> String? {
        guard case .object(var keys)? = open.popLast() else { throw error(what, "no object is open") }
        if peek() == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        if !keys.isEmpty { try expect(UInt8(ascii: ","), in: what) }
        let keyPosition = position
        let key = try readString(what)
        guard keys.insert(key).inserted else {
            position = keyPosition
            throw error(what, "the key \"\(key)\" appears twice (a reader could take either value)")
        }
        try expect(UInt8(ascii: ":"), in: what)
        open.append(.object(keys: keys))
        return key
    }

    /// Skips one value of any type, checking it as strictly as the typed reads (duplicate keys included).
    mutating func skipValue(_ what: String) throws(ModelFileError) {
        switch peek() {
        case UInt8(ascii: "{"):
            try beginObject(what)
            while try nextKey(what) != nil { try skipValue(what) }
        case UInt8(ascii: "["):
            try beginArray(what)
            while try nextElement(what) { try skipValue(what) }
        case UInt8(ascii: "\""): _ = try readString(what)
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool(what)
        case UInt8(ascii: "n"): try readLiteral("null", what)
        default: _ = try readNumber(what)
        }
    }

    // MARK: Scalars

    /// A string, with escapes decoded.
    /// - Throws: for a missing quote, a raw control character, a bad escape or invalid UTF-8.
    mutating func readString(_ what: String) throws(ModelFileError) -> String {
        try expect(UInt8(ascii: "\""), in: what)
        var decoded: [UInt8] = []
        var start = position
        while true {
            guard position < bytes.count else { throw error(what, "the string is not closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else { throw error(what, "a raw control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                decoded += bytes[start..<position]
                position += 1
                try readEscape(into: &decoded, what)
                start = position
            } else {
                position += 1
            }
        }
        decoded += bytes[start..<position]
        position += 1
        guard let text = String(validating: decoded, as: UTF8.self) else { throw error(what, "a string is not valid UTF-8") }
        return text
    }

    private mutating func readEscape(into decoded: inout [UInt8], _ what: String) throws(ModelFileError) {
        guard position < bytes.count else { throw error(what, "the string is not closed") }
        let escape = bytes[position]
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let byte = simple[escape] {
            decoded.append(byte)
            return
        }
        guard escape == UInt8(ascii: "u") else { throw error(what, "unknown escape in a string") }
        var scalar = try readHex4(what)
        if (0xD800..<0xDC00).contains(scalar) {
            // A high surrogate must be followed by an escaped low surrogate.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            else { throw error(what, "an unpaired surrogate escape") }
            position += 2
            let low = try readHex4(what)
            guard (0xDC00..<0xE000).contains(low) else { throw error(what, "an unpaired surrogate escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error(what, "an unpaired surrogate escape") }
        decoded += Array(String(Character(unicode)).utf8)
    }

    private mutating func readHex4(_ what: String) throws(ModelFileError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error(what, "a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexDigit(bytes[position]) else { throw error(what, "a \\u escape needs four hex digits") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `true` or `false`.
    mutating func readBool(_ what: String) throws(ModelFileError) -> Bool {
        if peek() == UInt8(ascii: "t") {
            try readLiteral("true", what)
            return true
        }
        try readLiteral("false", what)
        return false
    }

    private mutating func readLiteral(_ word: String, _ what: String) throws(ModelFileError) {
        _ = peek()
        let expected = Array(word.utf8)
        guard position + expected.count <= bytes.count, Array(bytes[position..<(position + expected.count)]) == expected else {
            throw error(what, "expected a JSON value")
        }
        position += expected.count
    }

    /// A number as written: its text (checked against the JSON grammar) and whether it is a plain integer.
    struct Number {
        var text: String
        var isInteger: Bool
    }

    /// A number in JSON's grammar: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func readNumber(_ what: String) throws(ModelFileError) -> Number {
        _ = peek()
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - first
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            position = start
            throw error(what, "expected a number")
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard digits() > 0 else { throw error(what, "a number's fraction has no digits") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error(what, "a number's exponent has no digits") }
        }
        return Number(text: String(decoding: bytes[start..<position], as: UTF8.self), isInteger: isInteger)
    }

    /// An integer written without fraction or exponent that fits in `Int`.
    mutating func readInteger(_ what: String) throws(ModelFileError) -> Int {
        let number = try readNumber(what)
        guard number.isInteger, let value = Int(number.text) else {
            throw error(what, "\(number.text) is not an integer in 64 bits")
        }
        return value
    }
}

/// Strict checks of JSON text that other modules read with Foundation's decoders.
public enum StrictJSON {
    /// Checks that `data` is one well-formed JSON value in which no object has a key twice.
    ///
    /// `JSONDecoder` and `JSONSerialization` silently keep one of two equal keys, so a file could show one
    /// value to one reader and another to the next; run this check first.
    /// - Parameters:
    ///   - data: the JSON text (UTF-8).
    ///   - fileName: the name to use in error messages.
    /// - Throws: `ModelFileError.malformed` naming the offset of the first problem.
    public static func validate(_ data: Data, fileName: String) throws {
        try data.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes, fileName: fileName)
            try scanner.skipValue("JSON text")
            try scanner.expectEnd(in: "JSON text")
        }
    }
}
