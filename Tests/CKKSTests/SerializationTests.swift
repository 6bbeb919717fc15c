import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

@Suite struct SerializationTests {
    let fixture = KeyedScheme.n12

    @Test func parametersRoundTripAndRevalidate() throws {
        let insecure = CKKSDeserializationPolicy(minimumSecurityLevel: .none)
        for p in [CKKSParameters.n13, .n16, .insecureTestN12, try .benchmark(logN: 16, levels: 20, securityLevel: .bits128)] {
            #expect(try CKKSSerialization.deserializeParameters(CKKSSerialization.serialize(p), policy: insecure) == p)
        }
        // An insecure set stored as "128-bit" is refused on reading.
        var bytes = CKKSSerialization.serialize(.insecureTestN13)
        bytes[bytes.count - 2] = 128
        #expect(throws: CKKSError.insecureParameters(logQP: 320, maximum: 218)) {
            try CKKSSerialization.deserializeParameters(bytes)
        }
    }

    @Test func ciphertextsPlaintextsAndKeysRoundTrip() throws {
        var rng = SeededGenerator(seed: 3)
        let x = RandomValues.complex(2048, using: &rng)
        let ctx = fixture.context
        for usePublic in [true, false] {
            let c = try fixture.encrypt(x, publicKey: usePublic, rng: &rng)
            let bytes = CKKSSerialization.serialize(c)
            let back = try CKKSSerialization.deserializeCiphertext(bytes, context: ctx)
            #expect(back.polynomials == c.polynomials && back.scale == c.scale && back.slotCount == c.slotCount)
            // A seeded ciphertext stores 32 bytes instead of c_1.
            let full = 2 * ctx.degree * (ctx.maximumLevel + 1) * 8
            #expect(usePublic ? bytes.count > full : bytes.count < full / 2 + 200)
        }
        let product = try fixture.evaluator.multiplyWithoutRelinearization(
            try fixture.encrypt(x, rng: &rng), try fixture.encrypt(x, rng: &rng))
        let productBack = try CKKSSerialization.deserializeCiphertext(CKKSSerialization.serialize(product), context: ctx)
        #expect(productBack.size == 3 && productBack.polynomials == product.polynomials && productBack.scale == product.scale)
        let low = try fixture.evaluator.rescale(product.size == 3 ? fixture.evaluator.relinearize(product) : product)
        #expect(try CKKSSerialization.deserializeCiphertext(CKKSSerialization.serialize(low), context: ctx).level == low.level)

        let plaintext = try fixture.encoder.encode(x, level: 1)
        let plainBack = try CKKSSerialization.deserializePlaintext(CKKSSerialization.serialize(plaintext), context: ctx)
        #expect(plainBack.polynomial == plaintext.polynomial && plainBack.level == 1)

        let sk = try CKKSSerialization.deserializeSecretKey(CKKSSerialization.serialize(fixture.secretKey), context: ctx)
        #expect(sk.polynomial == fixture.secretKey.polynomial)
        let pk = try CKKSSerialization.deserializePublicKey(CKKSSerialization.serialize(fixture.publicKey!), context: ctx)
        #expect(pk.a == fixture.publicKey!.a && pk.b == fixture.publicKey!.b)
        let rk = try CKKSSerialization.deserializeRelinearizationKey(CKKSSerialization.serialize(fixture.relinearizationKey!), context: ctx)
        #expect(rk.key.data == fixture.relinearizationKey!.key.data)
        let gk = try CKKSSerialization.deserializeGaloisKeys(CKKSSerialization.serialize(fixture.galoisKeys!), context: ctx)
        #expect(gk.elements == fixture.galoisKeys!.elements)
        #expect(gk.elements.allSatisfy { gk.keys[$0]?.data == fixture.galoisKeys!.keys[$0]?.data })
        // The deserialized keys work.
        let evaluator = Evaluator(context: ctx, relinearizationKey: rk, galoisKeys: gk)
        let c = try Encryptor(publicKey: pk).encrypt(fixture.encoder.encode(x), using: &rng)
        let rotated = try evaluator.rotate(evaluator.rescale(evaluator.multiply(c, c)), by: 1)
        let decrypted = fixture.encoder.decode(try Decryptor(secretKey: sk).decrypt(rotated))
        // measured min / mean 26.9 / 29.7 bits
        expectPrecision(PrecisionStatistics(actual: decrypted, expected: (0..<2048).map { x[($0 + 1) % 2048] * x[($0 + 1) % 2048] }),
            minimumBits: 24, meanBits: 28)
    }

    @Test func rejectsObjectsOfAnotherContext() throws {
        var rng = SeededGenerator(seed: 4)
        let c = try fixture.encrypt([Complex(1)], rng: &rng)
        #expect(throws: CKKSError.self) {
            try CKKSSerialization.deserializeCiphertext(CKKSSerialization.serialize(c), context: KeyedScheme.n13.context)
        }
        #expect(throws: CKKSError.self) {
            try CKKSSerialization.deserializePlaintext(CKKSSerialization.serialize(c), context: fixture.context)
        }
    }

    /// Random, truncated and bit-flipped inputs never trap: they throw, or (for flips inside residues that stay
    /// below the modulus) decode to a well-formed object.
    @Test func fuzzedInputsThrowOrDecodeSafely() throws {
        var rng = SeededGenerator(seed: 5)
        let ctx = fixture.context
        let parameterBytes = CKKSSerialization.serialize(CKKSParameters.insecureTestN12)
        for length in 0..<parameterBytes.count {
            #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeParameters(Array(parameterBytes[0..<length])) }
        }
        for bit in 0..<(parameterBytes.count * 8) {
            var flipped = parameterBytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            _ = try? CKKSSerialization.deserializeParameters(flipped)
        }
        let ciphertext = CKKSSerialization.serialize(try fixture.encrypt([Complex(0.5)], publicKey: false, rng: &rng))
        var accepted = 0
        for trial in 0..<300 {
            var bytes = ciphertext
            switch trial % 3 {
            case 0: bytes = Array(bytes[0..<Int.random(in: 0..<bytes.count, using: &rng)])
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let bit = Int.random(in: 0..<(bytes.count * 8), using: &rng)
                    bytes[bit / 8] ^= 1 << (bit % 8)
                }
            default: bytes = (0..<Int.random(in: 0..<4096, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            if let decoded = try? CKKSSerialization.deserializeCiphertext(bytes, context: ctx) {
                accepted += 1
                #expect(decoded.polynomials.allSatisfy { $0.isCanonical })
                #expect(trial % 3 == 1)  // only flips can yield a valid object
            }
        }
        // Header flips (first 40 bytes: magic, version, kind, basis) are always rejected.
        for bit in 0..<(40 * 8) {
            var flipped = ciphertext
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeCiphertext(flipped, context: ctx) }
        }
        #expect(accepted < 300)
        // Random bytes with a valid header but absurd counts neither trap nor over-allocate.
        var header = Array(ciphertext[0..<8])
        header += [0, 16, 0, 0, 0xFF, 0xFF]
        #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeCiphertext(header, context: ctx) }
    }

    @Test func truncatedOrCorruptedKeysAreRejected() throws {
        var rng = SeededGenerator(seed: 6)
        let ctx = fixture.context
        let encodings: [([UInt8], ([UInt8]) throws -> Void)] = [
            (CKKSSerialization.serialize(fixture.secretKey), { _ = try CKKSSerialization.deserializeSecretKey($0, context: ctx) }),
            (CKKSSerialization.serialize(fixture.publicKey!), { _ = try CKKSSerialization.deserializePublicKey($0, context: ctx) }),
            (CKKSSerialization.serialize(fixture.relinearizationKey!), {
                _ = try CKKSSerialization.deserializeRelinearizationKey($0, context: ctx)
            }),
            (CKKSSerialization.serialize(fixture.galoisKeys!), { _ = try CKKSSerialization.deserializeGaloisKeys($0, context: ctx) }),
        ]
        for (bytes, read) in encodings {
            try read(bytes)  // the intact encoding is accepted
            for _ in 0..<12 {
                let cut = Int.random(in: 0..<bytes.count, using: &rng)
                #expect(throws: CKKSError.self) { try read(Array(bytes[0..<cut])) }
            }
            #expect(throws: CKKSError.self) { try read(bytes + [0]) }  // trailing bytes
            // A residue forced to 2^64 − 1 (≥ every modulus) is rejected.
            var corrupted = bytes
            let position = bytes.count - 8 * Int.random(in: 1...100, using: &rng)
            for i in 0..<8 { corrupted[position + i] = 0xFF }
            #expect(throws: CKKSError.self) { try read(corrupted) }
        }
    }
}
