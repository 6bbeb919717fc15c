/// The hyper-parameters of a Llama-architecture model, as llama.cpp reads them from `llama.*` metadata.
public struct LlamaConfiguration: Sendable, Equatable {
    public var vocabularySize: Int
    public var embeddingLength: Int
    public var blockCount: Int
    public var feedForwardLength: Int
    public var headCount: Int
    public var headCountKV: Int
    /// The number of dimensions of each head that RoPE rotates (`llama.rope.dimension_count`).
    public var ropeDimensionCount: Int
    public var ropeFrequencyBase: Float
    public var rmsNormEpsilon: Float
    public var contextLength: Int

    /// The width of one attention head.
    public var headDimension: Int { embeddingLength / headCount }
    /// The width of the key and value vectors of one position (all KV heads).
    public var kvDimension: Int { headCountKV * headDimension }

    /// The longest context a configuration may declare (2^24 positions). The KV cache grows with the positions
    /// actually processed, not with this number, but a corrupted length should be caught, not trusted.
    public static let maximumContextLength = 1 << 24

    /// - Parameters: the hyper-parameters, named as in llama.cpp's `llama.*` keys.
    /// - Throws: `LanguageModelError.invalidMetadata` when they are inconsistent (heads that do not divide the
    ///   embedding, KV heads that do not divide the heads, an odd or oversized RoPE dimension, non-positive sizes,
    ///   a context longer than `maximumContextLength`, a RoPE base or RMS epsilon that is not a finite number).
    public init(
        vocabularySize: Int, embeddingLength: Int, blockCount: Int, feedForwardLength: Int, headCount: Int,
        headCountKV: Int, ropeDimensionCount: Int? = nil, ropeFrequencyBase: Float = 10_000,
        rmsNormEpsilon: Float = 1e-5, contextLength: Int
    ) throws {
        self.vocabularySize = vocabularySize
        self.embeddingLength = embeddingLength
        self.blockCount = blockCount
        self.feedForwardLength = feedForwardLength
        self.headCount = headCount
        self.headCountKV = headCountKV
        self.ropeDimensionCount = ropeDimensionCount ?? (headCount > 0 ? embeddingLength / headCount : 0)
        self.ropeFrequencyBase = ropeFrequencyBase
        self.rmsNormEpsilon = rmsNormEpsilon
        self.contextLength = contextLength
        try validate()
    }

    private func validate() throws {
        let sizes: [(String, Int)] = [
            ("llama.vocab_size", vocabularySize), ("llama.embedding_length", embeddingLength),
            ("llama.block_count", blockCount), ("llama.feed_forward_length", feedForwardLength),
            ("llama.attention.head_count", headCount), ("llama.attention.head_count_kv", headCountKV),
            ("llama.context_length", contextLength),
        ]
        for (key, value) in sizes where value <= 0 {
            throw LanguageModelError.invalidMetadata(key: key, reason: "\(value) is not positive")
        }
        guard embeddingLength % headCount == 0 else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.attention.head_count", reason: "\(headCount) heads do not divide \(embeddingLength)")
        }
        guard headCount % headCountKV == 0 else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.attention.head_count_kv", reason: "\(headCountKV) KV heads do not divide \(headCount)")
        }
        guard ropeDimensionCount > 0, ropeDimensionCount % 2 == 0, ropeDimensionCount <= headDimension else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.rope.dimension_count", reason: "\(ropeDimensionCount) for heads of \(headDimension)")
        }
        guard contextLength <= Self.maximumContextLength else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.context_length", reason: "\(contextLength) exceeds \(Self.maximumContextLength) positions")
        }
        guard ropeFrequencyBase.isFinite, ropeFrequencyBase > 0 else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.rope.freq_base", reason: "\(ropeFrequencyBase) is not a finite positive number")
        }
        guard rmsNormEpsilon.isFinite, rmsNormEpsilon >= 0 else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.attention.layer_norm_rms_epsilon", reason: "\(rmsNormEpsilon) is not a finite number ≥ 0")
        }
    }
}
