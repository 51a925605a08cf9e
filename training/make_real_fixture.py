#!/usr/bin/env python3
"""Build the real-format CLIP fixture (fixtures/clip-real/): a model folder in the exact layout of
Xenova/clip-vit-base-patch32 — CLIP's real 49,408-token vocabulary and merges in a tokenizer.json built the way
transformers' CLIPConverter builds it, both tokenizer_config.json forms, the preprocessor config in its original form,
ONNX files with Xenova's input and output names — but with a small random-weight model, so that it can be committed.
It also writes the references the Node and browser tests compare against: token ids from an independent tokenizer
(openai's simple_tokenizer, read straight from the BPE merge file), and embeddings from PyTorch on PIL's decode and
CLIPImageProcessor's steps (PIL bicubic resize of the shortest edge, centre crop, rescale, normalize).

Usage: /usr/bin/python3 training/make_real_fixture.py [BPE_GZ] [OUT]
  (defaults ../shared/data/openai-clip/bpe_simple_vocab_16e6.txt.gz and fixtures/clip-real)
Needs Debian's python3-torch, python3-onnx, python3-pil, python3-numpy and python3-regex.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import unicodedata

import numpy as np
import regex
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
import train as T  # noqa: E402

torch.set_num_threads(2)

SIZE = 224
EMBED = 32
CONTEXT = 77
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
PATTERN = r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""


# ---------- vocabulary: openai's simple_tokenizer, and the tokenizer.json CLIPConverter writes from it ----------

def read_bpe(path):
    """The vocabulary and merges exactly as clip/simple_tokenizer.py (and transformers' CLIPTokenizer) build them."""
    merges = gzip.open(path).read().decode('utf-8').split('\n')
    merges = [tuple(m.split()) for m in merges[1:49152 - 256 - 2 + 1]]
    vocab = list(T.bytes_to_unicode().values())
    vocab = vocab + [v + '</w>' for v in vocab]
    vocab += [''.join(m) for m in merges]
    vocab += ['<|startoftext|>', '<|endoftext|>']
    return {t: i for i, t in enumerate(vocab)}, merges


class SimpleTokenizer:
    """openai/CLIP's simple_tokenizer.py, except that NFC stands in for ftfy.fix_text (not installed here; on the
    fixture's captions, which hold no mojibake or HTML entities, ftfy does no more than NFC)."""

    def __init__(self, vocab, merges):
        self.encoder = vocab
        self.byte_encoder = T.bytes_to_unicode()
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.pat = regex.compile(PATTERN, regex.IGNORECASE)

    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + '</w>',)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float('inf')))
            if best not in self.ranks:
                break
            first, second = best
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    out.append(first + second)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = tuple(out)
        return word

    def encode(self, text):
        text = regex.sub(r'\s+', ' ', unicodedata.normalize('NFC', text)).strip().lower()
        ids = []
        for token in regex.findall(self.pat, text):
            token = ''.join(self.byte_encoder[b] for b in token.encode('utf-8'))
            ids.extend(self.encoder[t] for t in self.bpe(token))
        # CLIP's context: start, at most 75 tokens, end (transformers truncates, then adds the special tokens).
        return [self.encoder['<|startoftext|>']] + ids[:CONTEXT - 2] + [self.encoder['<|endoftext|>']]


def tokenizer_json(vocab, merges):
    added = lambda i, t: {'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False, 'normalized': True, 'special': True}
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [added(vocab['<|startoftext|>'], '<|startoftext|>'), added(vocab['<|endoftext|>'], '<|endoftext|>')],
        'normalizer': {'type': 'Sequence', 'normalizers': [{'type': 'NFC'}, {'type': 'Replace', 'pattern': {'Regex': '\\s+'}, 'content': ' '}, {'type': 'Lowercase'}]},
        'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [
            {'type': 'Split', 'pattern': {'Regex': PATTERN}, 'behavior': 'Removed', 'invert': True},
            {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': False},
        ]},
        'post_processor': {'type': 'RobertaProcessing', 'sep': ['<|endoftext|>', vocab['<|endoftext|>']], 'cls': ['<|startoftext|>', vocab['<|startoftext|>']],
                           'trim_offsets': False, 'add_prefix_space': False},
        'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
        'model': {'type': 'BPE', 'dropout': None, 'unk_token': '<|endoftext|>', 'continuing_subword_prefix': '', 'end_of_word_suffix': '</w>',
                  'fuse_unk': False, 'byte_fallback': False, 'vocab': vocab, 'merges': [' '.join(m) for m in merges]},
    }


