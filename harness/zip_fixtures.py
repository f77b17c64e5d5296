"""Builds the zip archives and wheels the tests upload: normal, hostile and broken ones.

Usage:
  zip_fixtures.py zip OUT.zip < SPEC_JSON
      SPEC_JSON: [{"name": "...", "text": "..."} | {"name": ..., "zeros": N} | {"name": ..., "symlink": "target"}
                  | {"name": ..., "mode": 0o755, "text": ...}]
      Names are written as given (zipfile does not refuse "../x" or "/x"), so hostile archives are possible.
  zip_fixtures.py wheel DIR NAME VERSION TAG [REQUIRES_DIST...]
      A minimal wheel (module, METADATA, WHEEL, RECORD) pip installs; prints its file name.
"""

import base64
import hashlib
import json
import sys
import zipfile


def make_zip(out, spec):
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for entry in spec:
            info = zipfile.ZipInfo(entry["name"], date_time=(2024, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            if "symlink" in entry:
                info.external_attr = (0o120777 << 16)
                z.writestr(info, entry["symlink"])
                continue
            mode = entry.get("mode", 0o644)
            if entry["name"].endswith("/"):
                info.external_attr = ((0o040000 | 0o755) << 16) | 0x10
                z.writestr(info, b"")
                continue
            info.external_attr = (0o100000 | mode) << 16
            if "zeros" in entry:
                with z.open(info, "w", force_zip64=True) as f:
                    chunk = b"\0" * (1 << 20)
                    left = entry["zeros"]
                    while left > 0:
                        f.write(chunk[: min(left, len(chunk))])
                        left -= len(chunk)
            else:
                z.writestr(info, entry.get("text", "").encode())


def make_wheel(directory, name, version, tag, requires):
    dist = name.replace("-", "_")
    file_name = f"{dist}-{version}-{tag}.whl"
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{dist}/__init__.py": b"VALUE = 1\n",
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            + "".join(f"Requires-Dist: {r}\n" for r in requires)
        ).encode(),
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: mwaa-agent-tests\nRoot-Is-Purelib: true\nTag: {tag}\n".encode(),
    }
    record = []
    with zipfile.ZipFile(f"{directory}/{file_name}", "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        z.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    print(file_name)


if __name__ == "__main__":
    if sys.argv[1] == "zip":
        make_zip(sys.argv[2], json.load(sys.stdin))
    elif sys.argv[1] == "wheel":
        make_wheel(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
