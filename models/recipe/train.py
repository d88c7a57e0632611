"""Trains the bundled model and exports it in the Stable-Diffusion ONNX layout.

    /usr/bin/python3 models/recipe/train.py [--out models/atelier-shapes-64] [--work models/recipe/work]
                                            [--scenes 40000] [--vae-steps 1400] [--unet-steps 4000]
                                            [--unet-batch 64] [--refine-steps 1500]

The defaults train the bundled model.

Needs Debian's python3-torch, python3-numpy and libopenblas0-pthread
(`apt-get install python3-torch python3-numpy libopenblas0-pthread`): without OpenBLAS, Debian's torch
runs on the reference BLAS and trains about five times slower. Every stage writes
its result into the work folder and is skipped when that result is already there, so an interrupted
run goes on where it stopped. Seeds are fixed; training runs for a set number of steps; models/README.md
gives the counts the bundled model was trained with and how long each stage took on 2 cores.
"""
import argparse
import json
import math
import os
import random
import shutil
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import bpe
import scenes

LATENT_SCALE = 0.18215
TEXT_WIDTH = 128
TOKENS = 77
# Captions of the grammar take at most 17 tokens, so training runs the text on its first 24 and counts
# the last, a pad, once for each of the 54 identical pads that follow it in the 77 (see key_bias).
TRAINING_TOKENS = 24
PAD_COPIES = TOKENS - TRAINING_TOKENS + 1


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


# ---------------------------------------------------------------- data

def make_dataset(path, count, seed):
    if os.path.exists(path):
        return
    log(f"rendering {count} scenes")
    rng = random.Random(seed)
    held_out = set(scenes.held_out_captions())
    images = np.empty((count, scenes.SIZE, scenes.SIZE, 3), dtype=np.uint8)
    captions = []
    while len(captions) < count:
        caption, objects, background = scenes.sample_scene(rng)
        if caption in held_out:
            continue
        images[len(captions)] = scenes.render(objects, background)
        captions.append(caption)
    np.savez(path + ".tmp.npz", images=images, captions=np.array(captions))
    os.replace(path + ".tmp.npz", path)


def to_tensor(images):
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)


# ---------------------------------------------------------------- autoencoder

def norm(channels):
    return nn.GroupNorm(8, channels)


class ResBlock(nn.Module):
    def __init__(self, channels, out_channels=None, time_width=None):
        super().__init__()
        out_channels = out_channels or channels
        self.norm1, self.conv1 = norm(channels), nn.Conv2d(channels, out_channels, 3, padding=1)
        self.norm2, self.conv2 = norm(out_channels), nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.time = nn.Linear(time_width, out_channels) if time_width else None
        self.skip = nn.Conv2d(channels, out_channels, 1) if out_channels != channels else nn.Identity()

    def forward(self, x, time_embedding=None):
        h = self.conv1(F.silu(self.norm1(x)))
        if self.time is not None:
            h = h + self.time(time_embedding)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.SiLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), ResBlock(32),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), ResBlock(64),
            nn.Conv2d(64, 128, 3, stride=2, padding=1), ResBlock(128),
            norm(128), nn.SiLU(), nn.Conv2d(128, 4, 3, padding=1))

    def forward(self, images):
        return self.layers(images)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(4, 128, 3, padding=1), ResBlock(128),
            nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(128, 64, 3, padding=1), ResBlock(64),
            nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(64, 32, 3, padding=1), ResBlock(32),
            nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(32, 16, 3, padding=1),
            norm(16), nn.SiLU(), nn.Conv2d(16, 16, 3, padding=1),
            norm(16), nn.SiLU(), nn.Conv2d(16, 3, 3, padding=1))

    def forward(self, latents):
        return self.layers(latents)


