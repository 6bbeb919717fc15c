import Bootstrapping
import CKKS
import Circuits
import EncryptedSampling
import Foundation
import LanguageModel
import RingArithmetic
import SamplingExperiments
import TokenOrdering

/// `hegen demo`: a short, self-checking tour of what the library does today, from ring arithmetic to the
/// polynomial sampler feeding a language model. Every number it prints is measured as it runs, and every
/// verdict it prints is a self-check: the command fails (`DemoError`, exit status 1) when one does not pass.
func runDemo(_ arguments: [String]) throws {
    try CommandArguments(arguments).finish()
    print("EncryptedLM demo\n")
    var checks = DemoSelfChecks()
    try demoRingArithmetic(&checks)
    try demoCKKS(&checks)
    try demoBootstrapping(&checks)
    try demoSampler(&checks)
    try checks.finish()
    print("\nAll self-checks passed.")
    print("Next: private generation under real CKKS — hegen generate --encrypted --insecure-test-preset --prompt \"Emma\" "
          + "--max-tokens 3 (README.md, Docs/PrivateGeneration.md).")
}

private func elapsed(since start: Date) -> String { String(format: "%.2f s", Date().timeIntervalSince(start)) }

/// Part 1: the ring layer — NTT product against the definition, exact rescaling, automorphisms, noise.
private func demoRingArithmetic(_ checks: inout DemoSelfChecks) throws {
    let n = 1 << 12
    print("1. Ring arithmetic in Z_Q[X]/(X^N + 1), N = 2^12, three 60-bit primes q ≡ 1 (mod 2N)")
    let primes = try PrimeGenerator.nttPrimes(bitSize: 60, count: 3, ringDegree: n)
    let context = try PolyContext(degree: n, moduli: primes)
    var generator = SecureRandomGenerator()
    let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
    let b = RNSPolynomial<Coefficient>(signedValues: Sampling.ternary(count: n, using: &generator), context: context)
    let product = (a.forwardNTT() * b.forwardNTT()).inverseNTT()
    let q0 = context.moduli[0]
    let row = Array(a.limb(0)), ternary = Array(b.limb(0))
    var mismatches = 0
    for k in stride(from: 0, to: n, by: 409) {  // spot-check coefficients against the negacyclic definition
        var sum: UInt64 = 0
        for i in 0..<n {
            let j = k - i
            let term = q0.multiply(row[i], ternary[j >= 0 ? j : j + n])
            sum = j >= 0 ? q0.add(sum, term) : q0.subtract(sum, term)
        }
        if sum != product[limb: 0, index: k] { mismatches += 1 }
    }
    let equal = checks.check("NTT product equals the schoolbook product", mismatches == 0)
    print("   NTT product vs schoolbook definition (spot check): \(equal ? "equal" : "\(mismatches) MISMATCHES")")
    let lastPrime = Int64(primes[2])
    let multiples: [Int64] = (0..<n).map { i in Int64(i % 7) * lastPrime + Int64(i % 5) - 2 }
    let divided = RNSPolynomial<Coefficient>(signedValues: multiples, context: context).droppingLastLimbRounded()
    let expected = RNSPolynomial<Coefficient>(signedValues: (0..<n).map { Int64($0 % 7) }, context: context.next!)
    print("   rescale round((7k·q2 + e)/q2) = 7k: \(checks.check("exact rescaling", divided == expected) ? "exact" : "WRONG")")
    let k = GaloisElement.rotation(by: 1, degree: n)
    let agrees = checks.check("automorphism in both forms", a.forwardNTT().applyingGalois(k).inverseNTT() == a.applyingGalois(k))
    print("   automorphism X ↦ X^\(k) agrees in both forms: \(agrees ? "yes" : "NO")")
}

/// Part 2: CKKS at 128-bit security — encrypt, multiply, rotate, evaluate SiLU, decrypt, measure precision.
private func demoCKKS(_ checks: inout DemoSelfChecks) throws {
    let start = Date()
    let parameters = CKKSParameters.n14
    print("\n2. CKKS, 128-bit secure preset n14 (N = 2^14, \(parameters.maximumLevel) levels, log2(QP) = \(parameters.logQP))")
    let context = try CKKSContext(parameters: parameters)
    let keys = KeyGenerator(context: context)
    let secretKey = try keys.secretKey()
    let evaluator = Evaluator(
        context: context, relinearizationKey: keys.relinearizationKey(for: secretKey),
        galoisKeys: keys.galoisKeys(for: secretKey, rotations: [1]))
    let encoder = CKKSEncoder(context: context)
    let encryptor = Encryptor(publicKey: keys.publicKey(for: secretKey))
    let decryptor = Decryptor(secretKey: secretKey)
    print("   keys generated in \(elapsed(since: start))")

    let slots = context.degree / 2
    var random = SecureRandomGenerator()
    let x = (0..<slots).map { _ in Double.random(in: -1...1, using: &random) }
    let y = (0..<slots).map { _ in Double.random(in: -1...1, using: &random) }
    let cx = try encryptor.encrypt(encoder.encode(x)), cy = try encryptor.encrypt(encoder.encode(y))
    /// Prints the worst error and checks it against `bound` (2^8 above what the operation reaches on this preset).
    func report(_ label: String, _ ciphertext: Ciphertext, _ reference: [Double], bound: Double) throws {
        let decrypted = try encoder.decodeReal(decryptor.decrypt(ciphertext))
        let worst = zip(decrypted, reference).map { abs($0 - $1) }.max() ?? .infinity
        let passed = checks.check("\(label): max error ≤ 2^\(Int(log2(bound)))", worst <= bound)
        print(String(format: "   %-34@ level %d, max error 2^%.1f%@", label as NSString, ciphertext.level, log2(worst),
                     (passed ? "" : " — WRONG, above the bound") as NSString))
    }
    let product = try evaluator.rescale(evaluator.multiply(cx, cy))
    try report("x ⊙ y (multiply, relinearise, rescale)", product, zip(x, y).map(*), bound: 0x1p-17)
    try report("rotate(x, 1)", evaluator.rotate(cx, by: 1), (0..<slots).map { x[($0 + 1) % slots] }, bound: 0x1p-16)
    let silu = SmoothFunctions.silu(on: -8...8, degree: 31)
    let scaled = x.map { 8 * $0 }
    let encryptedScaled = try encryptor.encrypt(encoder.encode(scaled))
    try report("SiLU(8x), Chebyshev degree 31 (BSGS)", PolynomialEvaluator(evaluator: evaluator).evaluate(silu, at: encryptedScaled),
               scaled.map { $0 * SmoothFunctions.logistic($0) }, bound: 0x1p-8)
    print("   total \(elapsed(since: start))")
}

