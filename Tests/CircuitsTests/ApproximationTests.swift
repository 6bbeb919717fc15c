import Foundation
import Testing
import TestSupport

@testable import Circuits

@Suite struct ApproximationTests {
    @Test func chebyshevInterpolantOfExpConvergesSpectrally() {
        let p = Polynomial.chebyshevInterpolant(of: exp, degree: 15, on: -4...0)
        let error = p.maximumError(against: exp, on: -4...0)
        #expect(error < 1e-12, "exp on [-4, 0], degree 15: \(error)")
    }

    @Test func interpolantMatchesTheFunctionAtTheNodes() {
        let f = { (x: Double) in 1 / (1 + 25 * x * x) }
        let p = Polynomial.chebyshevInterpolant(of: f, degree: 20, on: -1...1)
        for k in 0...20 {
            let x = cos(Double.pi * (Double(k) + 0.5) / 21)
            #expect(abs(p(x) - f(x)) < 1e-13)
        }
    }

    @Test func clenshawAgreesWithTheDefinition() {
        let c = [0.3, -1.2, 0.7, 0.25, -0.05]
        let p = Polynomial(c, basis: .chebyshev(lower: -1, upper: 1))
        for x in stride(from: -1.0, through: 1.0, by: 0.1) {
            let direct = c.enumerated().reduce(0.0) { $0 + $1.element * cos(Double($1.offset) * acos(x)) }
            #expect(abs(p(x) - direct) < 1e-14)
        }
    }

    @Test func depthIsLogOfDegreePlusOne() {
        #expect(Polynomial.depth(ofDegree: 1) == 1)
        #expect(Polynomial.depth(ofDegree: 3) == 2)
        #expect(Polynomial.depth(ofDegree: 7) == 3)
        #expect(Polynomial.depth(ofDegree: 8) == 4)
        #expect(Polynomial.depth(ofDegree: 63) == 6)
        #expect(Polynomial.depth(ofDegree: 255) == 8)
        #expect(Polynomial([0, 1, 1], basis: .chebyshev(lower: 0, upper: 2)).depth == 3)
    }

    @Test func remezBeatsInterpolationAndEquioscillates() throws {
        let f = { (x: Double) in abs(x) }
        let degree = 12
        let interpolant = Polynomial.chebyshevInterpolant(of: f, degree: degree, on: -1...1)
        let minimax = try RemezExchange.minimax(of: f, degree: degree, on: -1...1)
        let interpolationError = interpolant.maximumError(against: f, on: -1...1)
        let minimaxError = minimax.polynomial.maximumError(against: f, on: -1...1)
        #expect(minimaxError < interpolationError)
        #expect(abs(minimaxError - minimax.maximumError) < 0.05 * minimaxError)
        // |x| on [-1, 1] with degree 2m: the best error tends to 0.2802/(2m) (Bernstein); m = 6 ⇒ about 0.023.
        #expect(minimaxError > 0.015 && minimaxError < 0.025, "\(minimaxError)")
    }

    @Test func remezOnASmoothFunctionReachesTheBestError() throws {
        let result = try RemezExchange.minimax(of: exp, degree: 5, on: -1...1)
        // The minimax error of e^x by degree 5 on [-1, 1] is ≈ 4.5e-5 (close to 1/(2^5·6!)·e-ish bound).
        #expect(result.maximumError < 5e-5 && result.maximumError > 3e-5, "\(result.maximumError)")
    }
}
