#!/usr/bin/env python3
"""The paper's claim, measured on the synthetic world: does fine-tuning on hard negatives curated in this app make
a CLIP-style model more compositional than fine-tuning on the same pairs without them?

1. Base: a tiny CLIP (the CNN image tower of train.py) trained from scratch on correct demo pairs, no hard negatives.
2. Fine-tune the base two ways for the same steps on the same curated pairs, read from the app's NegCLIP-style export
   (negclip.tsv: title, filepath, neg_caption): (a) NegCLIP's loss, image->text cross-entropy over the batch's captions
   plus one hard-negative caption per pair, text->image over the captions only; (b) CLIP's loss without negatives.
3. Evaluate base, (a) and (b) on a held-out demo seed: per negative type, the share of cases where the model scores the
   image with its caption above the negative (SugarCrepe-style); Winoground text, image and group scores on image edits;
   and matched-vs-mismatched AUC, to see that plain alignment survives.

Run by training/claim.sh (npm run claim), which makes the data with the app's CLI first.
Needs Debian's python3-torch, python3-pil, python3-numpy and libopenblas0-pthread.
"""
import argparse
import ast
import copy
import csv
import json
import os
import sys
import time

# As in train.py: OpenBLAS's threads and kernels, set before torch is imported (blas.py says why).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blas  # noqa: E402

THREADS = blas.configure()

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from train import BpeTokenizer, Clip, TextTower, VisionCNN, clip_resize_crop, embed_all, normalize, roc_auc, warmup_cosine  # noqa: E402

torch.set_num_threads(THREADS)
csv.field_size_limit(1 << 24)


def load_image(path):
    return clip_resize_crop(np.asarray(Image.open(path).convert('RGB'), dtype=np.uint8))


def read_jsonl(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def load_folder_pairs(folder, only_matched=True):
    rows = [r for r in read_jsonl(os.path.join(folder, 'metadata.jsonl')) if r.get('kind') == 'pair' and (not only_matched or r.get('match'))]
    images = np.stack([load_image(os.path.join(folder, r['file_name'])) for r in rows])
    return [r['text'] for r in rows], images


def load_negclip(path):
    folder = os.path.dirname(path)
    texts, negs, files = [], [], []
    with open(path, newline='') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            texts.append(row['title'])
            negs.append(ast.literal_eval(row['neg_caption']))
            files.append(os.path.join(folder, row['filepath']))
    images = np.stack([load_image(p) for p in files])
    return texts, negs, images


def step_loss(model, tok, images, texts, negatives, idx, g, use_negatives):
    pix = normalize(images[idx])
    batch = [texts[i] for i in idx]
    iv = F.normalize(model.vision(pix), dim=-1)
    ids, mask = tok.batch(batch)
    tv = F.normalize(model.text(ids, mask), dim=-1)
    scale = model.logit_scale.exp().clamp(max=100)
    logits = scale * iv @ tv.T
    same = torch.tensor([[a == b for b in batch] for a in batch], dtype=torch.float)
    target = same / same.sum(1, keepdim=True)
    t2i = torch.sum(-target * logits.T.log_softmax(1), 1).mean()
    if not use_negatives:
        i2t = torch.sum(-target * logits.log_softmax(1), 1).mean()
        return (i2t + t2i) / 2
    # NegCLIP: each image also meets one hard-negative caption per pair of the batch (all wrong for every image).
    hard = []
    for i in idx:
        options = negatives[i]
        hard.append(options[int(torch.randint(len(options), (1,), generator=g))] if options else texts[i])
    hid, hmask = tok.batch(hard)
    hv = F.normalize(model.text(hid, hmask), dim=-1)
    logits_all = torch.cat([logits, scale * iv @ hv.T], 1)
    # A "negative" identical to a caption of the batch is not a negative: mask it out of the softmax.
    clash = torch.tensor([[h == b for h in hard] for b in batch], dtype=torch.bool)
    logits_all[:, logits.shape[1]:] = logits_all[:, logits.shape[1]:].masked_fill(clash, -1e4)
    target_all = torch.cat([target, torch.zeros(len(idx), len(idx))], 1)
    i2t = torch.sum(-target_all * logits_all.log_softmax(1), 1).mean()
    return (i2t + t2i) / 2


def train(model, tok, images, texts, negatives, steps, batch, lr, seed, use_negatives, log, name):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)
    sched = warmup_cosine(opt, steps)
    start = time.time()
    for step in range(steps):
        model.train()
        idx = torch.randint(len(texts), (batch,), generator=g).numpy()
        loss = step_loss(model, tok, images, texts, negatives, idx, g, use_negatives)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == steps - 1:
            log(f'{name} step {step}/{steps} loss {loss.item():.3f} {time.time() - start:.0f}s')
    return time.time() - start


# ---------- a second negative generator, for the held-out test only ----------
# The training negatives are the app's rules (core/negatives/rules.ts): they edit the caption's words in place — a
# relation to its opposite, one colour or count changed, "no" inserted, two objects or two colours exchanged. These
# are made another way: from the scene the image was drawn from, describing objects the caption may not name, with
# changes the rules never make — a relation turned to a perpendicular one, the second object replaced by another
# object that is in the picture, and negation of a kind that is there. Every positive is checked true of the scene and
# every negative false, with the world's own truth rule (core/synth/scene.ts: holds, isTrueOf).