/// Part 3: bootstrapping on the small insecure test preset (the secure N = 2^16 preset needs ≈ 30 s and 8 GB).
private func demoBootstrapping(_ checks: inout DemoSelfChecks) throws {
    let start = Date()
    let parameters = try BootstrappingParameters.insecureTestN12()
    print("\n3. Bootstrapping, INSECURE test preset (N = 2^12, \(parameters.slotCount) slots, \(parameters.levelsLeft) levels left;"
          + " the 128-bit N = 2^16 preset: `hegen-bench bootstrap --logN 16`)")
    let context = try CKKSContext(parameters: parameters.scheme)
    let generator = KeyGenerator(context: context)
    let secretKey = try generator.secretKey()
    let bootstrapper = try Bootstrapper(
        parameters: parameters, context: context, keys: generator.bootstrappingKeys(for: secretKey, parameters: parameters))
    print("   keys (sparse-secret encapsulation, h = \(parameters.ephemeralSecretWeight ?? 0)) and diagonals ready in \(elapsed(since: start))")
    let encoder = CKKSEncoder(context: context)
    var random = SecureRandomGenerator()
    let x = (0..<parameters.slotCount).map { _ in Double.random(in: -1...1, using: &random) }
    let exhausted = try Encryptor(publicKey: generator.publicKey(for: secretKey)).encrypt(encoder.encode(x, level: 0))
    let refreshStart = Date()
    let refreshed = try bootstrapper.bootstrap(exhausted)
    let precision = PrecisionStatistics(
        actual: encoder.decodeReal(try Decryptor(secretKey: secretKey).decrypt(refreshed)), expected: x)
    let (mean, minimum) = (precision.meanBits, precision.minimumBits)
    let passed = checks.check("bootstrapping precision ≥ 15 bits (min)", minimum >= 15 && refreshed.level > 0)
    print(String(format: "   level 0 → level %d in %@, precision mean %.1f bits, min %.1f bits%@",
                 refreshed.level, elapsed(since: refreshStart) as NSString, mean, minimum,
                 (passed ? "" : " — WRONG, below 15 bits") as NSString))
}

/// Part 3: the sampler of the encrypted loop, in its plaintext simulation, on the embedded tiny model.
private func demoSampler(_ checks: inout DemoSelfChecks) throws {
    let bundle = try LanguageModelBundle.embedded()
    let table = bundle.model.weights.tokenEmbedding
    print("\n4. The polynomial sampler (plaintext simulation) on the embedded model \(bundle.name)")
    print(String(format: "   step function T: T(1e-7) = %.6f, T(5e-7) = %.6f (25 odd cubics, ≈50 levels under CKKS)",
                 StepFunctions.samplerStep(1e-7), StepFunctions.samplerStep(5e-7)))
    let matrix = try EmbeddingMatrix(rowCount: table.rows, dimension: table.columns, values: table.values)
    let tour = GreedyTour.path(matrix: matrix).permutation
    let cost = TourCost.cost(of: tour, in: matrix), identityCost = TourCost.cost(of: Array(0..<table.rows), in: matrix)
    let shorter = checks.check("the TSP ordering is shorter than the identity", cost < identityCost)
    print(String(format: "   TSP ordering of its %d token embeddings: cost %.1f (identity %.1f)%@", table.rows,
                 cost, identityCost, (shorter ? "" : " — WRONG, not shorter") as NSString))
    let ordering = try VocabularyOrdering(permutation: tour, name: "greedy")
    let generator = try PolynomialSamplingGenerator(
        model: bundle.model, sampler: .polynomial(ordering: ordering, postProcess: true), temperature: 0.8)
    let prompt = "It is a truth universally acknowledged"
    var random = SecureRandomGenerator()
    let steps = try generator.generate(promptTokens: bundle.tokenizer.encode(prompt), count: 40, using: &random)
    checks.check("generation produced 40 tokens", steps.count == 40)
    print("   generation feeding back Σ I'·E_π(i) (TSP + post-processing), 40 tokens:")
    print("   \(prompt)\(try bundle.tokenizer.decode(steps.map(\.token)).replacingOccurrences(of: "\n", with: " "))")
}
