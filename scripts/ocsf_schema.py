#!/usr/bin/env python3
"""Generate a JSON Schema (draft 2020-12) for one OCSF event class from the official
OCSF schema sources (https://github.com/ocsf/ocsf-schema).

Copied unchanged (but for the paths in these examples) on 2026-12-07 from the team's shared tools
folder, where it generated schemas/ocsf/compliance-finding-1.8.0.schema.json (schemas/ocsf/README.md).

No third-party dependencies (Python 3.9+). Reads the sources either from a checked-out
ocsf-schema tree or straight from a (bare) git repository at a given ref:

    python3 scripts/ocsf_schema.py --source /path/to/ocsf-schema.git --ref 1.8.0 \\
        --class compliance_finding \\
        --out schemas/ocsf/compliance-finding-1.8.0.schema.json

    python3 scripts/ocsf_schema.py --source path/to/ocsf-schema-checkout --class compliance_finding

How the class is resolved (mirrors ocsf/ocsf-schema-compiler, non-legacy mode):
  * events/**.json and objects/*.json are keyed by "name"; an attribute "profile" is
    turned into "profiles" ([name], or null = "not affected by profiles").
  * "attributes": {"$include": [...]} pulls in profile files: their attributes get
    "profiles": [profile] plus the profile's "annotations"; the item's own attributes
    are merged on top.  An attribute-level "$include" is deep-merged under the attribute.
  * "extends" is flattened recursively: a copy of the parent, with the child's attributes
    merged on top (enum maps are deep-merged, scalars replaced, "profiles" unioned).
  * Classes get uid = category_uid * 1000 + uid, a class_uid/category_uid enum of just
    their own value, and a type_uid enum of class_uid * 100 + activity_id.
  * Every timestamp_t attribute gets a "<name>_dt" datetime_t sibling (datetime profile).
  * Missing "requirement" means "optional".  Finally each attribute is deep-merged on top
    of its dictionary.json entry (type, is_array, enum, caption, ...); dictionary types
    that are not in dictionary "types" are object types.
  * Objects whose name starts with "_" are abstract (only used through "extends").
  * The observable object's type_id enum is completed from every "observable" declared in
    dictionary types/attributes, objects and classes.
  * Platform extensions (extensions/: linux, macos, windows) are NOT applied.

How it maps to JSON Schema:
  * string_t and its subtypes -> "string" (+ the type's "regex" as "pattern" and
    "max_len" as "maxLength"); integer_t, long_t, timestamp_t (epoch ms), port_t ->
    "integer" (+ "range" as minimum/maximum); float_t -> "number"; boolean_t ->
    "boolean"; json_t -> any JSON value; object types -> {"$ref": "#/$defs/<object>"}.
  * "enum" maps -> JSON Schema "enum" (or "const" when there is a single value).
  * is_array -> {"type": "array", "items": ...}.
  * requirement "required" -> "required"; "recommended"/"optional" are only noted in the
    description.  Attributes that belong to a profile are optional properties (the
    profile may not be applied), unless --apply-profiles is used.
  * object "constraints": at_least_one -> anyOf of required; just_one -> oneOf of required.
  * type_uid must equal class_uid * 100 + activity_id (allOf of if/then).
  * Object references are $defs/$ref, so self-referencing objects (process.parent_process,
    ...) recurse through $ref rather than being expanded.
  * additionalProperties: true everywhere (default) or false with --closed (which is what
    the official OCSF validator does: unknown attributes are errors there).
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import subprocess
import sys
from typing import Any, Dict, List, Optional

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

PRIMITIVES = {
    "string_t": {"type": "string"},
    "integer_t": {"type": "integer"},
    "long_t": {"type": "integer"},
    "float_t": {"type": "number"},
    "boolean_t": {"type": "boolean"},
    "json_t": {},
}

REQUIREMENT_RANK = {None: 0, "optional": 1, "recommended": 2, "required": 3}
RANK_REQUIREMENT = {v: k for k, v in REQUIREMENT_RANK.items()}


class SchemaError(Exception):
    pass


# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------


class DirSource:
    """A checked-out ocsf-schema tree."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.files: List[str] = []
        for dir_path, dirs, names in os.walk(self.root):
            dirs[:] = [d for d in dirs if d != ".git"]
            for name in names:
                rel = os.path.relpath(os.path.join(dir_path, name), self.root)
                self.files.append(rel.replace(os.sep, "/"))
        self.files.sort()

    def read(self, path: str) -> bytes:
        with open(os.path.join(self.root, path), "rb") as f:
            return f.read()

    def provenance(self) -> Dict[str, Any]:
        info: Dict[str, Any] = {"source": self.root}
        try:
            info["commit"] = _git(self.root, "rev-parse", "HEAD").strip()
            info["repository"] = _git(self.root, "config", "--get", "remote.origin.url").strip()
        except (subprocess.CalledProcessError, OSError):
            pass
        return info


