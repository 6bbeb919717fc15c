/// One tensor of the Llama architecture: its GGUF name and ggml dimensions (`[columns, rows]` for a matrix,
/// `[length]` for a vector).
struct LlamaTensorShape: Equatable {
    let name: String
    let dimensions: [Int]

    init(_ name: String, _ dimensions: [Int]) {
        self.name = name
        self.dimensions = dimensions
    }

    /// Throws unless `found` is exactly these dimensions.
    /// - Throws: `LanguageModelError.tensorShapeMismatch`.
    func check(_ found: [Int]) throws {
        guard found == dimensions else {
            throw LanguageModelError.tensorShapeMismatch(name: name, expected: dimensions, found: found)
        }
    }
}

/// The one table of which tensors a configuration implies and their shapes, shared by the GGUF loader (which
/// checks the file's tensor infos against it before converting anything) and `LlamaWeights.validate`.
extension LlamaConfiguration {
    /// The tensors of every block.
    static let tensorsPerBlock = 9

    /// `token_embd.weight`: one row of `embeddingLength` per token.
    var tokenEmbeddingShape: LlamaTensorShape { LlamaTensorShape("token_embd.weight", [embeddingLength, vocabularySize]) }
    /// `output_norm.weight`.
    var outputNormShape: LlamaTensorShape { LlamaTensorShape("output_norm.weight", [embeddingLength]) }
    /// `output.weight` (absent when the head is tied to the token embedding).
    var outputShape: LlamaTensorShape { LlamaTensorShape("output.weight", [embeddingLength, vocabularySize]) }

    /// The tensors of block `index`, in the order of `LlamaLayerWeights.tensorDimensions`.
    func blockTensorShapes(_ index: Int) -> [LlamaTensorShape] {
        let e = embeddingLength, q = headCount * headDimension, kv = kvDimension, f = feedForwardLength
        let prefix = "blk.\(index)."
        return [
            LlamaTensorShape(prefix + "attn_norm.weight", [e]),
            LlamaTensorShape(prefix + "attn_q.weight", [e, q]),
            LlamaTensorShape(prefix + "attn_k.weight", [e, kv]),
            LlamaTensorShape(prefix + "attn_v.weight", [e, kv]),
            LlamaTensorShape(prefix + "attn_output.weight", [q, e]),
            LlamaTensorShape(prefix + "ffn_norm.weight", [e]),
            LlamaTensorShape(prefix + "ffn_gate.weight", [e, f]),
            LlamaTensorShape(prefix + "ffn_up.weight", [e, f]),
            LlamaTensorShape(prefix + "ffn_down.weight", [f, e]),
        ]
    }
}

extension LlamaLayerWeights {
    /// The ggml dimensions of the block's tensors, in the order of `LlamaConfiguration.blockTensorShapes`.
    var tensorDimensions: [[Int]] {
        [[attentionNorm.count], query.dimensions, key.dimensions, value.dimensions, attentionOutput.dimensions,
         [feedForwardNorm.count], gate.dimensions, up.dimensions, down.dimensions]
    }
}

extension WeightMatrix {
    /// ggml dimensions: `[columns, rows]`.
    var dimensions: [Int] { [columns, rows] }
}
