"""Bit embedding (FNNS): hide bytes in any image so a key-rebuilt random decoder reads them back.

`files` is the entry point on paths or arrays (embed / extract / capacity); `engine` does the work on
arrays; `payload` frames and encrypts the bytes and `blocks` error-corrects and places them;
`decoder` rebuilds the fixed network from the password; `salt` reads the image's public salt;
`optimise` trains the image; `names` keeps stored file names safe.
"""