class GitSource:
    """A git repository (bare or not) read at a ref with git plumbing; no work tree."""

    def __init__(self, git_dir: str, ref: str) -> None:
        self.git_dir = os.path.abspath(git_dir)
        self.ref = ref
        self.commit = _git(self.git_dir, "rev-parse", "--verify", f"{ref}^{{commit}}").strip()
        listing = _git(self.git_dir, "ls-tree", "-r", "--name-only", self.commit)
        self.files = sorted(line for line in listing.splitlines() if line)
        self._cache: Dict[str, bytes] = {}

    def _load(self, paths: List[str]) -> None:
        wanted = [p for p in paths if p not in self._cache]
        if not wanted:
            return
        proc = subprocess.run(
            ["git", "--git-dir", self.git_dir, "cat-file", "--batch"],
            input="".join(f"{self.commit}:{p}\n" for p in wanted).encode(),
            stdout=subprocess.PIPE,
            check=True,
        )
        out = proc.stdout
        pos = 0
        for p in wanted:
            nl = out.index(b"\n", pos)
            header = out[pos:nl].decode().split()
            if len(header) < 3 or header[1] == "missing":
                raise SchemaError(f"{p} not found at {self.commit}")
            size = int(header[2])
            self._cache[p] = out[nl + 1 : nl + 1 + size]
            pos = nl + 1 + size + 1

    def preload(self, prefixes: List[str]) -> None:
        self._load([f for f in self.files if f.endswith(".json") and f.startswith(tuple(prefixes))])

    def read(self, path: str) -> bytes:
        self._load([path])
        return self._cache[path]

    def provenance(self) -> Dict[str, Any]:
        info: Dict[str, Any] = {"source": self.git_dir, "ref": self.ref, "commit": self.commit}
        try:
            url = _git(self.git_dir, "config", "--get", "remote.origin.url").strip()
            if url:
                info["repository"] = url
        except subprocess.CalledProcessError:
            pass
        try:
            info["commit_date"] = _git(self.git_dir, "log", "-1", "--format=%cI", self.commit).strip()
        except subprocess.CalledProcessError:
            pass
        return info


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", git_dir, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        check=True, text=True,
    ).stdout


def open_source(path: str, ref: Optional[str]):
    is_checkout = os.path.isfile(os.path.join(path, "dictionary.json"))
    if ref is None and is_checkout:
        return DirSource(path)
    return GitSource(path, ref or "HEAD")


# --------------------------------------------------------------------------------------
# Resolution (follows ocsf-schema-compiler)
# --------------------------------------------------------------------------------------


def deep_merge(dest: dict, source: dict) -> None:
    """In-place merge; dicts are merged recursively, everything else is replaced."""
    for key, value in source.items():
        if key in dest and isinstance(dest[key], dict) and isinstance(value, dict):
            deep_merge(dest[key], value)
        else:
            dest[key] = copy.deepcopy(value)


def merge_attribute_detail(dest: dict, source: dict) -> None:
    for key, value in source.items():
        if key not in dest:
            dest[key] = copy.deepcopy(value)
        elif dest[key] == value:
            continue
        elif key == "profiles":
            if value is None:
                dest["profiles"] = None
            else:
                dest["profiles"] = sorted(set(dest["profiles"] or []) | set(value))
        elif key == "requirement" and source.get("profiles") is not None and "profiles" in dest:
            # attribute affected by two profiles: the stronger requirement wins
            rank = max(REQUIREMENT_RANK[dest[key]], REQUIREMENT_RANK[value])
            dest[key] = RANK_REQUIREMENT[rank]
        elif isinstance(dest[key], dict) and isinstance(value, dict):
            deep_merge(dest[key], value)
        else:
            dest[key] = copy.deepcopy(value)


