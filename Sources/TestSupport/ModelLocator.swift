import Foundation

/// Where the optional real model files are: the tests that need them skip when they are absent.
public enum ModelLocator {
    /// The SmolLM2-135M-Instruct GGUF that `Scripts/fetch-smollm2.sh` puts under `Models/` (or the file the
    /// environment variable `SMOLLM2_GGUF` names); `nil` when neither exists.
    public static let smolLM2: URL? = {
        if let path = ProcessInfo.processInfo.environment["SMOLLM2_GGUF"], FileManager.default.fileExists(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let url = packageRoot.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// Whether the environment demands the SmolLM2 file (`ENCRYPTEDLM_REQUIRE_SMOLLM2=1`, set by `.ci/run`): then
    /// its absence fails a test instead of skipping the tests that need it.
    public static let smolLM2IsRequired = ProcessInfo.processInfo.environment["ENCRYPTEDLM_REQUIRE_SMOLLM2"] == "1"

    /// The package's root folder (this file is Sources/TestSupport/ModelLocator.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
