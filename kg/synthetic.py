"""Synthetic abstracts from sentence templates, for benchmarks at scale.

The templates and vocabularies are written for this project; the text reads like an ML
abstract so the extractors do realistic work, but it means nothing.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

MODELS = [
    "graph attention network",
    "recurrent neural network",
    "vision transformer",
    "convolutional neural network",
    "variational autoencoder",
    "diffusion model",
    "long short-term memory network",
    "graph convolutional network",
    "ResNet-50",
    "BERT",
    "GPT-2",
    "U-Net",
    "multilayer perceptron",
    "spiking neural network",
    "neural ordinary differential equation",
    "state space model",
    "Mamba",
    "T5",
]
METHODS = [
    "contrastive learning",
    "knowledge distillation",
    "dropout",
    "batch normalization",
    "stochastic gradient descent",
    "self-attention",
    "data augmentation",
    "pruning",
    "quantization",
    "meta-learning",
    "reinforcement learning",
    "beam search",
    "low-rank adaptation",
    "weight decay",
    "pseudo-labeling",
    "curriculum learning",
]
DATASETS = [
    "ImageNet",
    "CIFAR-10",
    "CIFAR-100",
    "MNIST",
    "GLUE",
    "SQuAD",
    "Cora",
    "QM9",
    "WikiText-103",
    "COCO",
    "LibriSpeech",
    "ListOps",
    "Penn Treebank",
    "MuJoCo",
]
TASKS = [
    "image classification",
    "node classification",
    "machine translation",
    "language modeling",
    "object detection",
    "question answering",
    "link prediction",
    "time series forecasting",
    "speech recognition",
    "anomaly detection",
    "semantic segmentation",
    "few-shot learning",
    "molecular property prediction",
]
METRICS = [
    "accuracy",
    "F1 score",
    "BLEU",
    "perplexity",
    "mean squared error",
    "AUC",
    "top-1 error",
    "word error rate",
    "FID",
    "mean average precision",
]
PREFIXES = [
    "Sparse",
    "Deep",
    "Hierarchical",
    "Adaptive",
    "Robust",
    "Neural",
    "Latent",
    "Dynamic",
    "Gated",
    "Causal",
    "Spectral",
    "Equivariant",
    "Recursive",
    "Modular",
]
SUFFIXES = ["Net", "Former", "Flow", "Mixer", "GAN", "Cell", "Router", "Diff", "Prop"]

TEMPLATES = [
    "We propose {new}, a novel {model} for {task}.",
    "{new} combines {method} with {model2} to improve {task2}.",
    "Existing approaches based on {model2} struggle with long inputs and noisy labels.",
    "We evaluate {new} on {data} and {data2}, where it outperforms {model2} in {metric}.",
    "Experiments on {data} show that {method} reduces {metric2} by a large margin.",
    "We apply {method2} to {task} and compare with {model} trained by {method}.",
    "Our analysis shows that {method2} is a key component of {model}.",
    "The code and the {data} splits are released to support future work on {task2}.",
]


def _name(rng: random.Random) -> str:
    return (
        rng.choice(PREFIXES)
        + rng.choice(SUFFIXES)
        + ("-" + str(rng.randint(2, 9)) if rng.random() < 0.2 else "")
    )


def synthetic_abstract(rng: random.Random) -> tuple[str, str]:
    """One (title, abstract) pair drawn from the templates."""
    slots = {
        "new": _name(rng),
        "model": rng.choice(MODELS),
        "model2": rng.choice(MODELS),
        "method": rng.choice(METHODS),
        "method2": rng.choice(METHODS),
        "data": rng.choice(DATASETS),
        "data2": rng.choice(DATASETS),
        "task": rng.choice(TASKS),
        "task2": rng.choice(TASKS),
        "metric": rng.choice(METRICS),
        "metric2": rng.choice(METRICS),
    }
    chosen = [TEMPLATES[0]] + rng.sample(TEMPLATES[1:], k=rng.randint(3, 6))
    abstract = " ".join(t.format(**slots) for t in chosen)
    title = f"{slots['new']}: {slots['method'].title()} for {slots['task'].title()}"
    return title, abstract


def synthetic_records(n: int, seed: int = 0) -> Iterator[dict]:
    """``n`` JSONL-ready records with arXiv field names.

    Examples
    --------
    >>> r = next(synthetic_records(1))
    >>> sorted(r)
    ['abstract', 'categories', 'id', 'title', 'update_date']
    """
    rng = random.Random(seed)
    for i in range(n):
        title, abstract = synthetic_abstract(rng)
        yield {
            "id": f"synth-{i:07d}",
            "title": title,
            "abstract": abstract,
            "categories": "cs.LG",
            "update_date": f"20{rng.randint(10, 25)}-01-01",
        }


def write_jsonl(path: str, n: int, seed: int = 0) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for record in synthetic_records(n, seed):
            fh.write(json.dumps(record) + "\n")
