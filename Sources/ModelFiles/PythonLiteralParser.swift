/// The few Python literals a `.npy` header uses.
enum PythonLiteral: Equatable, CustomStringConvertible {
    case string(String), integer(Int), bool(Bool), tuple([PythonLiteral]), dictionary([String: PythonLiteral])

    var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .integer(let i): "\(i)"
        case .bool(let b): b ? "True" : "False"
        case .tuple(let items): "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .dictionary(let d): "{" + d.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A recursive-descent parser for `.npy` header dicts: strings, integers, True/False, tuples, lists
/// and dicts with string keys. Nesting is bounded, so hostile headers cannot exhaust the stack.
struct PythonLiteralParser {
    enum Failure: Error, CustomStringConvertible {
        case expected(String), unexpectedEnd, tooDeep
        var description: String {
            switch self {
            case .expected(let what): "expected \(what)"
            case .unexpectedEnd: "the header ends inside a literal"
            case .tooDeep: "literals nested too deeply"
            }
        }
    }

    private let characters: [Character]
    private var position = 0
    private static let maximumDepth = 16

    init(_ text: String) { characters = Array(text) }

    /// Parses one literal followed only by whitespace (the header is padded with spaces and a newline).
    mutating func parseTopLevel() throws(Failure) -> PythonLiteral {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == characters.count else { throw .expected("the end of the header after the dict") }
        return value
    }

    private mutating func skipWhitespace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func peek() throws(Failure) -> Character {
        skipWhitespace()
        guard position < characters.count else { throw .unexpectedEnd }
        return characters[position]
    }

    private mutating func expect(_ character: Character) throws(Failure) {
        guard try peek() == character else { throw .expected("'\(character)' at character \(position)") }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> PythonLiteral {
        guard depth < Self.maximumDepth else { throw .tooDeep }
        let first = try peek()
        switch first {
        case "'", "\"": return .string(try parseString())
        case "(": return .tuple(try parseSequence(closing: ")", depth: depth))
        case "[": return .tuple(try parseSequence(closing: "]", depth: depth))
        case "{": return .dictionary(try parseDictionary(depth: depth))
        case "T", "F": return .bool(try parseBool())
        default: return .integer(try parseInteger())
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        let quote = characters[position]
        position += 1
        var text = ""
        while position < characters.count, characters[position] != quote {
            guard characters[position] != "\\" else { throw .expected("a string without escapes") }
            text.append(characters[position])
            position += 1
        }
        guard position < characters.count else { throw .unexpectedEnd }
        position += 1
        return text
    }

    private mutating func parseBool() throws(Failure) -> Bool {
        for (word, value) in [("True", true), ("False", false)] {
            let end = position + word.count
            if end <= characters.count, String(characters[position..<end]) == word {
                position = end
                return value
            }
        }
        throw .expected("True or False at character \(position)")
    }

    private mutating func parseInteger() throws(Failure) -> Int {
        let start = position
        if position < characters.count, characters[position] == "-" { position += 1 }
        while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
        // A trailing L (Python 2 longs, as in old files) is accepted.
        let digits = String(characters[start..<position])
        if position < characters.count, characters[position] == "L" { position += 1 }
        guard let value = Int(digits) else { throw .expected("an integer at character \(start)") }
        return value
    }

    private mutating func parseSequence(closing: Character, depth: Int) throws(Failure) -> [PythonLiteral] {
        position += 1
        var items: [PythonLiteral] = []
        while try peek() != closing {
            items.append(try parseValue(depth: depth + 1))
            if try peek() == "," { position += 1 } else { break }
        }
        try expect(closing)
        return items
    }

    private mutating func parseDictionary(depth: Int) throws(Failure) -> [String: PythonLiteral] {
        position += 1
        var entries: [String: PythonLiteral] = [:]
        while try peek() != "}" {
            guard case .string(let key) = try parseValue(depth: depth + 1) else { throw .expected("a string key") }
            guard entries[key] == nil else { throw .expected("each key once ('\(key)' appears twice)") }
            try expect(":")
            entries[key] = try parseValue(depth: depth + 1)
            if try peek() == "," { position += 1 } else { break }
        }
        try expect("}")
        return entries
    }
}