def train_autoencoder(path, data, steps, seed):
    if os.path.exists(path):
        return torch.load(path)
    torch.manual_seed(seed)
    encoder, decoder = Encoder(), Decoder()
    parameters = list(encoder.parameters()) + list(decoder.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=2e-3, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=2e-3, total_steps=steps, pct_start=0.05)
    images = data["images"]
    generator = np.random.default_rng(seed)
    started = time.time()
    for step in range(steps):
        batch = to_tensor(images[generator.integers(0, len(images), 48)])
        latents = encoder(batch)
        # Noise on the latents keeps the decoder sound for the imperfect latents diffusion produces;
        # the penalty keeps their scale near 1 so that LATENT_SCALE applies.
        noisy = latents + 0.1 * torch.randn_like(latents)
        reconstruction = decoder(noisy)
        loss = F.l1_loss(reconstruction, batch) + F.mse_loss(reconstruction, batch) \
            + 1e-3 * (latents.pow(2).mean() - 1.0).pow(2)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 200 == 0 or step == steps - 1:
            log(f"autoencoder step {step}/{steps} loss {loss.item():.4f} latent std {latents.std().item():.3f} "
                f"({time.time() - started:.0f} s)")
    state = {"encoder": encoder.state_dict(), "decoder": decoder.state_dict()}
    torch.save(state, path)
    return state


def encode_dataset(path, data, autoencoder):
    if os.path.exists(path):
        return np.load(path)
    encoder = Encoder()
    encoder.load_state_dict(autoencoder["encoder"])
    encoder.eval()
    chunks = []
    with torch.no_grad():
        for start in range(0, len(data["images"]), 512):
            chunks.append(encoder(to_tensor(data["images"][start:start + 512])).numpy())
    latents = np.concatenate(chunks)
    np.save(path, latents)
    log(f"latents {latents.shape}, std {latents.std():.3f}")
    return latents


# ---------------------------------------------------------------- text encoder and UNet

class Attention(nn.Module):
    def __init__(self, width, context_width=None, heads=4):
        super().__init__()
        context_width = context_width or width
        self.heads = heads
        self.query = nn.Linear(width, width, bias=False)
        self.key = nn.Linear(context_width, width, bias=False)
        self.value = nn.Linear(context_width, width, bias=False)
        self.out = nn.Linear(width, width)

    def forward(self, x, context=None, key_bias=None):
        """key_bias: log of how many times each key stands for itself (None at export: all once)."""
        context = x if context is None else context
        batch, length, width = x.shape
        head_width = width // self.heads

        def split(t):
            return t.reshape(batch, -1, self.heads, head_width).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(context)), split(self.value(context))
        logits = q @ k.transpose(-1, -2) / math.sqrt(head_width)
        if key_bias is not None:
            logits = logits + key_bias
        weights = torch.softmax(logits, dim=-1)
        return self.out((weights @ v).transpose(1, 2).reshape(batch, length, width))


