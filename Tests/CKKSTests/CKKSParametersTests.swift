import Testing
@testable import CKKS

@Suite struct CKKSParametersTests {
    @Test func securePresetsAreWithinTheStandard() throws {
        let presets: [CKKSParameters] = [.n12, .n13, .n14, .n15, .n16, .n16Deepest]
        for p in presets {
            #expect(p.securityLevel == .bits128)
            let bound = try #require(SecurityStandard.maximumLogQP(logN: p.logN, level: .bits128))
            #expect(p.logQP <= bound, "\(p)")
            // Each key-switching digit must be no larger than P (noise control).
            let bits = p.ciphertextPrimeBits
            let largestDigit = stride(from: 0, to: bits.count, by: p.digitSize)
                .map { bits[$0..<min($0 + p.digitSize, bits.count)].reduce(0, +) }.max()!
            #expect(largestDigit <= p.specialPrimeBits.reduce(0, +), "\(p)")
        }
        #expect(CKKSParameters.n16Deepest.maximumLevel == 40)
        #expect(CKKSParameters.n16.maximumLevel == 37)
        #expect(CKKSParameters.insecureTestN12.securityLevel == .none)
        #expect(CKKSParameters.insecureTestN13.securityLevel == .none)
    }

    @Test func derivedQuantities() throws {
        let p = try CKKSParameters.benchmark(logN: 16, levels: 20, securityLevel: .bits128)
        #expect(p.degree == 65536)
        #expect(p.maximumSlotCount == 32768)
        #expect(p.ciphertextPrimeCount == 21)
        #expect(p.decompositionNumber == 21)
        #expect(p.digitSize == 1)
        #expect(p.defaultScale == 0x1p40)
        let q = try CKKSParameters.benchmark(
            logN: 16, levels: 20, specialPrimes: 5, decompositionNumber: 3, securityLevel: .bits128)
        #expect(q.digitSize == 7 && q.logQP == 1160)
        // Digits larger than P are refused: 7 primes (300 bits) against one 60-bit special prime.
        #expect(throws: CKKSError.specialModulusTooSmall(digitBits: 300, specialBits: 60)) {
            try CKKSParameters.benchmark(logN: 16, levels: 20, decompositionNumber: 3, securityLevel: .bits128)
        }
        // Long chains cap the default dnum at 63 (128-bit lazy accumulation in key switching).
        let long = try CKKSParameters.benchmark(logN: 17, levels: 80, specialPrimes: 2, securityLevel: .bits128)
        #expect(long.decompositionNumber == 63 && long.digitSize == 2)
        #expect(throws: CKKSError.invalidDecompositionNumber(dnum: 64, ciphertextPrimes: 81)) {
            try CKKSParameters.benchmark(
                logN: 17, levels: 80, specialPrimes: 2, decompositionNumber: 64, securityLevel: .bits128)
        }
    }

    @Test func rejectsInvalidShapes() {
        #expect(throws: CKKSError.unsupportedRingDegree(logN: 11)) {
            try CKKSParameters(logN: 11, firstPrimeBits: 30, scalingPrimeBits: [], specialPrimeBits: [20], logScale: 20)
        }
        #expect(throws: CKKSError.unsupportedRingDegree(logN: 18)) {
            try CKKSParameters(logN: 18, firstPrimeBits: 60, scalingPrimeBits: [40], specialPrimeBits: [60], logScale: 40)
        }
        #expect(throws: CKKSError.invalidPrimeBitSize(61)) {
            try CKKSParameters(logN: 14, firstPrimeBits: 61, scalingPrimeBits: [40], specialPrimeBits: [60], logScale: 40)
        }
        #expect(throws: CKKSError.invalidPrimeBitSize(10)) {
            try CKKSParameters(logN: 14, firstPrimeBits: 60, scalingPrimeBits: [10], specialPrimeBits: [60], logScale: 40)
        }
        #expect(throws: CKKSError.self) {
            try CKKSParameters(logN: 14, firstPrimeBits: 60, scalingPrimeBits: [40], specialPrimeBits: [], logScale: 40)
        }
        #expect(throws: CKKSError.invalidDecompositionNumber(dnum: 3, ciphertextPrimes: 2)) {
            try CKKSParameters(
                logN: 14, firstPrimeBits: 60, scalingPrimeBits: [40], specialPrimeBits: [60], decompositionNumber: 3,
                logScale: 40)
        }
        #expect(throws: CKKSError.invalidDecompositionNumber(dnum: 0, ciphertextPrimes: 2)) {
            try CKKSParameters(
                logN: 14, firstPrimeBits: 60, scalingPrimeBits: [40], specialPrimeBits: [60], decompositionNumber: 0,
                logScale: 40)
        }
        #expect(throws: CKKSError.self) {
            try CKKSParameters(logN: 14, firstPrimeBits: 60, scalingPrimeBits: [40], specialPrimeBits: [60], logScale: 0)
        }
    }
}
