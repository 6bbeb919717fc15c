/// A small, dependency-free parser for `--name value` and `--flag` options.
///
/// The package takes no dependencies, so the command-line tool parses its own arguments.
/// Every option a command reads is consumed; `finish()` rejects anything left over, so a
/// typo such as `--max-token 5` fails loudly instead of being ignored.
struct CommandArguments {
    private var remaining: [String]

    init(_ arguments: [String]) { remaining = arguments }

    /// The value after `--name`, or `nil` when the option is absent.
    /// - Throws: `CommandLineError.missingValue` when `--name` is the last argument.
    mutating func value(_ name: String) throws -> String? {
        guard let index = remaining.firstIndex(of: name) else { return nil }
        guard index + 1 < remaining.count else { throw CommandLineError.missingValue(name) }
        let value = remaining[index + 1]
        remaining.removeSubrange(index...(index + 1))
        return value
    }

    /// The value after `--name` converted with `LosslessStringConvertible`, or `defaultValue`.
    /// - Throws: `CommandLineError.invalidValue` when the text does not parse.
    mutating func value<T: LosslessStringConvertible>(_ name: String, default defaultValue: T) throws -> T {
        guard let text = try value(name) else { return defaultValue }
        guard let parsed = T(text) else { throw CommandLineError.invalidValue(option: name, value: text) }
        return parsed
    }

    /// Whether the flag `--name` is present (and consumes it).
    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    /// - Throws: `CommandLineError.unexpectedArguments` when arguments were not consumed.
    func finish() throws {
        if !remaining.isEmpty { throw CommandLineError.unexpectedArguments(remaining) }
    }
}

/// Errors of the command-line tool, printed as one line each.
enum CommandLineError: Error, CustomStringConvertible {
    case missingValue(String)
    case invalidValue(option: String, value: String)
    case unexpectedArguments([String])
    case missingOption(String)
    case unknownCommand(String)
    case unknownExperiment(String?)

    var description: String {
        switch self {
        case .missingValue(let name): "option \(name) needs a value"
        case .invalidValue(let option, let value): "invalid value '\(value)' for \(option)"
        case .unexpectedArguments(let rest): "unexpected arguments: \(rest.joined(separator: " "))"
        case .missingOption(let name): "missing required option \(name)"
        case .unknownCommand(let name): "unknown command '\(name)' (try `hegen help`)"
        case .unknownExperiment(let kind?): "unknown experiment '\(kind)' (use onehot, collapse or noise)"
        case .unknownExperiment(nil): "experiment needs a kind: onehot, collapse or noise"
        }
    }
}
