import Foundation

/// A vocabulary ordering π (position → token id) checked to be a permutation: the value the sampler, the
/// client and the experiments share. Position i of the sampler's vectors holds token `permutation[i]`.
public struct VocabularyOrdering: Sendable, Equatable {
    /// Position → token id.
    public let permutation: [Int]
    /// Token id → position.
    public let positions: [Int]
    /// `identity`, `greedy`, `improved`, or the file's method.
    public let name: String

    /// - Throws: `TokenOrderingError.invalidOrdering` unless `permutation` is a permutation of `0..<count`.
    public init(permutation: [Int], name: String) throws {
        var positions = [Int](repeating: -1, count: permutation.count)
        for (position, token) in permutation.enumerated() {
            guard token >= 0, token < permutation.count, positions[token] == -1 else {
                throw TokenOrderingError.invalidOrdering("entry \(position) (token \(token)) repeats or is out of range")
            }
            positions[token] = position
        }
        self.permutation = permutation
        self.positions = positions
        self.name = name
    }

    /// Values indexed by token id (probabilities, logits) rearranged into tour order: position `i` holds
    /// `values[permutation[i]]`.
    /// - Precondition: `values` has one entry per token.
    public func reordered<T>(_ values: [T]) -> [T] {
        precondition(values.count == permutation.count, "\(values.count) values for an ordering of \(permutation.count) tokens")
        return permutation.map { values[$0] }
    }

    /// The identity ordering of `count` tokens.
    public static func identity(count: Int) -> VocabularyOrdering {
        try! VocabularyOrdering(permutation: Array(0..<count), name: "identity")  // a permutation by construction
    }

    /// Reads an ORDER.json written by `hegen order`.
    /// - Parameters:
    ///   - url: the file.
    ///   - vocabularySize: the model's vocabulary; the ordering must cover exactly these tokens.
    /// - Throws: `TokenOrderingError.invalidOrdering` for a malformed file or a size mismatch.
    public static func load(contentsOf url: URL, vocabularySize: Int) throws -> VocabularyOrdering {
        let file: TokenOrderFile
        do {
            file = try JSONDecoder().decode(TokenOrderFile.self, from: Data(contentsOf: url))
        } catch {
            throw TokenOrderingError.invalidOrdering("\(url.path): \(error)")
        }
        guard file.permutation.count == vocabularySize else {
            throw TokenOrderingError.invalidOrdering(
                "\(url.lastPathComponent) orders \(file.permutation.count) tokens (model \(file.model)); this model has \(vocabularySize)")
        }
        return try VocabularyOrdering(permutation: file.permutation, name: file.method)
    }
}

/// Errors of token orderings.
public enum TokenOrderingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidOrdering(String)

    public var description: String {
        switch self {
        case .invalidOrdering(let reason): "invalid token ordering: \(reason)"
        }
    }
}
