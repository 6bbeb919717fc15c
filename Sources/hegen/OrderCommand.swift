// `hegen order`: implemented by the token-ordering work (issue 5).
func runOrder(_ arguments: [String]) throws {
    throw CommandLineError.unknownCommand("order (not available in this build yet)")
}
