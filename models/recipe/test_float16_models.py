"""Exports one small random-weight model twice, for tests only: with float32 and with float16 inputs and outputs.

Half-precision Stable-Diffusion exports take and give float16 tensors, some take int32 token ids and a
float16 timestep without a batch axis; the worker must read those types from the model. The two
folders share their weights, so a test can run the worker's pipeline on both and expect the same
images but for float16's rounding. The weights stay float32 inside (Debian's torch cannot run half
convolutions on a CPU); what differs is each model's contract, which is what the pipeline sees.

    /usr/bin/python3 models/recipe/test_float16_models.py OUT
writes OUT/float32 and OUT/float16, each a model folder with the bundled model's tokenizer and scheduler.
"""
import json
import os
import shutil
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "atelier-shapes-64")
NATIVE_SIZE = 32
WIDTH = 32


class TextEncoder(nn.Module):
    def __init__(self, vocabulary_size):
        super().__init__()
        self.token = nn.Embedding(vocabulary_size, WIDTH)
        self.mix = nn.Linear(WIDTH, WIDTH)

    def forward(self, input_ids):
        x = self.token(input_ids.long())
        return torch.tanh(self.mix(x + x.mean(dim=1, keepdim=True)))


class UNet(nn.Module):
    """Any function of the three inputs will do; this one lets each of them change the result."""

    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(4, 16, 3, padding=1)
        self.text = nn.Linear(WIDTH, 16)
        self.time = nn.Linear(1, 16)
        self.conv_out = nn.Conv2d(16, 4, 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states):
        t = self.time(timestep.float().reshape(1, 1) / 1000.0)
        text = 4.0 * self.text(encoder_hidden_states.mean(dim=1))
        h = self.conv_in(sample) + text[:, :, None, None] + t[:, :, None, None]
        return self.conv_out(F.silu(h))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(4, 16, 3, padding=1)
        self.conv_out = nn.Conv2d(16, 3, 3, padding=1)

    def forward(self, latent_sample):
        h = F.interpolate(F.silu(self.conv_in(latent_sample)), scale_factor=8.0, mode="nearest")
        return torch.tanh(self.conv_out(h))


class HalfInterface(nn.Module):
    """The same model behind float16 inputs and outputs (integer inputs pass through)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, *inputs):
        return self.model(*[x.float() if x.is_floating_point() else x for x in inputs]).half()


def export(folder, half, text_encoder, unet, decoder):
    for part in ("text_encoder", "unet", "vae_decoder"):
        os.makedirs(f"{folder}/{part}")
    shutil.copytree(f"{BUNDLED}/tokenizer", f"{folder}/tokenizer")
    shutil.copytree(f"{BUNDLED}/scheduler", f"{folder}/scheduler")
    real = torch.float16 if half else torch.float32
    wrap = HalfInterface if half else (lambda model: model)
    side = NATIVE_SIZE // 8
    batch = {0: "batch"}
    ids = torch.zeros(1, 77, dtype=torch.int32 if half else torch.int64)
    # float16 exports often take the timestep as a float16 scalar; float32 ones an int64 [1].
    timestep = torch.tensor(999.0, dtype=real) if half else torch.tensor([999], dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(wrap(text_encoder), (ids,), f"{folder}/text_encoder/model.onnx",
                          input_names=["input_ids"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": batch, "last_hidden_state": batch}, opset_version=14)
        torch.onnx.export(wrap(unet), (torch.zeros(2, 4, side, side, dtype=real), timestep,
                                       torch.zeros(2, 77, WIDTH, dtype=real)),
                          f"{folder}/unet/model.onnx",
                          input_names=["sample", "timestep", "encoder_hidden_states"], output_names=["out_sample"],
                          dynamic_axes={"sample": batch, "encoder_hidden_states": batch, "out_sample": batch},
                          opset_version=14)
        torch.onnx.export(wrap(decoder), (torch.zeros(1, 4, side, side, dtype=real),),
                          f"{folder}/vae_decoder/model.onnx", input_names=["latent_sample"], output_names=["sample"],
                          dynamic_axes={"latent_sample": batch, "sample": batch}, opset_version=14)
    index = {"_class_name": "OnnxStableDiffusionPipeline", "_atelier": {
        "name": "float16-interface-test" if half else "float32-interface-test", "native_size": NATIVE_SIZE,
        "domain": "random weights, for tests", "recommended_steps": 4, "recommended_guidance": 3.0}}
    with open(f"{folder}/model_index.json", "w") as f:
        json.dump(index, f, indent=2)


def main():
    out = sys.argv[1]
    if os.path.exists(out):
        shutil.rmtree(out)
    with open(f"{BUNDLED}/tokenizer/vocab.json", encoding="utf-8") as f:
        vocabulary_size = len(json.load(f))
    torch.manual_seed(7)
    text_encoder, unet, decoder = TextEncoder(vocabulary_size), UNet(), Decoder()
    for model in (text_encoder, unet, decoder):
        model.eval()
    export(f"{out}/float32", False, text_encoder, unet, decoder)
    export(f"{out}/float16", True, text_encoder, unet, decoder)


if __name__ == "__main__":
    main()
