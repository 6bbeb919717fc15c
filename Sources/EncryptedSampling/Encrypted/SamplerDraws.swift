import CKKS

/// Where the sampler's uniform draws r come from, one per instance.
public enum SamplerDraws: Sendable {
    /// **The default.** The client encrypts `EncryptedSampler.drawsPlaintext(_:)` (r_b at in-block slot W
    /// of block b, at level L − 1; L: the levels a bootstrap leaves) with its key. The server learns
    /// neither r nor, therefore, anything about the sampled token; it cannot bias r either. Costs one ciphertext
    /// product in place of a plaintext one.
    case encrypted(Ciphertext)
    /// Server-drawn public r, one per instance in [0, 1). **Leaks**: the distribution stays encrypted, but if
    /// the generated text ever becomes public, each token k tells the server c_{k−1} < r ≤ c_k about the
    /// encrypted CDF — an interval of the distribution per token. Use only where that is acceptable.
    case publicDraws([Double])
}
