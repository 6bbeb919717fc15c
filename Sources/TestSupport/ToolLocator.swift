import Foundation

/// Where the package's executables are, for tests that run them as child processes.
///
/// `swift test` builds every product of the package into the same folder as the test bundle, so the tool
/// sits beside the running test binary whatever `--scratch-path` or configuration the build used; the
/// package's own `.build/release` and `.build/debug` are the fallbacks (a bundle run from elsewhere).
public enum ToolLocator {
    /// The executable `name` built with these tests, or `nil` when none of the candidate places holds one.
    /// - Parameter name: the product's name, such as `hegen`.
    public static func executable(named name: String) -> URL? {
        candidateFolders.lazy.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The command-line tool `hegen` (Sources/hegen), or `nil` when it is not built.
    public static var hegen: URL? { executable(named: "hegen") }

    /// The folders searched, in order: the running binary's (Linux `/proc/self/exe`, then the main bundle's
    /// executable), then the package's `.build/release` and `.build/debug`.
    public static var candidateFolders: [URL] {
        var folders: [URL] = []
        let procSelf = "/proc/self/exe"
        if FileManager.default.fileExists(atPath: procSelf) {
            folders.append(URL(fileURLWithPath: procSelf).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        folders += ["release", "debug"].map { ModelLocator.packageRoot.appendingPathComponent(".build/\($0)") }
        return folders
    }
}