class TextEncoder(nn.Module):
    """CLIP-shaped text encoder; with layout slots, a few outputs say what the caption puts where.

    Each slot is a learned query that reads the encoded caption; the diffusion model's cross-attention
    finds in it the colour and shape of the object at one place (left, right, top, bottom, centre), so
    that which colour goes with which shape and where is decided once, from the words, rather than
    separately at every latent pixel. In the exported 77 positions the slots take the place of the last
    pads, so the model keeps SD's text-encoder contract.
    """

    def __init__(self, vocabulary_size, layers=2, layout_slots=False):
        super().__init__()
        self.layout_slots = layout_slots
        self.token = nn.Embedding(vocabulary_size, TEXT_WIDTH)
        self.position = nn.Parameter(torch.zeros(1, TRAINING_TOKENS, TEXT_WIDTH))
        self.register_buffer("position_index", torch.clamp(torch.arange(TOKENS), max=TRAINING_TOKENS - 1),
                             persistent=False)
        self.blocks = nn.ModuleList()
        for _ in range(layers):
            self.blocks.append(nn.ModuleDict({
                "norm1": nn.LayerNorm(TEXT_WIDTH), "attention": Attention(TEXT_WIDTH),
                "norm2": nn.LayerNorm(TEXT_WIDTH),
                "feed_forward": nn.Sequential(nn.Linear(TEXT_WIDTH, 2 * TEXT_WIDTH), nn.GELU(),
                                              nn.Linear(2 * TEXT_WIDTH, TEXT_WIDTH))}))
        self.final = nn.LayerNorm(TEXT_WIDTH)
        if layout_slots:
            self.slot_query = nn.Parameter(0.02 * torch.randn(1, len(LAYOUT_SLOTS), TEXT_WIDTH))
            self.slot_norm1, self.slot_attention = nn.LayerNorm(TEXT_WIDTH), Attention(TEXT_WIDTH)
            self.slot_norm2 = nn.LayerNorm(TEXT_WIDTH)
            self.slot_feed_forward = nn.Sequential(nn.Linear(TEXT_WIDTH, 2 * TEXT_WIDTH), nn.GELU(),
                                                   nn.Linear(2 * TEXT_WIDTH, TEXT_WIDTH))
            self.slot_final = nn.LayerNorm(TEXT_WIDTH)

    def forward(self, input_ids, key_bias=None):
        x = self.token(input_ids.long()) + self.position[:, self.position_index[:input_ids.shape[1]]]
        for block in self.blocks:
            x = x + block["attention"](block["norm1"](x), key_bias=key_bias)
            x = x + block["feed_forward"](block["norm2"](x))
        x = self.final(x)
        if not self.layout_slots:
            return x
        slots = self.slot_query.expand(x.shape[0], -1, -1)
        slots = slots + self.slot_attention(self.slot_norm1(slots), x, key_bias)
        slots = self.slot_final(slots + self.slot_feed_forward(self.slot_norm2(slots)))
        words = x[:, :TOKENS - len(LAYOUT_SLOTS)] if input_ids.shape[1] == TOKENS else x
        return torch.cat([words, slots], 1)


class LayoutProbe(nn.Module):
    """Training only: reads each slot's colour and shape (or none), which teaches the slots to say them."""

    def __init__(self):
        super().__init__()
        self.colour = nn.Linear(TEXT_WIDTH, len(LAYOUT_COLOURS) + 1)
        self.shape = nn.Linear(TEXT_WIDTH, len(scenes.SHAPES) + 1)

    def loss(self, slots, colours, shapes):
        return (F.cross_entropy(self.colour(slots).flatten(0, 1), colours.flatten())
                + F.cross_entropy(self.shape(slots).flatten(0, 1), shapes.flatten()))


LAYOUT_SLOTS = ["left", "right", "top", "bottom", "centre"]
LAYOUT_COLOURS = sorted(scenes.COLOURS)
SLOT_OF_POSITION = {"on the left": 0, "on the right": 1, "at the top": 2, "at the bottom": 3,
                    "in the centre": 4, "in the center": 4}
SLOTS_OF_RELATION = {"left of": (0, 1), "right of": (1, 0), "above": (2, 3), "below": (3, 2)}


def slot_maps(latent_side):
    """Gaussians (σ one latent cell) at each slot's place on the latent grid, in latent cells."""
    centre, near, far = 3.56, 1.7, 5.4
    places = {"left": (near, centre), "right": (far, centre), "top": (centre, near), "bottom": (centre, far),
              "centre": (centre, centre)}
    ys, xs = torch.meshgrid(torch.arange(latent_side, dtype=torch.float32),
                            torch.arange(latent_side, dtype=torch.float32), indexing="ij")
    return torch.stack([torch.exp(-((xs - places[slot][0]) ** 2 + (ys - places[slot][1]) ** 2) / 2)
                        for slot in LAYOUT_SLOTS])


def layout_targets(caption):
    """(colour, shape) class per slot, 0 meaning nothing there; None when the caption leaves the place open."""
    words = caption.split(" ")
    colours, shapes = [0] * len(LAYOUT_SLOTS), [0] * len(LAYOUT_SLOTS)

    def put(slot, colour, shape):
        colours[slot] = 1 + LAYOUT_COLOURS.index(colour)
        shapes[slot] = 1 + scenes.SHAPES.index(shape)

    for relation, (first, second) in SLOTS_OF_RELATION.items():
        if f" {relation} " in caption:
            second_object = caption.split(f" {relation} ", 1)[1].split(" ")
            put(first, words[1], words[2])
            put(second, second_object[1], second_object[2])
            return colours, shapes
    for position, slot in SLOT_OF_POSITION.items():
        if position in caption:
            shape_at = next(i for i, word in enumerate(words) if word in scenes.SHAPES)
            put(slot, words[shape_at - 1], words[shape_at])
            return colours, shapes
    return None


