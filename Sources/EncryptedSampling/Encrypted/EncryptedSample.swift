import CKKS

/// What one run of the encrypted sampler returns: ciphertexts for the client and the server, and what it cost.
public struct EncryptedSample: Sendable {
    /// The post-processed one-hot vector PP(I) (I without post-processing), in tour order, laid out as
    /// `SamplerLayout` says: the ciphertext the client decrypts to read its token.
    public let oneHot: Ciphertext
    /// The next input embedding Σ_i PP(I)_i·E_π(i) in slots 0 ..< d of every block (natural order), when the
    /// sampler was built with an embedding table: what the server feeds back to the model.
    public let embedding: Ciphertext?
    /// How many bootstraps the run took.
    public let bootstraps: Int
    /// Wall-clock seconds per stage, in order.
    public let stages: [StageTiming]
    /// The intermediate ciphertexts, when requested (`tracing: true`). Server-side data, like every other
    /// ciphertext here: a test holding the secret key may decrypt them to check each stage.
    public let trace: SamplerTrace?

    /// One stage's cost.
    public struct StageTiming: Sendable {
        public let name: String
        public let seconds: Double
        public let bootstraps: Int
    }
}

/// The sampler's intermediate values, all encrypted, in the layout's blocks.
public struct SamplerTrace: Sendable {
    /// w ≈ 0.99·softmax(l/(2T)) right after its bootstrap: the weights the distribution is made of.
    public let weights: Ciphertext
    /// e = w² ∝ exp(l/T).
    public let squares: Ciphertext
    /// The prefix sums c_i of e (positions 0 ..< V).
    public let prefixSums: Ciphertext
    /// Σe in every slot of each block (bootstrapped).
    public let total: Ciphertext
    /// ŝ ≈ 0.97/Σe (bootstrapped, rescaled by D) on the vocabulary slots, 0 elsewhere.
    public let normalization: Ciphertext
    /// x = ŝ·(c − r·Σe): the step function's input (−x on the other half of each block).
    public let stepInput: Ciphertext
    /// I (before post-processing).
    public let oneHotBeforePostProcessing: Ciphertext
}