def tokenizer_configs():
    """Today's form (plain strings, added_tokens_decoder) and the form openai first published (AddedToken objects)."""
    token = lambda content: {'content': content, 'single_word': False, 'lstrip': False, 'rstrip': False, 'normalized': True, '__type': 'AddedToken'}
    decoder = lambda content: {'content': content, 'lstrip': False, 'normalized': True, 'rstrip': False, 'single_word': False, 'special': True}
    today = {
        'add_prefix_space': False,
        'added_tokens_decoder': {'49406': decoder('<|startoftext|>'), '49407': decoder('<|endoftext|>')},
        'bos_token': '<|startoftext|>', 'clean_up_tokenization_spaces': True, 'do_lower_case': True, 'eos_token': '<|endoftext|>',
        'errors': 'replace', 'model_max_length': CONTEXT, 'pad_token': '<|endoftext|>', 'tokenizer_class': 'CLIPTokenizer', 'unk_token': '<|endoftext|>',
    }
    first = {
        'unk_token': token('<|endoftext|>'), 'bos_token': token('<|startoftext|>'), 'eos_token': token('<|endoftext|>'), 'pad_token': '<|endoftext|>',
        'add_prefix_space': False, 'errors': 'replace', 'do_lower_case': True, 'name_or_path': 'openai/clip-vit-base-patch32',
        'model_max_length': CONTEXT, 'tokenizer_class': 'CLIPTokenizer',
    }
    return today, first


# ---------- captions and images ----------

CAPTIONS = [
    'a photo of a cat',
    'A Photo Of A CAT',
    'a dog, a cat; and a bird!',
    '3 dogs and 12 cats in 2024, 3.14 km away',
    "it's a cat that's sleeping, isn't it? we'll see, they'd say, I'm sure you're right, we've won",
    'café au lait',
    'cafe\u0301 au lait, nai\u0308ve',
    'Straße in München, ÉCOLE, İstanbul',
    '一只猫坐在桌子上',
    '東京の夜景とラーメン',
    '🐶 and 🐱 on a 🛋️ 👍🏽',
    '   lots   of\t\twhitespace\n\nhere   ',
    '',
    'rock-n-roll @home #tags $5.00 100% (really) [sic] {ok} <b>not html</b>',
    ' '.join(['a', 'large', 'red', 'circle', 'left', 'of', 'two', 'small', 'blue', 'squares'] * 12),
]


