#!/usr/bin/env python3
"""Train the two tiny CLIP-style models (CNN and ViT image towers, Transformer text towers) on synthetic scenes
rendered by the TypeScript renderer (training/make_data.ts), and export them in the Hugging Face CLIP ONNX layout.

Usage: /usr/bin/python3 training/train.py --data training/out/data --out models [--steps 2000]
Needs Debian's python3-torch, python3-onnx, python3-pil, python3-numpy and libopenblas0-pthread.
"""
import argparse
import base64
import json
import math
import os
import re
import shutil
import time
import unicodedata

# OpenBLAS's threads and kernels, set before torch is imported (blas.py says why).
import blas  # noqa: E402

THREADS = blas.configure()

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

torch.set_num_threads(THREADS)

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
INPUT = 64
VISION_CHUNK = 160
EMBED = 64


# ---------- preprocessing: CLIPImageProcessor's steps, with PIL ----------

def clip_resize_crop(rgb):
    """Resize the shortest edge to INPUT with PIL bicubic, then centre-crop INPUT x INPUT (uint8 HWC)."""
    h, w = rgb.shape[:2]
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = INPUT, int(INPUT * long / short)
    nw, nh = (new_short, new_long) if w <= h else (new_long, new_short)
    im = Image.fromarray(rgb, 'RGB')
    if (nw, nh) != (w, h):
        im = im.resize((nw, nh), Image.BICUBIC)
    top, left = (nh - INPUT) // 2, (nw - INPUT) // 2
    return np.asarray(im, dtype=np.uint8)[top:top + INPUT, left:left + INPUT]


def normalize(u8):
    """uint8 NHWC -> float32 NCHW, rescaled by 1/255 and normalized with CLIP's mean and std."""
    x = torch.from_numpy(u8).float().permute(0, 3, 1, 2) * (1 / 255.0)
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


# ---------- tokenizer: CLIP's BPE on tokenizer.json ----------

def bytes_to_unicode():
    """GPT-2/CLIP's reversible map from bytes to printable characters (clip/simple_tokenizer.py)."""
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


