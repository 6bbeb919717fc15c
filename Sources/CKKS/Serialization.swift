import RingArithmetic

/// A versioned binary format for parameters, plaintexts, ciphertexts and keys.
///
/// Every object starts with an 8-byte header: the magic bytes `"ELMC"`, a little-endian `UInt16` format
/// version (currently 2; version 1 is read too), a `UInt8` kind and a zero byte. All integers are little-endian; residues are
/// `UInt64` words, limb-major, each strictly below its modulus. Objects tied to a context record the ring
/// degree and their moduli, and a reader accepts them only for a context with exactly those primes. Sizes are
/// derived from the context, never trusted from the input, so malformed input can neither trap nor make the
/// reader allocate more than the context implies. Every reader also takes the receiver's
/// `CKKSDeserializationPolicy` (default `.secure`), which decides what security and sizes it accepts — the
/// bytes never do. See Docs/CKKS.md, "Serialization", for the field tables.
public enum CKKSSerialization {
    /// 2: switching keys may carry seeds in place of their uniform halves. Version 1 files are still read.
    public static let formatVersion: UInt16 = 2
    static let magic: [UInt8] = Array("ELMC".utf8)

    enum Kind: UInt8 {
        case parameters = 1, plaintext = 2, ciphertext = 3, secretKey = 4, publicKey = 5, relinearizationKey = 6
        case galoisKeys = 7, keySwitchingKey = 8
    }

    // MARK: Header and shared pieces

    private static func header(_ kind: Kind) -> ByteWriter {
        var w = ByteWriter()
        for b in magic { w.write(b) }
        w.write(formatVersion)
        w.write(kind.rawValue)
        w.write(UInt8(0))
        return w
    }

    /// Reads and checks the header.
    /// - Returns: the format version (1 or 2).
    @discardableResult
    private static func readHeader(
        _ r: inout ByteReader, expecting kind: Kind, policy: CKKSDeserializationPolicy
    ) throws -> UInt16 {
        try policy.checkSize(r.remaining, of: "the input")
        for b in magic {
            guard try r.read(UInt8.self, "magic") == b else { throw CKKSError.invalidSerialization("bad magic bytes") }
        }
        let version = try r.read(UInt16.self, "version")
        guard (1...formatVersion).contains(version) else {
            throw CKKSError.invalidSerialization("unsupported format version \(version)")
        }
        let found = try r.read(UInt8.self, "kind")
        guard found == kind.rawValue else { throw CKKSError.invalidSerialization("kind \(found), expected \(kind.rawValue)") }
        guard try r.read(UInt8.self, "reserved") == 0 else { throw CKKSError.invalidSerialization("reserved byte not zero") }
        return version
    }

    /// Degree and the moduli of a polynomial basis.
    private static func writeBasis(_ w: inout ByteWriter, degree: Int, moduli: [UInt64]) {
        w.write(UInt32(degree))
        w.write(UInt16(moduli.count))
        for q in moduli { w.write(q) }
    }

    /// Reads a basis and checks it is the first `count` ciphertext primes of `context` for some count in
    /// `allowedCounts` (or exactly `expected` when given).
    private static func readBasis(
        _ r: inout ByteReader, context: CKKSContext, expected: [UInt64]? = nil
    ) throws -> [UInt64] {
        let degree = try r.read(UInt32.self, "degree")
        guard degree == context.degree else { throw CKKSError.invalidSerialization("degree \(degree) ≠ \(context.degree)") }
        let count = Int(try r.read(UInt16.self, "limb count"))
        let reference = expected ?? context.ciphertextModuli
        guard count >= 1, count <= reference.count, expected == nil || count == reference.count else {
            throw CKKSError.invalidSerialization("limb count \(count) not valid for this context")
        }
        for i in 0..<count {
            let q = try r.read(UInt64.self, "modulus")
            guard q == reference[i] else { throw CKKSError.invalidSerialization("modulus \(q) is not this context's") }
        }
        return Array(reference[0..<count])
    }

    private static func readScale(_ r: inout ByteReader) throws -> Double {
        let scale = try r.readDouble("scale")
        guard scale.isFinite, scale >= 1, scale < 0x1p1000 else { throw CKKSError.invalidSerialization("scale \(scale)") }
        return scale
    }

    private static func readSlotCount(_ r: inout ByteReader, context: CKKSContext) throws -> Int {
        let n = Int(try r.read(UInt32.self, "slot count"))
        guard n >= 1, n <= context.parameters.maximumSlotCount, n & (n - 1) == 0 else {
            throw CKKSError.invalidSerialization("slot count \(n)")
        }
        return n
    }

