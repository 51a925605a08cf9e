#!/usr/bin/env python3
"""Export a random-weight CLIP of the real ViT-B/32 size (88M-parameter image tower, 63M-parameter text tower,
224x224 input, 77-token context) in the same Hugging Face ONNX layout, for benchmarks only. Not committed.

Usage: /usr/bin/python3 training/make_random_vitb32.py [OUT_DIR]   (default models/_bench/vitb32-random)
"""
import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import train as T  # noqa: E402

torch.set_num_threads(2)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'models/_bench/vitb32-random'
    src = os.path.join(os.path.dirname(__file__), '..', 'models', 'tiny-clip-vit')
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    torch.manual_seed(0)
    # ViT-B/32: patch 32 on 224x224, width 768, 12 layers, 12 heads, projection 512.
    vision = T.VisionViT(patch=32, width=768, layers=12, heads=12, image=224, embed=512).eval()
    # CLIP's text tower: 49408 tokens, 77 positions, width 512, 12 layers, 8 heads. The tiny tokenizer's ids all fit,
    # and its end-of-text id is still the largest id it emits, so argmax pooling behaves as in CLIP.
    tok = json.load(open(os.path.join(src, 'tokenizer.json')))
    eos = tok['model']['vocab']['<|endoftext|>']
    text = T.TextTower(49408, 77, eos, width=512, layers=12, heads=8, takes_mask=False)
    text.proj = torch.nn.Linear(512, 512, bias=False)
    text = text.eval()
    print('parameters: vision', sum(p.numel() for p in vision.parameters()), 'text', sum(p.numel() for p in text.parameters()), flush=True)
    torch.onnx.export(vision, (torch.zeros(1, 3, 224, 224),), os.path.join(out, 'onnx', 'vision_model.onnx'), input_names=['pixel_values'], output_names=['image_embeds'],
                      dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'}}, opset_version=17)
    ids = torch.tensor([[eos - 1, 5, 6, eos]])
    torch.onnx.export(text, (ids,), os.path.join(out, 'onnx', 'text_model.onnx'), input_names=['input_ids'], output_names=['text_embeds'],
                      dynamic_axes={'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'text_embeds': {0: 'batch_size'}}, opset_version=17)
    for f in ['tokenizer.json', 'tokenizer_config.json']:
        shutil.copy(os.path.join(src, f), os.path.join(out, f))
    pre = json.load(open(os.path.join(src, 'preprocessor_config.json')))
    pre.update({'size': {'shortest_edge': 224}, 'crop_size': {'height': 224, 'width': 224}})
    json.dump(pre, open(os.path.join(out, 'preprocessor_config.json'), 'w'), indent=2)
    json.dump({'model_type': 'clip', 'projection_dim': 512, 'text_config': {'vocab_size': 49408, 'max_position_embeddings': 77, 'eos_token_id': eos},
               'vision_config': {'image_size': 224, 'patch_size': 32, 'hidden_size': 768}, 'clip_curator': {'display_name': 'random ViT-B/32-size (benchmark only)'}},
              open(os.path.join(out, 'config.json'), 'w'), indent=2)
    print('wrote', out)


if __name__ == '__main__':
    main()
