import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Every serialized object kind on corrupted input (seed 0x454C4D43, 80 cases per encoding): truncations, bit
/// flips anywhere and in the header, hostile counts and sizes in the first 48 bytes, random bytes with a valid
/// header. Each case throws `CKKSError` or decodes to a well-formed object; none traps or takes long. The
/// intact encodings round-trip to equal data.
@Suite struct SerializationFuzzTests {
    /// One encoding and its reader, which returns the polynomials it decoded (empty for keys and parameters).
    struct Encoding {
        let name: String
        let bytes: [UInt8]
        let read: ([UInt8]) throws -> [RNSPolynomial<Evaluation>]
    }

    static func encodings() throws -> [Encoding] {
        let fixture = KeyedScheme.n12, context = fixture.context
        let insecure = CKKSDeserializationPolicy(minimumSecurityLevel: .none)
        var rng = SeededGenerator(seed: 0x454C_4D43)
        let generator = KeyGenerator(context: context)
        let other = try generator.secretKey(using: &rng)
        let full = try generator.keySwitchingKey(from: fixture.secretKey, to: other, using: &rng)
        let restricted = try generator.keySwitchingKey(from: fixture.secretKey, to: other, maximumLevel: 1, using: &rng)
        let product = try fixture.evaluator.multiplyWithoutRelinearization(
            fixture.encrypt([Complex(0.5)], rng: &rng), fixture.encrypt([Complex(0.25)], rng: &rng))
        let S = CKKSSerialization.self
        return [
            Encoding(name: "parameters", bytes: S.serialize(CKKSParameters.insecureTestN13)) {
                _ = try S.deserializeParameters($0, policy: insecure); return []
            },
            Encoding(name: "plaintext", bytes: S.serialize(try fixture.encoder.encode([Complex(1)], level: 2))) {
                [try S.deserializePlaintext($0, context: context).polynomial]
            },
            Encoding(name: "seeded ciphertext", bytes: S.serialize(try fixture.encrypt([Complex(1)], publicKey: false, rng: &rng))) {
                try S.deserializeCiphertext($0, context: context).polynomials
            },
            Encoding(name: "size-3 ciphertext", bytes: S.serialize(product)) { try S.deserializeCiphertext($0, context: context).polynomials },
            Encoding(name: "secret key", bytes: S.serialize(fixture.secretKey)) {
                [try S.deserializeSecretKey($0, context: context).polynomial]
            },
            Encoding(name: "public key", bytes: S.serialize(fixture.publicKey!)) {
                let key = try S.deserializePublicKey($0, context: context)
                return [key.a, key.b]
            },
            Encoding(name: "relinearisation key", bytes: S.serialize(fixture.relinearizationKey!)) {
                _ = try S.deserializeRelinearizationKey($0, context: context); return []
            },
            Encoding(name: "Galois keys", bytes: S.serialize(fixture.galoisKeys!)) {
                _ = try S.deserializeGaloisKeys($0, context: context); return []
            },
            Encoding(name: "key switching key", bytes: S.serialize(full)) { _ = try S.deserializeKeySwitchingKey($0, context: context); return [] },
            Encoding(name: "restricted key switching key", bytes: S.serialize(restricted)) {
                _ = try S.deserializeKeySwitchingKey($0, context: context); return []
            },
        ]
    }

    /// Case `index` of the corruptions of `bytes`.
    static func corrupt(_ bytes: [UInt8], case index: Int, using rng: inout SeededGenerator) -> [UInt8] {
        var result = bytes
        let header = min(48, bytes.count)
        switch index % 5 {
        case 0: return Array(bytes[0..<Int.random(in: 0..<bytes.count, using: &rng)])
        case 1:
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let bit = Int.random(in: 0..<(8 * bytes.count), using: &rng)
                result[bit / 8] ^= 1 << (bit % 8)
            }
        case 2:
            let bit = Int.random(in: 0..<(8 * header), using: &rng)
            result[bit / 8] ^= 1 << (bit % 8)
        case 3:
            let hostile: [UInt64] = [0, 1, 0xFF, 0xFFFF, 0xFFFF_FFFF, UInt64.max, 1 << 31, 1 << 17]
            let value = hostile[Int.random(in: 0..<hostile.count, using: &rng)]
            let at = Int.random(in: 8..<max(9, header - 2), using: &rng)
            for i in 0..<Int.random(in: 1...4, using: &rng) where at + i < result.count {
                result[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i))
            }
        default:
            let tail = (0..<Int.random(in: 0..<512, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return Array(bytes[0..<8]) + tail
        }
        return result
    }

    @Test func everyKindThrowsOrDecodesSafely() throws {
        var rng = SeededGenerator(seed: 0x454C_4D43)
        for encoding in try Self.encodings() {
            _ = try encoding.read(encoding.bytes)  // the intact encoding is accepted
            var slowest = 0.0, refused = 0
            for index in 0..<80 {
                let bytes = Self.corrupt(encoding.bytes, case: index, using: &rng)
                let start = Date()
                do {
                    let polynomials = try encoding.read(bytes)
                    #expect(polynomials.allSatisfy { $0.isCanonical }, "\(encoding.name), case \(index)")
                    // Changed values can be valid ones; a cut or a random tail never is.
                    #expect(index % 5 != 0 && index % 5 != 4 || bytes == encoding.bytes, "\(encoding.name), case \(index) accepted")
                } catch is CKKSError {
                    refused += 1
                } catch {
                    Issue.record("\(encoding.name), case \(index): untyped error \(error)")
                }
                slowest = max(slowest, Date().timeIntervalSince(start))
            }
            #expect(refused >= 48, "\(encoding.name): only \(refused) of 80 refused")
            #expect(slowest < 2, "\(encoding.name): a case took \(slowest) s")
        }
    }

    /// Galois keys compare by their data, not only their element list.
    @Test func galoisKeysRoundTripToEqualData() throws {
        let keys = try #require(KeyedScheme.n12.galoisKeys)
        let back = try CKKSSerialization.deserializeGaloisKeys(CKKSSerialization.serialize(keys), context: KeyedScheme.n12.context)
        #expect(back.elements == keys.elements && !keys.elements.isEmpty)
        for element in keys.elements {
            #expect(back.keys[element]?.data == keys.keys[element]?.data)
            #expect(back.keys[element]?.digitCount == keys.keys[element]?.digitCount)
        }
        // A flip inside the last residue decodes (it stays below the modulus) but to different data.
        var flipped = CKKSSerialization.serialize(keys)
        flipped[flipped.count - 8] ^= 1
        let changed = try CKKSSerialization.deserializeGaloisKeys(flipped, context: KeyedScheme.n12.context)
        #expect(changed.elements == keys.elements)
        #expect(keys.elements.contains { changed.keys[$0]?.data != keys.keys[$0]?.data })
    }
}
