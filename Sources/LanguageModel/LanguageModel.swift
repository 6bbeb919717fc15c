/// A Llama-architecture language model in plaintext: the reference the encrypted path is held against.
public enum LanguageModelModule {}
