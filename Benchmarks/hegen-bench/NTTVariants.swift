import RingArithmetic

/// An experimental forward NTT that runs the butterflies of stages with distance t ≥ 8 on SIMD8<UInt64>
/// vectors, emulating the 64×64→128 high product with four 32×32→64 multiplies (x86 has no vector
/// high multiply for 64-bit lanes). Kept in the benchmarks, not the library, to document the measurement:
/// see Docs/RingArithmetic.md. Same value bounds as the production kernel (Harvey lazy butterflies).
struct SIMDForwardNTT {
    let q: UInt64
    let degree: Int
    let roots: [UInt64]
    let quotients: [UInt64]
    let scalar: NTTTables

    init(tables: NTTTables) {
        q = tables.modulus.value
        degree = tables.degree
        scalar = tables
        // ψ^brv(i), recomputed from ψ like the library does.
        var roots = [UInt64](repeating: 0, count: tables.degree)
        var power: UInt64 = 1
        for i in 0..<tables.degree {
            roots[NTTTables.bitReverse(i, bits: tables.logDegree)] = power
            power = tables.modulus.multiply(power, tables.psi)
        }
        self.roots = roots
        quotients = roots.map { ShoupConstant($0, modulus: tables.modulus).quotient }
    }

    @inline(__always)
    static func multiplyHigh(_ y: SIMD8<UInt64>, _ c: UInt64) -> SIMD8<UInt64> {
        let mask = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        let y0 = y & mask, y1 = y &>> 32
        let c0 = SIMD8<UInt64>(repeating: c & 0xFFFF_FFFF), c1 = SIMD8<UInt64>(repeating: c >> 32)
        let p00 = y0 &* c0, p01 = y0 &* c1, p10 = y1 &* c0, p11 = y1 &* c1
        let middle = (p00 &>> 32) &+ (p01 & mask) &+ (p10 & mask)
        return p11 &+ (p01 &>> 32) &+ (p10 &>> 32) &+ (middle &>> 32)
    }

    func forward(_ x: UnsafeMutablePointer<UInt64>) {
        let twoQ = q &* 2
        let vq = SIMD8<UInt64>(repeating: q), vTwoQ = SIMD8<UInt64>(repeating: twoQ)
        var t = degree
        var m = 1
        roots.withUnsafeBufferPointer { rootBuffer in
            quotients.withUnsafeBufferPointer { quotientBuffer in
                let roots = rootBuffer.baseAddress!, quotients = quotientBuffer.baseAddress!
                while m < degree / 2 {
                    t >>= 1
                    for i in 0..<m {
                        let w = roots[m &+ i], wq = quotients[m &+ i]
                        let vw = SIMD8<UInt64>(repeating: w)
                        let base = x + 2 &* i &* t
                        if t >= 8 {
                            var j = 0
                            while j < t {
                                let xp = UnsafeMutableRawPointer(base + j), yp = UnsafeMutableRawPointer(base + j + t)
                                var a = xp.loadUnaligned(as: SIMD8<UInt64>.self)
                                a.replace(with: a &- vTwoQ, where: a .>= vTwoQ)
                                let b = yp.loadUnaligned(as: SIMD8<UInt64>.self)
                                let product = b &* vw &- Self.multiplyHigh(b, wq) &* vq
                                xp.storeBytes(of: a &+ product, as: SIMD8<UInt64>.self)
                                yp.storeBytes(of: a &- product &+ vTwoQ, as: SIMD8<UInt64>.self)
                                j += 8
                            }
                        } else {
                            for j in 0..<t {
                                var a = base[j]
                                a = a >= twoQ ? a &- twoQ : a
                                let b = base[j + t]
                                let product = b &* w &- b.multipliedFullWidth(by: wq).high &* q
                                base[j] = a &+ product
                                base[j + t] = a &- product &+ twoQ
                            }
                        }
                    }
                    m <<= 1
                }
                for i in 0..<m {
                    let w = roots[m &+ i], wq = quotients[m &+ i]
                    let xp = x + 2 &* i
                    var a = xp[0]
                    a = a >= twoQ ? a &- twoQ : a
                    let b = xp[1]
                    let product = b &* w &- b.multipliedFullWidth(by: wq).high &* q
                    var u = a &+ product, v = a &- product &+ twoQ
                    u = u >= twoQ ? u &- twoQ : u; u = u >= q ? u &- q : u
                    v = v >= twoQ ? v &- twoQ : v; v = v >= q ? v &- q : v
                    xp[0] = u; xp[1] = v
                }
            }
        }
    }
}

/// `hegen-bench ntt-variants`: the production scalar kernel against the SIMD8 experiment, checking that
/// both give the same transform.
func runNTTVariantBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    var generator = SeededRandomGenerator(seed: 7)
    for logN in [12, 14, 16] {
        let n = 1 << logN
        let prime = try PrimeGenerator.nttPrimes(bitSize: 60, count: 1, ringDegree: n)[0]
        let tables = try NTTTables(modulus: Modulus(prime), degree: n)
        let variant = SIMDForwardNTT(tables: tables)
        let input = (0..<n).map { _ in Sampling.uniform(below: prime, using: &generator) }
        var a = input, b = input
        a.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        b.withUnsafeMutableBufferPointer { variant.forward($0.baseAddress!) }
        guard a == b else { throw BenchmarkError.invalidOption("SIMD variant disagrees at logN \(logN)") }
        let fields: KeyValuePairs<String, any Sendable> = ["logN": logN, "limbs": 1, "threads": 1]
        a.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            reporter.report("ntt.forward.scalar", fields: fields, medianNanoseconds: medianNanoseconds(iterations: 200) { tables.forward(p) })
            reporter.report("ntt.forward.simd8", fields: fields, medianNanoseconds: medianNanoseconds(iterations: 200) { variant.forward(p) })
        }
    }
}