    // MARK: Parameters

    /// Serializes a parameter set (kind 1): logN u8, first-prime bits u8, L u16, L × bits u8, k u8, k × bits u8,
    /// dnum u16, log2 scale u8, security level u16 (0, 128, 192, 256).
    public static func serialize(_ p: CKKSParameters) -> [UInt8] {
        var w = header(.parameters)
        w.write(UInt8(p.logN))
        w.write(UInt8(p.firstPrimeBits))
        w.write(UInt16(p.scalingPrimeBits.count))
        for b in p.scalingPrimeBits { w.write(UInt8(b)) }
        w.write(UInt8(p.specialPrimeBits.count))
        for b in p.specialPrimeBits { w.write(UInt8(b)) }
        w.write(UInt16(p.decompositionNumber))
        w.write(UInt8(p.logScale))
        w.write(UInt16(p.securityLevel.rawValue))
        return w.bytes
    }

    /// Reads parameters, checks them against the receiver's policy and validates them again (including the
    /// security bound at the recorded level, which must be at least the policy's).
    /// - Parameters:
    ///   - bytes: the serialized parameters.
    ///   - policy: what the receiver accepts (default `.secure`: 128-bit security or more, N ≤ 2^16, at most 64
    ///     primes, a context and relinearisation key of at most 4 GiB).
    /// - Throws: `CKKSError.invalidSerialization`, `.refusedByPolicy`, or any validation error of `CKKSParameters.init`.
    public static func deserializeParameters(
        _ bytes: [UInt8], policy: CKKSDeserializationPolicy = .secure
    ) throws -> CKKSParameters {
        var r = ByteReader(bytes)
        try readHeader(&r, expecting: .parameters, policy: policy)
        let logN = Int(try r.read(UInt8.self, "logN"))
        guard logN <= policy.maximumLogN else {
            throw CKKSError.refusedByPolicy("log2 N = \(logN) is above this receiver's maximum of \(policy.maximumLogN)")
        }
        let first = Int(try r.read(UInt8.self, "first prime bits"))
        let levels = Int(try r.read(UInt16.self, "level count"))
        guard levels <= r.remaining else { throw CKKSError.invalidSerialization("truncated scaling primes") }
        let scaling = try (0..<levels).map { _ in Int(try r.read(UInt8.self, "scaling bits")) }
        let specialCount = Int(try r.read(UInt8.self, "special count"))
        guard 1 + levels + specialCount <= policy.maximumPrimeCount else {
            throw CKKSError.refusedByPolicy(
                "\(1 + levels + specialCount) primes are more than this receiver's maximum of \(policy.maximumPrimeCount)")
        }
        let special = try (0..<specialCount).map { _ in Int(try r.read(UInt8.self, "special bits")) }
        let dnum = Int(try r.read(UInt16.self, "dnum"))
        let logScale = Int(try r.read(UInt8.self, "log scale"))
        guard let level = SecurityLevel(rawValue: Int(try r.read(UInt16.self, "security level"))) else {
            throw CKKSError.invalidSerialization("unknown security level")
        }
        try r.expectEnd()
        try policy.checkSecurityLevel(level)
        let parameters = try CKKSParameters(
            logN: logN, firstPrimeBits: first, scalingPrimeBits: scaling, specialPrimeBits: special,
            decompositionNumber: dnum, logScale: logScale, securityLevel: level)
        try policy.checkSize(parameters.estimatedContextAndKeyBytes, of: "a context of \(parameters)")
        return parameters
    }

    // MARK: Plaintexts and ciphertexts

    /// Plaintext (kind 2): basis, scale f64, slot count u32, residues (evaluation form).
    public static func serialize(_ p: Plaintext) -> [UInt8] {
        var w = header(.plaintext)
        writeBasis(&w, degree: p.context.degree, moduli: p.polynomial.context.moduli.map(\.value))
        w.write(p.scale)
        w.write(UInt32(p.slotCount))
        w.write(words: p.polynomial.data)
        return w.bytes
    }

