/// The value types a GGUF metadata entry can hold, with their on-disk codes.
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7
    case string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Bytes of one scalar value on disk, or `nil` for strings and arrays (variable length).
    var scalarSize: Int? {
        switch self {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        case .string, .array: nil
        }
    }

    /// The fewest bytes one value of this type occupies (a string's length field, an array's header).
    var minimumSize: Int { scalarSize ?? (self == .string ? 8 : 12) }
}

/// One GGUF metadata value.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64), float32(Float), float64(Double), bool(Bool), string(String)
    /// An array, stored as a typed Swift array (the tokenizer's 49,152-entry arrays stay compact).
    case array(GGUFArray)

    /// The value as an `Int` when it is an integer that fits, else `nil`.
    public var integer: Int? {
        switch self {
        case .uint8(let v): Int(v)
        case .int8(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint64(let v): Int(exactly: v)
        case .int64(let v): Int(v)
        default: nil
        }
    }

    /// The value as a `Double` when it is a float (or an integer), else `nil`.
    public var double: Double? {
        switch self {
        case .float32(let v): Double(v)
        case .float64(let v): v
        default: integer.map(Double.init)
        }
    }

    /// The value when it is a string, else `nil`.
    public var string: String? { if case .string(let v) = self { v } else { nil } }
    /// The value when it is a bool, else `nil`.
    public var bool: Bool? { if case .bool(let v) = self { v } else { nil } }
    /// The value when it is an array, else `nil`.
    public var array: GGUFArray? { if case .array(let v) = self { v } else { nil } }
}

/// A GGUF metadata array: one element type, stored as a typed Swift array.
public enum GGUFArray: Sendable, Equatable {
    case uint8([UInt8]), int8([Int8]), uint16([UInt16]), int16([Int16]), uint32([UInt32]), int32([Int32])
    case uint64([UInt64]), int64([Int64]), float32([Float]), float64([Double]), bool([Bool]), string([String])
    /// An array of arrays (GGUF allows nesting; each inner array has its own element type).
    case arrays([GGUFArray])

    /// Number of elements.
    public var count: Int {
        switch self {
        case .uint8(let a): a.count
        case .int8(let a): a.count
        case .uint16(let a): a.count
        case .int16(let a): a.count
        case .uint32(let a): a.count
        case .int32(let a): a.count
        case .uint64(let a): a.count
        case .int64(let a): a.count
        case .float32(let a): a.count
        case .float64(let a): a.count
        case .bool(let a): a.count
        case .string(let a): a.count
        case .arrays(let a): a.count
        }
    }

    /// The elements as `Int`s when this is an integer array whose every element fits, else `nil`.
    public var integers: [Int]? {
        switch self {
        case .uint8(let a): a.map(Int.init)
        case .int8(let a): a.map(Int.init)
        case .uint16(let a): a.map(Int.init)
        case .int16(let a): a.map(Int.init)
        case .uint32(let a): a.map(Int.init)
        case .int32(let a): a.map(Int.init)
        case .int64(let a): a.map(Int.init)
        case .uint64(let a):
            a.allSatisfy { $0 <= UInt64(Int.max) } ? a.map { Int($0) } : nil
        default: nil
        }
    }

    /// The elements as `Double`s when this is a float array, else `nil`.
    public var doubles: [Double]? {
        switch self {
        case .float32(let a): a.map(Double.init)
        case .float64(let a): a
        default: nil
        }
    }

    /// The elements when this is an array of strings, else `nil`.
    public var strings: [String]? { if case .string(let a) = self { a } else { nil } }
}
