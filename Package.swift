// swift-tools-version: 6.0
// EncryptedLM: a pure-Swift RNS-CKKS library and private text generation on top of it.
// No package dependencies: the Swift toolchain only.
//
// Layering (each module depends only downward):
//   RingArithmetic            modular arithmetic, NTT, RNS polynomials, sampling
//   ModelFiles                GGUF / safetensors / NumPy readers (no CKKS)
//   TokenOrdering             TSP tours over token embeddings (no CKKS)
//   LanguageModel             GGUF Llama forward pass, BPE tokenizer, the tiny embedded model (no CKKS)
//   hegen                     the command-line tool
//   hegen-bench               benchmarks (release builds only)
import PackageDescription

let package = Package(
    name: "EncryptedLM",
    products: [
        .library(name: "RingArithmetic", targets: ["RingArithmetic"]),
        .library(name: "ModelFiles", targets: ["ModelFiles"]),
        .library(name: "TokenOrdering", targets: ["TokenOrdering"]),
        .library(name: "LanguageModel", targets: ["LanguageModel"]),
        .library(name: "EncryptedSampling", targets: ["EncryptedSampling"]),
        .executable(name: "hegen", targets: ["hegen"]),
        .executable(name: "hegen-bench", targets: ["hegen-bench"]),
    ],
    targets: [
        .target(name: "RingArithmetic"),
        .target(name: "CKKS", dependencies: ["RingArithmetic"]),
        .target(name: "Circuits", dependencies: ["CKKS"]),
        .target(name: "Bootstrapping", dependencies: ["CKKS"]),
        .target(name: "ModelFiles"),
        .target(name: "TokenOrdering", dependencies: ["ModelFiles"]),
        .target(
            name: "LanguageModel",
            dependencies: ["ModelFiles"],
            resources: [.copy("Resources")]
        ),
        .target(name: "EncryptedSampling"),
        .executableTarget(
            name: "hegen",
            dependencies: ["RingArithmetic", "ModelFiles", "TokenOrdering", "LanguageModel"]
        ),
        .executableTarget(
            name: "hegen-bench",
            dependencies: ["RingArithmetic", "CKKS", "Circuits", "Bootstrapping", "ModelFiles", "TokenOrdering", "LanguageModel"],
            path: "Benchmarks/hegen-bench"
        ),
        .testTarget(name: "RingArithmeticTests", dependencies: ["RingArithmetic"]),
        .testTarget(name: "CKKSTests", dependencies: ["CKKS"]),
        .testTarget(name: "CircuitsTests", dependencies: ["Circuits"]),
        .testTarget(name: "BootstrappingTests", dependencies: ["Bootstrapping"]),
        .testTarget(name: "EncryptedSamplingTests", dependencies: ["EncryptedSampling"]),
    ],
    swiftLanguageModes: [.v6]
)
