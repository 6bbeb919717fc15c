/// Ring arithmetic for RNS-CKKS: word-size moduli, the negacyclic NTT, RNS polynomials and sampling.
public enum RingArithmetic {}
