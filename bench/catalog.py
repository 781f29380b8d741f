"""The benchmark models' names, families and sizes (no torch import here, so
that bench/run_bench.py stays a small process). bench/make_models.py builds
them."""

import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

MODELS = ["mnist_cnn", "resnet50", "mobilenet_v2", "resnet50_b8", "bert_base",
          "gpt2_small", "lstm_lm", "bigru"]
FAMILY = {"mnist_cnn": "cnn", "resnet50": "cnn", "mobilenet_v2": "cnn", "resnet50_b8": "cnn",
          "bert_base": "transformer", "gpt2_small": "transformer",
          "lstm_lm": "rnn", "bigru": "rnn"}

# Sizes. "full" is what issue #3 asks for; "small" keeps the structure.
CONFIG = {
    "resnet50": {
        "full": dict(image=224, classes=1000),             # torchvision.models.resnet50
        "small": dict(image=64, classes=10, stem=16, planes=(8, 16, 32, 64),
                      blocks=(2, 2, 2, 2)),                  # same Bottleneck blocks, 1/8 width
    },
    # resnet50 with a batch of images (issue #5's batch-8 target): the same
    # network and weights.
    "resnet50_b8": {
        "full": dict(image=224, classes=1000, batch=8),
        "small": dict(image=64, classes=10, stem=16, planes=(8, 16, 32, 64),
                      blocks=(2, 2, 2, 2), batch=2),
    },
    "mobilenet_v2": {
        "full": dict(image=224, classes=1000, width=1.0),
        "small": dict(image=64, classes=10, width=0.25),
    },
    "bert_base": {
        "full": dict(vocab=30522, max_pos=512, hidden=768, layers=12, heads=12, ffn=3072,
                     seq=128, pad=16),
        "small": dict(vocab=1000, max_pos=64, hidden=128, layers=2, heads=2, ffn=512,
                      seq=32, pad=5),
    },
    "gpt2_small": {
        "full": dict(vocab=50257, max_pos=1024, hidden=768, layers=12, heads=12, ffn=3072,
                     seq=128),
        "small": dict(vocab=1000, max_pos=64, hidden=128, layers=2, heads=2, ffn=512, seq=32),
    },
    "lstm_lm": {
        "full": dict(vocab=10000, embed=256, hidden=512, layers=2, seq=64),
        "small": dict(vocab=500, embed=32, hidden=64, layers=2, seq=16),
    },
    "bigru": {
        "full": dict(features=80, hidden=256, layers=1, seq=100),
        "small": dict(features=16, hidden=32, layers=1, seq=20),
    },
    "mnist_cnn": {"full": {}, "small": {}},
}


def dir_name(name, size):
    return name if size == "full" else name + "_small"


def generator_version():
    """Changes whenever the generator (make_models.py or this file) changes;
    scripts/bench regenerates its models then."""
    h = hashlib.sha256()
    for f in ("catalog.py", "make_models.py"):
        with open(os.path.join(HERE, f), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]



def parse_models(text):
    names = MODELS if text in ("", "all") else [m.strip() for m in text.split(",") if m.strip()]
    bad = [m for m in names if m not in MODELS]
    if bad:
        sys.exit(f"error: unknown model(s) {', '.join(bad)}; known: {', '.join(MODELS)}")
    return names
