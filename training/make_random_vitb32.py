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


class VisionB32(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Conv2d(3, 768, 32, 32, bias=False)
        self.cls = torch.nn.Parameter(torch.zeros(1, 1, 768))
        self.pos = torch.nn.Parameter(torch.randn(1, 50, 768) * 0.02)
        self.ln_pre = torch.nn.LayerNorm(768)
        self.blocks = torch.nn.ModuleList([T.Block(768, 12) for _ in range(12)])
        self.ln_post = torch.nn.LayerNorm(768)
        self.proj = torch.nn.Linear(768, 512, bias=False)

    def forward(self, pixel_values):
        x = self.embed(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        x = self.ln_pre(x)
        for blk in self.blocks:
            x = blk(x)
        return self.proj(self.ln_post(x[:, 0]))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'models/_bench/vitb32-random'
    src = os.path.join(os.path.dirname(__file__), '..', 'models', 'tiny-clip-vit')
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    torch.manual_seed(0)
    T.EMBED = 512
    vision = VisionB32().eval()
    # CLIP's text tower: 49408 tokens, 77 positions, width 512, 12 layers, 8 heads. The tiny tokenizer's ids all fit,
    # and its end-of-text id is still the largest id it emits, so argmax pooling behaves as in CLIP.
    tok = json.load(open(os.path.join(src, 'tokenizer.json')))
    eos = tok['model']['vocab']['<|endoftext|>']
    text = T.TextTower(49408, 77, eos, width=512, layers=12, heads=8, takes_mask=False).eval()
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
