import Dispatch

/// Timing of one generation.
public struct GenerationStatistics: Sendable {
    public var promptTokens = 0
    public var generatedTokens = 0
    public var promptSeconds = 0.0
    public var generationSeconds = 0.0
    /// Generated tokens a second, prompt processing excluded.
    public var tokensPerSecond: Double { generationSeconds > 0 ? Double(generatedTokens) / generationSeconds : 0 }
}

/// Autoregressive generation: encode the prompt, then sample and feed back one token at a time.
///
/// When the context fills up, the cache is rebuilt from the most recent half of the context, so small-context
/// models (the tiny one has 128 positions) can write on; the model then sees only that recent window.
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
        var history = try tokenizer.encode(prompt)
        if history.isEmpty, let bos = tokenizer.beginningOfSequence { history = [bos] }
        guard !history.isEmpty else { throw LanguageModelError.emptyInput }
        var statistics = GenerationStatistics(promptTokens: history.count)
        var cache = model.makeCache()
        var start = DispatchTime.now().uptimeNanoseconds
        // A prompt longer than the context keeps only its most recent tokens.
        var logits = try model.logits(tokens: Array(history.suffix(cache.capacity)), cache: &cache)
        statistics.promptSeconds = Self.seconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        var decoder = StreamingTextDecoder(tokenizer: tokenizer)
        var generated: [Int] = []
        while generated.count < maxTokens {
            let token = sampler.sample(logits)
            generated.append(token)
            history.append(token)
            if token == tokenizer.endOfSequence { break }
            onToken(token, try decoder.append(token))
            if generated.count == maxTokens { break }
            if cache.count == cache.capacity {
                cache.reset()
                let window = Array(history.suffix(max(1, cache.capacity / 2)))
                logits = try model.logits(tokens: window, cache: &cache)
            } else {
                logits = try model.logits(token: token, cache: &cache)
            }
        }
        let rest = decoder.flush()
        if !rest.isEmpty { onToken(-1, rest) }
        statistics.generatedTokens = generated.count
        statistics.generationSeconds = Self.seconds(since: start)
        return (generated, statistics)
    }

    private static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
