#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/TARGET/ from the project's test corpora.

    python3 fuzz/make_seeds.py      # from the repository root; rewrites fuzz/corpus/

Sources: tests/corpus/{links,xss,dlp,files,policy}, the policy templates in packaging/policy,
the scanner answers of crates/parley-guard/tests/scan_props.rs and the scanner unit tests,
and the argument objects ui/src/lib/ipc sends. Each seed is in the input format its target
documents (fuzz/fuzz_targets/*.rs). Binary file contents are built here from the recipes of
tests/corpus/files/README.md (a subset; the EICAR string is left out so that no antivirus
flags the checkout). Seeds are named by a hash of their bytes, so re-running is stable.
"""

import hashlib
import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
TESTS = ROOT / "tests" / "corpus"


def write(target, seeds):
    folder = OUT / target
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    seen = set()
    for seed in seeds:
        data = seed.encode("utf-8") if isinstance(seed, str) else bytes(seed)
        name = hashlib.sha1(data).hexdigest()[:16]
        if name not in seen:
            seen.add(name)
            (folder / name).write_bytes(data)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"{target:10} {len(seen):4} seeds {size / 1024:6.1f} KiB")


def every(items, limit):
    """At most `limit` items, spread evenly over the list (kinds stay mixed)."""
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def unescape(field):
    """The escapes of tests/corpus/files/names.tsv: \\u{XXXX}, \\0 \\t \\n \\r \\\\, {TEXT*N}."""
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            n = field[i + 1]
            if n == "u" and field[i + 2 : i + 3] == "{":
                end = field.index("}", i)
                out.append(chr(int(field[i + 3 : end], 16)))
                i = end + 1
                continue
            out.append({"0": "\0", "t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(n, n))
            i += 2
            continue
        if c == "{" and "*" in field[i:] and "}" in field[i:]:
            end = field.index("}", i)
            text, _, count = field[i + 1 : end].rpartition("*")
            if count.isdigit():
                out.append(text * int(count))
                i = end + 1
                continue
        out.append(c)
        i += 1
    return "".join(out)


def tsv_rows(path):
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# ---- links -------------------------------------------------------------------------------


def links():
    cases = every(jsonl(TESTS / "links" / "cases.jsonl"), 450)
    return [c["url"] + ("\n" + c["text"] if c.get("text") else "") for c in cases] + [
        "see https://example.org/a and www.example.com, mail bob@example.org\nor https://аpple.com/",
    ]


# ---- html --------------------------------------------------------------------------------


def html():
    payloads = every([p["html"] for p in jsonl(TESTS / "xss" / "payloads.jsonl")], 350)
    return payloads + [
        '<font color="#ff0000" data-mx-bg-color="#00ff00">red</font><code class="language-rust">x</code>'
        '<ol start="3"><li>a</li></ol><span data-mx-spoiler="why">s</span>',
        '<p>a<b>b<i>c</p>d<a href="https://x.example">e</a><table><tr><td>f</td></tr></table><img alt="g">',
        '<details open><summary>s</summary><a href="magnet:?xt=1">m</a><a href="#link-7">x</a></details>',
        "<div>" * 70 + "deep",
    ]


# ---- files -------------------------------------------------------------------------------


def pe(dll=False):
    head = bytearray(0x80)
    head[0:2] = b"MZ"
    struct.pack_into("<I", head, 0x3C, 0x40)
    head[0x40:0x44] = b"PE\0\0"
    struct.pack_into("<HHIIIHH", head, 0x44, 0x14C, 1, 0, 0, 0, 0xE0, 0x2102 if dll else 0x0102)
    return bytes(head)


def zipped(entries, encrypted=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(name, data)
    data = bytearray(buf.getvalue())
    if encrypted:
        # Set the "encrypted" flag on every local and central header.
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(sig)
            while at >= 0:
                data[at + off] |= 1
                at = data.find(sig, at + 4)
    return bytes(data)


def ole(clsid=b"\0" * 16, streams=()):
    """A minimal OLE2 compound file: header, one FAT sector, one directory sector."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHH", header, 0x18, 0x3E, 3, 0xFFFE)
    struct.pack_into("<H", header, 0x1E, 9)
    struct.pack_into("<H", header, 0x20, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # FAT sectors
    struct.pack_into("<I", header, 0x30, 1)  # first directory sector
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)
    for i in range(109):
        struct.pack_into("<I", header, 0x4C + 4 * i, 0xFFFFFFFF)
    struct.pack_into("<I", header, 0x4C, 0)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(sector)

    def entry(index, name, kind, child=0xFFFFFFFF, right=0xFFFFFFFF, cls=b"\0" * 16):
        at = index * 128
        encoded = (name + "\0").encode("utf-16-le")
        directory[at : at + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, at + 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", directory, at + 0x44, 0xFFFFFFFF, right, child)
        directory[at + 0x50 : at + 0x60] = cls

    names = list(streams)[:3]
    entry(0, "Root Entry", 5, child=1 if names else 0xFFFFFFFF, cls=clsid)
    for i, name in enumerate(names, start=1):
        kind = 1 if name in ("Macros", "VBA", "_VBA_PROJECT_CUR") else 2  # storage or stream
        entry(i, name, kind, right=i + 1 if i < len(names) else 0xFFFFFFFF)
    return bytes(header + fat + directory)


CONTENTS = {
    "pe": pe(),
    "pe-dll": pe(dll=True),
    "dos": b"MZ" + b"\0" * 62,
    "elf": b"\x7fELF\x02\x01\x01\0" + b"\0" * 8 + b"\x02\0\x3e\0",
    "macho": bytes.fromhex("CFFAEDFE07000001") + b"\0" * 24,
    "class": bytes.fromhex("CAFEBABE00000034"),
    "dex": b"dex\n035\0" + b"\0" * 32,
    "lnk": bytes.fromhex("4C0000000114020000000000C000000000000046") + b"\0" * 56,
    "shebang": b"#!/usr/bin/env python3\nprint('hi')\n",
    "url-shortcut": b"[InternetShortcut]\r\nURL=file:///C:/Windows/System32/calc.exe\r\n",
    "desktop-entry": b"[Desktop Entry]\nType=Application\nExec=sh -c 'id'\nName=report.pdf\n",
    "pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
    "png": bytes.fromhex("89504E470D0A1A0A0000000D49484452") + b"\0" * 16,
    "jpeg": bytes.fromhex("FFD8FFE000104A464946000101") + b"\0" * 8,
    "gif": b"GIF89a\x01\0\x01\0\0\0\0;",
    "7z": bytes.fromhex("377ABCAF271C0004") + b"\0" * 24,
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "rtf": b"{\\rtf1\\ansi hello}",
    "text": "plain text, é 日本\n".encode(),
    "binary": bytes(range(256)),
    "zip": zipped([("a.txt", b"a"), ("folder/", b""), ("run.exe", pe())]),
    "zip-encrypted": zipped([("secret.docx", b"x" * 32)], encrypted=True),
    "zip-traversal": zipped([("../../evil.sh", b"#!/bin/sh\n"), ("invoice.pdf\u202eexe.scr", b"x")]),
    "jar": zipped([("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"), ("a/B.class", bytes.fromhex("CAFEBABE"))]),
    "apk": zipped([("AndroidManifest.xml", b"\3\0\x08\0"), ("classes.dex", b"dex\n035\0")]),
    "docx": zipped([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
    "docm": zipped([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>"), ("word/vbaProject.bin", ole())]),
    "xlsx-macrosheet": zipped([("[Content_Types].xml", b"<Types/>"), ("xl/macrosheets/sheet1.xml", b"<x/>")]),
    "ole-doc": ole(streams=["WordDocument"]),
    "ole-doc-macros": ole(streams=["WordDocument", "Macros"]),
    "ole-msi": ole(clsid=bytes.fromhex("84100C0000000000C000000000000046")),
    "empty": b"",
}


def files():
    seeds = []
    names = [unescape(row[0]) for row in tsv_rows(TESTS / "files" / "names.tsv")]
    for name in names:
        seeds.append(name.replace("\n", " ").encode() + b"\n\n" + CONTENTS["text"])
    mimes = ["", "image/jpeg", "application/pdf", "application/zip", "application/octet-stream"]
    for i, (recipe, content) in enumerate(CONTENTS.items()):
        name = ["holiday.jpg", "invoice.pdf", "README", "setup.exe", "archive.zip", "report.docx"][i % 6]
        seeds.append(f"{name}\n{mimes[i % len(mimes)]}\n".encode() + content)
    seeds.append(b"report.pdf\napplication/pdf\n" + CONTENTS["pdf"] + CONTENTS["zip"])  # polyglot
    seeds.append(b"photo.jpg\nimage/jpeg\n" + CONTENTS["jpeg"] + CONTENTS["pe"])
    return seeds


# ---- dlp ---------------------------------------------------------------------------------


def dlp():
    texts = [c["text"] for c in jsonl(TESTS / "dlp" / "cases.jsonl")]
    return texts + [
        "#patterns project=PRJ-[0-9]{4};ticket=(?i)tick-\\d+;bad=(\nPRJ-1234 and tick-99",
        "#patterns x=a*\nempty-matching pattern",
    ]


# ---- policy ------------------------------------------------------------------------------


def policy():
    seeds = []
    folders = [TESTS / "policy" / d for d in ("broken", "linux", "macos", "windows")]
    folders += [ROOT / "packaging" / "policy" / d for d in ("linux/managed", "macos", "windows")]
    prefix = {".plist": b"p", ".mobileconfig": b"m", ".reg": b"r", ".json": b""}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in prefix and path.stat().st_size <= 16 * 1024:
                seeds.append(prefix[path.suffix] + path.read_bytes())
    return seeds


# ---- scanner answers ---------------------------------------------------------------------


def scan_reply():
    return [
        b"stream: OK\0",
        b"stream: OK",
        b"stream: OK\n",
        b"stream: Eicar-Signature FOUND\0",
        b"stream:  FOUND\0",
        b"INSTREAM size limit exceeded. ERROR\0",
        b"PONG\0",
        b"PONG\n",
        b"",
        b"ICAP/1.0 204 No Content\r\nISTag: \"x\"\r\n\r\n",
        b"ICAP/1.0 200 OK\r\nX-Infection-Found: Type=0; Resolution=2; Threat=Eicar-Signature;\r\n"
        b"Encapsulated: res-hdr=0, res-body=24\r\n\r\nHTTP/1.0 403 Forbidden\r\n\r\n",
        b"ICAP/1.0 200 OK\r\nEncapsulated: res-hdr=0, res-body=19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
        b"ICAP/1.0 204 No Content\r\nX-Violations-Found: 1\r\n\tfile\r\n\tW32.Bad\r\n\t0\r\n\t2\r\n\r\n",
        b"ICAP/1.0 204 No Content\r\nX-Violations-Found: 0\r\nX-Violations-Found: 1\r\n\r\n",
        b"ICAP/1.0 204 No Content\r\nX-Virus-ID: Bad\r\n\r\n",
        b"ICAP/1.0 100 Continue\r\n\r\nICAP/1.0 204 No Content\r\n\r\n",
        b"ICAP/1.0 500 Server Error\r\n\r\n",
        b"ICAP/1.0 200 OK\r\nMethods: RESPMOD, REQMOD\r\nPreview: 1024\r\nAllow: 204\r\nISTag: \"5BDEEEA9\"\r\n"
        b"Encapsulated: null-body=0\r\n\r\n",
        b"ICAP/1.1 204 x\r\n\tcontinued\r\nno colon\r\n\r\n",
        b"unix:/run/clamav/clamd.ctl",
        b"tcp:127.0.0.1:3310",
        b"icap://127.0.0.1:1344/avscan",
        b"icap://[::1]/srv_clamav",
    ]


# ---- IPC arguments -----------------------------------------------------------------------


def ipc_args():
    room, event = "!abc:example.org", "$event:example.org"
    return [
        json.dumps(args, ensure_ascii=False)
        for args in [
            {"homeserver": "https://matrix.example.org", "user": "alice", "password": "secret"},
            {"homeserver": " ", "user": "alice", "password": ""},
            {"roomId": room},
            {"roomId": "!v12StyleIdWithoutServer"},
            {"roomId": "#alias:example.org"},
            {"roomId": room, "body": "hello", "sensitiveDataConfirmed": True},
            {"roomId": room, "body": "   "},
            {"body": "card 4111 1111 1111 1111"},
            {"roomId": room, "eventId": event, "body": "reply", "sensitiveDataConfirmed": False},
            {"roomId": room, "eventId": event, "key": "👍"},
            {"roomId": room, "eventId": event, "reason": "spam"},
            {"roomId": room, "eventId": event, "reason": None},
            {"roomId": room, "transactionId": "abc123"},
            {"roomId": room, "eventId": event},
            {"roomId": room, "eventId": event, "index": 0, "acknowledged": True},
            {"roomId": room, "eventId": event, "index": 1024},
            {"roomId": room, "eventId": event, "index": -1},
            {"userId": "@bob:example.org"},
            {"userId": "@bob"},
            {"userId": None},
            {"flowId": "abcdef", "matches": True},
            {"ids": [1, 2, 3]},
            {"ids": None},
            {"roomId": room, "level": "mentions"},
            {"on": True},
            {"recoveryKey": "EsTc 1234 5678"},
            {"roomId": "!a\nb", "eventId": "$e\u202e", "body": "x" * 40, "key": "\u0000"},
        ]
    ]


if __name__ == "__main__":
    for target, seeds in [
        ("link", links()),
        ("html", html()),
        ("file", files()),
        ("dlp", dlp()),
        ("policy", policy()),
        ("scan_reply", scan_reply()),
        ("ipc_args", ipc_args()),
    ]:
        write(target, seeds)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"total {total / 1024:.1f} KiB")
