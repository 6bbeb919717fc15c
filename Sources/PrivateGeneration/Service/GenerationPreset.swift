import Bootstrapping
import CKKS

/// The parameter sets a private generation runs on. Both ends name one in the hello; a server refuses every
/// other, and decodes the client's keys and ciphertexts under the preset's own policy — never one the bytes
/// choose.
public enum GenerationPreset: String, Sendable, CaseIterable {
    /// The 128-bit N = 2^16 bootstrapping preset (HE Standard, ternary secret): the default.
    case secure = "128-bit"
    /// The **insecure** N = 2^12 test preset: same circuits, minutes instead of hours. Tests and demos only.
    case insecureTest = "INSECURE-test"

    /// 2048 slots: the tiny model's attention layout D·H·T = 32 · 4 · 16.
    public static let slotCount = 2048
    /// L, the levels a bootstrap leaves (the encrypted model's and sampler's rounds need 9).
    public static let levelsAfterBootstrap = 9
    /// The most positions (prompt + generated) one session holds: T of the attention layout.
    public static let capacity = 16

    /// The bootstrapping parameters (their scheme is the session's CKKS scheme).
    /// - Throws: bootstrapping parameter errors.
    public func parameters() throws -> BootstrappingParameters {
        switch self {
        case .secure:
            try .secureN16(slotCount: Self.slotCount, levelsLeft: Self.levelsAfterBootstrap)
        case .insecureTest:
            try .insecureTestN12(slotCount: Self.slotCount, levelsLeft: Self.levelsAfterBootstrap)
        }
    }

    /// What a receiver accepts from the peer under this preset: 128-bit parameters only, except for the
    /// explicitly insecure test preset.
    public var deserializationPolicy: CKKSDeserializationPolicy {
        switch self {
        case .secure: .secure
        case .insecureTest: CKKSDeserializationPolicy(minimumSecurityLevel: .none)
        }
    }

    /// How outputs name the preset.
    public var label: String {
        switch self {
        case .secure: "128-bit N = 2^16 preset"
        case .insecureTest: "INSECURE N = 2^12 test preset"
        }
    }
}
