"""The citation registry: code tables and known directives, read once from data files.

`pipeline/data/registry/codes.json` holds the kind and issuer codes (with level and system), the
words that name a kind in running text and the bodies whose names map to an issuer code;
`pipeline/data/registry/directives.json` holds known directives with the source of every fact.
Nothing here is code-as-data: patterns are compiled from these tables in `patterns.py`.

The registry ships inside the package (found through importlib.resources, so an installed wheel
works from any folder); `$VNPOLICY_REGISTRY` or `vnpolicy --registry DIR` points at another one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import RegistryError
from ..normalize import modern_tone
from ..registry_path import DEFAULT_DIR, ENV, registry_dir  # noqa: F401 - re-exported: the registry's public names


def fold(text: str) -> str:
    """Lower-case and unify word-final tone placement, keeping every offset (same length out as in)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep the original
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return modern_tone(low)


@dataclass(frozen=True)
class Issuer:
    code: str
    name: str
    system: str
    level: str
    contextual: bool = False


@dataclass
class Registry:
    """Code tables plus known directives, keyed by canonical id."""

    party_kinds: dict[str, str]
    state_kinds: dict[str, str]
    party_issuers: dict[str, Issuer]
    state_issuers: dict[str, Issuer]
    state_prefixes: dict[str, dict]
    kind_words: list[tuple[str, str]]
    bodies: list[tuple[str, str, str]]
    context_levels: list[tuple[str, str]]
    congress_units: dict[str, str]
    title_words: list[tuple[str, str]]
    directives: dict[str, dict] = field(default_factory=dict)
    # words that hold a level word without naming a level ("xã hội": society, not a commune)
    level_word_compounds: list[str] = field(default_factory=list)
    # words after which a number names a form of an act ("mẫu số 01/BCĐBQH-MT"), not an act
    form_words: list[str] = field(default_factory=list)
    # bodies whose name may end in a named programme ("Ban Chỉ đạo ... và Đề án 06")
    name_heads: list[str] = field(default_factory=list)
    # lines that open a legal database's page furniture after the document ("Văn bản liên quan" ...)
    page_furniture: list[str] = field(default_factory=list)
    # words a body's name opens with ("bộ", "ủy ban"): after "và" they start a second body
    body_heads: list[str] = field(default_factory=list)
    # bodies named after fields of work that "và" joins ("Bộ Khoa học và Công nghệ")
    field_named_heads: list[str] = field(default_factory=list)
    path: str | None = None

    # case-insensitive lookups built once
    def __post_init__(self) -> None:
        self._pk = {k.lower(): k for k in self.party_kinds}
        self._sk = {k.lower(): k for k in self.state_kinds}
        self._pi = {k.lower(): v for k, v in self.party_issuers.items()}
        self._si = {k.lower(): v for k, v in self.state_issuers.items()}
        self.bodies = sorted(self.bodies, key=lambda b: -len(b[0]))
        self._folded_ids = {fold(k): k for k in self.directives}

    def party_kind(self, token: str) -> str | None:
        return self._pk.get(token.lower())

    def state_kind(self, token: str) -> str | None:
        return self._sk.get(token.lower())

    def party_issuer(self, token: str) -> Issuer | None:
        return self._pi.get(token.lower())

    def state_issuer(self, token: str) -> Issuer | None:
        """A State issuer code: from the table, or a ministry (B...) / department (S...) code."""
        bare = token.rstrip("0123456789")  # UBTVQH15, QH15
        hit = self._si.get(bare.lower())
        if hit:
            return hit
        if bare.isupper() and bare[:1] in self.state_prefixes:
            rule = self.state_prefixes[bare[:1]]
            if len(bare) >= rule.get("min_len", 2) and len(bare) <= 9:
                return Issuer(bare, rule["name"], "state", rule["level"], False)
        return None

    def dropped_letter_issuer(self, token: str) -> Issuer | None:
        """The one State issuer code of the table `token` is with one letter dropped ("Tg" for
        TTg), same case; None when the token is a code itself or two codes fit."""
        if len(token) < 2 or self.state_issuer(token) or self.party_issuer(token) or \
                self.state_kind(token) or self.party_kind(token):
            return None
        fits = [v for k, v in self.state_issuers.items()
                if len(k) == len(token) + 1 and any(k[:i] + k[i + 1:] == token for i in range(len(k)))]
        return fits[0] if len(fits) == 1 else None

    def kind_of_word(self, folded_word: str) -> str | None:
        for word, kind in self.kind_words:
            if folded_word == word:
                return kind
        return None

    def body(self, folded: str) -> tuple[str, str] | None:
        """Issuer code and level of a body name ("ban thường vụ thành ủy hải phòng" -> TU, province)."""
        for name, code, level in self.bodies:
            if folded.startswith(name):
                return code, level
        return None

    def body_name(self, folded: str) -> str | None:
        """The longest body name of the table `folded` opens with."""
        return next((name for name, _, _ in self.bodies if folded.startswith(name)), None)

    def known(self, directive_id: str) -> dict | None:
        hit = self.directives.get(directive_id)
        if hit is None:
            key = self._folded_ids.get(fold(directive_id))
            hit = self.directives.get(key) if key else None
        return hit


