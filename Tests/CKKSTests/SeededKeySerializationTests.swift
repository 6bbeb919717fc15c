import Foundation
import RingArithmetic
import Testing
import TestSupport
@testable import CKKS

/// Switching keys travel seeded: each digit's uniform half a_j as the 32-byte ChaCha20 seed it was expanded from.
@Suite struct SeededKeySerializationTests {
    @Test("seeded Galois, relinearisation and switching keys round-trip to equal data at about half the size")
    func roundTrip() throws {
        let fixture = KeyedScheme.n12
        let context = fixture.context
        let galois = try #require(fixture.galoisKeys)
        let bytes = CKKSSerialization.serialize(galois)
        let back = try CKKSSerialization.deserializeGaloisKeys(bytes, context: context)
        #expect(back.elements == galois.elements)
        for element in galois.elements { #expect(back.keys[element]!.data == galois.keys[element]!.data) }
        // Re-serializing the read keys gives the same bytes: the seeds survive.
        #expect(CKKSSerialization.serialize(back) == bytes)
        #expect(Double(bytes.count) < 0.55 * Double(galois.byteCount))
        #expect(abs(bytes.count - galois.serializedByteCount) < 64 + 8 * galois.elements.count)

        let relinearization = try #require(fixture.relinearizationKey)
        let relinearizationBytes = CKKSSerialization.serialize(relinearization)
        let relinearizationBack = try CKKSSerialization.deserializeRelinearizationKey(relinearizationBytes, context: context)
        #expect(relinearizationBack.key.data == relinearization.key.data)

        var rng = SeededGenerator(seed: 5)
        let generator = KeyGenerator(context: context)
        let sparse = try generator.secretKey(hammingWeight: 2, using: &rng)
        let restricted = try generator.keySwitchingKey(from: fixture.secretKey, to: sparse, maximumLevel: 0, using: &rng)
        let restrictedBack = try CKKSSerialization.deserializeKeySwitchingKey(
            CKKSSerialization.serialize(restricted), context: context)
        #expect(restrictedBack.key.data == restricted.key.data)
    }

    @Test("a tampered seed gives another key, not a crash; version 1 files (a_j in full) are still read")
    func tamperingAndVersionOne() throws {
        let fixture = KeyedScheme.n12
        let context = fixture.context
        let key = try #require(fixture.relinearizationKey)
        var bytes = CKKSSerialization.serialize(key)
        bytes[bytes.count - 1] ^= 0x01  // the last seed word of the last digit
        let changed = try CKKSSerialization.deserializeRelinearizationKey(bytes, context: context)
        #expect(changed.key.data != key.key.data)

        // A version-1 file: header with version 1, the basis, the digit count, then b_j and a_j in full.
        let v2 = CKKSSerialization.serialize(key)
        let headerAndBasis = v2.count - key.key.serializedByteCount
        var v1 = Array(v2[0..<headerAndBasis])
        v1[4] = 1
        v1[5] = 0
        for byte in withUnsafeBytes(of: UInt16(key.key.digitCount).littleEndian, Array.init) { v1.append(byte) }
        for word in key.key.data { v1 += withUnsafeBytes(of: word.littleEndian, Array.init) }
        let old = try CKKSSerialization.deserializeRelinearizationKey(v1, context: context)
        #expect(old.key.data == key.key.data && old.key.seeds == nil)
        #expect(throws: CKKSError.self) {
            var v3 = v2
            v3[4] = 3
            _ = try CKKSSerialization.deserializeRelinearizationKey(v3, context: context)
        }
    }
}
