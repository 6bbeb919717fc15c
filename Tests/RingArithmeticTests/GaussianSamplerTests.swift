import Testing
@testable import RingArithmetic

/// The constant-time Gaussian sampler against the binary search it replaced: the same samples, word for word.
@Suite("constant-time Gaussian sampling")
struct GaussianSamplerTests {
    /// Returns the scripted words in order, then zeros.
    struct ScriptedGenerator: RandomNumberGenerator {
        var words: [UInt64]
        var position = 0
        mutating func next() -> UInt64 {
            defer { position += 1 }
            return position < words.count ? words[position] : 0
        }
    }

    /// The previous sampler: a binary search for the smallest k with table[k] > u (capped at the bound), then the sign.
    static func reference(_ words: [UInt64]) -> [Int64] {
        let table = Sampling.gaussianTable
        return stride(from: 0, to: words.count - 1, by: 2).map { i in
            var low = 0, high = table.count - 1
            while low < high {
                let middle = (low + high) / 2
                if table[middle] > words[i] { high = middle } else { low = middle + 1 }
            }
            return words[i + 1] & 1 == 0 ? Int64(low) : -Int64(low)
        }
    }

    @Test func equalsTheBinarySearchAtEveryTableBoundary() {
        var words: [UInt64] = [0, 0, 0, 1, UInt64.max, 0, UInt64.max, 1]
        for entry in Sampling.gaussianTable {
            for u in [entry &- 1, entry, entry &+ 1] { words += [u, 0, u, 1] }
        }
        var generator = ScriptedGenerator(words: words)
        let samples = Sampling.gaussian(count: words.count / 2, using: &generator)
        #expect(samples == Self.reference(words))
        #expect(samples.max() == Int64(Sampling.gaussianBound) && samples.min() == -Int64(Sampling.gaussianBound))
    }

    @Test func equalsTheBinarySearchOnASeededStream() {
        var words = SeededRandomGenerator(seed: 77)
        let stream = (0..<200_000).map { _ in words.next() }
        var generator = ScriptedGenerator(words: stream)
        #expect(Sampling.gaussian(count: 100_000, using: &generator) == Self.reference(stream))
    }

    @Test func branchFreeComparison() {
        var rng = SeededRandomGenerator(seed: 5)
        let edges: [UInt64] = [0, 1, UInt64.max, UInt64.max - 1, 1 << 63, (1 << 63) - 1]
        for x in edges { for y in edges { #expect(Sampling.lessThan(x, y) == (x < y ? 1 : 0)) } }
        for _ in 0..<10_000 {
            let x = rng.next(), y = rng.next() >> (rng.next() % 64)
            #expect(Sampling.lessThan(x, y) == (x < y ? 1 : 0) && Sampling.lessThan(y, x) == (y < x ? 1 : 0))
        }
    }
}
