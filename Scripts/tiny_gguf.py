"""A minimal GGUF v3 writer: typed metadata (scalars, strings, arrays) and F32/F16 tensors.

Layout (ggml's gguf.c): magic "GGUF", version 3, tensor count, metadata count, metadata, tensor infos,
padding to `general.alignment`, then tensor data, each tensor at an aligned offset. A tensor's dimensions are
written fastest-varying first, so a PyTorch weight of shape (rows, cols) has ne = [cols, rows].
"""
import struct

import numpy as np

UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
GGML_F32, GGML_F16 = 0, 1
ALIGNMENT = 32
_SCALAR_FORMATS = {UINT8: "<B", INT8: "<b", UINT16: "<H", INT16: "<h", UINT32: "<I", INT32: "<i",
                   FLOAT32: "<f", BOOL: "<?", UINT64: "<Q", INT64: "<q", FLOAT64: "<d"}


def _string(text):
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def _value(kind, value):
    if kind == STRING:
        return _string(value)
    return struct.pack(_SCALAR_FORMATS[kind], value)


class GGUFWriter:
    def __init__(self):
        self.metadata = []  # (key, kind, value, element kind)
        self.tensors = []  # (name, array, ggml type)

    def add(self, key, kind, value):
        self.metadata.append((key, kind, value, None))

    def add_array(self, key, element_kind, values):
        self.metadata.append((key, ARRAY, list(values), element_kind))

    def add_tensor(self, name, array, ggml_type=GGML_F32):
        dtype = np.float32 if ggml_type == GGML_F32 else np.float16
        self.tensors.append((name, np.ascontiguousarray(array, dtype=dtype), ggml_type))

    def write(self, path):
        out = bytearray(b"GGUF")
        out += struct.pack("<IQQ", 3, len(self.tensors), len(self.metadata))
        for key, kind, value, element_kind in self.metadata:
            out += _string(key) + struct.pack("<I", kind)
            if kind == ARRAY:
                out += struct.pack("<IQ", element_kind, len(value))
                for element in value:
                    out += _value(element_kind, element)
            else:
                out += _value(kind, value)
        offset = 0
        offsets = []
        for name, array, ggml_type in self.tensors:
            offsets.append(offset)
            out += _string(name) + struct.pack("<I", array.ndim)
            out += b"".join(struct.pack("<Q", n) for n in reversed(array.shape))
            out += struct.pack("<IQ", ggml_type, offset)
            offset += (array.nbytes + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT
        out += bytes(-len(out) % ALIGNMENT)
        for (name, array, _), start in zip(self.tensors, offsets):
            data = array.tobytes()
            out += data + bytes(-len(data) % ALIGNMENT)
        with open(path, "wb") as handle:
            handle.write(out)
        return len(out)