def merge_attributes(dest: dict, source: dict) -> None:
    for name, attribute in source.items():
        if name in dest:
            merge_attribute_detail(dest[name], attribute)
        else:
            dest[name] = copy.deepcopy(attribute)


class Resolver:
    def __init__(self, src) -> None:
        self.src = src
        if isinstance(src, GitSource):
            src.preload(["events/", "objects/", "profiles/", "dictionary.json",
                         "categories.json", "version.json"])
        self.version = self._json("version.json")["version"]
        self.categories = self._json("categories.json").get("attributes", {})
        self.dictionary = self._json("dictionary.json")
        self.dict_attrs: Dict[str, dict] = self.dictionary.setdefault("attributes", {})
        self.types: Dict[str, dict] = self.dictionary.setdefault("types", {}).setdefault(
            "attributes", {})
        self.profiles = self._items("profiles/", upgrade=False)
        self.classes = self._items("events/")
        self.objects = self._items("objects/")
        for kind, items in (("class", self.classes), ("object", self.objects)):
            for item in items.values():
                self._resolve_includes(item, f'{kind} "{item.get("name")}"')
        self._flat: Dict[str, Dict[str, dict]] = {"class": {}, "object": {}}
        self._finished: Dict[tuple, dict] = {}
        self.observable_type_ids = self._collect_observables()
        self._enrich_dictionary()

    # ---- reading ----------------------------------------------------------------------

    def _json(self, path: str) -> Any:
        return json.loads(self.src.read(path))

    def _items(self, prefix: str, upgrade: bool = True) -> Dict[str, dict]:
        items: Dict[str, dict] = {}
        for path in self.src.files:
            if not (path.startswith(prefix) and path.endswith(".json")):
                continue
            item = self._json(path)
            name = item.get("name")
            if not isinstance(name, str) or not name:
                raise SchemaError(f'{path}: missing "name"')
            if name in items:
                raise SchemaError(f'{path}: duplicate name "{name}"')
            if upgrade:
                for attribute in item.get("attributes", {}).values():
                    if isinstance(attribute, dict) and "profile" in attribute:
                        profile = attribute.pop("profile")
                        attribute["profiles"] = None if profile is None else [profile]
            item["_path"] = path
            items[name] = item
        return items

    def _include(self, path: str) -> dict:
        for profile in self.profiles.values():
            if profile["_path"] == path:
                return copy.deepcopy(profile)
        return self._json(path)

    def _resolve_includes(self, item: dict, context: str) -> None:
        attributes = item.setdefault("attributes", {})
        if "$include" in attributes:
            value = attributes.pop("$include")
            for path in [value] if isinstance(value, str) else value:
                included = self._include(path)
                merged = copy.deepcopy(included.get("attributes", {}))
                if included.get("meta") == "profile":
                    for attribute in merged.values():
                        attribute["profiles"] = [included["name"]]
                for attribute in merged.values():
                    for key, ann in included.get("annotations", {}).items():
                        attribute.setdefault(key, ann)
                merge_attributes(merged, item["attributes"])
                item["attributes"] = merged
        for name, attribute in list(item["attributes"].items()):
            if isinstance(attribute, dict) and "$include" in attribute:
                path = attribute.pop("$include")
                if not isinstance(path, str):
                    raise SchemaError(f"{context} attribute {name}: bad $include")
                new_attribute = self._json(path)
                deep_merge(new_attribute, attribute)
                item["attributes"][name] = new_attribute

    def _caption(self, items: Dict[str, dict], item: dict) -> str:
        while "caption" not in item and item.get("extends") in items:
            item = items[item["extends"]]
        return item.get("caption", item.get("name", ""))

    def _collect_observables(self) -> Dict[str, dict]:
        """observable.type_id values defined across the schema (observable object enum)."""
        found: Dict[str, dict] = {}

        def add(type_id, caption, description):
            key = str(type_id)
            if key in found:
                raise SchemaError(f"observable type_id {key} collision: {caption}")
            found[key] = {"caption": caption, "description": description}

        for kind, items in (("Class", self.classes), ("Object", self.objects)):
            for item in items.values():
                caption = self._caption(items, item)
                if kind == "Object" and "observable" in item:
                    add(item["observable"], caption, f"Observable by Object. {caption}")
                for name, attribute in item.get("attributes", {}).items():
                    if isinstance(attribute, dict) and "observable" in attribute:
                        add(attribute["observable"], f"{caption} {kind}: {name}",
                            f"Observable by {kind}-Specific Attribute.")
                for path, type_id in (item.get("observables") or {}).items():
                    add(type_id, f"{caption} {kind}: {path}",
                        f"Observable by {kind}-Specific Attribute.")
        for kind, entries in (("Dictionary Type", self.types),
                              ("Dictionary Attribute", self.dict_attrs)):
            for entry in entries.values():
                if "observable" in entry:
                    add(entry["observable"], entry.get("caption", ""),
                        f"Observable by {kind}. {entry.get('description', '')}")
        return found

    def _enrich_dictionary(self) -> None:
        for name, attribute in self.dict_attrs.items():
            t = attribute.get("type")
            if t not in self.types:
                if t not in self.objects:
                    raise SchemaError(f'dictionary attribute "{name}" has unknown type "{t}"')
                attribute["type"] = "object_t"
                attribute["object_type"] = t
        self.add_datetime = ("datetime" in self.profiles and "datetime_t" in self.types
                             and "timestamp_t" in self.types)
        if self.add_datetime:
            additions = {}
            for name, attribute in self.dict_attrs.items():
                if attribute.get("type") == "timestamp_t":
                    sibling = copy.deepcopy(attribute)
                    sibling["type"] = "datetime_t"
                    additions[f"{name}_dt"] = sibling
            self.dict_attrs.update(additions)

    # ---- flattening -------------------------------------------------------------------

    def _flatten(self, kind: str, name: str, stack: tuple = ()) -> dict:
        cache = self._flat[kind]
        if name in cache:
            return cache[name]
        items = self.classes if kind == "class" else self.objects
        if name not in items:
            raise SchemaError(f'undefined {kind} "{name}"')
        if name in stack:
            raise SchemaError(f'{kind} "extends" cycle: {" -> ".join(stack + (name,))}')
        item = items[name]
        parent_name = item.get("extends")
        if parent_name:
            new_item = copy.deepcopy(self._flatten(kind, parent_name, stack + (name,)))
            for key, value in item.items():
                if key == "attributes":
                    merge_attributes(new_item.setdefault("attributes", {}), value)
                elif key == "profiles":
                    merged = set(new_item.get("profiles") or []) | set(value or [])
                    if merged:
                        new_item["profiles"] = sorted(merged)
                else:
                    new_item[key] = copy.deepcopy(value)
        else:
            new_item = copy.deepcopy(item)
        cache[name] = new_item
        return new_item

    def _enrich_class(self, cls: dict) -> None:
        category = self.categories.get(cls.get("category"))
        if not category and cls.get("category") != "other":
            raise SchemaError(f'class "{cls["name"]}" has no known category')
        category_uid = category["uid"] if category else 0
        cls_uid = category_uid * 1000 + cls.get("uid", 0)
        cls["uid"] = cls_uid
        cls["category_uid"] = category_uid
        attributes = cls.setdefault("attributes", {})
        caption = cls.get("caption", "UNKNOWN")
        activity_enum = attributes.get("activity_id", {}).get("enum")
        if not activity_enum:
            raise SchemaError(f'class "{cls["name"]}" has no activity_id enum')
        type_enum = {}
        for key, value in activity_enum.items():
            entry = copy.deepcopy(value)
            entry["caption"] = f"{caption}: {value.get('caption', '<unknown>')}"
            type_enum[str(cls_uid * 100 + int(key))] = entry
        type_enum[str(cls_uid * 100)] = {"caption": f"{caption}: Unknown"}
        attributes.setdefault("type_uid", {})["enum"] = type_enum
        attributes.setdefault("class_uid", {})["enum"] = {
            str(cls_uid): {"caption": caption, "description": cls.get("description", "")}}
        attributes.setdefault("class_name", {})["description"] = (
            f"The event class name, as defined by class_uid value: <code>{caption}</code>.")
        if category:
            cls["category_name"] = category.get("caption")
            attributes.setdefault("category_uid", {})["enum"] = {
                str(category_uid): copy.deepcopy(category)}
            attributes.setdefault("category_name", {})["description"] = (
                "The event category name, as defined by category_uid value: "
                f"<code>{category.get('caption', '')}</code>.")

    def _finish(self, item: dict) -> dict:
        attributes = item.setdefault("attributes", {})
        if self.add_datetime:
            additions = {}
            for name, attribute in attributes.items():
                t = attribute.get("type") or self.dict_attrs.get(name, {}).get("type")
                if t == "timestamp_t":
                    sibling = copy.deepcopy(attribute)
                    sibling["profiles"] = ["datetime"]
                    sibling["requirement"] = "optional"
                    additions[f"{name}_dt"] = sibling
            attributes.update(additions)
        finished = {}
        for name, attribute in attributes.items():
            if name not in self.dict_attrs:
                raise SchemaError(f'attribute "{name}" of "{item.get("name")}" is not in '
                                  "dictionary.json")
            new_attribute = copy.deepcopy(self.dict_attrs[name])
            deep_merge(new_attribute, attribute)
            new_attribute.setdefault("requirement", "optional")
            if "requirement" in attribute and attribute["requirement"] is None:
                new_attribute["requirement"] = "optional"
            finished[name] = new_attribute
        item["attributes"] = finished
        return item

    def resolved_class(self, name: str) -> dict:
        key = ("class", name)
        if key not in self._finished:
            cls = copy.deepcopy(self._flatten("class", name))
            if "uid" not in cls and name != "base_event":
                raise SchemaError(f'class "{name}" is abstract (no uid)')
            self._enrich_class(cls)
            self._finished[key] = self._finish(cls)
        return self._finished[key]

    def resolved_object(self, name: str) -> dict:
        key = ("object", name)
        if key not in self._finished:
            if name.startswith("_"):
                raise SchemaError(f'object "{name}" is abstract')
            obj = copy.deepcopy(self._flatten("object", name))
            if name == "observable":
                type_id = obj.setdefault("attributes", {}).setdefault("type_id", {})
                enum = type_id.setdefault("enum", {})
                for k, v in self.observable_type_ids.items():
                    if k in enum:
                        raise SchemaError(f"observable type_id {k} collision")
                    enum[k] = v
            self._finished[key] = self._finish(obj)
        return self._finished[key]