def _issuers(table: dict, system: str) -> dict[str, Issuer]:
    return {code: Issuer(code, v["name"], system, v["level"], bool(v.get("contextual"))) for code, v in table.items()}


def read_registry(path: str | Path | None = None) -> Registry:
    """Read the registry directory (uncached).

    Raises:
        RegistryError: the folder or its codes.json is missing or malformed (a configuration
            error, never the fault of the document being read).
    """
    base = registry_dir(path)
    try:
        codes = json.loads((base / "codes.json").read_text(encoding="utf-8"))
        known: dict[str, dict] = {}
        dpath = base / "directives.json"
        if dpath.exists():
            for entry in json.loads(dpath.read_text(encoding="utf-8"))["directives"]:
                known[entry["id"]] = entry
    except FileNotFoundError:
        raise RegistryError(f"{base}: no registry here (codes.json is missing); "
                            f"fix --registry or ${ENV}") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RegistryError(f"{base}: the registry cannot be read: {type(exc).__name__}: {exc}") from None
    try:
        return _registry(codes, known, base)
    except (KeyError, TypeError, ValueError) as exc:
        raise RegistryError(f"{base / 'codes.json'}: malformed: {type(exc).__name__}: {exc}") from None


def _registry(codes: dict, known: dict[str, dict], base: Path) -> Registry:
    return Registry(
        party_kinds=codes["party_kinds"],
        state_kinds=codes["state_kinds"],
        party_issuers=_issuers(codes["party_issuers"], "party"),
        state_issuers=_issuers(codes["state_issuers"], "state"),
        state_prefixes=codes.get("state_issuer_prefixes", {}),
        kind_words=[tuple(x) for x in codes["kind_words"]],
        bodies=[tuple(x) for x in codes["bodies"]],
        context_levels=[tuple(x) for x in codes["context_levels"]],
        congress_units=dict(codes["congress_units"]),
        title_words=[tuple(x) for x in codes["title_words"]],
        directives=known,
        level_word_compounds=list(codes.get("level_word_compounds", [])),
        form_words=list(codes.get("form_words", [])),
        name_heads=list(codes.get("name_heads", [])),
        page_furniture=list(codes.get("page_furniture", [])),
        body_heads=list(codes.get("body_heads", [])),
        field_named_heads=list(codes.get("field_named_heads", [])),
        path=str(base),
    )


def title_kinds(reg: Registry | None = None) -> list[str]:
    """The document kinds of the registry's title_words as running text writes them (lower case),
    longest first so "chương trình hành động" is tried before "chương trình": the one list the
    title, the issuing sentence and the closing line are read with."""
    words = {w for w, _ in (reg or load_registry()).title_words}
    return sorted(words, key=lambda w: (-len(w), w))


@lru_cache(maxsize=8)
def _cached(path: str) -> Registry:
    return read_registry(path)


def load_registry(path: str | Path | None = None) -> Registry:
    """The registry at `path` (default: $VNPOLICY_REGISTRY or the package's), read once and cached."""
    return _cached(str(registry_dir(path).resolve()))


def registry_digest(path: str | Path | None = None) -> str:
    """sha256 over the files of the registry in use: part of the pipeline version.

    Raises:
        RegistryError: the folder does not exist.
    """
    import hashlib

    base = registry_dir(path)
    if not base.is_dir():
        raise RegistryError(f"{base}: no registry here (not a folder); fix --registry or ${ENV}")
    h = hashlib.sha256()
    for p in sorted(base.iterdir()):
        if p.is_file():
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()
