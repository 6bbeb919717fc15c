import Testing
@testable import CKKS

@Suite struct SecurityStandardTests {
    @Test func tableMatchesTheStandard() {
        let expected128 = [10: 27, 11: 54, 12: 109, 13: 218, 14: 438, 15: 881, 16: 1747, 17: 3523]
        for (logN, bits) in expected128 { #expect(SecurityStandard.maximumLogQP(logN: logN, level: .bits128) == bits) }
        #expect(SecurityStandard.maximumLogQP(logN: 15, level: .bits192) == 611)
        #expect(SecurityStandard.maximumLogQP(logN: 15, level: .bits256) == 476)
        #expect(SecurityStandard.maximumLogQP(logN: 16, level: .bits192) == nil)
        #expect(SecurityStandard.maximumLogQP(logN: 17, level: .none) == Int.max)
    }

    @Test func rejectsChainsAboveTheBound() throws {
        // 60 + 5×40 + 60 = 320 bits > 218 at N = 2^13.
        #expect(throws: CKKSError.insecureParameters(logQP: 320, maximum: 218)) {
            try CKKSParameters.benchmark(logN: 13, levels: 5, securityLevel: .bits128)
        }
        // 60 + 21×40 + 60 = 960 > 881 at N = 2^15.
        #expect(throws: CKKSError.insecureParameters(logQP: 960, maximum: 881)) {
            try CKKSParameters.benchmark(logN: 15, levels: 21, securityLevel: .bits128)
        }
        // 192-bit level is stricter: 60 + 10×40 + 60 = 520 ≤ 881 but > 611? no: 520 ≤ 611 passes; 14 levels fails.
        _ = try CKKSParameters.benchmark(logN: 15, levels: 10, securityLevel: .bits192)
        #expect(throws: CKKSError.insecureParameters(logQP: 680, maximum: 611)) {
            try CKKSParameters.benchmark(logN: 15, levels: 14, securityLevel: .bits192)
        }
        #expect(throws: CKKSError.noPublishedSecurityBound(logN: 16, level: .bits256)) {
            try CKKSParameters.benchmark(logN: 16, levels: 4, securityLevel: .bits256)
        }
        // The explicit opt-in accepts it.
        let insecure = try CKKSParameters.benchmark(logN: 13, levels: 5, securityLevel: .none)
        #expect(insecure.securityLevel == .none)
        #expect(insecure.logQP == 320)
    }

    @Test func exactBoundIsAccepted() throws {
        // 60 + 40×40 + 60 = 1720 ≤ 1747; one more level (1760) is refused.
        let deepest = try CKKSParameters.benchmark(logN: 16, levels: 40, securityLevel: .bits128)
        #expect(deepest.logQP == 1720)
        #expect(throws: CKKSError.insecureParameters(logQP: 1760, maximum: 1747)) {
            try CKKSParameters.benchmark(logN: 16, levels: 41, securityLevel: .bits128)
        }
    }
}
