/// A byte-level BPE tokenizer (`tokenizer.ggml.model = "gpt2"`): GPT-2 byte mapping, merge ranks, a
/// pre-tokenizer split, and special tokens matched as whole strings before BPE.
public struct BPETokenizer: Sendable {
    /// ggml's token types (`tokenizer.ggml.token_type`).
    public enum TokenType: Int32, Sendable {
        case undefined = 0, normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// The spelling of every token id (byte-level scalars for ordinary tokens, raw text for special ones).
    public let tokens: [String]
    public let tokenTypes: [TokenType]
    public let preTokenizer: PreTokenizer
    public let beginningOfSequence: Int?
    public let endOfSequence: Int?
    private let ids: [String: Int]
    /// Merge rank of "left right" (the GGUF's merge strings, which never contain a raw space otherwise).
    private let mergeRanks: [String: Int]
    /// Control and user-defined tokens, longest first so the longest match wins.
    private let specialTokens: [(text: String, id: Int)]

    /// - Parameters:
    ///   - tokens: `tokenizer.ggml.tokens`.
    ///   - tokenTypes: `tokenizer.ggml.token_type` (raw values), or `nil` to treat every token as normal.
    ///   - merges: `tokenizer.ggml.merges`, "left right" strings in rank order.
    ///   - preTokenizer: the split (`tokenizer.ggml.pre`).
    ///   - beginningOfSequence: `tokenizer.ggml.bos_token_id`, if any.
    ///   - endOfSequence: `tokenizer.ggml.eos_token_id`, if any.
    /// - Throws: `LanguageModelError.invalidMetadata` when the arrays disagree in length, a merge is not two
    ///   parts, or a token type is unknown.
    public init(
        tokens: [String], tokenTypes: [Int32]?, merges: [String], preTokenizer: PreTokenizer,
        beginningOfSequence: Int? = nil, endOfSequence: Int? = nil
    ) throws {
        guard !tokens.isEmpty else {
            throw LanguageModelError.invalidMetadata(key: "tokenizer.ggml.tokens", reason: "empty")
        }
        let types = tokenTypes ?? Array(repeating: TokenType.normal.rawValue, count: tokens.count)
        guard types.count == tokens.count else {
            throw LanguageModelError.invalidMetadata(
                key: "tokenizer.ggml.token_type", reason: "\(types.count) types for \(tokens.count) tokens")
        }
        self.tokenTypes = try types.map {
            guard let type = TokenType(rawValue: $0) else {
                throw LanguageModelError.invalidMetadata(key: "tokenizer.ggml.token_type", reason: "unknown type \($0)")
            }
            return type
        }
        for (key, id) in [("bos", beginningOfSequence), ("eos", endOfSequence)] {
            if let id, id < 0 || id >= tokens.count {
                throw LanguageModelError.invalidMetadata(
                    key: "tokenizer.ggml.\(key)_token_id", reason: "\(id) outside the vocabulary")
            }
        }
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        var ranks: [String: Int] = [:]
        for (rank, merge) in merges.enumerated() {
            guard merge.split(separator: " ", omittingEmptySubsequences: false).count == 2 else {
                throw LanguageModelError.invalidMetadata(key: "tokenizer.ggml.merges", reason: "'\(merge)' is not a pair")
            }
            if ranks[merge] == nil { ranks[merge] = rank }
        }
        self.tokens = tokens
        self.preTokenizer = preTokenizer
        self.beginningOfSequence = beginningOfSequence
        self.endOfSequence = endOfSequence
        self.ids = ids
        mergeRanks = ranks
        specialTokens = zip(tokens, self.tokenTypes).enumerated()
            .filter { $0.element.1 == .control || $0.element.1 == .userDefined }
            .map { (text: $0.element.0, id: $0.offset) }
            .filter { !$0.text.isEmpty }
            .sorted { $0.text.count > $1.text.count }
    }

    public var vocabularySize: Int { tokens.count }

    /// The id of a token spelled exactly `spelling`, if the vocabulary has one.
    public func id(of spelling: String) -> Int? { ids[spelling] }

    /// The token ids a generation starts from: `encode(prompt)`, or the beginning-of-sequence token alone for an
    /// empty prompt (when the vocabulary has one; otherwise empty, which generation refuses).
    /// - Throws: as `encode(_:)`.
    public func encodeForGeneration(_ prompt: String) throws -> [Int] {
        let tokens = try encode(prompt)
        if tokens.isEmpty, let beginningOfSequence { return [beginningOfSequence] }
        return tokens
    }

    /// Token ids of `text`. Special tokens (control and user-defined types) written in the text become their ids.
    /// - Throws: `LanguageModelError.untokenizable` when a byte has no token (a vocabulary without all 256 bytes).
    public func encode(_ text: String) throws -> [Int] {
        var result: [Int] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let (range, id) = firstSpecialToken(in: rest) else {
                try encodeOrdinary(rest, into: &result)
                break
            }
            try encodeOrdinary(rest[..<range.lowerBound], into: &result)
            result.append(id)
            rest = rest[range.upperBound...]
        }
        return result
    }

    /// The UTF-8 bytes of `ids`; special tokens contribute their text.
    /// - Throws: `LanguageModelError.tokenOutOfRange`.
    public func decodeBytes(_ ids: [Int]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids {
            guard id >= 0, id < tokens.count else {
                throw LanguageModelError.tokenOutOfRange(id, vocabularySize: tokens.count)
            }
            if tokenTypes[id] != .control, tokenTypes[id] != .userDefined, let tokenBytes = ByteLevelMapping.decode(tokens[id]) {
                bytes.append(contentsOf: tokenBytes)
            } else {
                bytes.append(contentsOf: Array(tokens[id].utf8))
            }
        }
        return bytes
    }

    /// The text of `ids` (invalid UTF-8, e.g. half a character, becomes U+FFFD).
    /// - Throws: `LanguageModelError.tokenOutOfRange`.
    public func decode(_ ids: [Int]) throws -> String {
        String(decoding: try decodeBytes(ids), as: UTF8.self)
    }

    private func firstSpecialToken(in text: Substring) -> (Range<Substring.Index>, Int)? {
        var best: (Range<Substring.Index>, Int)?
        for special in specialTokens {
            // Longest tokens come first, so an equal start keeps the longer match.
            if let range = text.range(of: special.text), best == nil || range.lowerBound < best!.0.lowerBound {
                best = (range, special.id)
            }
        }
        return best
    }

    private func encodeOrdinary(_ text: Substring, into result: inout [Int]) throws {
        guard !text.isEmpty else { return }
        for word in preTokenizer.split(String(text)) {
            let spelling = ByteLevelMapping.encode(word.utf8)
            if let whole = ids[spelling], mergeRanks.isEmpty || word.utf8.count == 1 {
                result.append(whole)
                continue
            }
            for symbol in applyMerges(spelling) {
                guard let id = ids[symbol] else { throw LanguageModelError.untokenizable(symbol) }
                result.append(id)
            }
        }
    }

    /// Merges adjacent symbols of one word, always the pair of lowest rank (leftmost on ties), until none applies.
    func applyMerges(_ spelling: String) -> [String] {
        var symbols = spelling.unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var best: (rank: Int, index: Int)?
            for index in 0..<symbols.count - 1 {
                if let rank = mergeRanks[symbols[index] + " " + symbols[index + 1]], best == nil || rank < best!.rank {
                    best = (rank, index)
                }
            }
            guard let (_, index) = best else { break }
            symbols[index] += symbols[index + 1]
            symbols.remove(at: index + 1)
        }
        return symbols
    }
}
