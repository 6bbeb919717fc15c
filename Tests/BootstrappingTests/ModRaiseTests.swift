@testable import Bootstrapping
@testable import CKKS
import Foundation
import RingArithmetic
import Testing
import TestSupport

/// ModRaise against its definition (Cheon–Han–Kim–Kim–Song 2018, §3.1): the raised ciphertext decrypts,
/// modulo every prime of Q_L, to c_0 + c_1·s computed over the integers, i.e. to t + q_0·I with t the level-0
/// decryption and I an integer polynomial as small as the secret's weight predicts.
@Suite("ModRaise against t + q_0·I (insecure N = 2^12 bootstrapping context, h = 32 secret)")
struct ModRaiseTests {
    static func centred(_ residue: UInt64, _ q: UInt64) -> Int64 { residue > q >> 1 ? -Int64(q - residue) : Int64(residue) }

    @Test func raisedCiphertextDecryptsToTPlusQ0I() throws {
        let parameters = try BootstrappingParameters.insecureTestN12()
        let context = try CKKSContext(parameters: parameters.scheme)
        let n = context.degree, q0 = context.ciphertextModuli[0], top = context.maximumLevel
        var rng = SeededGenerator(seed: 2018)
        let weight = 32
        let secretKey = try KeyGenerator(context: context).secretKey(hammingWeight: weight, using: &rng)
        let encoder = CKKSEncoder(context: context)
        let values = RandomValues.real(n / 2, using: &rng)
        let ciphertext = try Encryptor(secretKey: secretKey).encrypt(encoder.encode(values, level: 0), using: &rng)
        #expect(ciphertext.level == 0)

        // The level-0 data over the integers: c_0, c_1 centred modulo q_0, s ternary with `weight` non-zeros.
        let c = ciphertext.polynomials.map { $0.inverseNTT().limb(0).map { Self.centred($0, q0) } }
        let s = secretKey.atLevel(0).inverseNTT().limb(0).map { Self.centred($0, q0) }
        let support = s.indices.filter { s[$0] != 0 }
        #expect(support.count == weight && support.allSatisfy { abs(s[$0]) == 1 })
        // w = c_0 + c_1·s in Z[X]/(X^N + 1), exactly (|w| < (h + 1)·q_0/2 < 2^65: Int128).
        var w = c[0].map { Int128($0) }
        for j in support {
            for i in 0..<n {
                let k = i + j, term = Int128(c[1][i]) * Int128(s[j])
                if k < n { w[k] += term } else { w[k - n] -= term }
            }
        }
        let q = Int128(q0)
        let t = w.map { value -> Int128 in let r = ((value % q) + q) % q; return r > q / 2 ? r - q : r }
        let integers = zip(w, t).map { ($0 - $1) / q }
        #expect(zip(zip(w, t), integers).allSatisfy { $0.0 - $0.1 == $1 * q })

        // The raised ciphertext's decryption, limb by limb, is w reduced modulo that limb's prime.
        let raised = try ModRaise.raise(ciphertext, scale: q0.doubleValue)
        #expect(raised.level == top)
        let decrypted = (raised.polynomials[0] + raised.polynomials[1] * secretKey.atLevel(top)).inverseNTT()
        for (limb, prime) in context.ciphertextModuli.enumerated() {
            let p = Int128(prime)
            let expected = w.map { UInt64(((($0 % p) + p) % p)) }
            #expect(Array(decrypted.limb(limb)) == expected, "limb \(limb)")
        }
        // I is small: each coefficient sums h + 1 terms uniform in (−1/2, 1/2], so σ = √((h + 1)/12) ≈ 1.66, and
        // the preset's EvalMod range K = 16 is ≈ 9.6 σ. Measured: max |I| = 6, σ = 1.67.
        let maximum = integers.map { abs($0) }.max()!
        let sigma = (integers.map { Double($0) * Double($0) }.reduce(0, +) / Double(n)).squareRoot()
        #expect(maximum < Int128(parameters.evalMod.range), "max |I| = \(maximum)")
        #expect(abs(sigma / (Double(weight + 1) / 12).squareRoot() - 1) < 0.1, "σ(I) = \(sigma)")
    }
}

private extension UInt64 {
    var doubleValue: Double { Double(self) }
}