    /// Reads a plaintext of `context`.
    /// - Parameters:
    ///   - bytes: the serialized plaintext.
    ///   - context: the receiver's context; the plaintext must use its primes.
    ///   - policy: the receiver's limits (only the input size applies: the context fixes every other size).
    /// - Throws: `CKKSError.invalidSerialization` or `.refusedByPolicy`.
    public static func deserializePlaintext(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> Plaintext {
        var r = ByteReader(bytes)
        try readHeader(&r, expecting: .plaintext, policy: policy)
        let moduli = try readBasis(&r, context: context)
        let scale = try readScale(&r)
        let slots = try readSlotCount(&r, context: context)
        let data = try r.readResidues(limbModuli: moduli, degree: context.degree, "plaintext")
        try r.expectEnd()
        let polynomial = RNSPolynomial<Evaluation>(context: context.levelContexts[moduli.count - 1], data: data)
        return Plaintext(context: context, polynomial: polynomial, scale: scale, slotCount: slots)
    }

    /// Ciphertext (kind 3): basis, scale f64, slot count u32, size u8 (2 or 3), seeded flag u8; then c_0 and,
    /// when seeded, the eight u32 ChaCha20 seed words instead of c_1; then the remaining polynomials.
    public static func serialize(_ c: Ciphertext) -> [UInt8] {
        var w = header(.ciphertext)
        writeBasis(&w, degree: c.context.degree, moduli: c.polynomials[0].context.moduli.map(\.value))
        w.write(c.scale)
        w.write(UInt32(c.slotCount))
        w.write(UInt8(c.size))
        w.write(UInt8(c.seed == nil ? 0 : 1))
        w.write(words: c.polynomials[0].data)
        if let seed = c.seed {
            for s in seed { w.write(s) }
        } else {
            w.write(words: c.polynomials[1].data)
        }
        for p in c.polynomials.dropFirst(2) { w.write(words: p.data) }
        return w.bytes
    }

    /// Reads a ciphertext of `context`.
    /// - Parameters:
    ///   - bytes: the serialized ciphertext.
    ///   - context: the receiver's context; the ciphertext must use its primes.
    ///   - policy: the receiver's limits: the input size, and the size of the ciphertext once a seeded c_1 is
    ///     expanded.
    /// - Throws: `CKKSError.invalidSerialization` or `.refusedByPolicy`.
    public static func deserializeCiphertext(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> Ciphertext {
        var r = ByteReader(bytes)
        try readHeader(&r, expecting: .ciphertext, policy: policy)
        let moduli = try readBasis(&r, context: context)
        let levelContext = context.levelContexts[moduli.count - 1]
        let scale = try readScale(&r)
        let slots = try readSlotCount(&r, context: context)
        let size = Int(try r.read(UInt8.self, "size"))
        guard size == 2 || size == 3 else { throw CKKSError.invalidSerialization("ciphertext size \(size)") }
        let seeded = try r.read(UInt8.self, "seed flag")
        guard seeded <= 1, seeded == 0 || size == 2 else { throw CKKSError.invalidSerialization("seed flag \(seeded)") }
        try policy.checkSize(size * moduli.count * context.degree * 8, of: "a ciphertext of \(size) × \(moduli.count) limbs")
        func polynomial(_ name: String) throws -> RNSPolynomial<Evaluation> {
            RNSPolynomial(context: levelContext, data: try r.readResidues(limbModuli: moduli, degree: context.degree, name))
        }
        var polynomials = [try polynomial("c0")]
        var seed: [UInt32]?
        if seeded == 1 {
            let words = try (0..<8).map { _ in try r.read(UInt32.self, "seed") }
            seed = words
            polynomials.append(Encryptor.expandSeed(words, context: levelContext))
        } else {
            polynomials.append(try polynomial("c1"))
        }
        if size == 3 { polynomials.append(try polynomial("c2")) }
        try r.expectEnd()
        return Ciphertext(context: context, polynomials: polynomials, scale: scale, slotCount: slots, seed: seed)
    }

    // MARK: Keys

    /// Secret key (kind 4): basis Q_L·P, residues of s (evaluation form).
    public static func serialize(_ key: SecretKey) -> [UInt8] {
        var w = header(.secretKey)
        writeBasis(&w, degree: key.context.degree, moduli: key.context.ciphertextModuli + key.context.specialModuli)
        w.write(words: key.polynomial.data)
        return w.bytes
    }

    /// Reads the secret key of `context`.
    /// - Parameters:
    ///   - bytes: the serialized secret key.
    ///   - context: the receiver's context; the secret key must use its primes.
    ///   - policy: the receiver's limits (only the input size applies: the context fixes every other size).
    /// - Throws: `CKKSError.invalidSerialization` or `.refusedByPolicy`.
    public static func deserializeSecretKey(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> SecretKey {
        var r = ByteReader(bytes)
        try readHeader(&r, expecting: .secretKey, policy: policy)
        let moduli = try readBasis(&r, context: context, expected: context.ciphertextModuli + context.specialModuli)
        let data = try r.readResidues(limbModuli: moduli, degree: context.degree, "secret key")
        try r.expectEnd()
        return SecretKey(context: context, polynomial: RNSPolynomial(context: context.extendedContext, data: data))
    }

    /// Public key (kind 5): basis Q_L·P, residues of b then a.
    public static func serialize(_ key: PublicKey) -> [UInt8] {
        var w = header(.publicKey)
        writeBasis(&w, degree: key.context.degree, moduli: key.context.ciphertextModuli + key.context.specialModuli)
        w.write(words: key.b.data)
        w.write(words: key.a.data)
        return w.bytes
    }

    /// Reads the public key of `context`.
    /// - Parameters:
    ///   - bytes: the serialized public key.
    ///   - context: the receiver's context; the public key must use its primes.
    ///   - policy: the receiver's limits (only the input size applies: the context fixes every other size).
    /// - Throws: `CKKSError.invalidSerialization` or `.refusedByPolicy`.
    public static func deserializePublicKey(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> PublicKey {
        var r = ByteReader(bytes)
        try readHeader(&r, expecting: .publicKey, policy: policy)
        let moduli = try readBasis(&r, context: context, expected: context.ciphertextModuli + context.specialModuli)
        let b = try r.readResidues(limbModuli: moduli, degree: context.degree, "public key b")
        let a = try r.readResidues(limbModuli: moduli, degree: context.degree, "public key a")
        try r.expectEnd()
        return PublicKey(
            context: context, b: RNSPolynomial(context: context.extendedContext, data: b),
            a: RNSPolynomial(context: context.extendedContext, data: a))
    }

    /// digit count u16, seeded flag u8, then per digit b_j and either a_j or the eight u32 words of its seed.
    private static func writeSwitchingKey(_ w: inout ByteWriter, _ key: SwitchingKey) {
        w.write(UInt16(key.digitCount))
        w.write(UInt8(key.seeds == nil ? 0 : 1))
        let limbWords = key.extendedLimbCount * key.degree
        for digit in 0..<key.digitCount {
            let b = key.offset(digit: digit, component: 0, limb: 0)
            w.write(words: Array(key.data[b..<(b + limbWords)]))
            if let seeds = key.seeds {
                for word in seeds[digit] { w.write(word) }
            } else {
                let a = key.offset(digit: digit, component: 1, limb: 0)
                w.write(words: Array(key.data[a..<(a + limbWords)]))
            }
        }
    }

    /// Reads a switching key laid out by `plan` (default the context's top-level plan, over Q_L·P): its digit
    /// count, and its limbs are the plan's extended moduli.
    private static func readSwitchingKey(
        _ r: inout ByteReader, context: CKKSContext, version: UInt16, plan: KeySwitchingPlan? = nil
    ) throws -> SwitchingKey {
        let plan = plan ?? context.keySwitching[context.maximumLevel]
        let moduli = plan.extendedModuli.map(\.value)
        let digits = Int(try r.read(UInt16.self, "digit count"))
        let expectedDigits = plan.digits.count
        guard digits == expectedDigits else { throw CKKSError.invalidSerialization("digit count \(digits) ≠ \(expectedDigits)") }
        let seeded = version >= 2 ? try r.read(UInt8.self, "seeded flag") : 0
        guard seeded <= 1 else { throw CKKSError.invalidSerialization("seeded flag \(seeded)") }
        // The limbs a seed expands to: those the key keeps of Q_L·P, as key generation cut them.
        let kept = Array(0...plan.level) + (0..<plan.specialCount).map { context.maximumLevel + 1 + $0 }
        let n = context.degree
        var data: [UInt64] = []
        var seeds: [[UInt32]] = []
        for _ in 0..<digits {
            data += try r.readResidues(limbModuli: moduli, degree: n, "switching key b")
            if seeded == 1 {
                let seed = try (0..<8).map { _ in try r.read(UInt32.self, "switching key seed") }
                seeds.append(seed)
                let a = Encryptor.expandSeed(seed, context: context.extendedContext).data
                for limb in kept { data += a[(limb * n)..<((limb + 1) * n)] }
            } else {
                data += try r.readResidues(limbModuli: moduli, degree: n, "switching key a")
            }
        }
        return SwitchingKey(
            digitCount: digits, extendedLimbCount: moduli.count, degree: n, topLevel: plan.level, data: data,
            seeds: seeded == 1 ? seeds : nil)
    }

    /// Key switching key (kind 8): maximum level u16, its basis (Q_L·P, or q_0 … q_ℓ and p_0 when restricted),
    /// then the switching key (digit count u16, seeded flag u8, per digit b_j and a_j or a_j's seed).
    public static func serialize(_ key: KeySwitchingKey) -> [UInt8] {
        var w = header(.keySwitchingKey)
        w.write(UInt16(key.maximumLevel))
        writeBasis(&w, degree: key.context.degree, moduli: key.topPlan.extendedModuli.map(\.value))
        writeSwitchingKey(&w, key.key)
        return w.bytes
    }

    /// Reads a key switching key of `context`.
    /// - Parameters:
    ///   - bytes: the serialized key.
    ///   - context: the receiver's context; the key must use its primes.
    ///   - policy: the receiver's limits (only the input size applies: the context fixes every other size).
    /// - Throws: `CKKSError.invalidSerialization` when the bytes are malformed or belong to another context,
    ///   `.refusedByPolicy` for an input above the policy's size.
    public static func deserializeKeySwitchingKey(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> KeySwitchingKey {
        var r = ByteReader(bytes)
        let version = try readHeader(&r, expecting: .keySwitchingKey, policy: policy)
        let level = Int(try r.read(UInt16.self, "maximum level"))
        guard level <= context.maximumLevel else { throw CKKSError.invalidSerialization("maximum level \(level)") }
        let plans = try context.keySwitchingPlans(maximumLevel: level)
        let plan = plans?[level] ?? context.keySwitching[level]
        _ = try readBasis(&r, context: context, expected: plan.extendedModuli.map(\.value))
        let key = try readSwitchingKey(&r, context: context, version: version, plan: plan)
        try r.expectEnd()
        return KeySwitchingKey(context: context, maximumLevel: level, key: key, plans: plans)
    }

    /// Relinearisation key (kind 6): basis Q_L·P, then the switching key (digit count u16, seeded flag u8, per digit
    /// b_j and a_j or a_j's seed).
    public static func serialize(_ key: RelinearizationKey) -> [UInt8] {
        var w = header(.relinearizationKey)
        writeBasis(&w, degree: key.context.degree, moduli: key.context.ciphertextModuli + key.context.specialModuli)
        writeSwitchingKey(&w, key.key)
        return w.bytes
    }

    /// Reads the relinearisation key of `context`.
    /// - Parameters:
    ///   - bytes: the serialized relinearisation key.
    ///   - context: the receiver's context; the relinearisation key must use its primes.
    ///   - policy: the receiver's limits (only the input size applies: the context fixes every other size).
    /// - Throws: `CKKSError.invalidSerialization` or `.refusedByPolicy`.
    public static func deserializeRelinearizationKey(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> RelinearizationKey {
        var r = ByteReader(bytes)
        let version = try readHeader(&r, expecting: .relinearizationKey, policy: policy)
        _ = try readBasis(&r, context: context, expected: context.ciphertextModuli + context.specialModuli)
        let key = try readSwitchingKey(&r, context: context, version: version)
        try r.expectEnd()
        return RelinearizationKey(context: context, key: key)
    }

    /// Galois keys (kind 7): basis Q_L·P, count u16, then per key its element u32 and the switching key.
    public static func serialize(_ keys: GaloisKeys) -> [UInt8] {
        var w = header(.galoisKeys)
        writeBasis(&w, degree: keys.context.degree, moduli: keys.context.ciphertextModuli + keys.context.specialModuli)
        w.write(UInt16(keys.keys.count))
        for element in keys.elements {
            w.write(UInt32(element))
            writeSwitchingKey(&w, keys.keys[element]!)
        }
        return w.bytes
    }

    /// Reads the Galois keys of `context`.
    /// - Parameters:
    ///   - bytes: the serialized Galois keys.
    ///   - context: the receiver's context; the Galois keys must use its primes.
    ///   - policy: the receiver's limits (only the input size applies: the context fixes every other size).
    /// - Throws: `CKKSError.invalidSerialization` or `.refusedByPolicy`.
    public static func deserializeGaloisKeys(
        _ bytes: [UInt8], context: CKKSContext, policy: CKKSDeserializationPolicy = .secure
    ) throws -> GaloisKeys {
        var r = ByteReader(bytes)
        let version = try readHeader(&r, expecting: .galoisKeys, policy: policy)
        _ = try readBasis(&r, context: context, expected: context.ciphertextModuli + context.specialModuli)
        let count = Int(try r.read(UInt16.self, "key count"))
        var keys: [Int: SwitchingKey] = [:]
        for _ in 0..<count {
            let element = Int(try r.read(UInt32.self, "Galois element"))
            guard GaloisElement.isValid(element, degree: context.degree), element != 1, keys[element] == nil else {
                throw CKKSError.invalidSerialization("Galois element \(element)")
            }
            keys[element] = try readSwitchingKey(&r, context: context, version: version)
        }
        try r.expectEnd()
        return GaloisKeys(context: context, keys: keys)
    }
}
