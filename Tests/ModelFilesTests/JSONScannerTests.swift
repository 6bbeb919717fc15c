import Foundation
import Testing
@testable import ModelFiles

@Suite("strict JSON")
struct JSONScannerTests {
    static func validate(_ text: String) -> String? {
        validate(Data(text.utf8))
    }

    static func validate(_ data: Data) -> String? {
        do {
            try StrictJSON.validate(data, fileName: "t.json")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func acceptsWellFormedJSON() {
        for text in [
            #"{}"#, #"[]"#, #" {"a": [1, -2.5e3, 0, true, false, null, "x"], "b": {"a": {}}} "#, #""\u00e9\ud83d\ude00\n""#,
            "0", "-0.0", "1E+2", #"[[[]]]"#,
        ] {
            #expect(Self.validate(text) == nil, "\(text): \(Self.validate(text) ?? "")")
        }
    }

    @Test func refusesWhatFoundationWouldResolveSilently() {
        #expect(Self.validate(#"{"permutation": [0, 1], "permutation": [1, 0]}"#)?.contains("appears twice") == true)
        #expect(Self.validate(#"[{"a": 1}, {"a": 2}]"#) == nil)  // equal keys in different objects are fine
        #expect(Self.validate(#"{"a": {"b": 1, "b": 2}}"#)?.contains("appears twice") == true)
    }

    @Test func refusesMalformedText() {
        let bad = [
            "", "{", "}", #"{"a"}"#, #"{"a": 1,}"#, "[1,]", "[1 2]", "01", "-", "1.", "1e", ".5", "+1", "tru", "nul",
            #""abc"#, "\"a\u{01}b\"", #""\x""#, #""\u12""#, #""\ud800""#, #""\ud800\u0041""#, "{} {}", "NaN", "Infinity",
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ]
        for text in bad {
            #expect(Self.validate(text) != nil, "accepted: \(text.prefix(40))")
        }
        #expect(Self.validate(Data([0x22, 0xC3, 0x28, 0x22])) != nil)  // invalid UTF-8 inside a string
    }

    @Test func decodesStringsAndIntegers() throws {
        let text = Data(#"{"k\u00e9y": "a\"b\\c\/d\u0041", "n": [12, -3, 9223372036854775807]}"#.utf8)
        try text.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes, fileName: "t")
            try scanner.beginObject("o")
            #expect(try scanner.nextKey("o") == "kéy")
            #expect(try scanner.readString("s") == #"a"b\c/dA"#)
            #expect(try scanner.nextKey("o") == "n")
            var values: [Int] = []
            try scanner.beginArray("a")
            while try scanner.nextElement("a") { values.append(try scanner.readInteger("i")) }
            #expect(values == [12, -3, Int.max])
            #expect(try scanner.nextKey("o") == nil)
            try scanner.expectEnd(in: "o")
        }
        try Data("[9223372036854775808, 1.0]".utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes, fileName: "t")
            try scanner.beginArray("a")
            #expect(try scanner.nextElement("a"))
            #expect(throws: ModelFileError.self) { try scanner.readInteger("i") }
        }
    }
}
