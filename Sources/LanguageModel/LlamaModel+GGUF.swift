import Foundation
import ModelFiles

extension LlamaModel {
    /// Loads a Llama-architecture GGUF file, dequantising every weight.
    /// - Parameters:
    ///   - url: the GGUF file.
    ///   - precision: how to keep the matrices (norm weights are always Float32).
    /// - Throws: `ModelFileError` when the file is unreadable or malformed; `LanguageModelError` when it is not
    ///   a Llama model, a tensor is missing or misshapen, or a weight is not finite.
    public init(contentsOf url: URL, precision: WeightPrecision = .float32) throws {
        try self.init(gguf: GGUFFile(contentsOf: url), precision: precision)
    }

    /// Builds the model from a parsed GGUF file, dequantising every weight.
    ///
    /// Every tensor the configuration implies is checked against the file's tensor infos first — present, of
    /// exactly the implied dimensions, no blocks beyond `llama.block_count` — so a corrupted dimension is an error
    /// before anything is allocated, and nothing is allocated beyond what the file's own tensors hold.
    /// - Parameters:
    ///   - file: a parsed GGUF file of architecture "llama".
    ///   - precision: how to keep the matrices (norm weights are always Float32).
    /// - Throws: as `init(contentsOf:precision:)`.
    public init(gguf file: GGUFFile, precision: WeightPrecision = .float32) throws {
        let configuration = try LlamaConfiguration(gguf: file)
        let hasOutput = try configuration.checkTensors(of: file)
        @Sendable func values(_ name: String) throws -> [Float] {
            let values = try file.floats(of: name)
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw LanguageModelError.nonFiniteWeight(tensor: name, index: bad)
            }
            return values
        }
        @Sendable func matrix(_ name: String) throws -> WeightMatrix {
            let info = try file.tensor(named: name)  // two dimensions: checkTensors compared them
            return try WeightMatrix(rows: info.dimensions[1], columns: info.dimensions[0], values: values(name),
                                    name: name, precision: precision)
        }
        // Blocks load in parallel: dequantising SmolLM2's 135M weights takes seconds on one core.
        let layerResults = ParallelMap.map(0..<configuration.blockCount) { i -> Result<LlamaLayerWeights, any Error> in
            Result {
                LlamaLayerWeights(
                    attentionNorm: try values("blk.\(i).attn_norm.weight"),
                    query: try matrix("blk.\(i).attn_q.weight"),
                    key: try matrix("blk.\(i).attn_k.weight"),
                    value: try matrix("blk.\(i).attn_v.weight"),
                    attentionOutput: try matrix("blk.\(i).attn_output.weight"),
                    feedForwardNorm: try values("blk.\(i).ffn_norm.weight"),
                    gate: try matrix("blk.\(i).ffn_gate.weight"),
                    up: try matrix("blk.\(i).ffn_up.weight"),
                    down: try matrix("blk.\(i).ffn_down.weight"))
            }
        }
        let weights = LlamaWeights(
            tokenEmbedding: try matrix("token_embd.weight"),
            layers: try layerResults.map { try $0.get() },
            outputNorm: try values("output_norm.weight"),
            output: hasOutput ? try matrix("output.weight") : nil)
        try self.init(configuration: configuration, weights: weights)
    }
}

extension LlamaConfiguration {
    /// Checks the tensor infos of `file` against this configuration, converting nothing.
    /// - Returns: whether the file has a separate `output.weight` (else the head is tied to the embedding).
    /// - Throws: `LanguageModelError.invalidMetadata` when `llama.block_count` disagrees with the blocks present,
    ///   `.missingTensor`, `.tensorShapeMismatch`.
    func checkTensors(of file: GGUFFile) throws -> Bool {
        // Bounds the loop below by the file: every block needs nine tensor infos of at least 24 bytes each.
        guard blockCount <= file.tensors.count / Self.tensorsPerBlock else {
            throw LanguageModelError.invalidMetadata(
                key: "llama.block_count",
                reason: "\(blockCount) blocks need \(Self.tensorsPerBlock) tensors each; the file has \(file.tensors.count) tensors")
        }
        if let extra = file.tensors.lazy.compactMap({ Self.blockIndex(of: $0.name) }).first(where: { $0 >= blockCount }) {
            throw LanguageModelError.invalidMetadata(
                key: "llama.block_count", reason: "\(blockCount) blocks, but the file has tensors of block \(extra)")
        }
        func check(_ shape: LlamaTensorShape) throws {
            guard let info = try? file.tensor(named: shape.name) else { throw LanguageModelError.missingTensor(shape.name) }
            try shape.check(info.dimensions)
        }
        try check(tokenEmbeddingShape)
        for block in 0..<blockCount {
            for shape in blockTensorShapes(block) { try check(shape) }
        }
        try check(outputNormShape)
        let hasOutput = (try? file.tensor(named: outputShape.name)) != nil
        if hasOutput { try check(outputShape) }
        return hasOutput
    }

    /// N of a tensor named `blk.N.…`, else `nil`.
    static func blockIndex(of name: String) -> Int? {
        guard name.hasPrefix("blk.") else { return nil }
        return Int(name.dropFirst(4).prefix { $0 != "." })
    }
}
