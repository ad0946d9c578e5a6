"""Writes data/photos/*.png: scikit-image sample photographs at 256 px (long side), RGB, for UCN training.
Run with /usr/bin/python3 (Debian python3-skimage 0.19.3) from the repository root."""
from skimage import color, data, img_as_ubyte, io, transform

for name in ['astronaut', 'chelsea', 'rocket', 'brick', 'grass', 'coffee']:
    im = getattr(data, name)()
    if im.ndim == 2:
        im = color.gray2rgb(im)
    im = im[..., :3]
    h, w = im.shape[:2]
    s = 256 / max(h, w)
    im = transform.resize(im, (round(h * s), round(w * s)), anti_aliasing=True)
    io.imsave(f'data/photos/{name}.png', img_as_ubyte(im))
