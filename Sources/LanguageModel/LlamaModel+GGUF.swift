import Foundation
import ModelFiles

extension LlamaConfiguration {
    /// Reads the `llama.*` hyper-parameters of a GGUF file.
    /// - Parameter file: a parsed GGUF file of architecture "llama".
    /// - Throws: `LanguageModelError.unsupportedArchitecture`, `.missingMetadata`, `.invalidMetadata`.
    public init(gguf file: GGUFFile) throws {
        let architecture = file.string("general.architecture") ?? "(none)"
        guard architecture == "llama" else { throw LanguageModelError.unsupportedArchitecture(architecture) }
        func integer(_ key: String) throws -> Int {
            guard let value = file.integer("llama." + key) else { throw LanguageModelError.missingMetadata("llama." + key) }
            return value
        }
        let embedding = try file.tensor(named: "token_embd.weight")
        try self.init(
            // llama.vocab_size is optional in llama.cpp; the embedding's row count is authoritative.
            vocabularySize: file.integer("llama.vocab_size") ?? embedding.rowCount,
            embeddingLength: try integer("embedding_length"),
            blockCount: try integer("block_count"),
            feedForwardLength: try integer("feed_forward_length"),
            headCount: try integer("attention.head_count"),
            headCountKV: file.integer("llama.attention.head_count_kv") ?? (try integer("attention.head_count")),
            ropeDimensionCount: file.integer("llama.rope.dimension_count"),
            ropeFrequencyBase: Float(file.float("llama.rope.freq_base") ?? 10_000),
            rmsNormEpsilon: Float(file.float("llama.attention.layer_norm_rms_epsilon") ?? 1e-5),
            contextLength: try integer("context_length"))
    }
}

extension LlamaModel {
    /// Loads a Llama-architecture GGUF file, dequantising every weight.
    /// - Parameters:
    ///   - url: the GGUF file.
    ///   - precision: how to keep the matrices (norm weights are always Float32).
    /// - Throws: `ModelFileError` when the file is unreadable or malformed; `LanguageModelError` when it is not
    ///   a Llama model or a tensor is missing or misshapen.
    public init(contentsOf url: URL, precision: WeightPrecision = .float32) throws {
        try self.init(gguf: GGUFFile(contentsOf: url), precision: precision)
    }

    /// Builds the model from a parsed GGUF file, dequantising every weight.
    /// - Parameters:
    ///   - file: a parsed GGUF file of architecture "llama".
    ///   - precision: how to keep the matrices (norm weights are always Float32).
    /// - Throws: as `init(contentsOf:precision:)`.
    public init(gguf file: GGUFFile, precision: WeightPrecision = .float32) throws {
        let configuration = try LlamaConfiguration(gguf: file)
        @Sendable func vector(_ name: String) throws -> [Float] {
            guard file.tensors.contains(where: { $0.name == name }) else { throw LanguageModelError.missingTensor(name) }
            return try file.floats(of: name)
        }
        @Sendable func matrix(_ name: String) throws -> WeightMatrix {
            guard let info = file.tensors.first(where: { $0.name == name }) else {
                throw LanguageModelError.missingTensor(name)
            }
            guard info.dimensions.count == 2 else {
                throw LanguageModelError.tensorShapeMismatch(name: name, expected: [0, 0], found: info.dimensions)
            }
            return try WeightMatrix(
                rows: info.dimensions[1], columns: info.dimensions[0], values: file.floats(of: name), name: name,
                precision: precision)
        }
        // Blocks load in parallel: dequantising SmolLM2's 135M weights takes seconds on one core.
        let layerResults = ParallelMap.map(0..<configuration.blockCount) { i -> Result<LlamaLayerWeights, any Error> in
            Result {
                LlamaLayerWeights(
                    attentionNorm: try vector("blk.\(i).attn_norm.weight"),
                    query: try matrix("blk.\(i).attn_q.weight"),
                    key: try matrix("blk.\(i).attn_k.weight"),
                    value: try matrix("blk.\(i).attn_v.weight"),
                    attentionOutput: try matrix("blk.\(i).attn_output.weight"),
                    feedForwardNorm: try vector("blk.\(i).ffn_norm.weight"),
                    gate: try matrix("blk.\(i).ffn_gate.weight"),
                    up: try matrix("blk.\(i).ffn_up.weight"),
                    down: try matrix("blk.\(i).ffn_down.weight"))
            }
        }
        let hasOutput = file.tensors.contains { $0.name == "output.weight" }
        let weights = LlamaWeights(
            tokenEmbedding: try matrix("token_embd.weight"),
            layers: try layerResults.map { try $0.get() },
            outputNorm: try vector("output_norm.weight"),
            output: hasOutput ? try matrix("output.weight") : nil)
        try self.init(configuration: configuration, weights: weights)
    }
}
