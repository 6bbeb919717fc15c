/// Readers for the files that hold model weights and token embeddings: GGUF, safetensors and NumPy `.npy`.
///
/// This module knows nothing about CKKS; `TokenOrdering` and `LanguageModel` build on it.
public enum ModelFiles {}
