#!/usr/bin/env python3
"""Times full training steps of one of GrnGpu's networks, restated in PyTorch (grn_models.py).

usage: python3 bench/pytorch/step_time.py --model rna|sdinet|fusion [--device cpu|cuda] [--batch 32] [--steps 5]
                                          [--threads 2] [--image-size 128x320] [--tf32]

A step is what `grn bench` times (TrainingStepRunner): zero the gradients, forward in training mode, Keras binary
cross-entropy on the probabilities, backward, Adam (Keras form, lr 3e-4), the batch's probabilities read back to the
host. Inputs are uniform [0, 1) and labels alternate 0, 1 (fixed seeds). Two warm-up steps, then --steps timed one
by one (CUDA synchronised after each); prints, for a script to parse:
  <model> train samples/s: <float>
  <model> train step ms: <float> (median of N, batch B, on torch <version> <device>)
  <model> params: <int>                      (trainable, as Keras and `grn summary` count them)
  <model> non-trainable params: <int>        (batch norm moving statistics)
On CUDA cuDNN autotuning is on; TF32 (convolutions and matmul) only with --tf32, otherwise both are plain FP32.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grn_models  # noqa: E402

LEARNING_RATE = 3e-4                  # TrainingStepRunner's constant rate
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-7   # Keras Adam defaults
BCE_EPSILON = 1e-7                    # Keras backend epsilon
WARMUP = 2


def keras_binary_crossentropy(p, y):
    """tf.keras binary cross-entropy on probabilities: p clipped to [eps, 1 - eps], eps inside the logs, mean."""
    q = p.clamp(BCE_EPSILON, 1 - BCE_EPSILON)
    return -(y * torch.log(q + BCE_EPSILON) + (1 - y) * torch.log(1 - q + BCE_EPSILON)).mean()


class KerasAdam:
    """torch.optim.Adam stepped as TensorFlow's ApplyAdam: p -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps).
    PyTorch adds eps to sqrt(v)/sqrt(1-b2^t) instead, so an eps of eps / sqrt(1-b2^t) at step t makes the two equal
    (same m, v and update; PyTorch's own fused/foreach kernels do the work)."""

    def __init__(self, params, lr):
        self.optimizer = torch.optim.Adam(params, lr=lr, betas=(BETA1, BETA2), eps=EPSILON)
        self.t = 0

    def zero_grad(self):
        self.optimizer.zero_grad(set_to_none=True)

    def step(self):
        self.t += 1
        eps = EPSILON / (1 - BETA2 ** self.t) ** 0.5
        for group in self.optimizer.param_groups:
            group["eps"] = eps
        self.optimizer.step()


def parse_size(text):
    try:
        h, w = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--image-size {text}: expected HxW, e.g. 128x320")
    if not (16 <= h <= 1024 and 16 <= w <= 1024):
        raise argparse.ArgumentTypeError(f"--image-size {text}: expected 16 to 1024 pixels per side")
    return h, w


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, choices=grn_models.MODELS)
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=5, help="timed steps, after %d warm-up steps" % WARMUP)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--image-size", type=parse_size, default=(128, 320), metavar="HxW",
                    help="one grey view (sdinet: 2 x H x W; fusion: 1 x 2H x W); default 128x320")
    ap.add_argument("--tf32", action="store_true", help="CUDA: allow TF32 for convolutions and matmul")
    a = ap.parse_args()
    if a.batch < 2:
        ap.error("--batch must be at least 2 (PyTorch's batch norm refuses one value per channel in training, "
                 "and the ASPP image-pooling branch normalises a (N, C, 1, 1) map)")
    if a.steps < 1 or a.threads < 1:
        ap.error("--steps and --threads must be at least 1")

    torch.set_num_threads(a.threads)
    cuda = a.device == "cuda"
    if cuda:
        if not torch.cuda.is_available():
            sys.exit("step_time: --device cuda, but torch.cuda.is_available() is False")
        torch.backends.cudnn.benchmark = True
        torch.backends.cudnn.allow_tf32 = a.tf32
        torch.backends.cuda.matmul.allow_tf32 = a.tf32
        device = torch.device("cuda")
        described = f"cuda {torch.cuda.get_device_name(0)}, tf32 {'on' if a.tf32 else 'off'}"
    else:
        device = torch.device("cpu")
        described = f"cpu, {a.threads} threads"

    torch.manual_seed(0)
    model = grn_models.build(a.model, a.image_size)
    trainable, non_trainable = grn_models.parameter_counts(model)
    model.to(device).train()

    data = torch.Generator().manual_seed(1)
    inputs = [torch.rand((a.batch,) + tuple(shape), generator=data).to(device) for shape in model.input_shapes]
    labels = (torch.arange(a.batch) % 2).float().reshape(a.batch, 1).to(device)
    optimizer = KerasAdam(model.parameters(), LEARNING_RATE)

    def step():
        optimizer.zero_grad()
        p = model(*inputs)
        keras_binary_crossentropy(p, labels).backward()
        optimizer.step()
        return p.detach().to("cpu")   # the probabilities back on the host, as our trainer reads them

    def sync():
        if cuda:
            torch.cuda.synchronize()

    for _ in range(WARMUP):
        step()
    sync()
    times = []
    for _ in range(a.steps):
        start = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - start) * 1000)

    ms = statistics.median(times)
    m = a.model
    print(f"{m} train samples/s: {a.batch / (ms / 1000):.2f}")
    print(f"{m} train step ms: {ms:.3f} (median of {a.steps}, batch {a.batch}, on torch {torch.__version__} {described})")
    print(f"{m} params: {trainable}")
    print(f"{m} non-trainable params: {non_trainable}")


if __name__ == "__main__":
    main()
