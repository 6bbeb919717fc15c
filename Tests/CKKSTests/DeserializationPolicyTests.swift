import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// The receiver's policy, not the bytes, decides which parameters and sizes deserialization accepts.
@Suite struct DeserializationPolicyTests {
    static let insecure = CKKSDeserializationPolicy(minimumSecurityLevel: .none)

    static func refused(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch CKKSError.refusedByPolicy {
            return true
        } catch {
            return false
        }
    }

    @Test func securityComesFromThePolicy() throws {
        for secure in [CKKSParameters.n12, .n13, .n14, .n15, .n16, .n16Deepest] {
            #expect(try CKKSSerialization.deserializeParameters(CKKSSerialization.serialize(secure)) == secure)
        }
        let insecureBytes = CKKSSerialization.serialize(.insecureTestN12)
        #expect(Self.refused { _ = try CKKSSerialization.deserializeParameters(insecureBytes) })
        #expect(try CKKSSerialization.deserializeParameters(insecureBytes, policy: Self.insecure) == .insecureTestN12)
        // A stricter receiver refuses 128-bit parameters.
        #expect(Self.refused {
            _ = try CKKSSerialization.deserializeParameters(
                CKKSSerialization.serialize(.n13), policy: CKKSDeserializationPolicy(minimumSecurityLevel: .bits192))
        })
    }

    /// The case: about a kilobyte recording `.none` beside a chain of hundreds of primes at N = 2^17.
    @Test func aSmallFileCannotAskForAHugeContext() throws {
        let huge = try CKKSParameters(
            logN: 17, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 250), specialPrimeBits: [60, 60, 60],
            decompositionNumber: 63, logScale: 40, securityLevel: .none)
        let bytes = CKKSSerialization.serialize(huge)
        #expect(bytes.count < 1200)
        #expect(Self.refused { _ = try CKKSSerialization.deserializeParameters(bytes) })
        #expect(Self.refused { _ = try CKKSSerialization.deserializeParameters(bytes, policy: Self.insecure) })  // logN, primes
        var roomy = Self.insecure
        roomy.maximumLogN = 17
        roomy.maximumPrimeCount = 300
        #expect(Self.refused { _ = try CKKSSerialization.deserializeParameters(bytes, policy: roomy) })  // 4 GiB
        roomy.maximumObjectBytes = .max
        #expect(try CKKSSerialization.deserializeParameters(bytes, policy: roomy) == huge)
    }

    @Test func estimatedSizesOfThePresets() throws {
        let sizes = try [CKKSParameters.n16, .n16Deepest].map { try #require($0.estimatedContextAndKeyBytes) }
        #expect(sizes[0] > 400_000_000 && sizes[0] < 700_000_000, "\(sizes)")
        #expect(sizes[1] > 1_800_000_000 && sizes[1] < 2_500_000_000, "\(sizes)")
        #expect(sizes.allSatisfy { $0 <= CKKSDeserializationPolicy.secure.maximumObjectBytes })
    }

    @Test func objectSizesAreBounded() throws {
        let fixture = KeyedScheme.n12
        var rng = SeededGenerator(seed: 8)
        let seeded = CKKSSerialization.serialize(try fixture.encrypt([Complex(1)], publicKey: false, rng: &rng))
        let full = 2 * 4 * fixture.context.degree * 8  // two polynomials of four limbs once expanded
        var tight = CKKSDeserializationPolicy()
        tight.maximumObjectBytes = full - 1
        #expect(seeded.count < tight.maximumObjectBytes)  // the input is small; its expansion is not
        #expect(Self.refused { _ = try CKKSSerialization.deserializeCiphertext(seeded, context: fixture.context, policy: tight) })
        tight.maximumObjectBytes = full
        _ = try CKKSSerialization.deserializeCiphertext(seeded, context: fixture.context, policy: tight)
        let key = CKKSSerialization.serialize(fixture.publicKey!)
        tight.maximumObjectBytes = key.count - 1
        #expect(Self.refused { _ = try CKKSSerialization.deserializePublicKey(key, context: fixture.context, policy: tight) })
    }
}
