import Foundation

/// The orderings `hegen order` computes.
public enum OrderingMethod: String, Sendable, CaseIterable {
    /// Token ids in their original order (the reference cost).
    case identity
    /// The published baseline, greedy nearest neighbour from token 0 (`GreedyTour`).
    case greedy
    /// Greedy-edge construction plus 2-opt / Or-opt local search and kicks (`ImprovedTour`).
    case improved
}

/// An ordering with its provenance, as written to ORDER.json.
public struct TokenOrderFile: Codable, Sendable, Equatable {
    /// The model's name (GGUF `general.name`, else the file name).
    public var model: String
    /// SHA-256 of the embedding file, lowercase hex.
    public var sha256: String
    /// The tensor the embeddings came from.
    public var tensor: String
    /// `identity`, `greedy` or `improved`.
    public var method: String
    /// Σ (1 − cos) over consecutive positions.
    public var cost: Double
    /// 1 − mean cos of consecutive positions.
    public var embeddingLoss: Double
    /// Position → token id.
    public var permutation: [Int]

    enum CodingKeys: String, CodingKey {
        case model, sha256, tensor, method, cost
        case embeddingLoss = "embedding_loss"
        case permutation
    }

    public init(model: String, sha256: String, tensor: String, method: String, cost: Double, embeddingLoss: Double, permutation: [Int]) {
        self.model = model
        self.sha256 = sha256
        self.tensor = tensor
        self.method = method
        self.cost = cost
        self.embeddingLoss = embeddingLoss
        self.permutation = permutation
    }

    /// JSON with the keys in the order above (JSONEncoder on Linux does not keep declaration order).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func encoded(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        var text = "{\"model\": \(try encoded(model)), \"sha256\": \(try encoded(sha256)), \"tensor\": \(try encoded(tensor)), "
        text += "\"method\": \(try encoded(method)), \"cost\": \(try encoded(cost)), \"embedding_loss\": \(try encoded(embeddingLoss)),\n"
        text += "\"permutation\": [" + permutation.map(String.init).joined(separator: ", ") + "]}\n"
        return Data(text.utf8)
    }
}

extension TourCost {
    /// A lower bound on any open path's cost: every token but the two ends has two path neighbours,
    /// each at least as far as its nearest and second-nearest neighbour, so
    /// cost ≥ ½ Σ_i (d₁(i) + d₂(i)) − max_i d₂(i). Needs exact lists with k ≥ 2.
    public static func lowerBound(_ lists: CandidateLists) -> Double {
        guard lists.k >= 2, lists.rowCount > 2 else { return 0 }
        var sum = 0.0, largestSecond = 0.0
        for row in 0..<lists.rowCount {
            let first = 1 - Double(lists.cosines[row * lists.k]), second = 1 - Double(lists.cosines[row * lists.k + 1])
            sum += first + second
            largestSecond = max(largestSecond, second)
        }
        return sum / 2 - largestSecond
    }
}
