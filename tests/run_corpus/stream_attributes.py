import io
import sys
for stream in (sys.stdout, sys.stderr):
    print(
        isinstance(stream, io.TextIOBase),
        stream.name,
        stream.mode,
        stream.encoding,
        stream.writable(),
        stream.readable(),
        stream.seekable(),
        stream.closed,
        stream.fileno(),
        stream.isatty(),
        sys.__stdout__ is sys.stdout,
    )
print(sys.stdout.buffer.write(b"raw bytes\n"))
sys.stdout.write("text ")
sys.stdout.flush()
sys.stdout.buffer.write(b"then bytes\n")
