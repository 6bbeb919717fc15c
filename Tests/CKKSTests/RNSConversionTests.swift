import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

@Suite struct RNSConversionTests {
    @Test func composeInvertsDecomposeForSignedWords() throws {
        let moduli = nttPrimes(bits: 50, count: 3, degree: 1024) + nttPrimes(bits: 60, count: 2, degree: 1024)
        let decomposer = RNSDecomposer(moduli: moduli)
        let composer = RNSComposer(moduli: moduli)
        var rng = SeededGenerator(seed: 1)
        var values: [Double] = (0..<200).map { _ in Double(Int64.random(in: -(1 << 52)...(1 << 52), using: &rng)) }
        values += [0, 1, -1, 4503599627370496, -4503599627370496]
        let residues = try decomposer.residues(of: values)
        for i in 0..<moduli.count {
            for (c, v) in values.enumerated() {
                let expected = v >= 0 ? UInt64(v) % moduli[i] : (moduli[i] - UInt64(-v) % moduli[i]) % moduli[i]
                #expect(residues[i * values.count + c] == expected)
            }
        }
        #expect(composer.centredValues(residues: residues, count: values.count) == values)
    }

    @Test func largeValuesBeyond64BitsRoundTrip() throws {
        let moduli = nttPrimes(bits: 60, count: 4, degree: 4096)
        let decomposer = RNSDecomposer(moduli: moduli)
        let composer = RNSComposer(moduli: moduli)
        var rng = SeededGenerator(seed: 2)
        // Integers up to 2^200 in magnitude (exactly representable doubles: 53-bit mantissa · 2^e).
        let values: [Double] = (0..<300).map { _ in
            let mantissa = Double(Int64.random(in: -(1 << 53)...(1 << 53), using: &rng))
            return mantissa * pow(2, Double(Int.random(in: 0...147, using: &rng)))
        }
        let residues = try decomposer.residues(of: values)
        let back = composer.centredValues(residues: residues, count: values.count)
        for (a, b) in zip(values, back) { #expect(a == b || abs(a - b) <= abs(a) * 0x1p-52) }
    }

    @Test func centringPicksTheSymmetricRepresentative() {
        // Small primes: check against exact integer arithmetic.
        let moduli: [UInt64] = [97, 193, 257]
        let q = 97 * 193 * 257
        let composer = RNSComposer(moduli: moduli)
        let xs = Array(stride(from: 0, to: q, by: 37))
        let residues = moduli.flatMap { m in xs.map { UInt64($0) % m } }
        let centred = composer.centredValues(residues: residues, count: xs.count)
        for (x, c) in zip(xs, centred) {
            let expected = x > q / 2 ? x - q : x
            #expect(c == Double(expected))
        }
    }

    @Test func rejectsValuesThatWouldWrap() {
        let moduli: [UInt64] = nttPrimes(bits: 30, count: 2, degree: 1024)
        let decomposer = RNSDecomposer(moduli: moduli)
        #expect(throws: CKKSError.self) { try decomposer.residues(of: [0x1p62]) }
        #expect(throws: CKKSError.nonFiniteValue) { try decomposer.residues(of: [.nan]) }
    }

    @Test func encodeRoundTripThroughRNSAtScale2To40() throws {
        for (degree, slots) in [(4096, 2048), (8192, 4096), (8192, 256)] {
            let embedding = CanonicalEmbedding(degree: degree)
            let moduli = nttPrimes(bits: 60, count: 1, degree: degree) + nttPrimes(bits: 40, count: 2, degree: degree)
            var rng = SeededGenerator(seed: UInt64(degree + slots))
            let values = RandomValues.complex(slots, using: &rng)
            let scale = 0x1p40
            let coefficients = embedding.coefficients(fromSlots: values).map { ($0 * scale).rounded() }
            let residues = try RNSDecomposer(moduli: moduli).residues(of: coefficients, scaleForErrors: scale)
            let decoded = RNSComposer(moduli: moduli).centredValues(residues: residues, count: degree, factor: 1 / scale)
            let back = embedding.slots(fromCoefficients: decoded, slotCount: slots)
            let error = maximumError(back, values)
            #expect(error < 0x1p-30, "N=\(degree) n=\(slots): max error 2^\(log2(error))")
        }
    }
}
