"""Dynamic int8 quantization of a CLIP ONNX export, the way real exports ship it (Xenova's *_quantized.onnx):
every MatMul or Gemm whose weight is a constant becomes
    DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zero) -> Cast(float) -> Mul(x_scale * W_scale) [-> Add(bias)]
with W quantized to int8 per output column, symmetric (zero point 0), and the activation quantized to uint8 per
tensor at run time. Convolutions stay fp32 (onnxruntime's own quantizer does the same for dynamic quantization of
vision models unless asked). Needs only the onnx and numpy packages (Debian's python3-onnx, python3-numpy):
onnxruntime's quantization tool is not packaged there.

usage: /usr/bin/python3 training/quantize.py MODEL_DIR [MODEL_DIR ...]
writes MODEL_DIR/onnx/{vision,text}_model_quantized.onnx next to the fp32 files and prints what it changed.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize_weight(w):
    """int8 per output column (last axis), symmetric: returns (w_q, scale[N])."""
    w = w.astype(np.float32)
    amax = np.abs(w).max(axis=0)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    w_q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return w_q, scale


def quantize_model(model):
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    # torch sometimes routes a weight through Identity nodes; follow them to the initializer.
    identity = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Identity"}

    def constant(name):
        seen = 0
        while name in identity and seen < 8:
            name = identity[name]
            seen += 1
        return inits.get(name)

    new_nodes = []
    new_inits = []
    used_weights = set()
    changed = 0
    for node in graph.node:
        weight = None
        if node.op_type == "MatMul":
            weight = constant(node.input[1])
            trans_b = False
        elif node.op_type == "Gemm":
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if attrs.get("alpha", 1.0) == 1.0 and attrs.get("beta", 1.0) == 1.0 and not attrs.get("transA", 0):
                weight = constant(node.input[1])
                trans_b = bool(attrs.get("transB", 0))
        if weight is None or len(weight.dims) != 2:
            new_nodes.append(node)
            continue
        w = numpy_helper.to_array(weight)
        if trans_b:
            w = w.T
        w_q, w_scale = quantize_weight(w)
        p = f"q{changed}_{node.name or node.op_type}".replace("/", "_")
        x = node.input[0]
        new_inits += [
            numpy_helper.from_array(w_q, f"{p}_W_q"),
            numpy_helper.from_array(np.zeros(1, np.int8).reshape(()), f"{p}_W_zero"),
            numpy_helper.from_array(w_scale, f"{p}_W_scale"),
        ]
        out = node.output[0]
        new_nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [f"{p}_x_q", f"{p}_x_scale", f"{p}_x_zero"], name=f"{p}_dq"),
            helper.make_node("MatMulInteger", [f"{p}_x_q", f"{p}_W_q", f"{p}_x_zero", f"{p}_W_zero"], [f"{p}_int"], name=f"{p}_mmi"),
            helper.make_node("Cast", [f"{p}_int"], [f"{p}_f"], to=TensorProto.FLOAT, name=f"{p}_cast"),
            helper.make_node("Mul", [f"{p}_x_scale", f"{p}_W_scale"], [f"{p}_scale"], name=f"{p}_scale_mul"),
        ]
        if node.op_type == "Gemm" and len(node.input) > 2 and node.input[2]:
            new_nodes += [
                helper.make_node("Mul", [f"{p}_f", f"{p}_scale"], [f"{p}_y"], name=f"{p}_mul"),
                helper.make_node("Add", [f"{p}_y", node.input[2]], [out], name=f"{p}_bias"),
            ]
        else:
            new_nodes.append(helper.make_node("Mul", [f"{p}_f", f"{p}_scale"], [out], name=f"{p}_mul"))
        changed += 1

    outputs = {o.name for o in graph.output}
    del graph.node[:]
    graph.node.extend(new_nodes)
    # Identity nodes that only forwarded a quantized weight are read by nobody now: drop them.
    while True:
        read = {i for n in graph.node for i in n.input} | outputs
        for n in graph.node:
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    read |= {i for sub in a.g.node for i in sub.input}
        dead = [n for n in graph.node if n.op_type == "Identity" and n.output[0] not in read]
        if not dead:
            break
        for n in dead:
            graph.node.remove(n)
    # Weights no node reads any more (the fp32 copies of what was quantized) are dropped.
    kept = [i for i in graph.initializer if i.name in read]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    return changed


def main(dirs):
    for d in dirs:
        for tower in ("vision", "text"):
            src = os.path.join(d, "onnx", f"{tower}_model.onnx")
            dst = os.path.join(d, "onnx", f"{tower}_model_quantized.onnx")
            model = onnx.load(src)
            n = quantize_model(model)
            onnx.checker.check_model(model)
            tmp = dst + ".partial"
            onnx.save(model, tmp)
            os.replace(tmp, dst)
            print(f"{dst}: {n} matrix products to int8, {os.path.getsize(src) / 1e6:.1f} MB -> {os.path.getsize(dst) / 1e6:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
