/// Turns tokens into text as they arrive, holding back the bytes of a UTF-8 character split across tokens.
public struct StreamingTextDecoder: Sendable {
    private let tokenizer: BPETokenizer
    private var pending: [UInt8] = []

    public init(tokenizer: BPETokenizer) { self.tokenizer = tokenizer }

    /// The text that `token` completes (possibly empty while a character is incomplete).
    /// - Throws: `LanguageModelError.tokenOutOfRange`.
    public mutating func append(_ token: Int) throws -> String {
        pending += try tokenizer.decodeBytes([token])
        let complete = Self.completePrefixLength(pending)
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Whatever is held back, decoded with replacement characters.
    public mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing incomplete UTF-8 sequence (at most 3 bytes are held back).
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last sequence.
        while start > 0, bytes.count - start < 4, bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0 else { return bytes.count }
        let lead = bytes[start - 1]
        let needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return bytes.count - (start - 1) < needed ? start - 1 : bytes.count
    }
}
