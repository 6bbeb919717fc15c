import Foundation
import RingArithmetic
import Testing
import TestSupport
@_spi(RawCiphertext) @testable import CKKS

/// Bit-exact regression of hybrid key switching: rotations (fused and hoisted), conjugation,
/// relinearisation, switching between secrets (full and restricted keys) and public-key encryption, on
/// uniformly random components, must keep producing the very same residues. The reference hashes were
/// recorded before key switching moved onto the ring layer's `BasisConversion`; any change to the kernels
/// that is not a pure refactoring (a different rounding of the correction multiple, a missed reduction)
/// changes them.
///
/// The inputs avoid the encoder (whose FFT depends on the platform's `sin`/`cos`), so the hashes depend only
/// on integer arithmetic, the seeded generator and the Gaussian table.
@Suite struct KeySwitchingReferenceTests {
    /// FNV-1a over the residues of every component.
    static func hash(_ ciphertext: Ciphertext) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for polynomial in ciphertext.components {
            for word in polynomial.data {
                for shift in stride(from: 0, to: 64, by: 8) {
                    h = (h ^ ((word >> UInt64(shift)) & 0xff)) &* 0x100_0000_01b3
                }
            }
        }
        return h
    }

    /// The key-switching outputs of one parameter set, by name.
    static func outputs(_ parameters: CKKSParameters, seed: UInt64) throws -> [(String, UInt64)] {
        var rng = SeededGenerator(seed: seed)
        let context = try CKKSContext(parameters: parameters)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey(using: &rng)
        let other = try generator.secretKey(using: &rng)
        let publicKey = generator.publicKey(for: secretKey, using: &rng)
        let evaluator = Evaluator(
            context: context, relinearizationKey: generator.relinearizationKey(for: secretKey, using: &rng),
            galoisKeys: generator.galoisKeys(for: secretKey, rotations: [1, -3], conjugation: true, using: &rng))
        let full = try generator.keySwitchingKey(from: secretKey, to: other, using: &rng)
        let restricted = try generator.keySwitchingKey(from: secretKey, to: other, maximumLevel: 1, using: &rng)
        let slots = context.degree / 2
        var results: [(String, UInt64)] = []
        for level in [context.maximumLevel, 1] {
            let polynomialContext = context.levelContexts[level]
            func uniform() -> RNSPolynomial<Evaluation> { Sampling.uniformPolynomial(in: polynomialContext, using: &rng) }
            let ciphertext = try Ciphertext(context: context, components: [uniform(), uniform()], scale: 0x1p40, slotCount: slots)
            let product = try Ciphertext(
                context: context, components: [uniform(), uniform(), uniform()], scale: 0x1p80, slotCount: slots)
            results.append(("rotate(1)@\(level)", hash(try evaluator.rotate(ciphertext, by: 1))))
            for (i, rotated) in try evaluator.rotateHoisted(ciphertext, by: [1, 0, -3]).enumerated() {
                results.append(("rotateHoisted[\(i)]@\(level)", hash(rotated)))
            }
            results.append(("conjugate@\(level)", hash(try evaluator.conjugate(ciphertext))))
            results.append(("relinearize@\(level)", hash(try evaluator.relinearize(product))))
            results.append(("switchKey(full)@\(level)", hash(try evaluator.switchKey(ciphertext, using: full))))
            if level <= restricted.maximumLevel {
                results.append(("switchKey(restricted)@\(level)", hash(try evaluator.switchKey(ciphertext, using: restricted))))
            }
            let plaintext = Plaintext(context: context, polynomial: uniform(), scale: 0x1p40, slotCount: slots)
            results.append(("encrypt(public)@\(level)", hash(try Encryptor(publicKey: publicKey).encrypt(plaintext, using: &rng))))
        }
        return results
    }

    static func check(_ parameters: CKKSParameters, seed: UInt64, expected: [String: UInt64]) throws {
        let results = try outputs(parameters, seed: seed)
        let listing = results.map { "\"\($0.0)\": 0x\(String($0.1, radix: 16))," }.joined(separator: "\n")
        #expect(results.count == expected.count, "outputs:\n\(listing)")
        for (name, value) in results {
            #expect(expected[name] == value, "\(name): 0x\(String(value, radix: 16)); all outputs:\n\(listing)")
        }
    }

    /// dnum 2 with two primes per digit and two special primes.
    @Test func twoPrimeDigits() throws {
        try Self.check(.insecureTestN12, seed: 101, expected: [
            "rotate(1)@3": 0x27f8411bdfc0b50b,
            "rotateHoisted[0]@3": 0x27f8411bdfc0b50b,
            "rotateHoisted[1]@3": 0x8c8b4e75162b717c,
            "rotateHoisted[2]@3": 0x32f30baf774aec5e,
            "conjugate@3": 0xdb7b63fb2f22adba,
            "relinearize@3": 0x4f07e7c65d9aa6dd,
            "switchKey(full)@3": 0xfb8810930487dff3,
            "encrypt(public)@3": 0xf6c9ad7aab9db7a3,
            "rotate(1)@1": 0xf057313e04907162,
            "rotateHoisted[0]@1": 0xf057313e04907162,
            "rotateHoisted[1]@1": 0xfd879cf8a6a9ace3,
            "rotateHoisted[2]@1": 0xd7c0a95e8106efec,
            "conjugate@1": 0x304b86dc4e6cfaaa,
            "relinearize@1": 0x3b7247c4d6c0321,
            "switchKey(full)@1": 0xbb6b252024b2ec23,
            "switchKey(restricted)@1": 0xf4ad80fc8e165f5d,
            "encrypt(public)@1": 0x484399c471b47fc2,
        ])
    }

    /// One prime per digit and one special prime (the single-source shortcut of the conversion).
    @Test func singlePrimeDigits() throws {
        try Self.check(.insecureTestN13, seed: 102, expected: [
            "rotate(1)@5": 0x4fd453f2d1c76fc4,
            "rotateHoisted[0]@5": 0x4fd453f2d1c76fc4,
            "rotateHoisted[1]@5": 0x189b687a0db02a07,
            "rotateHoisted[2]@5": 0xc1d8f4fef2a55a55,
            "conjugate@5": 0x60ff548678b20910,
            "relinearize@5": 0xbb88ce31ca6653f,
            "switchKey(full)@5": 0x5f2434ec5c65f757,
            "encrypt(public)@5": 0x3e6a646f4045d415,
            "rotate(1)@1": 0x26482834eeb7a800,
            "rotateHoisted[0]@1": 0x26482834eeb7a800,
            "rotateHoisted[1]@1": 0xf85316373e57c48e,
            "rotateHoisted[2]@1": 0x9ff9b8262c3d8673,
            "conjugate@1": 0xed6aa2de362d60d8,
            "relinearize@1": 0xc843eb8936e5d046,
            "switchKey(full)@1": 0x18f0c1464f16cd60,
            "switchKey(restricted)@1": 0xeeaa14d1e0e68988,
            "encrypt(public)@1": 0x140ecb9a5ab5d9c2,
        ])
    }

    /// Digits of eight primes and eight special primes: the conversions' sums need two Barrett reductions.
    @Test func eightPrimeDigits() throws {
        let parameters = try CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 15),
            specialPrimeBits: Array(repeating: 50, count: 8), decompositionNumber: 2, logScale: 40,
            securityLevel: .none)
        try Self.check(parameters, seed: 103, expected: [
            "rotate(1)@15": 0xb2a8befab77769e7,
            "rotateHoisted[0]@15": 0xb2a8befab77769e7,
            "rotateHoisted[1]@15": 0x9b2161f996af0b89,
            "rotateHoisted[2]@15": 0xa139f98f4f9a4842,
            "conjugate@15": 0xa1632d04dc87fb2e,
            "relinearize@15": 0x7c872479e239f969,
            "switchKey(full)@15": 0x15652306f3251518,
            "encrypt(public)@15": 0xbf2d82d3ba492061,
            "rotate(1)@1": 0x2d370c8517540588,
            "rotateHoisted[0]@1": 0x2d370c8517540588,
            "rotateHoisted[1]@1": 0xe4b5a88b4598016d,
            "rotateHoisted[2]@1": 0x484ff345d7868e1d,
            "conjugate@1": 0xceee3154345a4e54,
            "relinearize@1": 0xf2a34f91a211743a,
            "switchKey(full)@1": 0xcb235345ce14a4b2,
            "switchKey(restricted)@1": 0x47d0997e0eb56294,
            "encrypt(public)@1": 0x5cf994905c5da9cf,
        ])
    }

    /// Seventeen digits: the inner product's 128-bit sums at the 60-bit primes need two Barrett reductions.
    @Test func seventeenDigits() throws {
        let parameters = try CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 16),
            specialPrimeBits: [60], decompositionNumber: 17, logScale: 40, securityLevel: .none)
        try Self.check(parameters, seed: 104, expected: [
            "rotate(1)@16": 0xfd7fccb092bb2070,
            "rotateHoisted[0]@16": 0xfd7fccb092bb2070,
            "rotateHoisted[1]@16": 0xa1f48feb1a30a478,
            "rotateHoisted[2]@16": 0x116bbcbf12c3b964,
            "conjugate@16": 0x3b4f7e91580f2ea,
            "relinearize@16": 0xa8c482d65522e505,
            "switchKey(full)@16": 0xbc3b4c0403f6ef3a,
            "encrypt(public)@16": 0x29a99f29cc574f25,
            "rotate(1)@1": 0x7c7c4796c1204d0,
            "rotateHoisted[0]@1": 0x7c7c4796c1204d0,
            "rotateHoisted[1]@1": 0xa6c9546ae4edaa94,
            "rotateHoisted[2]@1": 0xf56ea9ebb2d1e4cc,
            "conjugate@1": 0x5ce67812062c4d34,
            "relinearize@1": 0x15f658d4990744d5,
            "switchKey(full)@1": 0x31b215ffdfe37752,
            "switchKey(restricted)@1": 0xad3c1282cd4b5ff7,
            "encrypt(public)@1": 0xd771e31ed3557a4b,
        ])
    }
}
