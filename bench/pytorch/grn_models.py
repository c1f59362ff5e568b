"""GrnGpu's three networks restated in PyTorch, layer for layer (NCHW).

This is our own restatement of src/Models/Networks (RnaNet, SdiNet, FusionNet with RnaTrunk and ImageTrunk) and
src/Models/Layers (ConvBn, ResidualBlock, Aspp, SqueezeExcitation, Conv2dLayer, DenseLayer, BatchNormLayer), for
timing a training step in PyTorch next to ours (bench/side-by-side). It keeps:

- Keras Conv2D 'same' padding as TensorFlow computes it: out = ceil(in / stride), total pad
  max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0), the odd extra going after (bottom / right); symmetric
  cases use the convolution's own padding, asymmetric ones an explicit F.pad. Every conv has a bias (use_bias=True).
- 3x3/2 'same' max pool: padded positions never win (F.pad with -inf); 2x2/2 'valid' max pool in the RNA trunk.
- Keras BatchNormalization: eps 1e-3, momentum 0.99 (PyTorch momentum 0.01); its moving mean and variance are the
  non-trainable parameters (PyTorch buffers; num_batches_tracked is not counted).
- Keras initialisers: Glorot uniform kernels with receptive-field fans, zero biases, gamma 1, beta 0.
- Dropout 0.5 between the RNA trunk's stages; sigmoid output, (N, 1).

Inputs: rna 1 x 64 x 64 histogram; sdinet 2 x H x W (two grey views as channels); fusion 1 x 2H x W (the two views
stacked vertically) and the 1 x 64 x 64 histogram. H x W defaults to 128 x 320.

`python3 grn_models.py` prints each model's parameter counts next to ours (tests/.../ParameterCountTests.cs).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# NetworkDimensions.Full
WIDTHS = (32, 64, 128, 256)
ASPP_RATES = (3, 6, 9)
JOINT1, JOINT2, HEAD = 128, 256, 128
HISTOGRAM_BINS = 64
DROPOUT_RATE = 0.5
BN_EPSILON, BN_MOMENTUM_KERAS = 1e-3, 0.99

MODELS = ("rna", "sdinet", "fusion")

# ParameterCountTests.FullSizeNetworksHaveTheSeedsParameterCounts: (trainable, non-trainable)
EXPECTED_PARAMS = {
    "rna": (2_045_537, 3_968),
    "sdinet": (4_283_489, 7_872),
    "fusion": (6_961_953, 11_840),
}


def same_pads(size, kernel, stride, dilation):
    """TensorFlow 'SAME' padding of one axis: (before, after)."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Conv2d):
    """Keras Conv2D(padding='same'): square kernel, stride, dilation, bias; Glorot uniform kernel, zero bias."""

    def __init__(self, in_channels, out_channels, kernel, stride=1, dilation=1):
        super().__init__(in_channels, out_channels, kernel, stride=stride, padding=0, dilation=dilation, bias=True)
        nn.init.xavier_uniform_(self.weight)   # fans in*k*k and out*k*k, as Keras
        nn.init.zeros_(self.bias)

    def forward(self, x):
        k, s, d = self.kernel_size[0], self.stride[0], self.dilation[0]
        top, bottom = same_pads(x.shape[-2], k, s, d)
        left, right = same_pads(x.shape[-1], k, s, d)
        if top == bottom and left == right:
            return F.conv2d(x, self.weight, self.bias, self.stride, (top, left), self.dilation)
        return F.conv2d(F.pad(x, (left, right, top, bottom)), self.weight, self.bias, self.stride, 0, self.dilation)


def batch_norm(channels):
    """Keras BatchNormalization over the channel axis."""
    return nn.BatchNorm2d(channels, eps=BN_EPSILON, momentum=1 - BN_MOMENTUM_KERAS)


def dense(in_features, out_features, bias=True):
    """Keras Dense: Glorot uniform kernel, zero bias."""
    layer = nn.Linear(in_features, out_features, bias=bias)
    nn.init.xavier_uniform_(layer.weight)
    if bias:
        nn.init.zeros_(layer.bias)
    return layer


def gap(x):
    """(N, C, H, W) -> (N, C)."""
    return x.mean(dim=(2, 3))


def max_pool_same(x, pool, stride):
    """Keras MaxPooling2D(padding='same'): the padding never wins."""
    top, bottom = same_pads(x.shape[-2], pool, stride, 1)
    left, right = same_pads(x.shape[-1], pool, stride, 1)
    if top or bottom or left or right:
        x = F.pad(x, (left, right, top, bottom), value=float("-inf"))
    return F.max_pool2d(x, pool, stride)