class Transformer2d(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.norm = norm(channels)
        self.norm1, self.self_attention = nn.LayerNorm(channels), Attention(channels)
        self.norm2, self.cross_attention = nn.LayerNorm(channels), Attention(channels, TEXT_WIDTH)
        self.norm3 = nn.LayerNorm(channels)
        self.feed_forward = nn.Sequential(nn.Linear(channels, 2 * channels), nn.GELU(),
                                          nn.Linear(2 * channels, channels))

    def forward(self, x, context, key_bias=None):
        batch, channels, height, width = x.shape
        h = self.norm(x).flatten(2).transpose(1, 2)
        h = h + self.self_attention(self.norm1(h))
        h = h + self.cross_attention(self.norm2(h), context, key_bias)
        h = h + self.feed_forward(self.norm3(h))
        return x + h.transpose(1, 2).reshape(batch, channels, height, width)


def timestep_embedding(timesteps, width):
    half = width // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    angles = timesteps.float().reshape(-1, 1) * frequencies.reshape(1, -1)
    return torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)


class UNet(nn.Module):
    """SD-shaped UNet; with layout slots, each slot's object is also laid onto the latent grid.

    The text encoder's layout slots say what lies left, right, at the top, at the bottom and in the
    centre; the UNet adds each one, projected, to the grid cells of its place (soft maps, learned from
    Gaussians at the grammar's positions), so that an object's colour and shape arrive where it is
    drawn rather than having to be found by every cell's cross-attention.
    """

    def __init__(self, latent_side=8, layout_slots=False):
        super().__init__()
        self.layout_slots = layout_slots
        c1, c2, time_width = 64, 128, 256
        self.time_mlp = nn.Sequential(nn.Linear(c1, time_width), nn.SiLU(), nn.Linear(time_width, time_width))
        self.conv_in = nn.Conv2d(4, c1, 3, padding=1)
        # Where a thing lies is part of every caption; a learned map of the native latent grid says it
        # more plainly than the convolutions' zero padding does.
        self.where = nn.Parameter(torch.zeros(1, c1, latent_side, latent_side))
        self.down1, self.attend1 = ResBlock(c1, c1, time_width), Transformer2d(c1)
        self.downsample = nn.Conv2d(c1, c2, 3, stride=2, padding=1)
        self.down2, self.attend2 = ResBlock(c2, c2, time_width), Transformer2d(c2)
        self.mid1, self.mid_attend, self.mid2 = ResBlock(c2, c2, time_width), Transformer2d(c2), ResBlock(c2, c2, time_width)
        self.up2, self.up_attend2 = ResBlock(2 * c2, c2, time_width), Transformer2d(c2)
        self.upsample = nn.Sequential(nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(c2, c1, 3, padding=1))
        self.up1, self.up_attend1 = ResBlock(2 * c1, c1, time_width), Transformer2d(c1)
        self.out = nn.Sequential(norm(c1), nn.SiLU(), nn.Conv2d(c1, 4, 3, padding=1))
        if layout_slots:
            self.slot_maps = nn.Parameter(slot_maps(latent_side))
            # Starts at zero, so that adding the layout leaves the trained UNet's output as it was.
            self.slot_in = nn.Linear(TEXT_WIDTH, c1)
            nn.init.zeros_(self.slot_in.weight)
            nn.init.zeros_(self.slot_in.bias)

    def layout(self, context):
        """[B, c1, side, side]: each slot's projection spread over its map."""
        slots = self.slot_in(context[:, context.shape[1] - len(LAYOUT_SLOTS):])
        side = self.slot_maps.shape[-1]
        return (slots.transpose(1, 2) @ self.slot_maps.reshape(len(LAYOUT_SLOTS), side * side)).reshape(
            slots.shape[0], -1, side, side)

    def forward(self, sample, timestep, encoder_hidden_states):
        t = self.time_mlp(timestep_embedding(timestep.expand(sample.shape[0]), 64))
        h = self.conv_in(sample) + self.where
        if self.layout_slots:
            h = h + self.layout(encoder_hidden_states)
        skip1 = self.attend1(self.down1(h, t), encoder_hidden_states)
        h = self.downsample(skip1)
        skip2 = self.attend2(self.down2(h, t), encoder_hidden_states)
        h = self.mid2(self.mid_attend(self.mid1(skip2, t), encoder_hidden_states), t)
        h = self.up_attend2(self.up2(torch.cat([h, skip2], 1), t), encoder_hidden_states)
        h = self.upsample(h)
        h = self.up_attend1(self.up1(torch.cat([h, skip1], 1), t), encoder_hidden_states)
        return self.out(h)