RELATIONS = ['left of', 'right of', 'above', 'below']
PERPENDICULAR = {'left of': ['above', 'below'], 'right of': ['above', 'below'], 'above': ['left of', 'right of'], 'below': ['left of', 'right of']}
RADIUS = {'small': 0.085, 'large': 0.15}
COLORS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange']
SHAPES = ['circle', 'square', 'triangle', 'diamond']


def holds(a, relation, b):
    gap = 0.05 + (RADIUS[a['size']] + RADIUS[b['size']]) / 2
    if relation == 'left of':
        return b['x'] - a['x'] > gap and abs(a['y'] - b['y']) < 0.3
    if relation == 'right of':
        return a['x'] - b['x'] > gap and abs(a['y'] - b['y']) < 0.3
    if relation == 'above':
        return b['y'] - a['y'] > gap and abs(a['x'] - b['x']) < 0.3
    return a['y'] - b['y'] > gap and abs(a['x'] - b['x']) < 0.3


def named(o):
    return f"{'an' if o['color'][0] in 'aeiou' else 'a'} {o['color']} {o['shape']}"


def scene_cases(scene, rng):
    """At most one case per type for one image: (type, true caption, false caption)."""
    objs = scene['objects']
    kinds = {}
    for o in objs:
        kinds[(o['color'], o['shape'])] = kinds.get((o['color'], o['shape']), 0) + 1
    unique = [o for o in objs if kinds[(o['color'], o['shape'])] == 1]
    found = {'perpendicular relation': [], 'other object': [], 'negated present kind': []}
    for a in unique:
        for b in unique:
            if a is b:
                continue
            for rel in RELATIONS:
                if not holds(a, rel, b):
                    continue
                for p in PERPENDICULAR[rel]:
                    if not holds(a, p, b):
                        found['perpendicular relation'].append((f'{named(a)} {rel} {named(b)}', f'{named(a)} {p} {named(b)}'))
                for c in unique:
                    if c is not a and c is not b and not holds(a, rel, c):
                        found['other object'].append((f'{named(a)} {rel} {named(b)}', f'{named(a)} {rel} {named(c)}'))
    absent = [(c, s) for c in COLORS for s in SHAPES if (c, s) not in kinds]
    for a in unique:
        for b in unique:
            if a is not b and absent:
                c, sh = absent[int(rng.integers(len(absent)))]
                found['negated present kind'].append((f'{named(a)} and no {c} {sh}', f'{named(a)} and no {b["color"]} {b["shape"]}'))
    return [(t, *options[int(rng.integers(len(options)))]) for t, options in found.items() if options]


def alt_cases(test_dir, seed=0):
    rng = np.random.default_rng(seed)
    rows = [r for r in read_jsonl(os.path.join(test_dir, 'metadata.jsonl')) if r.get('kind') == 'pair' and r.get('match') and r.get('synth_scene')]
    return [(r['file_name'], *case) for r in rows for case in scene_cases(r['synth_scene'], rng)]


def evaluate(model, tok, test_dir):
    """Per type accuracy on the held-out negatives (correct pairs only), Winoground on image edits, and AUC."""
    meta = {r['file_name'] + '\0' + r['text']: r for r in read_jsonl(os.path.join(test_dir, 'metadata.jsonl')) if r.get('kind') == 'pair'}
    negs = [n for n in read_jsonl(os.path.join(test_dir, 'negatives.jsonl')) if meta.get(n['file_name'] + '\0' + n['text'], {}).get('match')]
    cache = {}

    def img(path):
        if path not in cache:
            cache[path] = load_image(os.path.join(test_dir, path))
        return cache[path]

    pairs = {}
    for n in negs:
        pairs[(n['file_name'], n['text'])] = None
        if n.get('negative_text') is not None:
            pairs[(n['file_name'], n['negative_text'])] = None
        if n.get('negative_file_name'):
            pairs[(n['negative_file_name'], n['text'])] = None
            if n.get('negative_text') is not None:
                pairs[(n['negative_file_name'], n['negative_text'])] = None
    # The second generator's cases: scored the same way, each a type of its own.
    alt = alt_cases(test_dir)
    for f, _, good, bad in alt:
        pairs[(f, good)] = None
        pairs[(f, bad)] = None
    keys = list(pairs)
    iv, tv = embed_all(model, tok, np.stack([img(k[0]) for k in keys]), [k[1] for k in keys])
    sims = (iv * tv).sum(-1).numpy()
    s = {k: float(v) for k, v in zip(keys, sims)}
    per_type, wino = {}, {'n': 0, 'text': 0, 'image': 0, 'group': 0}
    for n in negs:
        pos = s[(n['file_name'], n['text'])]
        edit = n['family'] == 'image-edit'
        if n['modality'] == 'text':
            ok = pos > s[(n['file_name'], n['negative_text'])]
        else:
            ok = pos > s[(n['negative_file_name'], n['text'])]
        key = f"{n['type']} (image edit)" if edit else n['type']
        t = per_type.setdefault(key, [0, 0])
        t[0] += 1
        t[1] += int(ok)
        if edit:
            c00, c01 = pos, s[(n['negative_file_name'], n['text'])]
            c10, c11 = s[(n['file_name'], n['negative_text'])], s[(n['negative_file_name'], n['negative_text'])]
            text_ok = c00 > c10 and c11 > c01
            image_ok = c00 > c01 and c11 > c10
            wino['n'] += 1
            wino['text'] += int(text_ok)
            wino['image'] += int(image_ok)
            wino['group'] += int(text_ok and image_ok)
    for f, kind, good, bad in alt:
        t = per_type.setdefault(f'other generator: {kind}', [0, 0])
        t[0] += 1
        t[1] += int(s[(f, good)] > s[(f, bad)])
    rows = [r for r in meta.values() if r.get('kind') == 'pair']
    di, dt = embed_all(model, tok, np.stack([img(r['file_name']) for r in rows]), [r['text'] for r in rows])
    auc = roc_auc((di * dt).sum(-1).numpy(), [bool(r.get('match')) for r in rows])
    return {
        'per_type': {k: {'n': v[0], 'accuracy': v[1] / v[0]} for k, v in sorted(per_type.items())},
        'winoground': {k: (wino[k] / wino['n'] if k != 'n' else wino['n']) for k in wino} if wino['n'] else None,
        'auc': auc,
        'cases': len(negs),
    }


