import Foundation
import RingArithmetic
import Testing
import TestSupport
@_spi(RawCiphertext) @testable import CKKS

/// Bit-exact regression of hybrid key switching: rotations (fused and hoisted), conjugation,
/// relinearisation, switching between secrets (full and restricted keys) and public-key encryption, on
/// uniformly random components, must keep producing the very same residues. The reference hashes were
/// recorded before key switching moved onto the ring layer's `BasisConversion` (and re-recorded once, when key
/// generation began to expand each digit's a_j from a ChaCha20 seed: new keys, the same kernels); any change to
/// the kernels that is not a pure refactoring (a different rounding of the correction multiple, a missed
/// reduction) changes them.
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
            "rotate(1)@3": 0xa8019b1ae96f0e61,
            "rotateHoisted[0]@3": 0xa8019b1ae96f0e61,
            "rotateHoisted[1]@3": 0x4cd2f8a086381005,
            "rotateHoisted[2]@3": 0xc07a0f0a708582a9,
            "conjugate@3": 0x269970c65c0e3f78,
            "relinearize@3": 0xdbbcd5c1a11f957d,
            "switchKey(full)@3": 0x58e50ab14161e2c0,
            "encrypt(public)@3": 0x9d8a62794c8ee921,
            "rotate(1)@1": 0x6c68e560292b7b3e,
            "rotateHoisted[0]@1": 0x6c68e560292b7b3e,
            "rotateHoisted[1]@1": 0xdee8b1b60e9bf1fb,
            "rotateHoisted[2]@1": 0x64610f4f4bd00581,
            "conjugate@1": 0xeacffaecd81f7460,
            "relinearize@1": 0xbb4456d0b4a51723,
            "switchKey(full)@1": 0x81b98d28d1b9fcb,
            "switchKey(restricted)@1": 0x30b5ccb932eaf259,
            "encrypt(public)@1": 0x311e4ed95615488f,
        ])
    }

    /// One prime per digit and one special prime (the single-source shortcut of the conversion).
    @Test func singlePrimeDigits() throws {
        try Self.check(.insecureTestN13, seed: 102, expected: [
            "rotate(1)@5": 0x3fbaa6314dc5347c,
            "rotateHoisted[0]@5": 0x3fbaa6314dc5347c,
            "rotateHoisted[1]@5": 0x25c764331478eab5,
            "rotateHoisted[2]@5": 0x5b40a735fd6f0a22,
            "conjugate@5": 0x177572bc8fe4ede4,
            "relinearize@5": 0xe0884f939ffab82,
            "switchKey(full)@5": 0xc5860127b5fa7f79,
            "encrypt(public)@5": 0xad0fd5204be37a04,
            "rotate(1)@1": 0x5ef5af4795ccc38a,
            "rotateHoisted[0]@1": 0x5ef5af4795ccc38a,
            "rotateHoisted[1]@1": 0x7ffd6594bc8c080b,
            "rotateHoisted[2]@1": 0xbad0bbc1b5746445,
            "conjugate@1": 0xd972ac479c6b5f8b,
            "relinearize@1": 0x9946e9083e0b818e,
            "switchKey(full)@1": 0x1a659de099f47ba,
            "switchKey(restricted)@1": 0x115f91d0035d2320,
            "encrypt(public)@1": 0x155b6ca1af0c88d9,
        ])
    }

    /// Digits of eight primes and eight special primes: the conversions' sums need two Barrett reductions.
    @Test func eightPrimeDigits() throws {
        let parameters = try CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 15),
            specialPrimeBits: Array(repeating: 50, count: 8), decompositionNumber: 2, logScale: 40,
            securityLevel: .none)
        try Self.check(parameters, seed: 103, expected: [
            "rotate(1)@15": 0x4e749f0fc6a3211b,
            "rotateHoisted[0]@15": 0x4e749f0fc6a3211b,
            "rotateHoisted[1]@15": 0x2395c8a1a1d0b00c,
            "rotateHoisted[2]@15": 0xb70598dcbdcfc137,
            "conjugate@15": 0xf8c6609155cadc4,
            "relinearize@15": 0x9d3c8537b8369824,
            "switchKey(full)@15": 0x31014808c121690f,
            "encrypt(public)@15": 0x8421ce9e8f289dc1,
            "rotate(1)@1": 0x9a5e6a7bce12cea1,
            "rotateHoisted[0]@1": 0x9a5e6a7bce12cea1,
            "rotateHoisted[1]@1": 0x2b369339a72e12a8,
            "rotateHoisted[2]@1": 0x178be0cf70c808a3,
            "conjugate@1": 0x7da7ab641b5820de,
            "relinearize@1": 0xd82bb45989765b2d,
            "switchKey(full)@1": 0xab4197af7bf8f7da,
            "switchKey(restricted)@1": 0x64ac07a18d6faa86,
            "encrypt(public)@1": 0x344f9eac36eab699,
        ])
    }

    /// Seventeen digits: the inner product's 128-bit sums at the 60-bit primes need two Barrett reductions.
    @Test func seventeenDigits() throws {
        let parameters = try CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 16),
            specialPrimeBits: [60], decompositionNumber: 17, logScale: 40, securityLevel: .none)
        try Self.check(parameters, seed: 104, expected: [
            "rotate(1)@16": 0x2bbca4c41f6ade1c,
            "rotateHoisted[0]@16": 0x2bbca4c41f6ade1c,
            "rotateHoisted[1]@16": 0x6498650938759b12,
            "rotateHoisted[2]@16": 0xdedd3d1b46561c62,
            "conjugate@16": 0xd0d30fd33f3aa62d,
            "relinearize@16": 0x24f13e11fe1028a1,
            "switchKey(full)@16": 0xea671f90a9554950,
            "encrypt(public)@16": 0x1d13698a36eedc4d,
            "rotate(1)@1": 0x9837297397bedb95,
            "rotateHoisted[0]@1": 0x9837297397bedb95,
            "rotateHoisted[1]@1": 0x7e6c4a5a34c81bf0,
            "rotateHoisted[2]@1": 0x958c0a083a424ecd,
            "conjugate@1": 0x522a6c9fe3464ce7,
            "relinearize@1": 0x238c05d29c9b226a,
            "switchKey(full)@1": 0x83fb4616953c7a7b,
            "switchKey(restricted)@1": 0xe438eb98c0f5db97,
            "encrypt(public)@1": 0x5c9ff0ef6765b69e,
        ])
    }
}
