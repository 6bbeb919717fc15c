import Foundation
import LanguageModel
import Testing

/// The public per-step reference (`LlamaModel.trace(embedding:cache:)`) on the embedded model: each recorded
/// intermediate is what the next ones are made of, recomputed here in double precision from the recorded
/// inputs, and the pass is the one `logits(embedding:cache:)` runs.
@Suite("Forward trace (the per-step plaintext reference)")
struct ForwardTraceTests {
    @Test("every intermediate of every block follows from the previous ones; the logits are the model's")
    func intermediatesAreConsistent() throws {
        let bundle = TinyModel.bundle
        let model = bundle.model
        let c = model.configuration
        let tokens = try bundle.tokenizer.encode("It is a truth universally")
        var cache = model.makeCache()
        var reference = model.makeCache()
        var traces: [ForwardTrace] = []
        var logits: [Float] = []
        for token in tokens {
            traces.append(try model.trace(embedding: model.embedding(of: token), cache: &cache))
            logits = try model.logits(token: token, cache: &reference)
        }
        let last = try #require(traces.last)
        #expect(last.logits == logits, "trace and logits(embedding:) are one computation")
        #expect(last.position == tokens.count - 1 && last.blocks.count == c.blockCount)
        let group = c.headCount / c.headCountKV
        var worstAttention = 0.0
        for (index, block) in last.blocks.enumerated() {
            #expect(index == 0 || block.input == last.blocks[index - 1].output)
            let meanSquare = block.input.reduce(0) { $0 + Double($1) * Double($1) } / Double(c.embeddingLength)
            #expect(abs(Double(block.attentionMeanSquare) - meanSquare) <= 1e-5 * meanSquare)
            #expect(block.residual == zip(block.input, block.attentionOutput).map { $0 + $1 })
            #expect(block.output == zip(block.residual, block.down).map { $0 + $1 })
            #expect(block.hidden == zip(block.gate, block.up).map { $0 / (1 + Foundation.exp(-$0)) * $1 })
            #expect(block.scores.count == c.headCount && block.scores.allSatisfy { $0.count == tokens.count })
            // Scores, softmax and weighted values from the keys and values every earlier position recorded.
            for head in 0..<c.headCount {
                let kv = (head / group) * c.headDimension
                let q = block.query[(head * c.headDimension)..<((head + 1) * c.headDimension)].map(Double.init)
                let scores = traces.map { step -> Double in
                    let k = step.blocks[index].key[kv..<(kv + c.headDimension)].map(Double.init)
                    return zip(q, k).reduce(0) { $0 + $1.0 * $1.1 } / Double(c.headDimension).squareRoot()
                }
                let maximum = scores.max()!
                let exps = scores.map { Foundation.exp($0 - maximum) }
                let weights = exps.map { $0 / exps.reduce(0, +) }
                for d in 0..<c.headDimension {
                    let value = zip(weights, traces).reduce(0) { $0 + $1.0 * Double($1.1.blocks[index].value[kv + d]) }
                    worstAttention = max(worstAttention, abs(value - Double(block.attended[head * c.headDimension + d])))
                }
                for t in scores.indices {
                    worstAttention = max(
                        worstAttention, abs(scores[t] - Double(block.scores[head][t])),
                        abs(weights[t] - Double(block.attentionWeights[head][t])))
                }
            }
        }
        // Float32 against float64: measured 1.3e−6 (scores of magnitude ≈ 10); bound 1e−5.
        print("attention recomputed in float64: max |difference| \(worstAttention)")
        #expect(worstAttention <= 1e-5)
    }
}