def scaled_linear_alphas_cumprod(start=0.00085, end=0.012, steps=1000):
    betas = torch.linspace(start ** 0.5, end ** 0.5, steps, dtype=torch.float64) ** 2
    return torch.cumprod(1.0 - betas, dim=0).float()


def train_diffusion(path, data, latents, tokenizer, steps, seed, batch_size, start=None, max_lr=1e-3,
                    ema_decay=0.998, pair_share=0.6):
    """Trains the text encoder, with its layout slots taught by the layout probe, and the UNet together.

    start: averaged weights of a finished run to go on from, else a fresh model.
    pair_share: the share of each batch drawn from two-object scenes, which are the hard part (binding).
    """
    if os.path.exists(path):
        return torch.load(path)
    torch.manual_seed(seed)
    text_encoder, unet = TextEncoder(len(tokenizer.encoder), layout_slots=True), UNet(layout_slots=True)
    if start is not None:
        text_encoder.load_state_dict(start["text_encoder"])
        unet.load_state_dict(start["unet"])
    ema = {"text_encoder": TextEncoder(len(tokenizer.encoder), layout_slots=True), "unet": UNet(layout_slots=True)}
    ema["text_encoder"].load_state_dict(text_encoder.state_dict())
    ema["unet"].load_state_dict(unet.state_dict())
    probe = LayoutProbe()
    parameters = list(text_encoder.parameters()) + list(unet.parameters()) + list(probe.parameters())
    log(f"text encoder {sum(p.numel() for p in text_encoder.parameters())} parameters, "
        f"unet {sum(p.numel() for p in unet.parameters())}")
    optimiser = torch.optim.AdamW(parameters, lr=max_lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=max_lr, total_steps=steps, pct_start=0.03)
    alphas_cumprod = scaled_linear_alphas_cumprod()
    latents = torch.from_numpy(latents) * LATENT_SCALE_FOR_TRAINING[0]
    token_ids = torch.tensor([tokenizer.encode(c) for c in data["captions"]], dtype=torch.long)
    assert (token_ids[:, TRAINING_TOKENS - 1:] == tokenizer.end).all(), "a caption longer than the training tokens"
    token_ids = token_ids[:, :TRAINING_TOKENS]
    empty_ids = torch.tensor(tokenizer.encode("")[:TRAINING_TOKENS], dtype=torch.long)
    is_pair = np.array([any(f" {relation} " in str(c) for relation in scenes.RELATIONS) for c in data["captions"]])
    pair_indices, single_indices = np.flatnonzero(is_pair), np.flatnonzero(~is_pair)
    targets = [layout_targets(str(c)) for c in data["captions"]]
    generator = np.random.default_rng(seed)
    started = time.time()
    for step in range(steps):
        pairs = generator.binomial(batch_size, pair_share)
        index = np.concatenate([generator.choice(pair_indices, pairs),
                                generator.choice(single_indices, batch_size - pairs)])
        batch = torch.from_numpy(index)
        clean, ids = latents[batch], token_ids[batch].clone()
        dropped = torch.rand(len(ids)) < 0.1
        ids[dropped] = empty_ids
        timesteps = torch.randint(0, 1000, (len(ids),))
        alpha = alphas_cumprod[timesteps].reshape(-1, 1, 1, 1)
        noise = torch.randn_like(clean)
        noisy = alpha.sqrt() * clean + (1 - alpha).sqrt() * noise
        context = text_encoder(ids, PAD_BIAS)
        # Some captions reach the UNet through the layout alone (their words hidden from its
        # cross-attention), so that it learns to read the slots rather than only the words.
        words_hidden = (torch.rand(len(ids)) < LAYOUT_ONLY_SHARE) & ~dropped
        key_bias = LAYOUT_KEY_BIAS.repeat(len(ids), 1)
        key_bias[words_hidden, :TRAINING_TOKENS] = -1e4
        prediction = unet_batched_timesteps(unet, noisy, timesteps, context, key_bias[:, None, None, :])
        loss = F.mse_loss(prediction, noise)
        placed = [i for i, sample in enumerate(index) if targets[sample] is not None and not dropped[i]]
        if placed:
            colours = torch.tensor([targets[index[i]][0] for i in placed])
            shapes = torch.tensor([targets[index[i]][1] for i in placed])
            slots = context[placed, TRAINING_TOKENS:]
            loss = loss + LAYOUT_PROBE_WEIGHT * probe.loss(slots, colours, shapes)
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(parameters, 1.0)
        optimiser.step()
        schedule.step()
        decay = min(ema_decay, (1 + step) / (10 + step))
        with torch.no_grad():
            for name, model in (("text_encoder", text_encoder), ("unet", unet)):
                for averaged, current in zip(ema[name].parameters(), model.parameters()):
                    averaged.mul_(decay).add_(current, alpha=1 - decay)
        if step % 200 == 0 or step == steps - 1:
            log(f"diffusion step {step}/{steps} loss {loss.item():.4f} ({time.time() - started:.0f} s)")
        if step % 500 == 499:
            torch.save({name: model.state_dict() for name, model in ema.items()}, path + ".partial")
    state = {name: model.state_dict() for name, model in ema.items()}
    torch.save(state, path)
    return state


