import Bootstrapping
import CKKS
import Testing

/// The ephemeral sparse secret's Hamming weight has the key generator's floor on secure schemes.
@Suite struct EphemeralSecretWeightTests {
    static func parameters(_ scheme: CKKSParameters, weight: Int) throws -> BootstrappingParameters {
        try BootstrappingParameters(
            scheme: scheme, slotCount: 128, coeffsToSlotsLevels: 3, slotsToCoeffsLevels: 3, ephemeralSecretWeight: weight)
    }

    @Test func secureSchemesNeedTheMinimumWeight() throws {
        let secure = try BootstrappingParameters.secureN16().scheme
        for weight in [1, 16, KeyGenerator.minimumHammingWeight - 1] {
            #expect(throws: BootstrappingError.self) { try Self.parameters(secure, weight: weight) }
        }
        #expect(try Self.parameters(secure, weight: KeyGenerator.minimumHammingWeight).ephemeralSecretWeight == 32)
        // Insecure test schemes (security level .none) may use any weight from 1.
        let insecure = try BootstrappingParameters.insecureTestN12().scheme
        #expect(try Self.parameters(insecure, weight: 1).ephemeralSecretWeight == 1)
        #expect(throws: BootstrappingError.self) { try Self.parameters(insecure, weight: 0) }
    }
}
