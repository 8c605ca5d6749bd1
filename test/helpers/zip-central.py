"""A central-directory zip reader for the tests: Python's zipfile. For each zip path given it prints
`zip <path>`, then `entry <name as UTF-8 hex> <sha256 hex> <bytes>` per entry it lists and reads,
then `end ok`, or `end error <message>` when it raises. Run: python3 test/helpers/zip-central.py A.zip B.zip"""
import hashlib
import sys
import warnings
import zipfile

warnings.simplefilter("ignore")
out = []
for path in sys.argv[1:]:
    out.append(f"zip {path}")
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                data = z.read(info)
                name = info.filename.encode("utf-8", "surrogateescape").hex()
                out.append(f"entry {name} {hashlib.sha256(data).hexdigest()} {len(data)}")
        out.append("end ok")
    except Exception as e:  # every failure is a result: the zip was not read
        out.append("end error " + " ".join(f"{type(e).__name__}: {e}".split()))
print("\n".join(out))