def unet_batched_timesteps(unet, sample, timesteps, context, key_bias=None):
    """Training draws a timestep per sample; the exported UNet takes one for the whole batch, as SD's."""
    t = unet.time_mlp(timestep_embedding(timesteps, 64))
    h = unet.conv_in(sample) + unet.where
    if unet.layout_slots:
        h = h + unet.layout(context)
    skip1 = unet.attend1(unet.down1(h, t), context, key_bias)
    h = unet.downsample(skip1)
    skip2 = unet.attend2(unet.down2(h, t), context, key_bias)
    h = unet.mid2(unet.mid_attend(unet.mid1(skip2, t), context, key_bias), t)
    h = unet.up_attend2(unet.up2(torch.cat([h, skip2], 1), t), context, key_bias)
    h = unet.upsample(h)
    h = unet.up_attend1(unet.up1(torch.cat([h, skip1], 1), t), context, key_bias)
    return unet.out(h)


PAD_BIAS = torch.zeros(TRAINING_TOKENS)
PAD_BIAS[-1] = math.log(PAD_COPIES)
# What the diffusion model's cross-attention sees with layout slots: the 24 words with the pads that
# remain once the slots took the last pads' places, then the slots.
LAYOUT_KEY_BIAS = torch.cat([PAD_BIAS, torch.zeros(len(LAYOUT_SLOTS))])
LAYOUT_KEY_BIAS[TRAINING_TOKENS - 1] = math.log(PAD_COPIES - len(LAYOUT_SLOTS))
LAYOUT_PROBE_WEIGHT = 0.1
LAYOUT_ONLY_SHARE = 0.3