class ConvBn(nn.Module):
    """'same' conv + batch norm, optionally ReLU."""

    def __init__(self, in_channels, out_channels, kernel, stride=1, dilation=1):
        super().__init__()
        self.conv = SameConv2d(in_channels, out_channels, kernel, stride, dilation)
        self.bn = batch_norm(out_channels)

    def forward(self, x, relu=True):
        y = self.bn(self.conv(x))
        return F.relu(y, inplace=True) if relu else y


class ResidualBlock(nn.Module):
    """3x3 conv + BN + ReLU, 3x3 conv + BN, + shortcut, ReLU. Shortcut: identity; 3x3 strided conv + BN when the block
    downsamples; 1x1 conv + BN when only the channel count changes."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.a = ConvBn(in_channels, out_channels, 3, stride)
        self.b = ConvBn(out_channels, out_channels, 3)
        if stride != 1:
            self.shortcut = ConvBn(in_channels, out_channels, 3, stride)
        elif in_channels != out_channels:
            self.shortcut = ConvBn(in_channels, out_channels, 1)
        else:
            self.shortcut = None

    def forward(self, x):
        h = self.b(self.a(x), relu=False)
        s = x if self.shortcut is None else self.shortcut(x, relu=False)
        return F.relu(h + s, inplace=True)


class Aspp(nn.Module):
    """Five branches at `width` channels, each conv + BN + ReLU: 1x1; 3x3 at each rate; image pooling (global average
    -> 1x1 conv on the (N, C, 1, 1) map -> broadcast back); concatenated, then 1x1 conv + BN + ReLU to `width`."""

    def __init__(self, in_channels, width, rates):
        super().__init__()
        self.pointwise = ConvBn(in_channels, width, 1)
        self.dilated = nn.ModuleList([ConvBn(in_channels, width, 3, dilation=r) for r in rates])
        self.image_pool = ConvBn(in_channels, width, 1)
        self.project = ConvBn(width * (len(rates) + 2), width, 1)

    def forward(self, x):
        h, w = x.shape[-2], x.shape[-1]
        branches = [self.pointwise(x)] + [b(x) for b in self.dilated]
        pooled = self.image_pool(x.mean(dim=(2, 3), keepdim=True))
        branches.append(pooled.expand(-1, -1, h, w))
        return self.project(torch.cat(branches, dim=1))


class SqueezeExcitation(nn.Module):
    """Global average -> dense (C -> C, no bias) -> sigmoid, times the input's channels."""

    def __init__(self, channels):
        super().__init__()
        self.dense = dense(channels, channels, bias=False)

    def forward(self, x):
        s = torch.sigmoid(self.dense(gap(x)))
        return x * s[:, :, None, None]


class RnaTrunk(nn.Module):
    """Four stages of two 3x3 ConvBn + ReLU, 2x2 valid max pool and dropout between stages. Branch 0: GAP(stage 4);
    branch 1: stage 3 -> ASPP -> SE -> 3x3 ConvBn + ReLU to the stage-4 width -> GAP. Returns (features, stage 2,
    stage 3)."""

    def __init__(self, widths=WIDTHS, rates=ASPP_RATES):
        super().__init__()
        w = widths
        self.stages = nn.ModuleList()
        for s in range(4):
            cin = 1 if s == 0 else w[s - 1]
            self.stages.append(nn.ModuleList([ConvBn(cin, w[s], 3), ConvBn(w[s], w[s], 3)]))
        self.dropout = nn.Dropout(DROPOUT_RATE)
        self.aspp = Aspp(w[2], w[2], rates)
        self.se = SqueezeExcitation(w[2])
        self.branch_conv = ConvBn(w[2], w[3], 3)
        self.feature_width = 2 * w[3]

    def forward(self, histogram):
        stages = []
        x = histogram
        for s, convs in enumerate(self.stages):
            if s > 0:
                x = self.dropout(F.max_pool2d(x, 2, 2))
            for conv in convs:
                x = conv(x)
            stages.append(x)
        branch0 = gap(stages[3])
        branch1 = gap(self.branch_conv(self.se(self.aspp(stages[2]))))
        return torch.cat([branch0, branch1], dim=1), stages[1], stages[2]


