import Bootstrapping
import CKKS
import EncryptedTransformer
import Foundation
import LanguageModel
import Testing
import TestSupport

/// The feed-forward half of every block of the embedded tiny model on an encrypted residual stream, against the
/// plaintext trace (**insecure** N = 2^12 bootstrapping preset, 9 levels left, 1024 slots, real bootstrapping).
@Suite("Encrypted feed-forward half (tiny model, real bootstrapping, insecure N = 2^12)", .serialized)
struct EncryptedFeedForwardTests {
    /// Calibrated on one text, tested on another. Measured max |error| of the block output (values up to 2.6,
    /// 3.6, 6.4): 1.2e−5, 3.5e−5, 6.0e−5 for blocks 0, 1, 2; bound 2.4e−4. The approximations themselves:
    /// 1/√ relative error ≤ 2.4e−6 (bound 1e−5), SiLU ≤ 9.4e−7·σ_s (bound 4e−6·σ_s). With degree 31 instead of 63
    /// the SiLU's 4.9e−4·σ_s made the error 0.027: the bound catches that.
    @Test("x + FFN(RMSNorm(x)) of every block, decrypted, is the plaintext block's output", arguments: [0, 1, 2])
    func feedForward(block: Int) throws {
        let bundle = try LanguageModelBundle.embedded()
        let model = bundle.model
        func traces(_ text: String) throws -> [ForwardTrace] {
            try TransformerCalibration.traces(of: [text], model: model, tokenizer: bundle.tokenizer)
        }
        let calibration = FeedForwardCalibration.measured(
            try traces("It is a truth universally acknowledged, that a single man in possession of a good fortune, "
                       + "must be in want of a wife."), block: block)
        let test = try #require(try traces("Emma Woodhouse, handsome, clever, and rich").last).blocks[block]
        let parameters = try BootstrappingParameters.insecureTestN12(slotCount: 1024, levelsLeft: 9)
        var built: EncryptedFeedForward?
        let fixture = try BootstrapFixture(parameters: parameters, seed: 60 + UInt64(block)) { context in
            let ffn = try EncryptedFeedForward(
                layer: model.weights.layers[block], configuration: model.configuration, calibration: calibration,
                context: context, slotCount: 1024, levelsAfterBootstrap: 9)
            built = ffn
            return ffn.keyRequirements
        }
        let ffn = try #require(built)
        let sigma = calibration.residualBound, d = Double(test.residual.count)
        let domain: ClosedRange<Double> = {
            guard case let .chebyshev(a, b) = ffn.norm.inverseSquareRoot.basis else { return 0...1 }
            return a...b
        }()
        let normError = ffn.norm.inverseSquareRoot.maximumRelativeError(
            against: { s in sigma / (d.squareRoot() * (sigma * sigma * s / d + ffn.norm.epsilon).squareRoot()) }, on: domain)
        let sg = calibration.gateBound, ss = calibration.siluBound
        let siluError = ffn.silu.maximumError(against: { z in sg * z / (1 + Foundation.exp(-sg * z)) / ss }, on: -1...1)
        print("block \(block): 1/√ relative error \(normError) on \(domain); SiLU error \(siluError)·σ_s (σ_g \(sg), σ_s \(ss), σ_u \(calibration.upBound), σ_x \(sigma))")
        #expect(normError <= 1e-5)
        #expect(siluError <= 4e-6)
        var rng = SeededGenerator(seed: 61)
        var slots = [Double](repeating: 0, count: 1024)
        for (i, value) in test.residual.enumerated() { slots[i] = Double(value) / calibration.residualBound }
        let x = EncryptedVector(
            ciphertext: try fixture.scheme.encrypt(slots.map { Complex($0) }, level: 9, rng: &rng),
            count: test.residual.count, bound: calibration.residualBound)
        let start = Date()
        let output = try ffn.apply(x, bootstrapper: fixture.bootstrapper)
        let decrypted = try fixture.scheme.decryptReal(output.ciphertext).prefix(output.count).map { $0 * output.bound }
        let error = maximumError(Array(decrypted), test.output.map(Double.init))
        print(String(format: "block %d feed-forward: max |error| %.3g (outputs up to %.3g), level %d, %.1f s", block, error,
                     test.output.map { abs(Double($0)) }.max()!, output.ciphertext.level, Date().timeIntervalSince(start)))
        #expect(error <= 2.4e-4)
    }
}