def table(results, trained_types):
    names = list(results)
    types = sorted({t for r in results.values() for t in r['per_type']})
    pct = lambda x: f'{100 * x:.1f}'
    lines = ['| held-out type | n | ' + ' | '.join(names) + ' |', '|---|---:|' + '---:|' * len(names)]
    for t in types:
        base = t.replace(' (image edit)', '')
        mark = ' ‡' if base.startswith('other generator') else '' if base in trained_types else ' †'
        lines.append(f'| {t}{mark} | {results[names[0]]["per_type"][t]["n"]} | ' + ' | '.join(pct(results[m]['per_type'][t]['accuracy']) for m in names) + ' |')
    w = results[names[0]]['winoground']
    if w:
        for k in ['text', 'image', 'group']:
            lines.append(f'| Winoground {k} (image edits) | {w["n"]} | ' + ' | '.join(pct(results[m]['winoground'][k]) for m in names) + ' |')
    lines.append(f'| matched vs mismatched AUC | – | ' + ' | '.join(f'{results[m]["auc"]:.4f}' for m in names) + ' |')
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', default='training/out/claim')
    ap.add_argument('--tokenizer', default='models/tiny-clip-cnn/tokenizer.json')
    ap.add_argument('--base-steps', type=int, default=600)
    ap.add_argument('--ft-steps', type=int, default=300)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--ft-lr', type=float, default=2e-4)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--trained-types', default='color,count,position,negation,swap,trigram-shuffle')
    args = ap.parse_args()
    log = lambda m: print(m, flush=True)
    cfg = json.load(open(os.path.join(os.path.dirname(args.tokenizer), 'config.json')))
    tok = BpeTokenizer(args.tokenizer, cfg['text_config']['max_position_embeddings'])
    t0 = time.time()
    base_texts, base_images = load_folder_pairs(os.path.join(args.work, 'base'))
    ft_texts, ft_negs, ft_images = load_negclip(os.path.join(args.work, 'export', 'negclip.tsv'))
    log(f'data: {len(base_texts)} base pairs, {len(ft_texts)} curated pairs with {sum(len(n) for n in ft_negs)} negative captions ({time.time() - t0:.0f}s)')

    torch.manual_seed(args.seed)
    base = Clip(VisionCNN(), TextTower(len(tok.vocab), tok.context, tok.eos))
    secs = train(base, tok, base_images, base_texts, [[] for _ in base_texts], args.base_steps, args.batch, 1e-3, args.seed, False, log, 'base')
    results = {'base (no hard negatives)': evaluate(base, tok, os.path.join(args.work, 'test'))}
    timings = {'base': round(secs)}
    for name, use in [('fine-tuned, same pairs, no negatives', False), ('fine-tuned with the curated hard negatives (NegCLIP loss)', True)]:
        model = copy.deepcopy(base)
        secs = train(model, tok, ft_images, ft_texts, ft_negs, args.ft_steps, args.batch, args.ft_lr, args.seed + 1, use, log, name)
        timings[name] = round(secs)
        results[name] = evaluate(model, tok, os.path.join(args.work, 'test'))
    trained = set(args.trained_types.split(','))
    md = table(results, trained)
    print(md)
    out = {'args': vars(args), 'timings_s': timings, 'results': results, 'table': md}
    json.dump(out, open(os.path.join(args.work, 'results.json'), 'w'), indent=2)
    open(os.path.join(args.work, 'results.md'), 'w').write(md + '\n')
    log(f'written {os.path.join(args.work, "results.md")} in {time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
