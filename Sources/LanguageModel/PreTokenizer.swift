/// The split of text into words before BPE, as llama.cpp does for `tokenizer.ggml.pre` "gpt2" and "smollm".
///
/// "gpt2" is GPT-2's regex, implemented by hand (no regex engine with \p{L} in Foundation on Linux):
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// "smollm" first isolates every \p{N} scalar as a word of its own (Hugging Face's `Digits(individual_digits)`),
/// then applies the GPT-2 split to the text between digits.
public struct PreTokenizer: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case gpt2
        case smollm
    }

    public let kind: Kind

    /// - Parameter name: the value of `tokenizer.ggml.pre` ("gpt2", "smollm"; "default" means "gpt2").
    /// - Throws: `LanguageModelError.unsupportedTokenizer` for other names.
    public init(name: String) throws {
        switch name {
        case "gpt2", "default": kind = .gpt2
        case "smollm": kind = .smollm
        default: throw LanguageModelError.unsupportedTokenizer("pre-tokenizer '\(name)'")
        }
    }

    /// The words of `text`, in order; concatenated they give `text` back.
    public func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        switch kind {
        case .gpt2:
            Self.gpt2Split(scalars[...], into: &words)
        case .smollm:
            var start = 0
            for (i, scalar) in scalars.enumerated() where Self.isNumber(scalar) {
                Self.gpt2Split(scalars[start..<i], into: &words)
                words.append(String(Character(scalar)))
                start = i + 1
            }
            Self.gpt2Split(scalars[start...], into: &words)
        }
        return words
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func isOther(_ s: Unicode.Scalar) -> Bool { !isWhitespace(s) && !isLetter(s) && !isNumber(s) }

    private static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map {
        Array($0.unicodeScalars)
    }

    /// Appends GPT-2's words of `scalars` to `words`, trying the regex alternatives in order at each position.
    static func gpt2Split(_ scalars: ArraySlice<Unicode.Scalar>, into words: inout [String]) {
        var i = scalars.startIndex
        let end = scalars.endIndex
        func run(from start: Int, while predicate: (Unicode.Scalar) -> Bool) -> Int {
            var j = start
            while j < end && predicate(scalars[j]) { j += 1 }
            return j
        }
        while i < end {
            var next = i
            let scalar = scalars[i]
            if scalar == "'", let suffix = contractions.first(where: { matches($0, scalars, at: i + 1) }) {
                next = i + 1 + suffix.count
            } else {
                // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional ASCII space, then a run of one class.
                let first = scalar == " " && i + 1 < end ? i + 1 : i
                let classes: [(Unicode.Scalar) -> Bool] = [isLetter, isNumber, isOther]
                if let predicate = classes.first(where: { $0(scalars[first]) }) {
                    next = run(from: first, while: predicate)
                } else {
                    // `\s+(?!\S)` then `\s+`: a whitespace run, less its last scalar when a non-space follows
                    // (that scalar then leads the next word), unless the run is that one scalar.
                    let runEnd = run(from: i, while: isWhitespace)
                    next = runEnd < end && runEnd - i > 1 ? runEnd - 1 : runEnd
                }
            }
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[i..<next])
            words.append(String(word))
            i = next
        }
    }

    private static func matches(_ suffix: [Unicode.Scalar], _ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> Bool {
        guard index + suffix.count <= scalars.endIndex else { return false }
        return zip(suffix, scalars[index..<index + suffix.count]).allSatisfy { $0 == $1 }
    }
}
