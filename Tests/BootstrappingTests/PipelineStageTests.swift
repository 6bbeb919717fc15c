@testable import Bootstrapping
import CKKS
import Circuits
import Foundation
import Testing
import TestSupport

/// Each homomorphic stage against its plaintext model (insecure N = 2^12 test preset).
@Suite("Bootstrapping stages vs plaintext model", .serialized)
struct PipelineStageTests {
    func maxErr(_ a: [Complex], _ b: [Complex]) -> Double { zip(a, b).map { ($0 - $1).magnitude }.max()! }

    @Test("ModRaise, CoeffsToSlots, real part and EvalMod each match their plaintext model")
    func stages() throws {
        let f = try BootstrapFixture.shared(slotCount: 0)
        let b = f.bootstrapper
        let ev = b.evaluator
        var rng = SeededGenerator(seed: 101)
        let values = RandomValues.real(f.parameters.slotCount, using: &rng)
        var ct = try f.encrypt(values, level: 0, rng: &rng)
        let reference = b.referenceScale
        let factor = max(1, (reference / ct.scale).rounded(.down))
        ct = try ev.multiply(ct, constant: .one, scale: factor)
        print("input scale 2^\(log2(ct.scale)), q0 2^\(log2(Double(f.context.ciphertextModuli[0])))")
        // ModRaise inside the sparse-secret encapsulation, as `bootstrap(_:)` does.
        let encapsulation = try #require(b.encapsulation)
        ct = try ev.switchKey(ct, using: encapsulation.toSparse)
        ct = try ModRaise.raise(ct, scale: f.parameters.raiseScale(q0: f.context.ciphertextModuli[0]))
        ct = try ev.switchKey(ct, using: encapsulation.toDense)
        let z = try f.decrypt(ct)
        #expect(ct.level == f.context.maximumLevel)
        var expected = z
        let (cts, _, _) = f.parameters.transforms()
        for stage in b.coeffsToSlots {
            ct = try stage.apply(ct, evaluator: ev)
        }
        _ = cts
        for m in try HomomorphicDFT.coeffsToSlots(slotCount: f.parameters.slotCount, levels: f.parameters.coeffsToSlotsLevels,
            factor: Complex(Double(f.parameters.slotCount))) { expected = m.applied(to: expected) }
        let w = try f.decrypt(ct)
        // measured 1.8e-13
        expectError(maxErr(w, expected), atMost: 2e-12)
        print("CtS: err \(maxErr(w, expected)), max |w| \(expected.map(\.magnitude).max()!), level \(ct.level) scale 2^\(log2(ct.scale))")
        let conj = try ev.conjugate(ct)
        let re = try ev.add(ct, conj)
        let reExpected = expected.map { Complex(2 * $0.real) }
        let reError = maxErr(try f.decrypt(re), reExpected)
        print("Re: err \(reError)")
        // measured 3.2e-13
        expectError(reError, atMost: 3e-12)
        let out = try f.parameters.evalMod.apply(re, evaluator: ev, outputScaleOfPolynomial: b.polynomialScale)
        let outExpected = reExpected.map { Complex(f.parameters.evalMod.evaluatePlain($0.real)) }
        let got = try f.decrypt(out)
        print("EvalMod: err \(maxErr(got, outExpected)) level \(out.level) scale 2^\(log2(out.scale)) expectedScale 2^\(log2(b.slotsToCoeffs[0].scale))")
        // measured 3.4e-11
        expectError(maxErr(got, outExpected), atMost: 3e-10)
        // The coefficients x = t/q_0 + I are within K of 0 and within 2^-ratio·... of an integer.
        let xs = reExpected.map { $0.real * Double(f.parameters.evalMod.range) }
        let fracs = xs.map { $0 - $0.rounded() }
        print("max |frac x| \(fracs.map(abs).max()!), max |x| \(xs.map(abs).max()!)")
        #expect(xs.map(abs).max()! < Double(f.parameters.evalMod.range))
        #expect(fracs.map(abs).max()! < 0x1p-10)
    }
}
