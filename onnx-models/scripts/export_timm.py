#!/usr/bin/env python3
"""Export a timm model to ONNX for vitwatt, with its preprocessing as a JSON sidecar.

Run it on your own machine, where Python, torch and timm are installed (vitwatt itself never runs it):

    pip install torch timm onnx            # onnx is optional: it checks the written file
    python export_timm.py deit_small_patch16_224.fb_in1k
    python export_timm.py vit_small_patch16_224 --checkpoint cifar10_vit_s.pth --num-classes 10 \\
        --mean imagenet --std imagenet --out models/vit_small_cifar10.onnx

It writes two files:

* ``NAME.onnx``: opset 17, one float input named ``input`` of shape [batch, 3, S, S] with a dynamic
  batch dimension, one output named ``logits`` [batch, classes]; exported in eval mode with
  ``torch.onnx.export(..., do_constant_folding=True)`` (the TorchScript exporter).
* ``NAME.onnx.json``: the sidecar vitwatt reads in preference to its catalog: the model's evaluation
  preprocessing as ``timm.data.resolve_data_config`` gives it (input_size, interpolation, mean, std,
  crop_pct, crop_mode) plus num_classes and provenance. Format ``vitwatt-sidecar/1``, described in
  docs/datasets.md.

Then benchmark it with ``-p model=PATH/NAME.onnx`` or put both files in a ``-Dvitwatt.models=DIR``.
"""

import argparse
import datetime
import inspect
import json
import os
import sys

FORMAT = "vitwatt-sidecar/1"
OPSET = 17
NAMED_RGB = {
    "imagenet-mean": [0.485, 0.456, 0.406],
    "imagenet-std": [0.229, 0.224, 0.225],
    "inception-mean": [0.5, 0.5, 0.5],
    "inception-std": [0.5, 0.5, 0.5],
}


def rgb(text, which):
    """'imagenet', 'inception' or 'r,g,b' -> three floats."""
    key = f"{text.lower()}-{which}"
    if key in NAMED_RGB:
        return NAMED_RGB[key]
    parts = [float(p) for p in text.replace("/", ",").split(",")]
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"--{which} needs imagenet, inception or three numbers r,g,b")
    return parts


def sidecar(model_name, cfg, num_classes, args, timm_version, torch_version):
    """The sidecar dict: timm's data config with the fields vitwatt needs, in timm's names."""
    input_size = [int(v) for v in cfg["input_size"]]
    if len(input_size) != 3 or input_size[0] != 3 or input_size[1] != input_size[2]:
        raise SystemExit(f"{model_name}: input_size {input_size} is not [3, S, S]; vitwatt feeds square RGB images")
    crop_pct = cfg.get("crop_pct")
    return {
        "format": FORMAT,
        "model": model_name,
        "num_classes": int(num_classes),
        "input_name": "input",
        "output_name": "logits",
        "input_size": input_size,
        "interpolation": str(cfg.get("interpolation", "bicubic")),
        "mean": [float(v) for v in (args.mean or cfg["mean"])],
        "std": [float(v) for v in (args.std or cfg["std"])],
        "crop_pct": None if crop_pct is None else float(crop_pct),
        "crop_mode": str(cfg.get("crop_mode") or "center"),
        "source": {
            "pretrained": bool(args.checkpoint is None and not args.no_pretrained),
            "checkpoint": os.path.abspath(args.checkpoint) if args.checkpoint else None,
            "timm": timm_version,
            "torch": torch_version,
            "opset": OPSET,
            "exported": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="timm model name, optionally with its pretrained tag (deit_small_patch16_224.fb_in1k)")
    p.add_argument("--out", help="ONNX file to write (default: ./<model>.onnx); the sidecar is <out>.json")
    p.add_argument("--checkpoint", help="load this state dict (e.g. your fine-tune) instead of timm's pretrained weights")
    p.add_argument("--num-classes", type=int, help="classifier classes (e.g. 10 for a CIFAR-10 fine-tune)")
    p.add_argument("--no-pretrained", action="store_true", help="random weights (a format test, not for accuracy)")
    p.add_argument("--mean", type=lambda s: rgb(s, "mean"),
                   help="normalisation mean the model was trained with, when it differs from timm's config "
                        "(imagenet, inception or r,g,b); the paper's CIFAR-10 fine-tunes used imagenet")
    p.add_argument("--std", type=lambda s: rgb(s, "std"), help="normalisation std, as --mean")
    p.add_argument("--check", action="store_true",
                   help="run the ONNX file with onnxruntime (if installed) and compare with torch")
    args = p.parse_args(argv)

    import torch
    import timm
    from timm.data import resolve_data_config

    kwargs = {}
    if args.num_classes is not None:
        kwargs["num_classes"] = args.num_classes
    pretrained = args.checkpoint is None and not args.no_pretrained
    model = timm.create_model(args.model, pretrained=pretrained, **kwargs)
    if args.checkpoint:
        state = torch.load(args.checkpoint, map_location="cpu")
        for key in ("state_dict", "model", "state_dict_ema"):
            if isinstance(state, dict) and key in state and isinstance(state[key], dict):
                state = state[key]
                break
        state = {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}
        model.load_state_dict(state)
    model.eval()

    cfg = resolve_data_config({}, model=model)
    num_classes = getattr(model, "num_classes", None) or cfg.get("num_classes")
    out = args.out or (args.model.replace("/", "_") + ".onnx")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)

    dummy = torch.randn(2, *cfg["input_size"])
    export_kwargs = dict(
        export_params=True,
        opset_version=OPSET,
        do_constant_folding=True,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    )
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        export_kwargs["dynamo"] = False  # the TorchScript exporter: dynamic_axes and constant folding as documented
    with torch.no_grad():
        expected = model(dummy)
        torch.onnx.export(model, (dummy,), out, **export_kwargs)
    if expected.ndim != 2:
        raise SystemExit(f"{args.model}: output shape {tuple(expected.shape)} is not [batch, classes]")

    meta = sidecar(args.model, cfg, expected.shape[1] if num_classes is None else num_classes, args,
                   timm.__version__, torch.__version__)
    with open(out + ".json", "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    try:
        import onnx
        onnx.checker.check_model(out, full_check=False)
    except ImportError:
        pass
    if args.check:
        try:
            import numpy as np
            import onnxruntime as ort
        except ImportError:
            print("--check needs onnxruntime and numpy", file=sys.stderr)
        else:
            sess = ort.InferenceSession(out, providers=["CPUExecutionProvider"])
            got = sess.run(["logits"], {"input": dummy.numpy()})[0]
            diff = float(np.abs(got - expected.numpy()).max())
            print(f"onnxruntime vs torch: max |difference| of logits {diff:.3g}")
    print(f"wrote {out} and {out}.json ({meta['input_size'][1]} px, {meta['interpolation']}, "
          f"crop_pct {meta['crop_pct']}, {meta['num_classes']} classes)")


if __name__ == "__main__":
    main()