def smooth_noise(rng, w, h, seed_colour):
    """A photo-like image: smooth colour fields plus fine noise, so that resampling and JPEG both matter."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    r = 128 + 100 * np.sin(xs / (w / 3.1) + seed_colour) * np.cos(ys / (h / 2.3))
    g = 128 + 90 * np.cos(xs / (w / 5.7) - ys / (h / 4.1) + 2 * seed_colour)
    b = 128 + 110 * np.sin((xs + ys) / ((w + h) / 6.0) - seed_colour)
    img = np.stack([r, g, b], -1) + rng.normal(0, 6, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def make_images(rng):
    """(file name, bytes): every PNG kind PIL and browsers meet, odd sizes, and JPEGs with 4:2:0 chroma."""
    out = []

    def save(name, im, **kw):
        buf = io.BytesIO()
        im.save(buf, **kw)
        out.append((name, buf.getvalue()))

    save('rgb-320x240.png', Image.fromarray(smooth_noise(rng, 320, 240, 0.3)), format='PNG')
    save('grey-200x260.png', Image.fromarray(smooth_noise(rng, 200, 260, 1.1)).convert('L'), format='PNG')
    rgba = np.concatenate([smooth_noise(rng, 256, 256, 2.0), np.zeros((256, 256, 1), np.uint8)], -1)
    rgba[..., 3] = (np.arange(256)[None, :] // 16 * 17).astype(np.uint8)  # alpha 0..255 in columns, 0 included
    save('rgba-256x256.png', Image.fromarray(rgba, 'RGBA'), format='PNG')
    save('palette-240x180.png', Image.fromarray(smooth_noise(rng, 240, 180, 2.7)).quantize(64), format='PNG')
    pal = Image.fromarray(smooth_noise(rng, 180, 240, 3.3)).quantize(32)
    save('palette-alpha-180x240.png', pal, format='PNG', transparency=5)
    save('tiny-20x30.png', Image.fromarray(smooth_noise(rng, 20, 30, 4.0)), format='PNG')
    save('strip-1000x300.png', Image.fromarray(smooth_noise(rng, 1000, 300, 4.6)), format='PNG')
    photo = Image.fromarray(smooth_noise(rng, 400, 300, 5.2))
    save('baseline-420.jpg', photo, format='JPEG', quality=85, subsampling=2)
    save('progressive-420.jpg', photo.transpose(Image.FLIP_LEFT_RIGHT), format='JPEG', quality=80, subsampling=2, progressive=True)
    return out


def pixel_values(data):
    """PIL decode, convert('RGB') (alpha dropped, as CLIPImageProcessor's convert_rgb does), resize, crop, normalize."""
    im = Image.open(io.BytesIO(data)).convert('RGB')
    w, h = im.size
    short, long = min(w, h), max(w, h)
    nw, nh = (SIZE, int(SIZE * long / short)) if w <= h else (int(SIZE * long / short), SIZE)
    if (nw, nh) != (w, h):
        im = im.resize((nw, nh), Image.BICUBIC)
    top, left = (nh - SIZE) // 2, (nw - SIZE) // 2
    u8 = np.asarray(im, dtype=np.uint8)[top:top + SIZE, left:left + SIZE]
    x = torch.from_numpy(u8.copy()).float().permute(2, 0, 1).unsqueeze(0) * (1 / 255.0)
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


# ---------- the model ----------

def make_model(eos):
    torch.manual_seed(1)
    vision = T.VisionViT(patch=32, width=32, layers=1, heads=2, image=SIZE, embed=EMBED).eval()
    with torch.no_grad():
        # At default init every image lands near one direction (cosines 0.96-0.996 between the fixture's images):
        # stronger patch weights make the embedding follow the pixels (0.59 at the least), so a decode or resize error shows.
        vision.embed.weight.mul_(10)
        for block in vision.blocks:
            block.qkv.weight.mul_(10 ** 0.5)
    text = T.TextTower(49408, CONTEXT, eos, width=16, layers=1, heads=2, takes_mask=True)
    text.proj = torch.nn.Linear(16, EMBED, bias=False)
    return vision, text.eval()


CREDITS = '''# Real-format CLIP fixture

Made by `training/make_real_fixture.py`; do not edit by hand. A model folder in the layout of
Xenova/clip-vit-base-patch32 (ONNX inputs `pixel_values`, `input_ids`, `attention_mask`; outputs `image_embeds`,
`text_embeds`) with random weights and small widths, used by the parity tests in Node and in the browser.

- `tokenizer.json`: built from CLIP's byte-pair vocabulary (`bpe_simple_vocab_16e6.txt.gz`, openai/CLIP commit
  d05afc4) the way transformers' CLIPConverter builds it. Copyright (c) 2021 OpenAI, MIT licence: `LICENSE-openai-clip`.
- `tokenizer_config.json` is today's form; `tokenizer_config.openai-2021.json` the form openai first published.
- `images/`: synthetic, made by the script (no third-party content).
- `reference.json`: token ids from openai's simple_tokenizer (NFC in place of ftfy), and unit-length embeddings from
  PyTorch on PIL's decode and CLIPImageProcessor's steps.
'''


def unit(v):
    return (v / v.norm(dim=-1, keepdim=True)).tolist()


def main():
    bpe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'openai-clip', 'bpe_simple_vocab_16e6.txt.gz')
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'clip-real')
    vocab, merges = read_bpe(bpe)
    assert len(vocab) == 49408 and vocab['<|endoftext|>'] == 49407, len(vocab)
    tmp = out + '.partial'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, 'onnx'))
    os.makedirs(os.path.join(tmp, 'images'))
    dump = lambda name, obj, **kw: json.dump(obj, open(os.path.join(tmp, name), 'w', encoding='utf-8'), ensure_ascii=False, **kw)
    dump('tokenizer.json', tokenizer_json(vocab, merges))
    today, first = tokenizer_configs()
    dump('tokenizer_config.json', today, indent=2)
    dump('tokenizer_config.openai-2021.json', first, indent=2)
    # The preprocessor config as openai published it (plain numbers, feature extractor); the app reads both forms.
    dump('preprocessor_config.json', {
        'crop_size': SIZE, 'do_center_crop': True, 'do_normalize': True, 'do_resize': True, 'feature_extractor_type': 'CLIPFeatureExtractor',
        'image_mean': MEAN, 'image_std': STD, 'resample': 3, 'size': SIZE,
    }, indent=2)
    dump('config.json', {
        'model_type': 'clip', 'architectures': ['CLIPModel'], 'projection_dim': EMBED, 'logit_scale': 100.0,
        'text_config': {'vocab_size': 49408, 'max_position_embeddings': CONTEXT, 'bos_token_id': 49406, 'eos_token_id': 49407, 'pad_token_id': 1, 'hidden_size': 16},
        'vision_config': {'image_size': SIZE, 'patch_size': 32, 'hidden_size': 32},
        'clip_curator': {'display_name': 'Real-format CLIP fixture (random weights)', 'tower': 'vit'},
    }, indent=2)

    tok = SimpleTokenizer(vocab, merges)
    ids = [tok.encode(c) for c in CAPTIONS]
    vision, text = make_model(vocab['<|endoftext|>'])
    torch.onnx.export(vision, (torch.zeros(1, 3, SIZE, SIZE),), os.path.join(tmp, 'onnx', 'vision_model.onnx'), input_names=['pixel_values'],
                      output_names=['image_embeds'], dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'}}, opset_version=17)
    sample = torch.tensor([ids[0], ids[0]])
    torch.onnx.export(text, (sample, torch.ones_like(sample)), os.path.join(tmp, 'onnx', 'text_model.onnx'), input_names=['input_ids', 'attention_mask'],
                      output_names=['text_embeds'], dynamic_axes={n: {0: 'batch_size', 1: 'sequence_length'} for n in ['input_ids', 'attention_mask']} | {'text_embeds': {0: 'batch_size'}},
                      opset_version=17)

    rng = np.random.default_rng(7)
    images = make_images(rng)
    for name, data in images:
        open(os.path.join(tmp, 'images', name), 'wb').write(data)
    with torch.no_grad():
        image_embeds = torch.cat([vision(pixel_values(data)) for _, data in images])
        # One caption at a time: no padding, so the reference does not depend on how the app batches.
        text_embeds = torch.cat([text(torch.tensor([i]), torch.ones(1, len(i), dtype=torch.long)) for i in ids])
    iv, tv = unit(image_embeds), unit(text_embeds)
    cosines = (torch.tensor(iv) @ torch.tensor(tv).T).tolist()
    dump('reference.json', {
        'made_by': 'training/make_real_fixture.py (PyTorch ' + torch.__version__ + ', PIL ' + Image.__version__ + ')',
        'texts': CAPTIONS, 'ids': ids, 'images': [n for n, _ in images],
        # SHA-256 of PIL's decode (RGB, alpha dropped, row-major), to check each decoder pixel for pixel.
        'rgb_sha256': [hashlib.sha256(np.asarray(Image.open(io.BytesIO(d)).convert('RGB'), dtype=np.uint8).tobytes()).hexdigest() for _, d in images],
        'image_embeds': iv, 'text_embeds': tv, 'cosines': cosines,
    })
    shutil.copy(os.path.join(os.path.dirname(bpe), 'LICENSE'), os.path.join(tmp, 'LICENSE-openai-clip'))
    open(os.path.join(tmp, 'CREDITS.md'), 'w').write(CREDITS)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    spread = torch.tensor(cosines)
    print(f'{out}: {len(images)} images, {len(CAPTIONS)} captions; token counts {[len(i) for i in ids]}; '
          f'cosines {spread.min():.3f}..{spread.max():.3f}', flush=True)


if __name__ == '__main__':
    main()
