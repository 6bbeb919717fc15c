import Foundation
import ModelFiles

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

    private init(identity count: Int) {
        permutation = Array(0..<count)
        positions = permutation
        name = "identity"
    }

    /// The identity ordering of `count` tokens (none when `count` ≤ 0).
    public static func identity(count: Int) -> VocabularyOrdering {
        VocabularyOrdering(identity: max(0, count))
    }

    /// The largest ORDER.json `load` reads for a vocabulary of `vocabularySize` tokens: 1 MiB plus 32 bytes per
    /// token (`hegen order` writes about 7 per token), so a hostile file cannot make it read gigabytes.
    public static func maximumFileSize(vocabularySize: Int) -> Int {
        (1 << 20) + 32 * max(0, min(vocabularySize, Int.max / 64))
    }

    /// Reads an ORDER.json written by `hegen order`.
    /// - Parameters:
    ///   - url: the file.
    ///   - vocabularySize: the model's vocabulary; the ordering must cover exactly these tokens.
    /// - Throws: `TokenOrderingError.invalidOrdering` for a file larger than `maximumFileSize(vocabularySize:)`,
    ///   malformed JSON (including a key that appears twice, such as two `"permutation"`s, which `JSONDecoder`
    ///   would silently resolve to one of them), missing fields, or a size mismatch.
    public static func load(contentsOf url: URL, vocabularySize: Int) throws -> VocabularyOrdering {
        let file: TokenOrderFile
        do {
            let size = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
            let limit = maximumFileSize(vocabularySize: vocabularySize)
            guard size <= limit else {
                throw TokenOrderingError.invalidOrdering(
                    "\(url.path): \(size) bytes is more than an ordering of \(vocabularySize) tokens needs (at most \(limit))")
            }
            let data = try Data(contentsOf: url)
            try StrictJSON.validate(data, fileName: url.lastPathComponent)
            file = try JSONDecoder().decode(TokenOrderFile.self, from: data)
        } catch let error as TokenOrderingError {
            throw error
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
