#!/usr/bin/python3
"""Check manifest.yml against Slack's app-manifest schema v1 and Tovholder's own needs.

Usage (from the repo root): /usr/bin/python3 .ci/check-manifest.py [MANIFEST] [--self-test]

The schema is docs/manifest.schema.json, a draft-07 copy of the part of Slack's
published schema that Tovholder uses (CI cannot fetch Slack's). Needs Debian's
python3-yaml and python3-jsonschema; .ci/run installs them.

--self-test also breaks the manifest in known ways and fails unless each break is caught,
so a schema that accepts everything cannot pass unnoticed.
"""
import copy
import json
import os
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "docs", "manifest.schema.json")

# What the code needs from Slack. Change these together with the code and README.md.
BOT_SCOPES = {"commands", "chat:write", "im:write", "users:read"}
COMMANDS = {"/tovholder", "/wish"}
BOT_EVENTS = {"app_home_opened"}
# The shortcuts the bot handles (bot/shortcut.go): callback_id -> type.
SHORTCUTS = {"wish.shortcut.from_message": "message", "wish.shortcut.new": "global"}


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice (PyYAML keeps the last one)."""


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def where(err):
    path = "/".join(str(p) for p in err.absolute_path)
    return path or "(top level)"


def schema_errors(validator, manifest):
    return ["%s: %s" % (where(e), e.message)
            for e in sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))]


def project_errors(m):
    """Tovholder's own rules, beyond Slack's schema."""
    errs = []
    features = m.get("features") or {}
    settings = m.get("settings") or {}
    cmds = {c.get("command"): c for c in features.get("slash_commands") or [] if isinstance(c, dict)}
    for name in sorted(COMMANDS - cmds.keys()):
        errs.append("features/slash_commands: %s is missing" % name)
    for name, c in sorted(cmds.items()):
        if c.get("should_escape") is not True:
            errs.append("features/slash_commands %s: should_escape must be true "
                        "(the bot parses <@U…> and <#C…> mentions)" % name)
    scopes = set(((m.get("oauth_config") or {}).get("scopes") or {}).get("bot") or [])
    if scopes != BOT_SCOPES:
        errs.append("oauth_config/scopes/bot: want exactly %s, have %s (missing %s, extra %s); "
                    "if the code needs another scope, change BOT_SCOPES in .ci/check-manifest.py "
                    "and README.md too" % (sorted(BOT_SCOPES), sorted(scopes),
                                           sorted(BOT_SCOPES - scopes), sorted(scopes - BOT_SCOPES)))
    shortcuts = {c.get("callback_id"): c.get("type") for c in features.get("shortcuts") or [] if isinstance(c, dict)}
    for cb, typ in sorted(SHORTCUTS.items()):
        if shortcuts.get(cb) != typ:
            errs.append("features/shortcuts: the %s shortcut %s is missing (the bot handles it)" % (typ, cb))
    events = set((settings.get("event_subscriptions") or {}).get("bot_events") or [])
    for ev in sorted(BOT_EVENTS - events):
        errs.append("settings/event_subscriptions/bot_events: %s is missing" % ev)
    if (settings.get("interactivity") or {}).get("is_enabled") is not True:
        errs.append("settings/interactivity/is_enabled: must be true (buttons and modals)")
    if (features.get("app_home") or {}).get("home_tab_enabled") is not True:
        errs.append("features/app_home/home_tab_enabled: must be true (the Home tab)")
    return errs


def self_test(validator, manifest):
    """Break the manifest in ways Slack's schema refuses; each must be caught."""
    def drop(path):
        def f(m):
            *parents, last = path
            for p in parents:
                m = m[p]
            del m[last]
        return f

    def put(path, value):
        def f(m):
            *parents, last = path
            for p in parents:
                m = m[p]
            m[last] = value
        return f

    cases = [
        ("no display_information", drop(["display_information"])),
        ("no display_information.name", drop(["display_information", "name"])),
        ("name over 35 characters", put(["display_information", "name"], "T" * 36)),
        ("long_description under 175", put(["display_information", "long_description"], "short")),
        ("unknown top-level key", put(["surprise"], True)),
        ("unknown key in settings", put(["settings", "surprise"], True)),
        ("slash command without description", drop(["features", "slash_commands", 0, "description"])),
        ("slash command without leading /", put(["features", "slash_commands", 0, "command"], "wish")),
        ("interactivity without is_enabled", drop(["settings", "interactivity", "is_enabled"])),
        ("bot_user without display_name", drop(["features", "bot_user", "display_name"])),
        ("socket_mode_enabled not a boolean", put(["settings", "socket_mode_enabled"], "yes")),
        ("shortcut name over 24 characters", put(["features", "shortcuts", 0, "name"], "T" * 25)),
        ("shortcut of an unknown type", put(["features", "shortcuts", 0, "type"], "channel")),
        ("shortcut without callback_id", drop(["features", "shortcuts", 1, "callback_id"])),
        ("shortcut without description", drop(["features", "shortcuts", 1, "description"])),
    ]
    missed = []
    for label, breaker in cases:
        m = copy.deepcopy(manifest)
        breaker(m)
        if not schema_errors(validator, m):
            missed.append(label)
    return len(cases), missed


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    path = args[0] if args else os.path.join(ROOT, "manifest.yml")
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    try:
        with open(path, encoding="utf-8") as f:
            manifest = yaml.load(f, Loader=UniqueKeyLoader)
    except (OSError, yaml.YAMLError) as e:
        print("manifest check: FAIL: %s: %s" % (path, e))
        return 1
    if not isinstance(manifest, dict):
        print("manifest check: FAIL: %s is not a YAML mapping" % path)
        return 1
    errs = schema_errors(validator, manifest)
    if not errs:
        errs = project_errors(manifest)
    if errs:
        for e in errs:
            print("  " + e)
        print("manifest check: FAIL: %s: %d problem(s)" % (os.path.relpath(path), len(errs)))
        return 1
    if "--self-test" in argv:
        n, missed = self_test(validator, manifest)
        if missed:
            print("manifest check: FAIL: the schema accepted broken manifests: " + "; ".join(missed))
            return 1
        print("manifest check: the schema refused all %d broken variants" % n)
    print("manifest check: OK: %s is valid against docs/manifest.schema.json (Slack app manifest v1)"
          % os.path.relpath(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
