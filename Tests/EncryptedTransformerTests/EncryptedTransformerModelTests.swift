import Bootstrapping
import CKKS
import EncryptedTransformer
import Foundation
import LanguageModel
import Testing
import TestSupport

/// The whole tiny model on encrypted embeddings (**insecure** N = 2^12 bootstrapping preset, 9 levels left,
/// 2048 slots, real bootstrapping): prefill of an encrypted prompt token by token, the encrypted cache in every
/// layer, the final norm and the head, against the plaintext forward pass.
@Suite("Encrypted tiny model (real bootstrapping, insecure N = 2^12)", .serialized)
struct EncryptedTransformerModelTests {
    @Test("decrypted logits at every prompt position match the plaintext model's, and so does the top token")
    func logitsMatch() throws {
        let bundle = try LanguageModelBundle.embedded()
        let model = bundle.model
        let calibration = TransformerCalibration.measured(
            try EncryptedAttentionTests.traces(EncryptedAttentionTests.calibrationText, model: model, tokenizer: bundle.tokenizer))
        let tokens = Array(try bundle.tokenizer.encode("Emma Woodhouse, handsome").prefix(2))
        var plainCache = model.makeCache()
        let reference = try tokens.map { try model.trace(embedding: model.embedding(of: $0), cache: &plainCache) }
        for trace in reference { #expect(calibration.violations(in: trace).isEmpty, "\(calibration.violations(in: trace))") }
        let parameters = try BootstrappingParameters.insecureTestN12(slotCount: 2048, levelsLeft: 9)
        var built: EncryptedTransformerModel?
        let fixture = try BootstrapFixture(parameters: parameters, seed: 80) { context in
            let encrypted = try EncryptedTransformerModel(
                model: model, calibration: calibration, capacity: 16, context: context, levelsAfterBootstrap: 9)
            built = encrypted
            return encrypted.keyRequirements
        }
        let encrypted = try #require(built)
        var cache = encrypted.makeCache()
        var rng = SeededGenerator(seed: 81)
        for (position, token) in tokens.enumerated() {
            var slots = [Double](repeating: 0, count: encrypted.layout.slotCount)
            for (i, value) in try model.embedding(of: token).enumerated() { slots[i] = Double(value) / calibration.embeddingBound }
            let x = EncryptedVector(
                ciphertext: try fixture.scheme.encrypt(slots.map { Complex($0) }, level: 9, rng: &rng),
                count: model.configuration.embeddingLength, bound: calibration.embeddingBound)
            let start = Date()
            let hidden = try encrypted.step(x, cache: &cache, bootstrapper: fixture.bootstrapper)
            let logits = try encrypted.logits(hidden, evaluator: fixture.bootstrapper.evaluator)
            let decrypted = try fixture.scheme.decryptReal(logits.ciphertext).prefix(logits.count).map { $0 * logits.bound }
            let expected = reference[position].logits.map(Double.init)
            let error = maximumError(Array(decrypted), expected)
            let top = decrypted.indices.max { decrypted[$0] < decrypted[$1] }!
            let expectedTop = expected.indices.max { expected[$0] < expected[$1] }!
            let sorted = expected.sorted(by: >)
            print(String(format: "position %d: logits max |error| %.3g (logits up to %.3g, top-2 gap %.3g), top %d vs %d, %.1f s",
                         position, error, expected.map(abs).max()!, sorted[0] - sorted[1], top, expectedTop,
                         Date().timeIntervalSince(start)))
            // Measured max |error| 1.2e−4, 1.5e−4 (and 1.7e−4 at a third position; logits up to 11.6); bound 7e−4, two bits above. It
            // suffices for the sampler: an error δ in the logits moves each probability by at most a factor e^{2δ}
            // (0.14 % here), far below the top-2 gaps of the test prompts (≥ 0.2 nats), so the top token agrees.
            #expect(error <= 7e-4)
            #expect(top == expectedTop)
        }
        #expect(cache.count == tokens.count)
    }

    @Test("inputs outside the calibrated ranges are reported by the plaintext range check")
    func outOfRangeDetected() throws {
        let bundle = try LanguageModelBundle.embedded()
        let model = bundle.model
        let calibration = TransformerCalibration.measured(
            try EncryptedAttentionTests.traces(EncryptedAttentionTests.calibrationText, model: model, tokenizer: bundle.tokenizer))
        let token = try #require(try bundle.tokenizer.encode("Emma").first)
        var cache = model.makeCache()
        let inside = try model.trace(embedding: model.embedding(of: token), cache: &cache)
        #expect(calibration.violations(in: inside).isEmpty)
        // Token 1 at position 0 is outside this short calibration (its attention rows' Σ exp((s − B)/2) reach
        // 1.5e−4, below the range's 1.2e−3): the check reports it, as it reports a scaled embedding.
        var first = model.makeCache()
        #expect(!calibration.violations(in: try model.trace(embedding: model.embedding(of: 1), cache: &first)).isEmpty)
        var hostile = try model.embedding(of: token)
        for i in hostile.indices { hostile[i] *= 64 }
        var other = model.makeCache()
        let outside = try model.trace(embedding: hostile, cache: &other)
        let found = calibration.violations(in: outside)
        #expect(found.contains { $0.hasPrefix("block 0: attention input") })
        #expect(found.contains { $0.contains("mean square") })
    }
}
