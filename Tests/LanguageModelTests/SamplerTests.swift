import Foundation
import Testing
@testable import LanguageModel

@Suite("Sampler")
struct SamplerTests {
    @Test func greedyPicksTheLargestLogit() throws {
        var sampler = try Sampler(temperature: 0, seed: 1)
        #expect(sampler.sample([0.1, 3, -2, 2.9]) == 1)
        #expect(Sampler.argmax([1, 5, 5]) == 1, "ties go to the lowest index")
    }

    @Test func samplingFollowsTheSoftmax() throws {
        let logits: [Float] = [0, log(2), log(3), log(4)]  // probabilities 0.1, 0.2, 0.3, 0.4 at T = 1
        var sampler = try Sampler(temperature: 1, seed: 42)
        var counts = [0, 0, 0, 0]
        let draws = 20_000
        for _ in 0..<draws { counts[sampler.sample(logits)] += 1 }
        for (token, expected) in [0.1, 0.2, 0.3, 0.4].enumerated() {
            // 5 standard deviations of a binomial count.
            let sigma = (Double(draws) * expected * (1 - expected)).squareRoot()
            #expect(abs(Double(counts[token]) - Double(draws) * expected) < 5 * sigma)
        }
    }

    @Test func sameSeedSameTokens() throws {
        let logits: [Float] = (0..<50).map { Float($0 % 7) * 0.3 }
        var a = try Sampler(temperature: 0.7, seed: 9), b = try Sampler(temperature: 0.7, seed: 9)
        var c = try Sampler(temperature: 0.7, seed: 10)
        let fromA = (0..<100).map { _ in a.sample(logits) }
        #expect(fromA == (0..<100).map { _ in b.sample(logits) })
        #expect(fromA != (0..<100).map { _ in c.sample(logits) })
    }

    @Test func temperatureSharpens() {
        let cold = Sampler.softmax([1, 2], temperature: 0.5), warm = Sampler.softmax([1, 2], temperature: 2)
        #expect(cold[1] > warm[1])
        #expect(abs(cold.reduce(0, +) - 1) < 1e-12)
    }

    @Test func negativeTemperatureThrows() {
        #expect(throws: LanguageModelError.invalidTemperature(-1)) { try Sampler(temperature: -1, seed: 0) }
        #expect(throws: LanguageModelError.invalidTemperature(.infinity)) { try Sampler(temperature: .infinity, seed: 0) }
    }
}
