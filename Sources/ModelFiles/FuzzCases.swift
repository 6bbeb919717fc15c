import Dispatch

/// **Testing support** (`@_spi(Testing) import ModelFiles`): deterministic corruptions of a valid file for the
/// loader fuzz tests of this package's test targets, which share it through this module because they have no
/// common test-support target.
///
/// A seeded SplitMix64 stream picks, case by case, one of: truncation, bit flips, random bytes, a hostile
/// integer (0, −1, 2^31, 2^32, 2^63, …, as 4 or 8 little-endian bytes) or a hostile float (NaN, ±∞, as
/// float32 or float64) written at a random place, or a whole file of random bytes. Edits fall in `region`.
@_spi(Testing)
public struct FuzzCases: Sendable {
    private var random: SplitMix64

    /// - Parameter seed: the stream's seed; the same seed gives the same cases.
    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { random.next() }

    /// A random integer in `0..<bound` (`bound` ≥ 1; the slight modulo bias does not matter here).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    /// Integers that break size arithmetic, as 64-bit patterns (written as their low 4 or 8 bytes).
    public static let hostileIntegers: [UInt64] = [
        0, 1, 2, 3, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1 << 32, 1 << 40, 1 << 62,
        UInt64(Int64.max), 1 << 63, UInt64.max, UInt64(bitPattern: -2), UInt64(bitPattern: -4096),
    ]
    /// float32 NaN, +∞, −∞, the largest finite value and a subnormal.
    public static let hostileFloat32: [UInt32] = [0x7FC0_0000, 0x7F80_0000, 0xFF80_0000, 0x7F7F_FFFF, 0x0000_0001]
    /// float64 NaN, +∞, −∞ and the largest finite value.
    public static let hostileFloat64: [UInt64] = [0x7FF8_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF]

    /// `bytes` with the low `width` bytes of `value` written little-endian at `offset` (clipped to the end).
    public static func writing(_ value: UInt64, width: Int, at offset: Int, in bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for i in 0..<width where offset + i < result.count { result[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        return result
    }

    /// One corrupted copy of `bytes`, edited inside `region` (default: everywhere).
    public mutating func mutate(_ bytes: [UInt8], region: Range<Int>? = nil) -> [UInt8] {
        let area = (region ?? 0..<bytes.count).clamped(to: 0..<bytes.count)
        guard !area.isEmpty else { return randomBytes(count: below(256)) }
        let place = area.lowerBound + below(area.count)
        switch below(6) {
        case 0: return Array(bytes[0..<place])
        case 1:
            var result = bytes
            for _ in 0...below(4) {
                let bit = below(8 * area.count)
                result[area.lowerBound + bit / 8] ^= 1 << (bit % 8)
            }
            return result
        case 2:
            var result = bytes
            for i in place..<min(area.upperBound, place + 1 + below(16)) { result[i] = UInt8(truncatingIfNeeded: next()) }
            return result
        case 3:
            let value = Self.hostileIntegers[below(Self.hostileIntegers.count)]
            return Self.writing(value, width: below(2) == 0 ? 4 : 8, at: place, in: bytes)
        case 4:
            return below(2) == 0
                ? Self.writing(UInt64(Self.hostileFloat32[below(Self.hostileFloat32.count)]), width: 4, at: place, in: bytes)
                : Self.writing(Self.hostileFloat64[below(Self.hostileFloat64.count)], width: 8, at: place, in: bytes)
        default: return randomBytes(count: below(2 * bytes.count + 1))
        }
    }

    /// `count` random bytes.
    public mutating func randomBytes(count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }

    /// What a fuzz run saw.
    public struct Summary: Sendable {
        /// Cases the loader accepted.
        public var accepted = 0
        /// Cases the loader refused with an error.
        public var refused = 0
        /// The longest time one case took, in seconds.
        public var slowestSeconds = 0.0
        /// The index of that case.
        public var slowestCase = 0
        /// The errors' types and how often each was thrown.
        public var errorTypes: [String: Int] = [:]
    }

    /// Runs `load` on every case, counting acceptances and thrown errors and timing each case. The caller checks
    /// the summary (no trap and no hang are checked by the run finishing; `slowestSeconds` bounds each case).
    public static func run(_ cases: [[UInt8]], _ load: ([UInt8]) throws -> Void) -> Summary {
        var summary = Summary()
        for (index, bytes) in cases.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                try load(bytes)
                summary.accepted += 1
            } catch {
                summary.refused += 1
                summary.errorTypes[String(describing: type(of: error)), default: 0] += 1
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if seconds > summary.slowestSeconds {
                summary.slowestSeconds = seconds
                summary.slowestCase = index
            }
        }
        return summary
    }
}
