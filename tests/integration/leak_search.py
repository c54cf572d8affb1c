"""Searching what a run produced for a secret in every form it could leak in.

`texts` is a dict {where: text} (stdout, stderr, a file, what a server received, ...); a secret is a tuple
(name, secret, login). Looked for: the secret, any 8 characters of it, its forms on the wire (AUTH PLAIN
base64("\\0login\\0secret"), AUTH LOGIN base64(secret), XOAUTH2 base64("user=LOGIN\\x01auth=Bearer TOKEN\\x01\\x01"),
CRAM-MD5 responses to the challenges shown), "login:secret", hashes of it, and inside anything that decodes as
base64 (at any alignment). test_secrets_never_leak.py proves with a canary that each form is found.
"""
import base64
import hashlib
import hmac
import re


def b64(text):
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


def forms(secret, login):
    """Each form a secret could leak in, by name."""
    return {
        "the secret": secret,
        "AUTH PLAIN base64(\\0login\\0secret)": b64(f"\0{login}\0{secret}"),
        "AUTH PLAIN base64(login\\0login\\0secret)": b64(f"{login}\0{login}\0{secret}"),
        "AUTH LOGIN base64(secret)": b64(secret),
        "XOAUTH2 base64(user=...auth=Bearer ...)": b64(f"user={login}\x01auth=Bearer {secret}\x01\x01"),
        "XOAUTH2 string": f"user={login}\x01auth=Bearer {secret}",
        "login:secret": f"{login}:{secret}",
        "login secret": f"{login} {secret}",
        # Hashes a key or a log could hold (the connection pool keys on SHA-256 of password \0 token).
        "sha256(secret \\0)": hashlib.sha256(f"{secret}\0".encode()).hexdigest(),
        "sha256(secret)": hashlib.sha256(secret.encode()).hexdigest(),
        "md5(secret)": hashlib.md5(secret.encode()).hexdigest(),
    }


BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{12,}={0,2}")


def decoded_base64(text):
    """Everything in `text` that decodes as base64, at each of the four alignments."""
    out = []
    for m in BASE64_RUN.finditer(text):
        run = m.group(0).rstrip("=")
        for skip in range(4):
            part = run[skip:]
            part = part[: len(part) - len(part) % 4]
            if len(part) >= 8:
                out.append(base64.b64decode(part).decode("latin-1"))
    return "\n".join(out)


def cram_md5_responses(text, secret, login):
    """The CRAM-MD5 responses this secret gives to every 334 challenge a Detailed log shows."""
    out = {}
    for challenge in re.findall(r"S: 334 ([A-Za-z0-9+/=]+)", text):
        digest = hmac.new(secret.encode(), base64.b64decode(challenge), hashlib.md5).hexdigest()
        out[f"CRAM-MD5 response to {challenge}"] = b64(f"{login} {digest}")
        out[f"CRAM-MD5 digest for {challenge}"] = digest
    return out


def leaks(texts, secrets):
    """[(secret name, form, where)] for every form of every secret found in `texts`."""
    found = []
    all_text = "\n".join(texts.values())
    for name, secret, login in secrets:
        candidates = {**forms(secret, login), **cram_md5_responses(all_text, secret, login)}
        windows = sorted({secret[i:i + 8] for i in range(len(secret) - 7)})
        for where, text in texts.items():
            found += [(name, form, where) for form, value in candidates.items() if value in text]
            for inside, label in ((text, ""), (decoded_base64(text), " inside base64")):
                hit = next((w for w in windows if w in inside), None)
                if hit:
                    found.append((name, f"8 characters of it ({hit!r}){label}", where))
    return found


def assert_no_leak(texts, secrets, context=""):
    found = leaks(texts, secrets)
    if found:
        lines = "\n".join(f"  {name}: {form} in {where}" for name, form, where in found)
        raise AssertionError(f"secret leaked:\n{lines}\n{context}")
