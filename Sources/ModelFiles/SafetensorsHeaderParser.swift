/// Parses the JSON header of a safetensors file straight into tensor descriptions.
///
/// Checks the header against the format's rules (huggingface/safetensors, README "Format"): a JSON object
/// whose keys are unique; every entry but `__metadata__` is `{"dtype", "shape", "data_offsets"}` with
/// integer dimensions (not booleans, not fractions) and a known dtype whose size matches the byte range;
/// `__metadata__` maps strings to strings; and the byte ranges, sorted, cover the data section exactly:
/// no overlap, no hole, nothing unindexed after the last tensor (so no second file can hide in the bytes).
struct SafetensorsHeaderParser {
    /// A tensor as the header describes it, offsets relative to the data section.
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// The parsed header (a struct: a tuple returned through a typed-throws closure crashes the Swift 6.3 compiler).
    struct Result {
        var entries: [Entry]
        var metadata: [String: String]
    }

    static let dtypeSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
        "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    private var scanner: JSONScanner
    private let fileName: String

    /// - Parameters:
    ///   - header: the header's bytes.
    ///   - fileName: the name to use in error messages.
    ///   - offset: where the header starts in the file (for error messages).
    init(_ header: UnsafeRawBufferPointer, fileName: String, offset: Int) {
        scanner = JSONScanner(header, fileName: fileName, baseOffset: offset)
        self.fileName = fileName
    }

    /// The entries sorted by their byte range, and the metadata.
    /// - Parameters:
    ///   - dataOffset: where the data section starts in the file (for error messages).
    ///   - dataSize: the bytes after the header; the ranges must cover exactly these.
    /// - Throws: `ModelFileError.malformed` or `.truncated`.
    mutating func parse(dataOffset: Int, dataSize: Int) throws(ModelFileError) -> Result {
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        try scanner.beginObject("JSON header")
        while let name = try scanner.nextKey("JSON header") {
            if name == "__metadata__" {
                metadata = try readMetadata()
            } else {
                entries.append(try readEntry(name))
            }
        }
        try scanner.expectEnd(in: "JSON header")
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        try checkCoverage(entries, dataOffset: dataOffset, dataSize: dataSize)
        return Result(entries: entries, metadata: metadata)
    }

    private mutating func readMetadata() throws(ModelFileError) -> [String: String] {
        var metadata: [String: String] = [:]
        try scanner.beginObject("__metadata__")
        while let key = try scanner.nextKey("__metadata__") {
            guard scanner.peek() == UInt8(ascii: "\"") else {
                throw scanner.error("__metadata__ entry '\(key)'", "not a string")
            }
            metadata[key] = try scanner.readString("__metadata__ entry '\(key)'")
        }
        return metadata
    }

    private mutating func readEntry(_ name: String) throws(ModelFileError) -> Entry {
        let what = "header entry of tensor '\(name)'"
        var dtype: String?, shape: [Int]?, offsets: [Int]?
        guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.error(what, "expected an object with dtype, shape and data_offsets") }
        try scanner.beginObject(what)
        while let key = try scanner.nextKey(what) {
            switch key {
            case "dtype":
                guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.error(what, "dtype is not a string") }
                dtype = try scanner.readString(what)
            case "shape": shape = try readIntegers(what, field: "shape")
            case "data_offsets": offsets = try readIntegers(what, field: "data_offsets")
            default: try scanner.skipValue(what)  // unknown fields are ignored, as the reference reader does
            }
        }
        guard let dtype, let shape, let offsets else {
            throw scanner.error(what, "expected an object with dtype, shape and data_offsets")
        }
        guard let elementSize = Self.dtypeSizes[dtype] else { throw scanner.error(what, "unknown dtype '\(dtype)'") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw scanner.error(what, "shape \(shape) has a negative dimension") }
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw scanner.error(what, "data_offsets \(offsets) is not [begin, end] with 0 <= begin <= end")
        }
        guard let elements = checkedProduct(shape), let bytes = checkedProduct(elements, elementSize),
              bytes == offsets[1] - offsets[0]
        else {
            throw scanner.error(what, "shape \(shape) of \(dtype) does not match the \(offsets[1] - offsets[0]) bytes of data_offsets")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// A JSON array of integers (at most `maximumDimensions` of them: shapes and offset pairs are short).
    private mutating func readIntegers(_ what: String, field: String) throws(ModelFileError) -> [Int] {
        var values: [Int] = []
        guard scanner.peek() == UInt8(ascii: "[") else { throw scanner.error(what, "\(field) is not a list of integers") }
        try scanner.beginArray(what)
        while try scanner.nextElement(what) {
            guard values.count < Self.maximumDimensions else {
                throw scanner.error(what, "\(field) has more than \(Self.maximumDimensions) entries")
            }
            values.append(try scanner.readInteger("\(field) of tensor"))
        }
        return values
    }

    /// More dimensions than any framework uses (PyTorch allows 64).
    static let maximumDimensions = 64

    /// Sorted ranges must tile `0..<dataSize`: each begins where the previous ended.
    private func checkCoverage(_ entries: [Entry], dataOffset: Int, dataSize: Int) throws(ModelFileError) {
        var covered = 0
        for entry in entries {
            guard entry.end <= dataSize else {
                throw .truncated(file: fileName, offset: dataOffset + entry.begin, what: "the data of tensor '\(entry.name)'",
                                 needed: entry.end - entry.begin, available: max(0, dataSize - entry.begin))
            }
            guard entry.begin == covered else {
                let problem = entry.begin < covered ? "overlaps the tensor before it" : "leaves bytes \(covered)..<\(entry.begin) unindexed"
                throw .malformed(file: fileName, offset: dataOffset + entry.begin, what: "data_offsets of tensor '\(entry.name)'",
                                 reason: "\(entry.begin)..<\(entry.end) \(problem); safetensors requires the tensors to cover the data exactly")
            }
            covered = entry.end
        }
        guard covered == dataSize else {
            throw .malformed(file: fileName, offset: dataOffset + covered, what: "the data section",
                             reason: "bytes \(covered)..<\(dataSize) belong to no tensor; safetensors requires the tensors to cover the data exactly")
        }
    }
}
