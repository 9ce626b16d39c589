"""Bit embedding (FNNS): hide bytes in any image so a key-rebuilt random decoder reads them back.

`engine` is the entry point (embed / extract / capacity); `payload` frames, encrypts and
error-corrects the bytes; `decoder` rebuilds the fixed network from the password; `optimise`
trains the image; `quality` measures the change.
"""
