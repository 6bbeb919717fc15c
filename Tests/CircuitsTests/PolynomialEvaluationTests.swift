import CKKS
import Foundation
import Testing
import TestSupport

@testable import Circuits
@_spi(Testing) import RingArithmetic

@Suite struct PolynomialEvaluationTests {
    let fixture = KeyedScheme.medium

    func inputs(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Double.random(in: range, using: &rng) }
    }

    @Test func monomialPolynomialAtOptimalDepthWithExactScale() throws {
        var rng = SeededGenerator(seed: 1)
        let x = inputs(2048, in: -1...1, seed: 2)
        let p = Polynomial([0.1, -0.5, 0.25, 0.3, -0.2, 0.05, 0.1, -0.07])
        let ct = try fixture.encrypt(x, rng: &rng)
        let result = try fixture.polynomials.evaluate(p, at: ct)
        #expect(result.level == ct.level - 3)
        #expect(result.scale == ct.scale)
        let error = maximumError(try fixture.decryptReal(result), x.map { p($0) })
        // measured 7.7e-09
        expectError(error, atMost: 7e-8)
    }

    @Test(arguments: [7, 31, 63])
    func chebyshevSeriesOfSigmoidOnAnInterval(degree: Int) throws {
        var rng = SeededGenerator(seed: UInt64(degree))
        let f = { (x: Double) in 1 / (1 + exp(-x)) }
        let p = Polynomial.chebyshevInterpolant(of: f, degree: degree, on: -8...8)
        let x = inputs(2048, in: -8...8, seed: 3)
        let ct = try fixture.encrypt(x, rng: &rng)
        let result = try fixture.polynomials.evaluate(p, at: ct)
        #expect(result.level == ct.level - Polynomial.depth(ofDegree: degree) - 1)
        #expect(abs(result.scale / ct.scale - 1) < 1e-12)
        let homomorphicError = maximumError(try fixture.decryptReal(result), x.map { p($0) })
        // measured 8.0e-09–1.2e-08
        expectError(homomorphicError, atMost: 1e-7, "degree \(degree)")
    }

    @Test func severalPolynomialsShareThePowerBasis() throws {
        var rng = SeededGenerator(seed: 5)
        let x = inputs(2048, in: -1...1, seed: 6)
        let ps = [
            Polynomial.chebyshevInterpolant(of: sin, degree: 15, on: -1...1),
            Polynomial.chebyshevInterpolant(of: cos, degree: 14, on: -1...1),
            Polynomial.chebyshevInterpolant(of: exp, degree: 9, on: -1...1),
        ]
        let ct = try fixture.encrypt(x, rng: &rng)
        let results = try fixture.polynomials.evaluate(ps, at: ct)
        for (p, result) in zip(ps, results) {
            #expect(result.level == ct.level - p.depth)
            let error = maximumError(try fixture.decryptReal(result), x.map { p($0) })
            // measured 7.3e-09–8.0e-09
            expectError(error, atMost: 7e-8)
        }
    }

    @Test func compositeOfPolynomials() throws {
        var rng = SeededGenerator(seed: 7)
        let x = inputs(2048, in: -1...1, seed: 8)
        let h = Polynomial([0, 1.5, 0, -0.5])
        let ct = try fixture.encrypt(x, rng: &rng)
        let result = try fixture.polynomials.evaluateComposite([h, h, h], at: ct)
        #expect(result.level == ct.level - 6)
        #expect(result.scale == ct.scale)
        let error = maximumError(try fixture.decryptReal(result), x.map { h(h(h($0))) })
        // measured 1.2e-08
        expectError(error, atMost: 1e-7)
    }

    @Test func tooFewLevelsThrowsASayWhatToDoError() throws {
        var rng = SeededGenerator(seed: 9)
        let ct = try fixture.encrypt([0.5], level: 2, rng: &rng)
        let p = Polynomial.chebyshevInterpolant(of: exp, degree: 15, on: -1...1)
        #expect(throws: CircuitError.insufficientLevels(operation: "a polynomial of degree 15", needed: 4, available: 2)) {
            _ = try fixture.polynomials.evaluate(p, at: ct)
        }
    }
}
