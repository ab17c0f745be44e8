"""Writes the hostile inputs of issue 20 into a folder: small compressed
files that inflate to gigabytes, and folders that trap a careless walk.

Usage: python3 bench/hostile_inputs.py OUT_DIR

Gzip members may be concatenated, and one member of a megabyte of the same
byte compresses to about a kilobyte, so an 8 GB line costs 8 MB of disk.
"""
import gzip
import os
import sys

MB = 1 << 20


def repeated_member_file(path, chunk, repeats, head=b"", tail=b""):
    member = gzip.compress(chunk, compresslevel=9)
    with open(path, "wb") as out:
        if head:
            out.write(gzip.compress(head))
        for _ in range(repeats):
            out.write(member)
        if tail:
            out.write(gzip.compress(tail))


def main(out):
    os.makedirs(out, exist_ok=True)
    after = b'\n{"id": "after", "text": "The line after the long one is read."}\n'
    # One 8 GB line, then a good line.
    repeated_member_file(os.path.join(out, "long-line.jsonl.gz"), b"x" * MB, 8192,
                         head=b'{"text": "', tail=after)
    # 333 million `{}` lines.
    repeated_member_file(os.path.join(out, "empty-objects.jsonl.gz"), b"{}\n" * (MB // 3), 953)
    # 10 GB of blank lines.
    repeated_member_file(os.path.join(out, "blank-lines.jsonl.gz"), b"\n" * MB, 10240, tail=after)
    # A WARC record whose header line is 8 GB long.
    repeated_member_file(os.path.join(out, "long-header.warc.gz"), b"x" * MB, 8192,
                         head=b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ")
    # Folder traps: links back to the folder, and a FIFO named like text.
    trap = os.path.join(out, "trap")
    os.makedirs(trap, exist_ok=True)
    with open(os.path.join(trap, "a.txt"), "w") as f:
        f.write("An article in a folder full of traps.\n")
    for name, target in [("loop1", "."), ("loop2", "."), ("self", "self")]:
        link = os.path.join(trap, name)
        if not os.path.lexists(link):
            os.symlink(target, link)
    fifo = os.path.join(trap, "pipe.txt")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)


if __name__ == "__main__":
    main(sys.argv[1])
