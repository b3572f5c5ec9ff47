"""Regenerates the Pillow reference fixtures of PilReferenceTest (not run by the build).

Needs numpy and Pillow; the committed outputs were made with Pillow 12.3.0 (libjpeg-turbo).
For each interpolation: torchvision's Resize(N) (shorter side N, longer int(N * long / short)) done by
Image.resize, then CenterCrop(C) with torchvision's offsets int(round((len - C) / 2)), raw RGB bytes.
Decoder fixtures: Image.open(f).convert("RGB") as raw RGB bytes.
"""
import numpy as np
from PIL import Image

rng = np.random.default_rng(20261124)
w, h = 37, 53
x = np.linspace(0, 1, w)[None, :, None]
y = np.linspace(0, 1, h)[:, None, None]
arr = np.clip(np.sin(7 * x + 3 * y + np.arange(3)) * 110 + 128 + rng.normal(0, 35, (h, w, 3)), 0, 255).astype(np.uint8)
Image.fromarray(arr, "RGB").save("src.png")
im = Image.open("src.png").convert("RGB")
for name, code in [("bicubic", Image.BICUBIC), ("bilinear", Image.BILINEAR), ("nearest", Image.NEAREST)]:
    for resize, crop in [(36, 32), (60, 48)]:
        short, long = (w, h) if w <= h else (h, w)
        nshort, nlong = resize, int(resize * long / short)
        nw, nh = (nshort, nlong) if w <= h else (nlong, nshort)
        r = im.resize((nw, nh), code)
        top, left = int(round((nh - crop) / 2.0)), int(round((nw - crop) / 2.0))
        c = r.crop((left, top, left + crop, top + crop))
        open(f"{name}_{resize}_{crop}.raw", "wb").write(np.asarray(c).tobytes())
small = Image.fromarray(arr[:12, :16], "RGB")
small.save("ycc420.jpg", quality=85)
small.convert("CMYK").save("cmyk.jpg", quality=95)
Image.fromarray(arr[:12, :16, 0].astype(np.uint16) * 3).save("gray16.png")
small.convert("P", palette=Image.ADAPTIVE, colors=16).save("palette.png")
for f in ["ycc420.jpg", "cmyk.jpg", "gray16.png", "palette.png"]:
    open(f + ".raw", "wb").write(np.asarray(Image.open(f).convert("RGB")).tobytes())