def check_short_training_matches_export(tokenizer, text_encoder, unet):
    """The 24-token training pass with its pad bias must equal the exported 77-token pass."""
    ids = torch.tensor([tokenizer.encode("a small red star on the left on a gray background")])
    sample, timestep = torch.randn(1, 4, 8, 8), torch.tensor([500])
    with torch.no_grad():
        full = unet(sample, timestep, text_encoder(ids))
        key_bias = LAYOUT_KEY_BIAS if text_encoder.layout_slots else PAD_BIAS
        short = unet_batched_timesteps(unet, sample, timestep,
                                       text_encoder(ids[:, :TRAINING_TOKENS], PAD_BIAS), key_bias)
    difference = (full - short).abs().max().item()
    assert difference < 1e-4, f"short training pass differs from the exported one by {difference}"


# Filled in from the dataset's latents: multiplies raw latents to unit variance for training.
LATENT_SCALE_FOR_TRAINING = [1.0]


# ---------------------------------------------------------------- export

class ExportedEncoder(nn.Module):
    """SD's contract: the pipeline multiplies what the encoder gives by 0.18215."""

    def __init__(self, encoder, unit_scale):
        super().__init__()
        self.encoder, self.factor = encoder, unit_scale / LATENT_SCALE

    def forward(self, sample):
        return self.encoder(sample) * self.factor


class ExportedDecoder(nn.Module):
    """SD's contract: the pipeline divides latents by 0.18215 before decoding."""

    def __init__(self, decoder, unit_scale):
        super().__init__()
        self.decoder, self.factor = decoder, LATENT_SCALE / unit_scale

    def forward(self, latent_sample):
        return self.decoder(latent_sample * self.factor).clamp(-1.0, 1.0)


MODEL_LICENCE = """atelier-shapes-64: weights and tokenizer files of Atelier's bundled model.

Trained from scratch by models/recipe/train.py on procedurally generated scenes (models/recipe/scenes.py);
no third-party data or weights went into it.

Copyright 2026 the Atelier contributors.

Licensed under the Apache License, Version 2.0 (the "License"); you may not use these files except in
compliance with the License. You may obtain a copy of the License at

    https://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software distributed under the License is
distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and limitations under the License.

SPDX-License-Identifier: Apache-2.0
"""


