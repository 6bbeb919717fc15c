/// Text generation: tokenise the prompt, run the model's generation loop (`LlamaModel.generate`) with a
/// sampler, and stream the decoded text.
public struct TextGenerator: Sendable {
    public let model: LlamaModel
    public let tokenizer: BPETokenizer

    public init(model: LlamaModel, tokenizer: BPETokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// Generates up to `maxTokens` tokens after `prompt`, stopping early at the end-of-sequence token.
    /// - Parameters:
    ///   - prompt: the text to continue (special tokens written in it are honoured); empty starts from BOS.
    ///   - maxTokens: the most tokens to generate.
    ///   - sampler: picks each token; its generator advances.
    ///   - onToken: called with each token id and the text it completes, as soon as it is sampled.
    /// - Returns: the generated ids and the timings.
    /// - Throws: `LanguageModelError` from tokenising or the forward pass.
    public func generate(
        prompt: String, maxTokens: Int, sampler: inout Sampler, onToken: (Int, String) -> Void = { _, _ in }
    ) throws -> (tokens: [Int], statistics: GenerationStatistics) {
        var decoder = StreamingTextDecoder(tokenizer: tokenizer)
        let (steps, statistics) = try model.generate(
            promptTokens: tokenizer.encodeForGeneration(prompt), maxTokens: maxTokens, policy: &sampler,
            stopAt: tokenizer.endOfSequence
        ) { step in
            if step.token != tokenizer.endOfSequence { onToken(step.token, try decoder.append(step.token)) }
        }
        let rest = decoder.flush()
        if !rest.isEmpty { onToken(-1, rest) }
        return (steps.map(\.token), statistics)
    }
}