# --------------------------------------------------------------------------------------
# JSON Schema generation
# --------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")


def clean_text(text: Optional[str]) -> str:
    if not text:
        return ""
    text = re.sub(r"<br\s*/?>|</?p>", " ", text, flags=re.I)
    return _WS.sub(" ", html.unescape(_TAG.sub("", text))).strip()


class Generator:
    def __init__(self, resolver: Resolver, closed: bool = False, descriptions: bool = True,
                 applied_profiles: Optional[List[str]] = None) -> None:
        self.r = resolver
        self.closed = closed
        self.descriptions = descriptions
        self.applied = set(applied_profiles) if applied_profiles is not None else None
        self.defs: Dict[str, dict] = {}

    # ---- types ------------------------------------------------------------------------

    def _type_chain(self, type_name: str) -> List[dict]:
        chain = []
        seen = set()
        while type_name:
            if type_name in seen or type_name not in self.r.types:
                raise SchemaError(f'bad dictionary type "{type_name}"')
            seen.add(type_name)
            t = self.r.types[type_name]
            chain.append(dict(t, _name=type_name))
            type_name = t.get("type")
        return chain

    def scalar_schema(self, type_name: str) -> dict:
        chain = self._type_chain(type_name)
        primitive = chain[-1]["_name"]
        if primitive not in PRIMITIVES:
            raise SchemaError(f'unsupported primitive type "{primitive}"')
        schema = dict(PRIMITIVES[primitive])

        # like the OCSF validator: the type's own constraint, else its super type's
        def first(key):
            for t in chain[:2]:
                if key in t:
                    return t[key]
            return None

        if schema.get("type") == "string":
            if first("regex"):
                schema["pattern"] = first("regex")
            if first("max_len") is not None:
                schema["maxLength"] = first("max_len")
        if schema.get("type") in ("integer", "number") and first("range"):
            low, high = first("range")
            schema["minimum"], schema["maximum"] = low, high
        return schema

    # ---- attributes -------------------------------------------------------------------

    def _profile_gated(self, attribute: dict) -> bool:
        return bool(attribute.get("profiles"))

    def _included(self, attribute: dict) -> bool:
        if self.applied is None or not self._profile_gated(attribute):
            return True
        return bool(set(attribute["profiles"]) & self.applied)

    def _is_required(self, attribute: dict) -> bool:
        if attribute.get("requirement") != "required":
            return False
        if self._profile_gated(attribute):
            return self.applied is not None and bool(set(attribute["profiles"]) & self.applied)
        return True

    def attribute_schema(self, name: str, attribute: dict) -> dict:
        t = attribute.get("type")
        if t == "object_t":
            object_type = attribute["object_type"]
            self.object_def(object_type)
            value: dict = {"$ref": f"#/$defs/{object_type}"}
        else:
            value = self.scalar_schema(t)
            enum = attribute.get("enum")
            if enum:
                if value.get("type") == "integer":
                    values: List[Any] = sorted(int(k) for k in enum)
                elif value.get("type") == "string":
                    values = sorted(enum)
                else:
                    raise SchemaError(f'enum on non integer/string attribute "{name}"')
                if len(values) == 1:
                    value["const"] = values[0]
                else:
                    value["enum"] = values
        if attribute.get("is_array"):
            schema: dict = {"type": "array", "items": value}
        else:
            schema = value
        annotations: dict = {}
        if attribute.get("caption"):
            annotations["title"] = attribute["caption"]
        if self.descriptions:
            annotations["description"] = self._describe(attribute)
        if attribute.get("@deprecated"):
            annotations["deprecated"] = True
        # annotations first for readability
        return {**annotations, **schema}

    def _describe(self, attribute: dict) -> str:
        parts = []
        text = clean_text(attribute.get("description"))
        if text:
            parts.append(text)
        enum = attribute.get("enum")
        if enum:
            def order(k):
                return (0, int(k)) if re.fullmatch(r"-?\d+", k) else (1, k)
            parts.append("Values: " + "; ".join(
                f"{k} = {enum[k].get('caption', '')}" for k in sorted(enum, key=order)) + ".")
        note = f"OCSF requirement: {attribute.get('requirement', 'optional')}"
        if self._profile_gated(attribute):
            note += f" (profile: {', '.join(attribute['profiles'])})"
        parts.append(note + ".")
        if attribute.get("@deprecated"):
            dep = attribute["@deprecated"]
            parts.append(f"Deprecated since {dep.get('since', '?')}: "
                         f"{clean_text(dep.get('message'))}")
        return " ".join(parts)

    def properties_and_required(self, item: dict):
        properties, required = {}, []
        constraints = item.get("constraints") or {}
        in_constraints = set(constraints.get("at_least_one", [])) | set(
            constraints.get("just_one", []))
        for name in sorted(item["attributes"]):
            attribute = item["attributes"][name]
            if not self._included(attribute):
                continue
            properties[name] = self.attribute_schema(name, attribute)
            if self._is_required(attribute) and name not in in_constraints:
                required.append(name)
        return properties, required

    def _constraint_keywords(self, item: dict, properties: dict) -> dict:
        out = {}
        constraints = item.get("constraints") or {}
        for key, keyword in (("at_least_one", "anyOf"), ("just_one", "oneOf")):
            names = [n for n in constraints.get(key, []) if n in properties]
            if names:
                # "properties": {n: true} only keeps ajv's strictRequired (strict: true) quiet
                out[keyword] = [{"properties": {n: True}, "required": [n]} for n in names]
        unknown = set(constraints) - {"at_least_one", "just_one"}
        if unknown:
            raise SchemaError(f'unknown constraints {sorted(unknown)} in "{item.get("name")}"')
        return out

    def object_def(self, name: str) -> None:
        if name in self.defs:
            return
        self.defs[name] = {}  # placeholder: breaks recursion, $ref handles the cycle
        obj = self.r.resolved_object(name)
        properties, required = self.properties_and_required(obj)
        schema: dict = {"title": obj.get("caption", name)}
        if self.descriptions and obj.get("description"):
            schema["description"] = clean_text(obj["description"])
        if obj.get("@deprecated"):
            schema["deprecated"] = True
        schema["type"] = "object"
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema.update(self._constraint_keywords(obj, properties))
        # objects without attributes (e.g. "object", used by "unmapped") are open-ended
        schema["additionalProperties"] = (not self.closed) or not properties
        self.defs[name] = schema

    def class_schema(self, class_name: str) -> dict:
        cls = self.r.resolved_class(class_name)
        properties, required = self.properties_and_required(cls)
        uid = cls["uid"]
        prov = self.r.src.provenance()
        if getattr(self.r, "repository", None):
            prov["repository"] = self.r.repository
        comment = (
            f"Generated by tools/ocsf_schema.py from the OCSF schema sources "
            f"({prov.get('repository', prov.get('source'))}"
            + (f" @ {prov['commit']}" if prov.get("commit") else "")
            + (f", ref {prov['ref']}" if prov.get("ref") else "")
            + f"), OCSF version {self.r.version}. Not an official OCSF artifact; "
            "platform extensions are not applied; profile attributes are optional"
            + ("" if self.applied is None else
               f" except for the applied profiles {sorted(self.applied)}")
            + "; additionalProperties is "
            + ("false (closed)." if self.closed else "true (open).")
        )
        schema: dict = {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": f"https://schema.ocsf.io/schema/{self.r.version}/classes/"
                   f"{class_name}.schema.json",
            "$comment": comment,
            "title": f"OCSF {self.r.version} {cls.get('caption', class_name)} "
                     f"(class_uid {uid})",
        }
        if self.descriptions:
            profiles = sorted(cls.get("profiles") or [])
            desc = clean_text(cls.get("description"))
            schema["description"] = (
                f"{desc} Category: {cls.get('category_name')} (category_uid "
                f"{cls['category_uid']})."
                + (f" Profiles: {', '.join(profiles)}." if profiles else ""))
        schema["type"] = "object"
        schema["properties"] = properties
        schema["required"] = required
        schema.update(self._constraint_keywords(cls, properties))
        activity_ids = sorted(int(k) for k in cls["attributes"]["activity_id"]["enum"])
        schema["allOf"] = [
            {
                "$comment": f"type_uid = class_uid * 100 + activity_id ({uid * 100 + a})",
                "if": {"properties": {"activity_id": {"const": a}},
                       "required": ["activity_id"]},
                "then": {"properties": {"type_uid": {"const": uid * 100 + a}}},
            }
            for a in activity_ids
        ]
        schema["additionalProperties"] = not self.closed
        schema["$defs"] = {k: self.defs[k] for k in sorted(self.defs)}
        return schema


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True,
                   help="ocsf-schema checkout, or a (bare) git repository of it")
    p.add_argument("--ref", help="git ref to read (tag/branch/commit); "
                                 "default: HEAD, or the work tree of a checkout")
    p.add_argument("--class", dest="class_name", default="compliance_finding",
                   help="event class name (default: compliance_finding)")
    p.add_argument("--out", help="output file (default: stdout)")
    p.add_argument("--repository", help="repository URL to record in $comment (default: the "
                                        "source's remote.origin.url, else its path)")
    p.add_argument("--closed", action="store_true",
                   help="additionalProperties: false (like the OCSF validator)")
    p.add_argument("--no-descriptions", action="store_true",
                   help="omit description annotations (smaller file)")
    p.add_argument("--apply-profiles", metavar="P1,P2",
                   help="treat these profiles as applied: keep only their profile "
                        "attributes and enforce their required ones")
    args = p.parse_args(argv)

    src = open_source(args.source, args.ref)
    resolver = Resolver(src)
    resolver.repository = args.repository
    applied = None
    if args.apply_profiles is not None:
        applied = [x for x in args.apply_profiles.split(",") if x]
        unknown = [x for x in applied if x not in resolver.profiles]
        if unknown:
            p.error(f"unknown profile(s): {', '.join(unknown)}")
    gen = Generator(resolver, closed=args.closed, descriptions=not args.no_descriptions,
                    applied_profiles=applied)
    schema = gen.class_schema(args.class_name)
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {args.out}: {len(schema['properties'])} properties, "
              f"{len(schema['$defs'])} object definitions, OCSF {resolver.version}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
