import RingArithmetic

/// A deterministic cryptographically secure generator: the ChaCha20 stream cipher (D. J. Bernstein,
/// "ChaCha, a variant of Salsa20", 2008; the RFC 8439 block function) keyed by a 256-bit seed, nonce zero.
///
/// Two uses: expanding the 32-byte seed of a secret-key ciphertext into its uniform polynomial `a` (so the
/// ciphertext can store the seed instead of `a`), and, seeded from the operating system's CSPRNG
/// (`ChaChaGenerator.system()`), as the library's default source of key and encryption randomness — the
/// system generator itself costs one `getrandom` system call per 64-bit word, which dominated key generation.
public struct ChaChaGenerator: CryptographicallySecureGenerator, Sendable {
    /// The 256-bit key as eight little-endian words.
    public let seed: [UInt32]
    private var counter: UInt32 = 0
    private var buffer = [UInt64](repeating: 0, count: 32)
    private var position = 32

    /// - Parameter seed: eight 32-bit words (256 bits).
    public init(seed: [UInt32]) {
        precondition(seed.count == 8, "ChaCha20 needs a 256-bit seed")
        self.seed = seed
    }

    /// A fresh 256-bit seed from the system CSPRNG.
    public static func randomSeed() -> [UInt32] {
        var system = SystemRandomNumberGenerator()
        return (0..<4).flatMap { _ -> [UInt32] in
            let word = system.next()
            return [UInt32(truncatingIfNeeded: word), UInt32(truncatingIfNeeded: word >> 32)]
        }
    }

    /// A generator keyed with a fresh seed from the system CSPRNG.
    public static func system() -> ChaChaGenerator { ChaChaGenerator(seed: randomSeed()) }

    @inline(__always)
    public mutating func next() -> UInt64 {
        if position == 32 { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    /// The RFC 8439 block function (nonce 0) for one counter value: 16 output words.
    static func block(seed: [UInt32], counter: UInt32) -> [UInt32] {
        var output = [UInt32](repeating: 0, count: 16)
        output.withUnsafeMutableBufferPointer { out in
            seed.withUnsafeBufferPointer { key in blockKernel(key.baseAddress!, counter, out.baseAddress!) }
        }
        return output
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }

    private static func blockKernel(_ k: UnsafePointer<UInt32>, _ counter: UInt32, _ out: UnsafeMutablePointer<UInt32>) {
        let i0: UInt32 = 0x6170_7865, i1: UInt32 = 0x3320_646e, i2: UInt32 = 0x7962_2d32, i3: UInt32 = 0x6b20_6574
        var x0 = i0, x1 = i1, x2 = i2, x3 = i3
        var x4 = k[0], x5 = k[1], x6 = k[2], x7 = k[3], x8 = k[4], x9 = k[5], x10 = k[6], x11 = k[7]
        var x12 = counter, x13: UInt32 = 0, x14: UInt32 = 0, x15: UInt32 = 0
        @inline(__always) func quarter(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32) {
            a &+= b; d ^= a; d = rotl(d, 16)
            c &+= d; b ^= c; b = rotl(b, 12)
            a &+= b; d ^= a; d = rotl(d, 8)
            c &+= d; b ^= c; b = rotl(b, 7)
        }
        for _ in 0..<10 {
            quarter(&x0, &x4, &x8, &x12); quarter(&x1, &x5, &x9, &x13)
            quarter(&x2, &x6, &x10, &x14); quarter(&x3, &x7, &x11, &x15)
            quarter(&x0, &x5, &x10, &x15); quarter(&x1, &x6, &x11, &x12)
            quarter(&x2, &x7, &x8, &x13); quarter(&x3, &x4, &x9, &x14)
        }
        out[0] = x0 &+ i0; out[1] = x1 &+ i1; out[2] = x2 &+ i2; out[3] = x3 &+ i3
        out[4] = x4 &+ k[0]; out[5] = x5 &+ k[1]; out[6] = x6 &+ k[2]; out[7] = x7 &+ k[3]
        out[8] = x8 &+ k[4]; out[9] = x9 &+ k[5]; out[10] = x10 &+ k[6]; out[11] = x11 &+ k[7]
        out[12] = x12 &+ counter; out[13] = x13; out[14] = x14; out[15] = x15
    }

    private mutating func refill() {
        let seed = self.seed
        var counter = self.counter
        buffer.withUnsafeMutableBufferPointer { words in
            words.baseAddress!.withMemoryRebound(to: UInt32.self, capacity: 64) { out in
                seed.withUnsafeBufferPointer { key in
                    for b in 0..<4 {
                        Self.blockKernel(key.baseAddress!, counter, out + 16 * b)
                        counter &+= 1
                        precondition(counter != 0, "ChaCha20 counter exhausted")
                    }
                }
            }
        }
        self.counter = counter
        position = 0
    }
}
