// swift-tools-version: 6.0
// EncryptedLM: a pure-Swift RNS-CKKS library and private text generation on top of it.
// No package dependencies: the Swift toolchain only.
//
// Layering (each module depends only downward; `ls Sources` shows the rooms):
//
//   scheme stack
//     RingArithmetic        modular arithmetic, NTT, RNS polynomials, base conversion, sampling
//     CKKS                  the scheme: parameters, encoder, keys (and which a circuit needs), encryption,
//                           evaluator, precision statistics, validated serialization
//     Circuits              polynomial evaluation, approximations, linear transforms, prefix sums, level planner
//     Bootstrapping         ModRaise, CoeffsToSlots, EvalMod, SlotsToCoeffs; the bootstrapper protocol
//   model side (no CKKS)
//     ModelFiles            GGUF / safetensors / NumPy readers
//     TokenOrdering         vocabulary orderings: TSP tours over token embeddings
//     LanguageModel         GGUF Llama forward pass with a public per-step reference, BPE tokenizer, the tiny model
//   application
//     EncryptedSampling     the sampler: the plaintext reference (PolynomialSampler) and, on ciphertexts, the
//                           encrypted sampler (Circuits + Bootstrapping + TokenOrdering)
//     EncryptedTransformer  the model on encrypted activations: attention over an encrypted KV cache, RMSNorm,
//                           SwiGLU, the head; each step held against LanguageModel's per-step trace
//     SamplingExperiments   the paper's experiments: generation with the sampler's feedback, one-hot, collapse
//     PrivateGeneration     client and server of a private generation: encrypted prompt, encrypted model, encrypted
//                           sampler and feedback, token after token; the client alone decrypts
//   tools
//     hegen                 the command-line tool (thin: every command is a library call)
//     hegen-bench           benchmarks (release builds only)
//     TestSupport           fixtures shared by the test targets (seeded keys, bootstrap fixture, model and tool locators);
//                           tests only, never a product
import PackageDescription

let package = Package(
    name: "EncryptedLM",
    products: [
        .library(name: "RingArithmetic", targets: ["RingArithmetic"]),
        .library(name: "CKKS", targets: ["CKKS"]),
        .library(name: "Circuits", targets: ["Circuits"]),
        .library(name: "Bootstrapping", targets: ["Bootstrapping"]),
        .library(name: "ModelFiles", targets: ["ModelFiles"]),
        .library(name: "TokenOrdering", targets: ["TokenOrdering"]),
        .library(name: "LanguageModel", targets: ["LanguageModel"]),
        .library(name: "EncryptedSampling", targets: ["EncryptedSampling"]),
        .library(name: "EncryptedTransformer", targets: ["EncryptedTransformer"]),
        .library(name: "PrivateGeneration", targets: ["PrivateGeneration"]),
        .library(name: "SamplingExperiments", targets: ["SamplingExperiments"]),
        .executable(name: "hegen", targets: ["hegen"]),
        .executable(name: "hegen-bench", targets: ["hegen-bench"]),
    ],
    targets: [
        // Scheme stack.
        .target(name: "RingArithmetic"),
        .target(name: "CKKS", dependencies: ["RingArithmetic"]),
        .target(name: "Circuits", dependencies: ["CKKS"]),
        .target(name: "Bootstrapping", dependencies: ["CKKS", "Circuits", "RingArithmetic"]),
        // Model side.
        .target(name: "ModelFiles"),
        .target(name: "TokenOrdering", dependencies: ["ModelFiles"]),
        .target(name: "LanguageModel", dependencies: ["ModelFiles"], resources: [.copy("Resources")]),
        // Application.
        .target(name: "EncryptedSampling", dependencies: ["CKKS", "Circuits", "Bootstrapping", "LanguageModel", "TokenOrdering"]),
        .target(name: "EncryptedTransformer", dependencies: ["CKKS", "Circuits", "Bootstrapping", "LanguageModel"]),
        .target(
            name: "PrivateGeneration",
            dependencies: [
                "CKKS", "Circuits", "Bootstrapping", "LanguageModel", "TokenOrdering", "EncryptedSampling",
                "EncryptedTransformer",
            ]),
        .target(
            name: "SamplingExperiments",
            dependencies: ["Bootstrapping", "CKKS", "EncryptedSampling", "LanguageModel", "TokenOrdering"]),
        // Tools.
        .executableTarget(
            name: "hegen",
            dependencies: [
                "RingArithmetic", "CKKS", "Circuits", "Bootstrapping", "ModelFiles", "TokenOrdering", "LanguageModel",
                "EncryptedSampling", "SamplingExperiments", "PrivateGeneration",
            ]
        ),
        .executableTarget(
            name: "hegen-bench",
            dependencies: [
                "RingArithmetic", "CKKS", "Circuits", "Bootstrapping", "ModelFiles", "TokenOrdering", "LanguageModel",
                "EncryptedSampling", "EncryptedTransformer", "PrivateGeneration", "SamplingExperiments",
            ],
            path: "Benchmarks/hegen-bench"
        ),
        .target(name: "TestSupport", dependencies: ["RingArithmetic", "CKKS", "Bootstrapping"]),
        // Tests: one target per module, each against its own references.
        .testTarget(name: "RingArithmeticTests", dependencies: ["RingArithmetic", "TestSupport"]),
        .testTarget(name: "CKKSTests", dependencies: ["CKKS", "RingArithmetic", "TestSupport"]),
        .testTarget(name: "CircuitsTests", dependencies: ["Circuits", "RingArithmetic", "TestSupport"]),
        .testTarget(name: "BootstrappingTests", dependencies: ["Bootstrapping", "Circuits", "RingArithmetic", "TestSupport"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles", "TestSupport"]),
        .testTarget(name: "TokenOrderingTests", dependencies: ["TokenOrdering", "ModelFiles", "TestSupport"]),
        .testTarget(
            name: "LanguageModelTests", dependencies: ["LanguageModel", "ModelFiles", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "EncryptedSamplingTests",
            dependencies: [
                "EncryptedSampling", "Bootstrapping", "Circuits", "CKKS", "LanguageModel", "RingArithmetic", "TokenOrdering",
                "TestSupport",
            ]),
        .testTarget(
            name: "PrivateGenerationTests",
            dependencies: ["PrivateGeneration", "EncryptedSampling", "EncryptedTransformer", "Bootstrapping", "CKKS",
                           "LanguageModel", "SamplingExperiments", "TokenOrdering", "TestSupport"]),
        .testTarget(
            name: "EncryptedTransformerTests",
            dependencies: ["EncryptedTransformer", "Bootstrapping", "CKKS", "LanguageModel", "TestSupport"]),
        .testTarget(
            name: "SamplingExperimentsTests",
            dependencies: ["SamplingExperiments", "EncryptedSampling", "LanguageModel", "TokenOrdering", "TestSupport"]),
        // The command-line tool, run as a child process; expected values come from the libraries in-process.
        .testTarget(
            name: "HegenTests",
            dependencies: ["LanguageModel", "ModelFiles", "PrivateGeneration", "SamplingExperiments", "TokenOrdering", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
