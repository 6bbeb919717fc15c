import Foundation
import Testing
import TokenOrdering

@Suite("Vocabulary orderings")
struct VocabularyOrderingTests {
    @Test("orderings must be permutations of the vocabulary")
    func orderings() throws {
        #expect(throws: TokenOrderingError.self) { try VocabularyOrdering(permutation: [0, 0, 1], name: "x") }
        #expect(throws: TokenOrderingError.self) { try VocabularyOrdering(permutation: [0, 3, 1], name: "x") }
        let ordering = try VocabularyOrdering(permutation: [2, 0, 1], name: "x")
        #expect(ordering.positions == [1, 2, 0])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID()).json")
        try Data(#"{"model":"m","sha256":"0","tensor":"t","method":"greedy","cost":1,"embedding_loss":0.5,"permutation":[1,0,2]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try VocabularyOrdering.load(contentsOf: url, vocabularySize: 3).permutation == [1, 0, 2])
        #expect(throws: TokenOrderingError.self) { try VocabularyOrdering.load(contentsOf: url, vocabularySize: 4) }
    }
}
