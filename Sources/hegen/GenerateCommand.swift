// `hegen generate`: implemented by the language-model work (issue 6).
func runGenerate(_ arguments: [String]) throws {
    throw CommandLineError.unknownCommand("generate (not available in this build yet)")
}
