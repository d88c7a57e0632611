"""Exports a stand-in safety checker with the inputs and outputs of Stable Diffusion's, for tests only.

It flags an image in which some pixel's red exceeds its blue by more than 0.5 (a red, orange or
yellow shape; never a blue, cyan or white one), so a test can predict which images a job loses to it.

    /usr/bin/python3 models/recipe/test_safety_checker.py OUT/model.onnx
"""
import sys

import torch


class RedFlagger(torch.nn.Module):
    def forward(self, clip_input, images):
        redness = (images[..., 0] - images[..., 2]).amax(dim=(1, 2))
        return images, (redness > 0.5) & (clip_input.shape[0] > 0)


def main():
    torch.onnx.export(RedFlagger(), (torch.zeros(1, 3, 224, 224), torch.zeros(1, 64, 64, 3)), sys.argv[1],
                      input_names=["clip_input", "images"], output_names=["images_out", "has_nsfw_concepts"],
                      dynamic_axes={"clip_input": {0: "batch"}, "images": {0: "batch", 1: "height", 2: "width"},
                                    "images_out": {0: "batch"}, "has_nsfw_concepts": {0: "batch"}},
                      opset_version=14)


if __name__ == "__main__":
    main()
