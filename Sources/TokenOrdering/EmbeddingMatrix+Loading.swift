import Foundation
import ModelFiles

extension EmbeddingMatrix {
    /// Tensor names tried, in order, when the caller names none.
    public static let conventionalTensorNames = [
        "token_embd.weight", "model.embed_tokens.weight", "embed_tokens.weight", "transformer.wte.weight",
        "wte.weight", "embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight",
    ]

    /// The token embedding of a GGUF file (ggml dimensions `[d, V]`; any supported element type).
    /// - Parameters:
    ///   - file: an open GGUF file.
    ///   - tensorName: the tensor, `token_embd.weight` in llama.cpp's naming.
    /// - Throws: `ModelFileError` for a missing or unconvertible tensor, `EmbeddingMatrixError` when it
    ///   is not a matrix or holds non-finite values.
    public init(gguf file: GGUFFile, tensor tensorName: String = "token_embd.weight") throws {
        let info = try file.tensor(named: tensorName)
        let shape = Array(info.dimensions.reversed().drop { $0 == 1 })  // row-major, leading 1s dropped
        guard shape.count == 2 else { throw EmbeddingMatrixError.notAMatrix(source: "\(file.fileName):\(tensorName)", shape: shape) }
        try self.init(rowCount: shape[0], dimension: shape[1], values: try file.floats(of: tensorName))
    }

    /// A 2-D tensor (`[V, d]`, row-major) of a safetensors file.
    /// - Parameters:
    ///   - file: an open safetensors file.
    ///   - tensorName: the tensor; `nil` picks a conventional embedding name or the only 2-D tensor.
    /// - Throws: `ModelFileError` or `EmbeddingMatrixError`.
    public init(safetensors file: SafetensorsFile, tensor tensorName: String? = nil) throws {
        let info = try file.tensor(named: Self.embeddingTensorName(in: file, requested: tensorName))
        let name = info.name
        guard info.shape.count == 2 else { throw EmbeddingMatrixError.notAMatrix(source: "\(file.fileName):\(name)", shape: info.shape) }
        try self.init(rowCount: info.shape[0], dimension: info.shape[1], values: try file.floats(of: name))
    }

    /// A 2-D `.npy` array (`[V, d]`).
    /// - Parameter file: an open `.npy` file.
    /// - Throws: `EmbeddingMatrixError` when it is not a matrix or holds non-finite values.
    public init(numpy file: NumpyFile) throws {
        guard file.shape.count == 2 else { throw EmbeddingMatrixError.notAMatrix(source: file.fileName, shape: file.shape) }
        try self.init(rowCount: file.shape[0], dimension: file.shape[1], values: file.floats())
    }

    /// Loads embeddings from a `.gguf`, `.safetensors` or `.npy` file, chosen by its first bytes.
    /// - Parameters:
    ///   - url: the file.
    ///   - tensorName: the tensor (GGUF and safetensors); `nil` picks the conventional one.
    /// - Returns: the matrix and the name of the tensor it came from (`array` for `.npy`).
    /// - Throws: `ModelFileError` or `EmbeddingMatrixError`.
    public static func load(contentsOf url: URL, tensor tensorName: String? = nil) throws -> (matrix: EmbeddingMatrix, tensor: String) {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ModelFileError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        if head.starts(with: Array("GGUF".utf8)) {
            let name = tensorName ?? "token_embd.weight"
            return (try EmbeddingMatrix(gguf: GGUFFile(contentsOf: url), tensor: name), name)
        }
        if head.starts(with: [0x93] + Array("NUMPY".utf8)) {
            return (try EmbeddingMatrix(numpy: NumpyFile(contentsOf: url)), "array")
        }
        let file = try SafetensorsFile(contentsOf: url)
        let name = try embeddingTensorName(in: file, requested: tensorName)
        return (try EmbeddingMatrix(safetensors: file, tensor: name), name)
    }

    /// The tensor to read from a safetensors file: `requested`, else the first conventional name present, else
    /// the only 2-D tensor.
    /// - Throws: `ModelFileError.tensorNotFound` when none applies (several 2-D tensors and no conventional name).
    static func embeddingTensorName(in file: SafetensorsFile, requested: String?) throws -> String {
        if let requested { return requested }
        if let conventional = conventionalTensorNames.first(where: { n in file.tensors.contains { $0.name == n } }) {
            return conventional
        }
        let matrices = file.tensors.filter { $0.shape.count == 2 }
        guard matrices.count == 1 else {
            throw ModelFileError.tensorNotFound(file: file.fileName, name: "<an embedding matrix; pass --tensor>",
                                                available: file.tensors.map(\.name))
        }
        return matrices[0].name
    }
}