def export(out, tokenizer, autoencoder, diffusion, unit_scale, figures):
    if os.path.exists(out):
        shutil.rmtree(out)
    for folder in ("tokenizer", "text_encoder", "unet", "vae_decoder", "vae_encoder", "scheduler"):
        os.makedirs(f"{out}/{folder}")
    tokenizer.save(f"{out}/tokenizer")
    encoder, decoder = Encoder(), Decoder()
    encoder.load_state_dict(autoencoder["encoder"])
    decoder.load_state_dict(autoencoder["decoder"])
    layout = any(name.startswith("slot") for name in diffusion["text_encoder"])
    text_encoder, unet = TextEncoder(len(tokenizer.encoder), layout_slots=layout), UNet(layout_slots=layout)
    text_encoder.load_state_dict(diffusion["text_encoder"])
    unet.load_state_dict(diffusion["unet"])
    for model in (encoder, decoder, text_encoder, unet):
        model.eval()
    check_short_training_matches_export(tokenizer, text_encoder, unet)
    side = scenes.SIZE // 8
    batch = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(text_encoder, (torch.zeros(1, TOKENS, dtype=torch.int64),),
                          f"{out}/text_encoder/model.onnx", input_names=["input_ids"],
                          output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": batch, "last_hidden_state": batch}, opset_version=14)
        torch.onnx.export(unet, (torch.zeros(2, 4, side, side), torch.tensor([999], dtype=torch.int64),
                                 torch.zeros(2, TOKENS, TEXT_WIDTH)),
                          f"{out}/unet/model.onnx",
                          input_names=["sample", "timestep", "encoder_hidden_states"], output_names=["out_sample"],
                          dynamic_axes={"sample": batch, "encoder_hidden_states": batch, "out_sample": batch},
                          opset_version=14)
        torch.onnx.export(ExportedDecoder(decoder, unit_scale), (torch.zeros(1, 4, side, side),),
                          f"{out}/vae_decoder/model.onnx", input_names=["latent_sample"], output_names=["sample"],
                          dynamic_axes={"latent_sample": batch, "sample": batch}, opset_version=14)
        torch.onnx.export(ExportedEncoder(encoder, unit_scale), (torch.zeros(1, 3, scenes.SIZE, scenes.SIZE),),
                          f"{out}/vae_encoder/model.onnx", input_names=["sample"], output_names=["latent_sample"],
                          dynamic_axes={"sample": batch, "latent_sample": batch}, opset_version=14)
    scheduler = {"_class_name": "EulerAncestralDiscreteScheduler", "num_train_timesteps": 1000,
                 "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
                 "prediction_type": "epsilon", "steps_offset": 1, "set_alpha_to_one": False,
                 "clip_sample": False, "timestep_spacing": "leading"}
    with open(f"{out}/scheduler/scheduler_config.json", "w") as f:
        json.dump(scheduler, f, indent=2)
    index = {"_class_name": "OnnxStableDiffusionPipeline", "_atelier": {
        "name": "atelier-shapes-64", "created": int(time.time()), "native_size": scenes.SIZE, "domain": "coloured shapes (models/recipe/scenes.py)",
        "recommended_steps": 20, "recommended_guidance": 5.0, "training": figures}}
    with open(f"{out}/model_index.json", "w") as f:
        json.dump(index, f, indent=2)
    with open(f"{out}/held-out-captions.txt", "w") as f:
        f.write("\n".join(scenes.held_out_captions()) + "\n")
    with open(f"{out}/LICENSE.txt", "w") as f:
        f.write(MODEL_LICENCE)


def warn_if_reference_blas():
    """Debian's torch takes whichever BLAS the alternatives system names, and nothing else says which."""
    with open("/proc/self/maps") as maps:
        loaded = maps.read()
    if "/blas/libblas.so" in loaded and "openblas" not in loaded:
        log("warning: torch runs on the reference BLAS; `apt-get install libopenblas0-pthread` trains ~5x faster")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(here, "..", "atelier-shapes-64"))
    parser.add_argument("--work", default=os.path.join(here, "work"))
    parser.add_argument("--scenes", type=int, default=40000)
    parser.add_argument("--vae-steps", type=int, default=1400)
    parser.add_argument("--unet-steps", type=int, default=4000)
    parser.add_argument("--unet-batch", type=int, default=64)
    parser.add_argument("--refine-steps", type=int, default=1500,
                        help="steps from the first run's averaged weights at a lower rate, where fine shapes settle")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    warn_if_reference_blas()
    os.makedirs(args.work, exist_ok=True)
    started = time.time()
    make_dataset(f"{args.work}/scenes.npz", args.scenes, seed=1)
    data = dict(np.load(f"{args.work}/scenes.npz"))
    tokenizer = bpe.Tokenizer(bpe.learn_merges(scenes.vocabulary_words()))
    autoencoder = train_autoencoder(f"{args.work}/autoencoder.pt", data, args.vae_steps, seed=2)
    latents = encode_dataset(f"{args.work}/latents.npy", data, autoencoder)
    unit_scale = float(1.0 / latents.std())
    LATENT_SCALE_FOR_TRAINING[0] = unit_scale
    diffusion = train_diffusion(f"{args.work}/diffusion.pt", data, latents, tokenizer, args.unet_steps, seed=3,
                                batch_size=args.unet_batch)
    if args.refine_steps > 0:
        diffusion = train_diffusion(f"{args.work}/diffusion-refined.pt", data, latents, tokenizer, args.refine_steps,
                                    seed=4, batch_size=args.unet_batch, start=diffusion, max_lr=3e-4,
                                    ema_decay=0.995)
    figures = {"scenes": args.scenes, "autoencoder_steps": args.vae_steps, "diffusion_steps": args.unet_steps,
               "diffusion_batch": args.unet_batch, "refine_steps": args.refine_steps,
               "latent_unit_scale": unit_scale,
               "torch": torch.__version__}
    export(args.out, tokenizer, autoencoder, diffusion, unit_scale, figures)
    log(f"done in {time.time() - started:.0f} s: {args.out}")


if __name__ == "__main__":
    main()
