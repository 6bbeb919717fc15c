import Foundation

/// Memory-mapped reading of a model file, shared by every reader: weights are gigabytes at most, and the OS
/// pages in only what a reader touches.
enum MappedFile {
    /// The file's bytes, memory-mapped.
    /// - Throws: `ModelFileError.unreadable` with the system's reason.
    static func contents(of url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ModelFileError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }
}
