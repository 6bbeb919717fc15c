import Foundation
import Testing
@testable import LanguageModel

@Suite("Byte-level BPE tokenizer")
struct TokenizerTests {
    @Test func goldenIdsFromTrainingScript() throws {
        let reference = try TinyModelReference.load()
        for golden in reference.tokenizer_golden {
            #expect(try TinyModel.bundle.tokenizer.encode(golden.text) == golden.ids, "\(golden.text.debugDescription)")
        }
    }

    @Test(arguments: [
        "", "a", "Hello, world!", "  leading and trailing  ", "tabs\t\tnewlines\n\n\nend", "Café — naïve 😀 中文",
        "numbers 1813, 42.5 and ½", "it's O'Neil's 'quoted' text", "<|endoftext|>after special<|endoftext|>",
        "\r\n\u{00A0}odd spaces\u{2003}",
    ])
    func roundTrip(text: String) throws {
        let tokenizer = TinyModel.bundle.tokenizer
        #expect(try tokenizer.decode(tokenizer.encode(text)) == text)
    }

    @Test func specialTokensAreWholeTokens() throws {
        let tokenizer = TinyModel.bundle.tokenizer
        let ids = try tokenizer.encode("a<|endoftext|>b")
        #expect(ids.count == 3 && ids[1] == tokenizer.endOfSequence)
        // Without the exact spelling it is ordinary text.
        #expect(!(try tokenizer.encode("<|endoftext|")).contains(tokenizer.endOfSequence!))
    }

    @Test func byteMapping() {
        #expect(ByteLevelMapping.scalarForByte[32] == "Ġ")
        #expect(ByteLevelMapping.scalarForByte[10] == "Ċ")
        #expect(ByteLevelMapping.scalarForByte[65] == "A")
        #expect(Set(ByteLevelMapping.scalarForByte).count == 256)
        #expect(ByteLevelMapping.decode(ByteLevelMapping.encode(Array(0...255))) == Array(0...255))
    }

    @Test func gpt2Split() throws {
        let split = try PreTokenizer(name: "gpt2")
        #expect(split.split("Hello world") == ["Hello", " world"])
        #expect(split.split("I'm here, they'll go") == ["I", "'m", " here", ",", " they", "'ll", " go"])
        #expect(split.split("a   b") == ["a", "  ", " b"])
        #expect(split.split("x\n\ny") == ["x", "\n", "\n", "y"])
        #expect(split.split("end  ") == ["end", "  "])
        #expect(split.split("abc123 456!?") == ["abc", "123", " 456", "!?"])
        #expect(split.split("don'T") == ["don", "'", "T"])
        #expect(split.split(" ...wait") == [" ...", "wait"])
    }

    @Test func smollmSplitIsolatesDigits() throws {
        let split = try PreTokenizer(name: "smollm")
        #expect(split.split("in 2024, 3 cats") == ["in", " ", "2", "0", "2", "4", ",", " ", "3", " cats"])
        #expect(throws: LanguageModelError.unsupportedTokenizer("pre-tokenizer 'llama3'")) {
            try PreTokenizer(name: "llama3")
        }
    }

    @Test func mergesApplyLowestRankFirst() throws {
        // "a b" (rank 0) beats "b c" (rank 1), then "ab c" merges.
        let tokens = ["a", "b", "c", "ab", "bc", "abc"]
        let tokenizer = try BPETokenizer(
            tokens: tokens, tokenTypes: nil, merges: ["a b", "b c", "ab c"], preTokenizer: PreTokenizer(name: "gpt2"))
        #expect(tokenizer.applyMerges("abc") == ["abc"])
        #expect(tokenizer.applyMerges("bca") == ["bc", "a"])
        #expect(throws: LanguageModelError.untokenizable("d")) { try tokenizer.encode("d") }
        #expect(throws: LanguageModelError.invalidMetadata(key: "tokenizer.ggml.merges", reason: "'abc' is not a pair")) {
            try BPETokenizer(tokens: tokens, tokenTypes: nil, merges: ["abc"], preTokenizer: PreTokenizer(name: "gpt2"))
        }
    }

    @Test func streamingDecoderHoldsSplitCharacters() throws {
        let tokenizer = TinyModel.bundle.tokenizer
        let ids = try tokenizer.encode("é😀!")
        #expect(ids.count >= 3, "the tiny vocabulary spells these characters with several byte tokens")
        var decoder = StreamingTextDecoder(tokenizer: tokenizer)
        var pieces: [String] = []
        for id in ids { pieces.append(try decoder.append(id)) }
        #expect(pieces.joined() == "é😀!")
        #expect(pieces.allSatisfy { !$0.contains("\u{FFFD}") })
        #expect(decoder.flush().isEmpty)
    }
}
