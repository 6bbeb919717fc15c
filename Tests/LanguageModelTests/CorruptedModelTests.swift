import Foundation
@testable import LanguageModel
@_spi(Testing) import ModelFiles
import Testing

/// The embedded tiny model with its bytes changed: every dimension, count and float of `llama.*` and
/// `tokenizer.ggml.*`, the tensor infos, the weights, truncations and random corruption (fixed seeds). Each case
/// loads or throws `LanguageModelError` / `ModelFileError`; none traps, allocates beyond the file or hangs.
@Suite("corrupted model files")
struct CorruptedModelTests {
    static let valid: [UInt8] = {
        do { return Array(try Data(contentsOf: LanguageModelBundle.embeddedModelURL())) } catch { fatalError("\(error)") }
    }()

    /// Where the tensor data begins: everything before it is header, metadata and tensor infos.
    static let dataSectionOffset: Int = {
        do { return try GGUFFile(data: Data(valid)).dataSectionOffset } catch { fatalError("\(error)") }
    }()

    /// The full load: model, tokenizer and the checks between them.
    static func load(_ bytes: [UInt8]) throws {
        _ = try LanguageModelBundle(gguf: GGUFFile(data: Data(bytes), fileName: "corrupted.gguf"))
    }

    static func reason(_ bytes: [UInt8]) -> String? {
        do {
            try load(bytes)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Where the value of metadata `key` starts: after its length, its bytes and its uint32 type.
    static func valueOffset(of key: String) -> Int {
        let needle = Array(key.utf8)
        guard let start = (0...(valid.count - needle.count)).first(where: { valid[$0..<($0 + needle.count)].elementsEqual(needle) })
        else { fatalError("the tiny model lacks \(key)") }
        return start + needle.count + 4
    }

    static func expectSafe(_ summary: FuzzCases.Summary, total: Int) {
        #expect(summary.accepted + summary.refused == total)
        #expect(Set(summary.errorTypes.keys).isSubset(of: ["LanguageModelError", "ModelFileError"]), "\(summary.errorTypes)")
        #expect(summary.slowestSeconds < 5, "slowest case #\(summary.slowestCase): \(summary.slowestSeconds) s")
    }

    static let integerKeys = [
        "llama.vocab_size", "llama.context_length", "llama.embedding_length", "llama.block_count",
        "llama.feed_forward_length", "llama.rope.dimension_count", "llama.attention.head_count",
        "llama.attention.head_count_kv", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
    ]

    /// The corruption of the issue report: one byte of a dimension changed. Every byte of every uint32 value,
    /// set to 0x00, 0x01, 0x7F, 0x80 and 0xFF.
    @Test func singleByteChangesInDimensions() {
        var cases: [[UInt8]] = []
        for key in Self.integerKeys {
            let offset = Self.valueOffset(of: key)
            for byte in 0..<4 {
                for value: UInt64 in [0x00, 0x01, 0x7F, 0x80, 0xFF] {
                    cases.append(FuzzCases.writing(value, width: 1, at: offset + byte, in: Self.valid))
                }
            }
        }
        let summary = FuzzCases.run(cases, Self.load)
        Self.expectSafe(summary, total: cases.count)
        #expect(summary.refused > 120 && summary.accepted > 0, "\(summary)")  // 144 and 56 when written
    }

    /// Huge and negative dimensions in the metadata and in the tensor infos.
    @Test func hostileDimensions() {
        var cases: [[UInt8]] = []
        for key in Self.integerKeys {
            for value in FuzzCases.hostileIntegers {
                cases.append(FuzzCases.writing(value, width: 4, at: Self.valueOffset(of: key), in: Self.valid))
            }
        }
        for tensor in ["token_embd.weight", "blk.0.attn_q.weight", "blk.2.ffn_down.weight", "output_norm.weight"] {
            // A tensor info: name, uint32 dimension count, uint64 dimensions.
            let dimensions = Self.valueOffset(of: tensor)
            for value in FuzzCases.hostileIntegers {
                cases.append(FuzzCases.writing(value, width: 8, at: dimensions, in: Self.valid))
                cases.append(FuzzCases.writing(value, width: 4, at: dimensions - 4, in: Self.valid))
            }
        }
        let summary = FuzzCases.run(cases, Self.load)
        Self.expectSafe(summary, total: cases.count)
        #expect(summary.refused > cases.count * 3 / 4, "\(summary)")
    }

    /// The exact errors of the failures the issue reported, and that a consistent change still loads.
    @Test func dimensionsMustMatchTheTensors() throws {
        func patched(_ key: String, _ value: UInt32) -> [UInt8] {
            FuzzCases.writing(UInt64(value), width: 4, at: Self.valueOffset(of: key), in: Self.valid)
        }
        #expect(Self.reason(patched("llama.block_count", 0x4000_0003))?.contains("blocks need 9 tensors") == true)
        #expect(Self.reason(patched("llama.block_count", 2))?.contains("tensors of block 2") == true)
        #expect(Self.reason(patched("llama.embedding_length", 0x8000_0080))?.contains("token_embd.weight") == true)
        #expect(Self.reason(patched("llama.vocab_size", 513))?.contains("token_embd.weight") == true)
        #expect(Self.reason(patched("llama.feed_forward_length", 385))?.contains("ffn_gate") == true)
        #expect(Self.reason(patched("llama.attention.head_count_kv", 4))?.contains("attn_k") == true)
        #expect(Self.reason(patched("llama.context_length", 0xFFFF_FFFF))?.contains("context_length") == true)
        // The control: the file itself, and a shorter context (consistent with every tensor), load.
        #expect(Self.reason(Self.valid) == nil)
        #expect(Self.reason(patched("llama.context_length", 64)) == nil)
    }

    @Test func nonFiniteFloatsAreRefused() {
        for key in ["llama.rope.freq_base", "llama.attention.layer_norm_rms_epsilon"] {
            for bits in FuzzCases.hostileFloat32.prefix(3) {
                let reason = Self.reason(FuzzCases.writing(UInt64(bits), width: 4, at: Self.valueOffset(of: key), in: Self.valid))
                #expect(reason?.contains(key) == true, "\(key) = \(bits): \(reason ?? "accepted")")
            }
        }
        // NaN and ±∞ weights, at the first and last element of the data section.
        for position in [Self.dataSectionOffset, Self.valid.count - 4] {
            for bits in FuzzCases.hostileFloat32.prefix(3) {
                let reason = Self.reason(FuzzCases.writing(UInt64(bits), width: 4, at: position, in: Self.valid))
                #expect(reason?.contains("NaN or infinite weight") == true, "\(reason ?? "accepted")")
            }
        }
    }

    @Test func tokenizerArraysAreChecked() {
        // token_type: uint32 element type, uint64 count, then int32 values.
        let tokenTypes = Self.valueOffset(of: "tokenizer.ggml.token_type")
        let shortTypes = FuzzCases.writing(511, width: 8, at: tokenTypes + 4, in: Self.valid)
        #expect(Self.reason(shortTypes) != nil)
        let stringTypes = FuzzCases.writing(8, width: 4, at: tokenTypes, in: Self.valid)  // declared as strings
        #expect(Self.reason(stringTypes) != nil)
        let merges = Self.valueOffset(of: "tokenizer.ggml.merges")
        let hugeMerges = FuzzCases.writing(1 << 40, width: 8, at: merges + 4, in: Self.valid)
        #expect(Self.reason(hugeMerges) != nil)
    }

    /// Truncation at 200 places and 400 seeded corruptions of the header, metadata and tensor infos.
    @Test func truncationAndRandomCorruption() {
        var fuzz = FuzzCases(seed: 0x7469_6E79)
        var cases = (0..<200).map { i in Array(Self.valid[0..<(i * 7919 % Self.valid.count)]) }
        cases += (0..<400).map { _ in fuzz.mutate(Self.valid, region: 0..<Self.dataSectionOffset) }
        Self.expectSafe(FuzzCases.run(cases, Self.load), total: cases.count)
    }
}
