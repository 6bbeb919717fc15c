/// Travelling-salesman orderings of a vocabulary's token embeddings (see Docs/).
public enum TokenOrderingModule {}
