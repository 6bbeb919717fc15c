import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

@Suite struct EvaluatorTests {
    let fixture = KeyedScheme.n12

    func inputs(seed: UInt64) throws -> (x: [Complex], y: [Complex], cx: Ciphertext, cy: Ciphertext) {
        var rng = SeededGenerator(seed: seed)
        let n = fixture.context.parameters.maximumSlotCount
        let x = RandomValues.complex(n, using: &rng)
        let y = RandomValues.complex(n, using: &rng)
        return (x, y, try fixture.encrypt(x, rng: &rng), try fixture.encrypt(y, rng: &rng))
    }

    @Test func additiveOperations() throws {
        let (x, y, cx, cy) = try inputs(seed: 1)
        let ev = fixture.evaluator
        let p = try fixture.encoder.encode(y)
        let c = Complex(0.25, -1.5)
        let cases: [(String, Ciphertext, [Complex])] = [
            ("ct+ct", try ev.add(cx, cy), zip(x, y).map { $0 + $1 }),
            ("ct-ct", try ev.subtract(cx, cy), zip(x, y).map { $0 - $1 }),
            ("-ct", try ev.negate(cx), x.map { -$0 }),
            ("ct+pt", try ev.add(cx, p), zip(x, y).map { $0 + $1 }),
            ("ct-pt", try ev.subtract(cx, p), zip(x, y).map { $0 - $1 }),
            ("ct+c", try ev.add(cx, constant: c), x.map { $0 + c }),
        ]
        for (name, ciphertext, expected) in cases {
            let precision = PrecisionStatistics(actual: try fixture.decrypt(ciphertext), expected: expected)
            // measured min / mean 27.3–27.9 / 30.4–30.9 bits
            expectPrecision(precision, minimumBits: 25, meanBits: 29, "\(name)")
        }
    }

    /// The in-place forms give the same ciphertexts as their out-of-place counterparts, and check the same rules.
    @Test func inPlaceAccumulation() throws {
        let (x, y, cx, cy) = try inputs(seed: 11)
        let ev = fixture.evaluator
        var sum = cx
        try ev.add(cy, to: &sum)
        #expect(sum.polynomials == (try ev.add(cx, cy)).polynomials)
        let p = try fixture.encoder.encode(y)
        var accumulator = try ev.multiply(cx, p)
        try ev.multiplyAdd(cy, p, to: &accumulator)
        #expect(accumulator.polynomials == (try ev.add(ev.multiply(cx, p), ev.multiply(cy, p))).polynomials)
        let expected = zip(x, y).map { ($0 + $1) * $1 }
        let precision = PrecisionStatistics(actual: try fixture.decrypt(ev.rescale(accumulator)), expected: expected)
        // measured min / mean 27.2 / 30.4 bits
        expectPrecision(precision, minimumBits: 25, meanBits: 29)
        // A size-3 addend grows the accumulator; mismatched scales and levels throw.
        var grown = try ev.multiply(cx, p)
        try ev.add(try ev.multiplyWithoutRelinearization(cx, cy), to: &grown)
        #expect(grown.size == 3)
        var wrongScale = cx
        #expect(throws: CKKSError.self) { try ev.multiplyAdd(cy, p, to: &wrongScale) }
        var lower = try ev.dropLevels(cx, to: cx.level - 1)
        #expect(throws: CKKSError.levelMismatch(lower.level, cy.level)) { try ev.add(cy, to: &lower) }
    }

