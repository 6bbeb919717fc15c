// hegen: the EncryptedLM command-line tool. Each subcommand lives in a file of its own.
import Foundation

struct Subcommand {
    let name: String
    let summary: String
    let run: ([String]) throws -> Void
}

let subcommands: [Subcommand] = [
    Subcommand(name: "demo", summary: "a short tour of what the library does today", run: runDemo),
    Subcommand(name: "order", summary: "travelling-salesman ordering of token embeddings", run: runOrder),
    Subcommand(name: "generate", summary: "generate text with a language model", run: runGenerate),
    Subcommand(name: "serve", summary: "the server of a private generation (evaluation keys only)", run: runServe),
    Subcommand(name: "worker", summary: "one server session over standard input and output", run: runWorker),
    Subcommand(name: "experiment", summary: "the sampling experiments: onehot, collapse, noise", run: runExperiment),
]

@MainActor func printUsage() {
    print("usage: hegen <command> [options]\n\ncommands:")
    let width = subcommands.map(\.name.count).max()! + 2  // "experiment" is 10 characters: pad past the longest
    for command in subcommands {
        print("  \(command.name.padding(toLength: width, withPad: " ", startingAt: 0))\(command.summary)")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "help", name != "--help", name != "-h" else {
    printUsage()
    exit(arguments.isEmpty ? 1 : 0)
}
do {
    guard let command = subcommands.first(where: { $0.name == name }) else {
        throw CommandLineError.unknownCommand(name)
    }
    try command.run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("hegen: error: \(error)\n".utf8))
    exit(1)
}