class BpeTokenizer:
    def __init__(self, path, context):
        spec = json.load(open(path))
        self.vocab = spec['model']['vocab']
        self.ranks = {tuple(m.split(' ')): i for i, m in enumerate(spec['model']['merges'])}
        self.bos = self.vocab['<|startoftext|>']
        self.eos = self.vocab['<|endoftext|>']
        self.context = context
        self.byte_chars = bytes_to_unicode()
        # The tokenizer.json Split regex, in Python's re: letters, single digits, other non-space runs.
        self.pattern = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|[^\s\w]+|_+", re.UNICODE)
        self.cache = {}

    def bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = list(word[:-1]) + [word[-1] + '</w>']
        while len(symbols) > 1:
            pairs = [(self.ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
            rank, at = min(pairs)
            if rank == math.inf:
                break
            a, b = symbols[at], symbols[at + 1]
            merged = []
            i = 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
                    merged.append(a + b)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        self.cache[word] = symbols
        return symbols

    def encode(self, text):
        text = re.sub(r'\s+', ' ', unicodedata.normalize('NFC', text)).lower()
        ids = [self.bos]
        for piece in self.pattern.findall(text):
            word = ''.join(self.byte_chars[b] for b in piece.encode('utf-8'))
            ids.extend(self.vocab[t] for t in self.bpe(word))
        ids = ids[:self.context - 1] + [self.eos]
        return ids

    def batch(self, texts):
        """Pad to the longest in the batch with EOS (CLIP's pad token); mask marks real tokens."""
        enc = [self.encode(t) for t in texts]
        width = max(len(e) for e in enc)
        ids = torch.full((len(enc), width), self.eos, dtype=torch.long)
        mask = torch.zeros((len(enc), width), dtype=torch.long)
        for i, e in enumerate(enc):
            ids[i, :len(e)] = torch.tensor(e)
            mask[i, :len(e)] = 1
        return ids, mask


# ---------- models ----------

class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask=None):
        b, n, w = x.shape
        qkv = self.qkv(self.ln1(x)).reshape(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(w // self.heads))
        if mask is not None:
            att = att + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x))


class TextTower(nn.Module):
    """Causal Transformer pooled at the end-of-text token, as CLIP's text model is."""

    def __init__(self, vocab, context, eos, width=128, layers=3, heads=4, takes_mask=False):
        super().__init__()
        self.takes_mask = takes_mask
        self.eos = eos
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Parameter(torch.randn(context, width) * 0.01)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(width)
        self.proj = nn.Linear(width, EMBED, bias=False)

    def forward(self, input_ids, attention_mask=None):
        b, n = input_ids.shape
        x = self.tok(input_ids) + self.pos[:n]
        mask = torch.triu(torch.ones(n, n), diagonal=1) * -1e4
        mask = mask.view(1, 1, n, n)
        if self.takes_mask and attention_mask is not None:
            mask = mask + (1.0 - attention_mask.view(b, 1, 1, n).float()) * -1e4
            index = attention_mask.sum(-1) - 1
        else:
            # EOS has the largest id, so argmax finds the first EOS (CLIP's own pooling rule).
            index = input_ids.argmax(-1)
        for blk in self.blocks:
            x = blk(x, mask)
        x = self.ln(x)
        pooled = x.gather(1, index.view(b, 1, 1).expand(b, 1, x.shape[-1])).squeeze(1)
        return self.proj(pooled)


class VisionViT(nn.Module):
    def __init__(self, patch=8, width=96, layers=3, heads=4, image=None, embed=None, pool='cls', token_dims=0):
        super().__init__()
        image = image or INPUT
        self.pool = pool
        self.embed = nn.Conv2d(3, width, patch, patch)
        n = (image // patch) ** 2
        self.cls = nn.Parameter(torch.zeros(1, 1, width))
        self.pos = nn.Parameter(torch.randn(1, n + 1, width) * 0.02)
        self.ln_pre = nn.LayerNorm(width)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width)
        if pool == 'cls':
            self.proj = nn.Linear(width, embed or EMBED, bias=False)
        else:
            # 'flatten': every patch token through its own weights, as the CNN's head reads its grid, so where a
            # token sits survives into the embedding (a class token's attention average can lose it).
            # token_dims: each token first projected to that many channels, so the head's weights stay small.
            per = token_dims or width
            squeeze = [nn.Linear(width, per)] if token_dims else []
            self.proj = nn.Sequential(*squeeze, nn.Flatten(), nn.Linear(n * per, 256), nn.GELU(), nn.Linear(256, embed or EMBED))

    def forward(self, pixel_values):
        x = self.embed(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        x = self.ln_pre(x)
        for blk in self.blocks:
            x = blk(x)
        x = self.ln_post(x)
        return self.proj(x[:, 0] if self.pool == 'cls' else x[:, 1:])


class VisionCNN(nn.Module):
    """Strided convolutions with coordinate channels (positions matter: 'left of', 'above'), flattened, projected."""

    def __init__(self):
        super().__init__()
        ys, xs = torch.meshgrid(torch.linspace(-1, 1, INPUT), torch.linspace(-1, 1, INPUT), indexing='ij')
        self.register_buffer('coords', torch.stack([xs, ys]).unsqueeze(0))

        def block(i, o, s):
            return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU())

        # Stride 2 from the first layer: CPU convolutions at full resolution cost most of a training step (a first
        # layer at stride 1 made a step 5x slower).
        self.features = nn.Sequential(block(5, 32, 2), block(32, 64, 2), block(64, 96, 2), block(96, 128, 2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(128 * 4 * 4, 256), nn.ReLU(), nn.Linear(256, EMBED))

    def forward(self, pixel_values):
        coords = self.coords.expand(pixel_values.shape[0], -1, -1, -1)
        return self.head(self.features(torch.cat([pixel_values, coords], 1)))


COLORS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange']
SHAPES = ['circle', 'square', 'triangle', 'diamond']


class Clip(nn.Module):
    def __init__(self, vision, text):
        super().__init__()
        self.vision = vision
        self.text = text
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        # Training only (never exported): reads, from the image embedding, which kinds of object the scene holds and
        # where (--aux-weight), so that the embedding keeps positions per kind, which relations are made of.
        self.aux = nn.Linear(EMBED, len(COLORS) * len(SHAPES) * 4)
        # Training only too (--text-aux-weight): reads, from the caption's embedding, which kinds it says are there.
        # Without it the text towers embedded "a red circle" and "a red square" at cosine 0.993 (shape 82%).
        self.aux_text = nn.Linear(EMBED, len(COLORS) * len(SHAPES))


MENTION = re.compile(r'\b(no )?(' + '|'.join(COLORS) + r') (' + '|'.join(SHAPES) + r')s?\b')


def mentioned_kinds(texts):
    """Per caption, for each colour-shape kind: 1 when the caption says one is there ("no red circle" does not)."""
    out = torch.zeros(len(texts), len(COLORS) * len(SHAPES))
    for j, t in enumerate(texts):
        for m in MENTION.finditer(t):
            if not m.group(1):
                out[j, COLORS.index(m.group(2)) * len(SHAPES) + SHAPES.index(m.group(3))] = 1
    return out


def object_targets(rows, idx):
    """Per row, for each colour-shape kind: present (0/1), the mean centre (x, y) and the share of large ones."""
    k = len(COLORS) * len(SHAPES)
    present = torch.zeros(len(idx), k)
    attrs = torch.zeros(len(idx), k, 3)
    for j, i in enumerate(idx):
        for color, shape, size, x, y in rows[i]['objects']:
            c = COLORS.index(color) * len(SHAPES) + SHAPES.index(shape)
            present[j, c] += 1
            attrs[j, c] += torch.tensor([x, y, 1.0 if size == 'large' else 0.0])
    attrs = attrs / present.clamp(min=1).unsqueeze(-1)
    return (present > 0).float(), attrs


# ---------- data ----------

def load_images(path, count, size):
    raw = np.memmap(path, dtype=np.uint8, mode='r').reshape(count, size, size, 3)
    return np.stack([clip_resize_crop(np.array(raw[i])) for i in range(count)])


def load_split(data, name, size):
    rows = [json.loads(line) for line in open(os.path.join(data, f'{name}.jsonl'))]
    return rows, load_images(os.path.join(data, f'{name}.u8'), len(rows), size)


def embed_all(model, tok, images_u8, texts, batch=256):
    model.eval()
    with torch.no_grad():
        iv = torch.cat([F.normalize(model.vision(normalize(images_u8[i:i + batch])), dim=-1) for i in range(0, len(images_u8), batch)])
        tv = []
        for i in range(0, len(texts), batch):
            ids, mask = tok.batch(texts[i:i + batch])
            tv.append(F.normalize(model.text(ids, mask), dim=-1))
        return iv, torch.cat(tv)


def roc_auc(scores, labels):
    """Probability that a random positive scores above a random negative (ties count half)."""
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    s = np.asarray(scores)[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    labels = np.asarray(labels, dtype=bool)
    pos, neg = labels.sum(), (~labels).sum()
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def evaluate(model, tok, val, demo):
    (val_rows, val_images), (demo_rows, demo_images) = val, demo
    iv, tv = embed_all(model, tok, val_images[:1000], [r['text'] for r in val_rows[:1000]])
    sims = iv @ tv.T
    texts = [r['text'] for r in val_rows[:1000]]
    # A retrieved caption counts as right when its text equals the image's own (identical captions are common).
    i2t = float(np.mean([texts[int(sims[i].argmax())] == texts[i] for i in range(len(texts))]))
    di, dt = embed_all(model, tok, demo_images, [r['text'] for r in demo_rows])
    cos = (di * dt).sum(-1).numpy()
    labels = np.array([bool(r['match']) for r in demo_rows])
    # Random mismatches (the long-standing figure) and near-misses (one word or relation off) apart.
    near = np.array([str(r.get('mismatch') or '').startswith('near-miss') for r in demo_rows])
    rand = ~labels & ~near
    metrics = {
        'val_image_to_text_top1_of_1000': round(i2t, 4),
        'demo_auc_matched_vs_mismatched': round(roc_auc(cos[labels | rand], labels[labels | rand]), 4),
        'demo_mean_cos_matched': round(float(cos[labels].mean()), 4),
        'demo_mean_cos_mismatched': round(float(cos[rand].mean()), 4),
    }
    if near.any():
        metrics['demo_auc_matched_vs_near_miss'] = round(roc_auc(cos[labels | near], labels[labels | near]), 4)
    return metrics


def warmup_cosine(opt, steps):
    """Linear warm-up over the first 5% of steps, then cosine decay to zero."""
    warm = max(1, steps // 20)
    return torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))


def multi_positive_loss(logits, target):
    """Cross-entropy against a target spread evenly over the positives of each row."""
    return torch.sum(-(target / target.sum(1, keepdim=True)) * logits.log_softmax(1), 1).mean()


def train(name, model, tok, train_set, steps, batch, seed, log, negatives=None, pair_weight=0.0, lr=1e-3, aux_weight=0.0, text_aux_weight=0.0, shape_share=0.0):
    """CLIP's symmetric contrastive loss over the batch. With the app's hard negatives (`negatives`: the rows' twin
    images and shuffled images), each row brings its twin pair too — a rule rewrite of its caption with the image
    edit that matches it — so every image meets a caption one word or relation off, and every caption an image one
    edit off; half the rows add their shuffled image, a negative for every caption. With `shape_share`, that share of
    the rows brings its shape twin too (one object's shape replaced in place), when the data has them."""
    rows, images = train_set
    texts = [r['text'] for r in rows]
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)
    sched = warmup_cosine(opt, steps)
    start = time.time()
    fit = []  # per step: the share of rows whose image scores its caption above its twin's
    for step in range(steps):
        model.train()
        idx = torch.randint(len(texts), (batch,), generator=g).numpy()
        col_texts = [texts[i] for i in idx]
        pix = [normalize(images[idx])]
        img_texts = list(col_texts)  # the caption each image is paired with (None: a negative for every caption)
        pairs = []  # (row position in the batch, its twin's position): the two-way choices
        if negatives is not None:
            twins, shuffles, shapes = negatives
            with_twin = [j for j, i in enumerate(idx) if rows[i].get('neg')]
            with_shape = [j for j, i in enumerate(idx[: int(batch * shape_share)]) if shapes is not None and rows[i].get('shape')]
            for kind, images_of, chosen in (('neg', twins, with_twin), ('shape', shapes, with_shape)):
                pairs += [(j, len(img_texts) + k) for k, j in enumerate(chosen)]
                col_texts += [rows[idx[j]][kind]['text'] for j in chosen]
                img_texts += [rows[idx[j]][kind]['text'] for j in chosen]
                if chosen:
                    pix.append(normalize(images_of[idx[chosen]]))
            shuffled = idx[: batch // 2]
            img_texts += [None] * len(shuffled)
            pix.append(normalize(shuffles[shuffled]))
        pix = torch.cat(pix)
        ids, mask = tok.batch(col_texts)
        # In chunks of at most VISION_CHUNK images: past about 250 images a step the CNN's one-thread convolutions
        # ran 2x slower (caches, by the look of it). The ViT's result is the same; the CNN's batch norm then
        # takes its statistics per chunk.
        raw = torch.cat([model.vision(c) for c in pix.split(math.ceil(len(pix) / math.ceil(len(pix) / VISION_CHUNK)))])
        iv = F.normalize(raw, dim=-1)
        traw = model.text(ids, mask)
        tv = F.normalize(traw, dim=-1)
        scale = model.logit_scale.exp().clamp(max=100)
        # An image's positives are the captions equal to its own (identical captions are common); a shuffled image has none.
        target = torch.tensor([[a is not None and a == b for b in col_texts] for a in img_texts], dtype=torch.float)
        paired = target.sum(1) > 0
        logits = scale * iv @ tv.T
        loss = (multi_positive_loss(logits[paired], target[paired]) + multi_positive_loss(logits.T, target.T)) / 2
        if pairs and pair_weight:
            # NegCLIP's focus on the hard pair: each row and its twin, alone, four two-way choices (each image
            # between its caption and the rewrite, each caption between its image and the edit).
            at = torch.tensor([a for a, _ in pairs])
            tw = torch.tensor([b for _, b in pairs])
            same, cross = logits[at, at], logits[tw, tw]
            a_b, b_a = logits[at, tw], logits[tw, at]  # row image with twin caption, twin image with row caption
            two = lambda good, bad: F.softplus(bad - good).mean()  # cross-entropy of a two-way choice
            loss = loss + pair_weight * (two(same, a_b) + two(cross, b_a) + two(same, b_a) + two(cross, a_b)) / 4
            fit.append(float((same > a_b).float().mean()))
        if aux_weight:
            present, attrs = object_targets(rows, idx)
            out = model.aux(raw[:batch]).view(batch, -1, 4)
            aux = F.binary_cross_entropy_with_logits(out[..., 0], present)
            # Centre and size of each kind present, scaled to about ±2.
            aux = aux + ((out[..., 1:] - (attrs - 0.5) * 4) ** 2 * present.unsqueeze(-1)).sum() / present.sum().clamp(min=1)
            loss = loss + aux_weight * aux
        if text_aux_weight:
            loss = loss + text_aux_weight * F.binary_cross_entropy_with_logits(model.aux_text(traw), mentioned_kinds(col_texts))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == steps - 1:
            twin_fit = f' twin fit {np.mean(fit[-100:]):.2f}' if fit else ''
            log(f'{name} step {step}/{steps} loss {loss.item():.3f} scale {scale.item():.1f}{twin_fit} {time.time() - start:.0f}s')
    return time.time() - start


# ---------- export ----------

def export(name, model, tok, out, data_info, metrics, meta, references):
    """Write the model folder beside its final name and swap it in when complete: a run cut off leaves the old
    model whole (the int8 files of the old model go with it: quantize.py makes the new ones)."""
    final = os.path.join(out, name)
    d = final + '.partial'
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, 'onnx'), exist_ok=True)
    model.eval()
    dummy_pix = torch.zeros(2, 3, INPUT, INPUT)
    torch.onnx.export(model.vision, (dummy_pix,), os.path.join(d, 'onnx', 'vision_model.onnx'), input_names=['pixel_values'], output_names=['image_embeds'],
                      dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'}}, opset_version=17, do_constant_folding=True)
    ids, mask = tok.batch(['a red circle', 'two blue squares left of a green diamond'])
    if model.text.takes_mask:
        args, names = (ids, mask), ['input_ids', 'attention_mask']
    else:
        args, names = (ids,), ['input_ids']
    torch.onnx.export(model.text, args, os.path.join(d, 'onnx', 'text_model.onnx'), input_names=names, output_names=['text_embeds'],
                      dynamic_axes={**{n: {0: 'batch_size', 1: 'sequence_length'} for n in names}, 'text_embeds': {0: 'batch_size'}}, opset_version=17, do_constant_folding=True)
    for f in ['tokenizer.json', 'tokenizer_config.json']:
        with open(os.path.join(meta['data'], f)) as src, open(os.path.join(d, f), 'w') as dst:
            dst.write(src.read())
    json.dump({
        'image_processor_type': 'CLIPImageProcessor', 'do_resize': True, 'size': {'shortest_edge': INPUT}, 'resample': 3,
        'do_center_crop': True, 'crop_size': {'height': INPUT, 'width': INPUT}, 'do_rescale': True, 'rescale_factor': 1 / 255,
        'do_normalize': True, 'image_mean': MEAN, 'image_std': STD, 'do_convert_rgb': True,
    }, open(os.path.join(d, 'preprocessor_config.json'), 'w'), indent=2)
    json.dump({
        'model_type': 'clip', 'architectures': ['CLIPModel'], 'projection_dim': EMBED, 'logit_scale': float(model.logit_scale.exp().clamp(max=100)),
        'text_config': {'vocab_size': len(tok.vocab), 'max_position_embeddings': tok.context, 'bos_token_id': tok.bos, 'eos_token_id': tok.eos, 'pad_token_id': tok.eos},
        'vision_config': {'image_size': INPUT, 'tower': meta['tower']},
        'clip_curator': {'display_name': meta['display_name'], 'tower': meta['tower'], 'world': 'synthetic-scenes'},
    }, open(os.path.join(d, 'config.json'), 'w'), indent=2)
    json.dump({**meta, 'data': data_info, 'metrics': metrics}, open(os.path.join(d, 'manifest.json'), 'w'), indent=2)
    # Reference embeddings from PyTorch for the Node and browser parity tests.
    pix = normalize(references['images'])
    ids, mask = tok.batch(references['texts'])
    with torch.no_grad():
        iv = model.vision(pix)
        tv = model.text(ids, mask)
    json.dump({'texts': references['texts'], 'image_embeds': iv.tolist(), 'text_embeds': tv.tolist()}, open(os.path.join(d, 'reference.json'), 'w'))
    old = final + '.old'
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(final):
        os.rename(final, old)
    os.rename(d, final)
    shutil.rmtree(old, ignore_errors=True)


def b64(arr):
    return base64.b64encode(np.ascontiguousarray(arr, dtype=np.float32).tobytes()).decode()


# What each tower is trained with by default (command-line options override them for every tower).
RECIPES = {
    'cnn': {'embed': 256, 'hard_negatives': True, 'pair_weight': 1.0, 'aux_weight': 1.0, 'text_aux_weight': 1.0, 'shape_share': 0.5, 'batch': 96, 'steps': 2600},
    # The ViT reads every patch token (projected to 16 channels) through its own weights: with its class token it
    # stayed at chance on relations (training/README.md).
    'vit': {'embed': 256, 'hard_negatives': True, 'pair_weight': 1.0, 'aux_weight': 1.0, 'text_aux_weight': 1.0, 'shape_share': 0.5, 'batch': 96, 'steps': 2500,
            'pool': 'flatten', 'token_dims': 16},
}


def write_references(args, tok, info, val):
    os.makedirs(os.path.join(args.out, 'reference'), exist_ok=True)
    samples = [r['text'] for r in val[0][:40]] + ['A Cat, on the SOFA!', 'two  small   red circles', '犬が二匹 🐕', "it's 3 o'clock"]
    json.dump({'texts': samples, 'ids': [tok.encode(t) for t in samples]}, open(os.path.join(args.out, 'reference', 'tokenizer.json'), 'w'))
    raw = np.memmap(os.path.join(args.data, 'val.u8'), dtype=np.uint8, mode='r').reshape(-1, info['imageSize'], info['imageSize'], 3)
    crops = [np.array(raw[0]), np.array(raw[1])[:, 10:110], np.array(raw[2])[20:120, :], np.array(raw[3])[:50, :70]]
    json.dump({'images': [{'height': c.shape[0], 'width': c.shape[1], 'rgb': base64.b64encode(c.tobytes()).decode(),
                           'pixel_values': b64(normalize(clip_resize_crop(c)[None]).numpy())} for c in crops]},
              open(os.path.join(args.out, 'reference', 'preprocess.json'), 'w'))


def main():
    global EMBED
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='training/out/data')
    ap.add_argument('--out', default='models')
    # Per tower: npm run train (training/train.sh) trains both side by side on one thread each; on 2 CPU cores the CNN's
    # 2,600 steps and the ViT's 2,500 fit in the hour's budget with the data and the int8 files (3,574 s, 2026-11-30).
    ap.add_argument('--steps', type=int, help='training steps for every tower (default: cnn 2600, vit 2500)')
    ap.add_argument('--batch', type=int, help='batch size (default: per tower)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--only', choices=['cnn', 'vit'])
    # Per tower by default (RECIPES): the CNN learns relations with the hard negatives, the two-way loss and the
    # auxiliary head; the ViT does too when it reads its patch tokens through a flatten head (training/README.md).
    ap.add_argument('--embed', type=int, help='embedding width of both towers (default: per tower)')
    ap.add_argument('--pair-weight', type=float, help='weight of the two-way loss on each row and its twin (default: per tower)')
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--vit-width', type=int, default=96, help='width of the ViT image tower')
    ap.add_argument('--vit-token-dims', type=int, help='with --vit-pool flatten: project each token to this many channels first (a smaller head; default: per tower)')
    ap.add_argument('--vit-pool', choices=['cls', 'flatten'], help="the ViT's pooling: its class token, or every patch token through its own weights (default: per tower)")
    ap.add_argument('--aux-weight', type=float, help='weight of the auxiliary loss reading kinds and positions from the image embedding (rows need "objects")')
    ap.add_argument('--shape-share', type=float, help='share of each batch whose rows bring their shape twin too (default: per tower)')
    ap.add_argument('--text-aux-weight', type=float, help='weight of the auxiliary loss reading the kinds a caption names from its embedding')
    ap.add_argument('--no-hard-negatives', action='store_true', help="plain CLIP loss, without the app's hard negatives (both towers' recipes use them)")
    ap.add_argument('--hard-negatives', action='store_true', help="train every tower with the app's hard negatives")
    args = ap.parse_args()
    log = lambda m: print(m, flush=True)
    info = json.load(open(os.path.join(args.data, 'data.json')))
    tok = BpeTokenizer(os.path.join(args.data, 'tokenizer.json'), info['contextLength'])
    t0 = time.time()
    train_set = load_split(args.data, 'train', info['imageSize'])
    negatives = None
    if os.path.exists(os.path.join(args.data, 'train_neg.u8')) and not args.no_hard_negatives and (args.hard_negatives or any(r['hard_negatives'] for r in RECIPES.values())):
        negatives = tuple(load_images(os.path.join(args.data, f'train_{k}.u8'), len(train_set[0]), info['imageSize']) for k in ('neg', 'shuf'))
        shape_file = os.path.join(args.data, 'train_shape.u8')
        # Shape twins (make_data.ts writes them since 2026-11-30; older data trains without them).
        negatives += (load_images(shape_file, len(train_set[0]), info['imageSize']) if os.path.exists(shape_file) else None,)
    val = load_split(args.data, 'val', info['imageSize'])
    demo = load_split(args.data, 'demo', info['imageSize'])
    log(f'data loaded and preprocessed in {time.time() - t0:.0f}s')

    # Tokenizer and preprocessing references, for the TypeScript side's tests (written once when both towers train
    # at once: training/train.sh runs --only cnn beside --only vit).
    if args.only != 'vit':
        write_references(args, tok, info, val)
    references = {'images': val[1][:8], 'texts': [r['text'] for r in val[0][:8]]}

    towers = [('cnn', 'tiny-clip-cnn', 'Tiny CLIP (CNN image tower)', lambda: VisionCNN(), False),
              ('vit', 'tiny-clip-vit', 'Tiny CLIP (ViT image tower)', lambda: VisionViT(width=args.vit_width, pool=args.vit_pool or RECIPES['vit'].get('pool', 'cls'),
                                                                                  token_dims=RECIPES['vit'].get('token_dims', 0) if args.vit_token_dims is None else args.vit_token_dims), True)]
    for tower, name, display, make_vision, takes_mask in towers:
        if args.only and args.only != tower:
            continue
        recipe = RECIPES[tower]
        EMBED = args.embed or recipe['embed']
        tower_negatives = negatives if (args.hard_negatives or recipe['hard_negatives']) else None
        pair_weight = recipe['pair_weight'] if args.pair_weight is None else args.pair_weight
        batch = args.batch or recipe['batch']
        torch.manual_seed(args.seed)
        model = Clip(make_vision(), TextTower(len(tok.vocab), tok.context, tok.eos, takes_mask=takes_mask))
        # The exported towers and the logit scale (the auxiliary head is for training only).
        params = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("aux"))
        log(f'{name}: {params} parameters')
        steps = args.steps or recipe['steps']
        wanted_aux = recipe['aux_weight'] if args.aux_weight is None else args.aux_weight
        aux_weight = wanted_aux if 'objects' in train_set[0][0] else 0.0
        if wanted_aux and not aux_weight:
            log('no "objects" in the training rows (older make_data output): training without the auxiliary loss')
        text_aux_weight = recipe.get('text_aux_weight', 0.0) if args.text_aux_weight is None else args.text_aux_weight
        shape_share = (recipe.get('shape_share', 0.0) if args.shape_share is None else args.shape_share) if tower_negatives is not None and tower_negatives[2] is not None else 0.0
        seconds = train(name, model, tok, train_set, steps, batch, args.seed, log, tower_negatives, pair_weight, args.lr, aux_weight, text_aux_weight, shape_share)
        metrics = evaluate(model, tok, val, demo)
        log(f'{name}: {metrics}')
        meta = {'name': name, 'display_name': display, 'tower': tower, 'seed': args.seed, 'steps': steps, 'batch': batch,
                'parameters': params, 'train_seconds': round(seconds), 'torch': torch.__version__, 'data': args.data,
                'text_inputs': ['input_ids', 'attention_mask'] if takes_mask else ['input_ids'],
                'embed': EMBED,
                'pair_weight': pair_weight if tower_negatives is not None else 0.0,
                'aux_weight': aux_weight,
                'text_aux_weight': text_aux_weight,
                'shape_share': shape_share,
                'hard_negatives': None if tower_negatives is None else {
                    'loss': 'CLIP loss over each row and its twin (a rule rewrite of the caption with the matching image edit), '
                            'plus shuffled images of half the rows as negatives for every caption; with pair_weight, '
                            "NegCLIP's two-way choices on each row and its twin; with aux_weight, a training-only head "
                            'reading each colour-shape kind, its centre and size from the image embedding',
                    'data': info.get('hardNegatives')},
                'retrain': 'npm run train (see training/README.md)'}
        export(name, model, tok, args.out, info, metrics, meta, references)


if __name__ == '__main__':
    main()
