// swift-tools-version: 6.0
// EncryptedLM: a pure-Swift RNS-CKKS library and private text generation on top of it.
// No package dependencies: the Swift toolchain only.
//
// Layering (each module depends only downward):
//   RingArithmetic        modular arithmetic, NTT, RNS polynomials, sampling
//   CKKS                  the scheme: parameters, encoder, keys, encryption, evaluator, serialization
//   Circuits              polynomial evaluation, approximations, linear transforms, level planner
//   Bootstrapping         ModRaise, CoeffsToSlots, EvalMod, SlotsToCoeffs
//   ModelFiles            GGUF / safetensors / NumPy readers (no CKKS)
//   TokenOrdering         TSP tours over token embeddings (no CKKS)
//   LanguageModel         GGUF Llama forward pass, BPE tokenizer, the tiny embedded model (no CKKS)
//   EncryptedSampling     the polynomial sampler (plaintext reference)
//   SamplingExperiments   generation with the sampler's feedback, the paper's experiments
//   hegen                 the command-line tool
//   hegen-bench           benchmarks (release builds only)
import PackageDescription

let package = Package(
    name: "EncryptedLM",
    products: [
        .library(name: "RingArithmetic", targets: ["RingArithmetic"]),
        .library(name: "CKKS", targets: ["CKKS"]),
        .library(name: "Circuits", targets: ["Circuits"]),
        .library(name: "ModelFiles", targets: ["ModelFiles"]),
        .library(name: "TokenOrdering", targets: ["TokenOrdering"]),
        .library(name: "LanguageModel", targets: ["LanguageModel"]),
        .library(name: "EncryptedSampling", targets: ["EncryptedSampling"]),
        .library(name: "SamplingExperiments", targets: ["SamplingExperiments"]),
        .executable(name: "hegen", targets: ["hegen"]),
        .executable(name: "hegen-bench", targets: ["hegen-bench"]),
    ],
    targets: [
        .target(name: "RingArithmetic"),
        .target(name: "CKKS", dependencies: ["RingArithmetic"]),
        .target(name: "Circuits", dependencies: ["CKKS"]),
        .target(name: "Bootstrapping", dependencies: ["CKKS", "Circuits"]),
        .target(name: "ModelFiles"),
        .target(name: "TokenOrdering", dependencies: ["ModelFiles"]),
        .target(
            name: "LanguageModel",
            dependencies: ["ModelFiles"],
            resources: [.copy("Resources")]
        ),
        .target(name: "EncryptedSampling"),
        .target(name: "SamplingExperiments", dependencies: ["EncryptedSampling", "LanguageModel", "TokenOrdering"]),
        .executableTarget(
            name: "hegen",
            dependencies: [
                "RingArithmetic", "CKKS", "Circuits", "Bootstrapping", "ModelFiles", "TokenOrdering", "LanguageModel",
                "EncryptedSampling", "SamplingExperiments",
            ]
        ),
        .executableTarget(
            name: "hegen-bench",
            dependencies: ["RingArithmetic", "CKKS", "Circuits", "Bootstrapping", "ModelFiles", "TokenOrdering", "LanguageModel"],
            path: "Benchmarks/hegen-bench"
        ),
        .testTarget(name: "RingArithmeticTests", dependencies: ["RingArithmetic"]),
        .testTarget(name: "CKKSTests", dependencies: ["CKKS", "RingArithmetic"]),
        .testTarget(name: "CircuitsTests", dependencies: ["Circuits", "RingArithmetic"]),
        .testTarget(name: "EncryptedSamplingTests", dependencies: ["EncryptedSampling", "RingArithmetic"]),
        .testTarget(name: "SamplingExperimentsTests", dependencies: ["SamplingExperiments", "LanguageModel", "TokenOrdering"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles"]),
        .testTarget(name: "TokenOrderingTests", dependencies: ["TokenOrdering", "ModelFiles"]),
        .testTarget(
            name: "LanguageModelTests", dependencies: ["LanguageModel", "ModelFiles"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BootstrappingTests", dependencies: ["Bootstrapping", "Circuits", "RingArithmetic"]),
    ],
    swiftLanguageModes: [.v6]
)