class ImageTrunk(nn.Module):
    """7x7/2 ConvBn + ReLU and 3x3/2 'same' max pool (stage 1); residual stages 2..5 of two blocks, the first block of
    stages 3..5 downsampling. Branch 0: GAP(stage 5); branch 1: stage 2 (SDINet) or stage 4 (fusion) -> ASPP -> SE ->
    residual block to the stage-5 width -> GAP. Returns (features, stage 3, stage 4)."""

    def __init__(self, in_channels, aspp_stage, widths=WIDTHS, rates=ASPP_RATES):
        super().__init__()
        if aspp_stage not in (2, 4):
            raise ValueError("ASPP sits on stage 2 or 4")
        w = widths
        self.aspp_stage = aspp_stage
        self.stem = ConvBn(in_channels, w[0], 7, stride=2)
        self.stages = nn.ModuleList()
        for s in range(4):
            cin = w[0] if s == 0 else w[s - 1]
            stride = 1 if s == 0 else 2
            self.stages.append(nn.Sequential(ResidualBlock(cin, w[s], stride), ResidualBlock(w[s], w[s])))
        self.aspp = Aspp(w[0] if aspp_stage == 2 else w[2], w[2], rates)
        self.se = SqueezeExcitation(w[2])
        self.branch_block = ResidualBlock(w[2], w[3])
        self.feature_width = 2 * w[3]

    def forward(self, image):
        x = max_pool_same(self.stem(image), 3, 2)
        stages = []
        for stage in self.stages:
            x = stage(x)
            stages.append(x)
        branch0 = gap(stages[3])
        branch1 = gap(self.branch_block(self.se(self.aspp(stages[self.aspp_stage - 2]))))
        return torch.cat([branch0, branch1], dim=1), stages[1], stages[2]


class RnaNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = RnaTrunk()
        self.output = dense(self.trunk.feature_width, 1)

    def forward(self, histogram):
        return torch.sigmoid(self.output(self.trunk(histogram)[0]))


class SdiNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = ImageTrunk(2, aspp_stage=2)
        self.output = dense(self.trunk.feature_width, 1)

    def forward(self, image_pair):
        return torch.sigmoid(self.output(self.trunk(image_pair)[0]))


class FusionNet(nn.Module):
    """Image trunk (1 channel, ASPP on stage 4) and RNA trunk, bridged by
    joint1 = ReLU(dense([GAP(rna stage 2), GAP(image stage 3)])),
    joint2 = ReLU(dense([GAP(rna stage 3), GAP(image stage 4), joint1])),
    head = ReLU(dense([image features, joint2, rna features])), then dense 1 + sigmoid."""

    def __init__(self, widths=WIDTHS):
        super().__init__()
        w = widths
        self.image = ImageTrunk(1, aspp_stage=4)
        self.rna = RnaTrunk()
        self.joint1 = dense(w[1] + w[1], JOINT1)
        self.joint2 = dense(w[2] + w[2] + JOINT1, JOINT2)
        self.head = dense(self.image.feature_width + JOINT2 + self.rna.feature_width, HEAD)
        self.output = dense(HEAD, 1)

    def forward(self, image, histogram):
        image_features, image_stage3, image_stage4 = self.image(image)
        rna_features, rna_stage2, rna_stage3 = self.rna(histogram)
        joint1 = F.relu(self.joint1(torch.cat([gap(rna_stage2), gap(image_stage3)], dim=1)))
        joint2 = F.relu(self.joint2(torch.cat([gap(rna_stage3), gap(image_stage4), joint1], dim=1)))
        head = F.relu(self.head(torch.cat([image_features, joint2, rna_features], dim=1)))
        return torch.sigmoid(self.output(head))


def input_shapes(model_name, image_size=(128, 320)):
    """Per-sample input shapes (C, H, W), in the order forward takes them."""
    h, w = image_size
    histogram = (1, HISTOGRAM_BINS, HISTOGRAM_BINS)
    if model_name == "rna":
        return [histogram]
    if model_name == "sdinet":
        return [(2, h, w)]
    if model_name == "fusion":
        return [(1, 2 * h, w), histogram]
    raise ValueError(f"unknown model '{model_name}': expected one of {', '.join(MODELS)}")


def build(model_name, image_size=(128, 320)):
    """The network by name (rna, sdinet, fusion); `model.input_shapes` holds its per-sample input shapes for
    image_size = (H, W) of one grey view (the networks themselves take any size: every branch ends in a global
    average)."""
    shapes = input_shapes(model_name, image_size)
    model = {"rna": RnaNet, "sdinet": SdiNet, "fusion": FusionNet}[model_name]()
    model.input_shapes = shapes
    return model


def parameter_counts(model):
    """(trainable, non-trainable) as Keras counts them: BN moving mean and variance are the non-trainable ones."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    non_trainable = sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    return trainable, non_trainable


if __name__ == "__main__":
    ok = True
    for name in MODELS:
        counts = parameter_counts(build(name))
        expected = EXPECTED_PARAMS[name]
        match = counts == expected
        ok &= match
        print(f"{name:7s} trainable {counts[0]:>9,} non-trainable {counts[1]:>6,}   "
              f"ours {expected[0]:>9,} / {expected[1]:>6,}   {'match' if match else 'DIFFER'}")
    raise SystemExit(0 if ok else 1)
