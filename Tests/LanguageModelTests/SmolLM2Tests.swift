import Testing
@testable import LanguageModel

/// Needs the real model: `Scripts/fetch-smollm2.sh` (or `SMOLLM2_GGUF`); skipped otherwise.
@Suite("SmolLM2-135M-Instruct", .enabled(if: SmolLM2Model.url != nil,
                                          "SmolLM2 GGUF absent: run Scripts/fetch-smollm2.sh or set SMOLLM2_GGUF"))
struct SmolLM2Tests {
    static let chatPrompt = "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n"

    @Test func configuration() throws {
        let c = try #require(SmolLM2Model.bundle).model.configuration
        #expect(c.vocabularySize == 49152 && c.embeddingLength == 576 && c.blockCount == 30)
        #expect(c.headCount == 9 && c.headCountKV == 3 && c.feedForwardLength == 1536)
        #expect(c.ropeFrequencyBase == 100_000)
    }

    @Test func chatPromptEncoding() throws {
        let tokenizer = try #require(SmolLM2Model.bundle).tokenizer
        let ids = try tokenizer.encode(Self.chatPrompt)
        #expect(ids == [1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198])
        #expect(try tokenizer.decode(ids) == Self.chatPrompt)
        #expect(try tokenizer.encode("in 2024") == tokenizer.encode("in 2") + tokenizer.encode("024"),
                "digits are isolated")
    }

    @Test(arguments: WeightPrecision.allCases)
    func greedyAnswer(precision: WeightPrecision) throws {
        let bundle = try precision == .float32 ? #require(SmolLM2Model.bundle)
            : LanguageModelBundle(contentsOf: #require(SmolLM2Model.url), precision: precision)
        let generator = TextGenerator(model: bundle.model, tokenizer: bundle.tokenizer)
        var sampler = try Sampler(temperature: 0, seed: 0)
        let (tokens, _) = try generator.generate(prompt: Self.chatPrompt, maxTokens: 8, sampler: &sampler)
        let text = try bundle.tokenizer.decode(tokens)
        #expect(text.hasPrefix("The capital of France is Paris."), "\(text.debugDescription)")
    }
}