    @Test func multiplicationRelinearisationRescale() throws {
        let (x, y, cx, cy) = try inputs(seed: 2)
        let ev = fixture.evaluator
        let product = try ev.multiply(cx, cy)
        #expect(product.size == 2)
        let rescaled = try ev.rescale(product)
        #expect(rescaled.level == cx.level - 1)
        // Exact scale tracking: Δ²/q_L.
        let q = Double(fixture.context.ciphertextModuli[cx.level])
        #expect(rescaled.scale == cx.scale * cy.scale / q)
        let expected = zip(x, y).map { $0 * $1 }
        let precision = PrecisionStatistics(actual: try fixture.decrypt(rescaled), expected: expected)
        // measured min / mean 27.2 / 30.3 bits
        expectPrecision(precision, minimumBits: 25, meanBits: 29, "mul+relin+rescale")
        // Without relinearisation the size-3 ciphertext decrypts too.
        let raw = try ev.multiplyWithoutRelinearization(cx, cy)
        #expect(raw.size == 3)
        // measured min / mean 27.6 / 30.8 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(raw), expected: expected),
            minimumBits: 25, meanBits: 29)
        // Depth 3: x·y·y·y with rescales.
        var c = rescaled
        var expectedDeep = expected
        for _ in 0..<2 {
            let cyAtLevel = try ev.dropLevels(cy, to: c.level)
            c = try ev.rescale(ev.multiply(c, cyAtLevel))
            expectedDeep = zip(expectedDeep, y).map { $0 * $1 }
        }
        #expect(c.level == 0)
        let deep = PrecisionStatistics(actual: try fixture.decrypt(c), expected: expectedDeep)
        // measured min / mean 26.2 / 29.9 bits
        expectPrecision(deep, minimumBits: 24, meanBits: 28, "depth 3")
        #expect(throws: CKKSError.noLevelLeft) { try ev.rescale(c) }
    }

    @Test func plaintextAndConstantMultiplication() throws {
        let (x, y, cx, _) = try inputs(seed: 3)
        let ev = fixture.evaluator
        let p = try fixture.encoder.encode(y)
        let byPlain = try ev.rescale(ev.multiply(cx, p))
        // measured min / mean 27.0 / 30.6 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(byPlain), expected: zip(x, y).map { $0 * $1 }),
            minimumBits: 24, meanBits: 29)
        let c = Complex(-0.75, 0.5)
        let byConstant = try ev.rescale(ev.multiply(cx, constant: c))
        // measured min / mean 27.3 / 30.5 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(byConstant), expected: x.map { $0 * c }),
            minimumBits: 25, meanBits: 29)
        let byI = try ev.multiplyByI(cx)
        #expect(byI.scale == cx.scale && byI.level == cx.level)
        // measured min / mean 27.9 / 30.9 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(byI), expected: x.map { $0 * Complex.i }),
            minimumBits: 25, meanBits: 29)
    }

    @Test func rotationsAndConjugation() throws {
        let (x, _, cx, _) = try inputs(seed: 4)
        let ev = fixture.evaluator
        let n = x.count
        for step in KeyedScheme.testRotationSteps {
            let rotated = try ev.rotate(cx, by: step)
            let expected = (0..<n).map { x[(($0 + step) % n + n) % n] }
            let precision = PrecisionStatistics(actual: try fixture.decrypt(rotated), expected: expected)
            // measured min / mean 27.4–27.6 / 30.1–30.2 bits
            expectPrecision(precision, minimumBits: 25, meanBits: 29, "rotate \(step)")
        }
        let conjugated = try ev.conjugate(cx)
        // measured min / mean 27.2 / 30.4 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(conjugated), expected: x.map(\.conjugate)),
            minimumBits: 25, meanBits: 29)
        #expect(throws: CKKSError.self) { try ev.rotate(cx, by: 2) }
        // Rotation after a rescale (lower level) works with the same keys.
        let low = try ev.dropLevels(cx, to: 1)
        let expected = (0..<n).map { x[($0 + 3) % n] }
        // measured min / mean 27.5 / 30.2 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(ev.rotate(low, by: 3)), expected: expected),
            minimumBits: 25, meanBits: 29)
    }

    @Test func hoistedRotationsMatchIndividualRotations() throws {
        let (x, _, cx, _) = try inputs(seed: 5)
        let ev = fixture.evaluator
        let n = x.count
        let steps = [1, -1, 3, -7, 16, 100, 0]
        let hoisted = try ev.rotateHoisted(cx, by: steps)
        for (step, rotated) in zip(steps, hoisted) {
            let expected = (0..<n).map { x[(($0 + step) % n + n) % n] }
            // measured min / mean 27.4–27.9 / 30.2–30.9 bits
            expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(rotated), expected: expected),
                minimumBits: 25, meanBits: 29, "hoisted \(step)")
            // Same algorithm, same key: bit-identical to the non-hoisted rotation.
            #expect(rotated.polynomials == (try ev.rotate(cx, by: step)).polynomials)
        }
    }

    @Test func sparsePackingRotates() throws {
        var rng = SeededGenerator(seed: 6)
        let x = RandomValues.complex(64, using: &rng)
        let cx = try fixture.encrypt(x, rng: &rng)
        let rotated = try fixture.evaluator.rotate(cx, by: -7)
        // measured min / mean 30.9 / 32.5 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(rotated), expected: (0..<64).map { x[($0 - 7 + 64) % 64] }),
            minimumBits: 28, meanBits: 31)
    }

    @Test func mismatchesThrowTypedErrors() throws {
        let (_, _, cx, cy) = try inputs(seed: 7)
        let ev = fixture.evaluator
        let low = try ev.dropLevels(cy, to: 1)
        #expect(throws: CKKSError.levelMismatch(3, 1)) { try ev.add(cx, low) }
        #expect(throws: CKKSError.levelMismatch(3, 1)) { try ev.multiply(cx, low) }
        let product = try ev.rescale(ev.multiply(cx, cx))
        let (a, b) = try ev.matchLevels(product, cy)
        #expect(a.level == b.level)
        #expect(throws: CKKSError.self) { try ev.add(a, b) }  // scales Δ²/q vs Δ differ
        let bare = Evaluator(context: fixture.context)
        #expect(throws: CKKSError.missingRelinearizationKey) { try bare.multiply(cx, cy) }
        #expect(throws: CKKSError.self) { try bare.rotate(cx, by: 1) }
        #expect(throws: CKKSError.ciphertextSizeMismatch(expected: 3, actual: 2)) { try ev.relinearize(cx) }
        let other = KeyedScheme.n13
        var otherRNG = SeededGenerator(seed: 99)
        let foreign = try other.encrypt([Complex(1)], rng: &otherRNG)
        #expect(throws: CKKSError.contextMismatch) { try ev.add(cx, foreign) }
    }

    @Test func evaluatorIsSafeToShareAcrossTasks() async throws {
        let (_, _, cx, cy) = try inputs(seed: 8)
        let ev = fixture.evaluator
        let serial = try ev.rescale(ev.multiply(cx, cy)).polynomials
        let results = try await withThrowingTaskGroup(of: [RNSPolynomial<Evaluation>].self) { group in
            for _ in 0..<4 {
                group.addTask { try ev.rescale(ev.multiply(cx, cy)).polynomials }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0 == serial }, "concurrent products are bit-identical to the serial one")
    }
}

@Suite struct RealPartTests {
    /// Re(z) of complex slots: one conjugation and an exact halving of the scale; measured mean 31.2, min 28.0
    /// bits on the N = 2^12 test preset, asserted min 25; the level is unchanged.
    @Test func realPartOfComplexSlots() throws {
        let fixture = KeyedScheme.n12
        var rng = SeededGenerator(seed: 77)
        let x = RandomValues.complex(fixture.context.parameters.maximumSlotCount, using: &rng)
        let ciphertext = try fixture.encrypt(x, rng: &rng)
        let real = try fixture.evaluator.realPart(ciphertext)
        let precision = PrecisionStatistics(actual: try fixture.decrypt(real), expected: x.map { Complex($0.real) })
        // measured min / mean 28.1 / 31.2 bits
        expectPrecision(precision, minimumBits: 26, meanBits: 30, "real part")
        #expect(real.level == ciphertext.level)
    }
}
