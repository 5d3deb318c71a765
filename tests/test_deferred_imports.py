"""barometre.deferred_imports: jsonschema's IRI grammar is built on first use, not when altair loads."""

import json
import subprocess
import sys

import pytest

CHECK = """
import json, sys
import barometre, altair, nbformat, jsonschema
state = {"stand_in": type(sys.modules["rfc3987_syntax"]).__name__, "lark_loaded": "lark" in sys.modules}
checker = jsonschema.FormatChecker()
state["valid"] = checker.conforms("https://exemple.québec/cibles?periode=2022-2023#t1", "iri")
state["invalid"] = checker.conforms("pas une IRI", "iri")
state["after"] = type(sys.modules["rfc3987_syntax"]).__name__
state["parse"] = sys.modules["rfc3987_syntax"].parse("iri", "https://a.b/c").data
print(json.dumps(state))
"""


def test_altair_and_nbformat_load_without_building_the_grammar_and_iri_checks_still_work():
    pytest.importorskip("rfc3987_syntax")
    proc = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    state = json.loads(proc.stdout)
    assert state["stand_in"] == "_StandIn" and state["lark_loaded"] is False
    assert state["valid"] is True and state["invalid"] is False  # the real grammar, loaded on first use
    assert state["after"] == "module" and state["parse"] == "iri"


def test_nothing_to_defer_once_jsonschema_is_loaded():
    import jsonschema  # noqa: F401  (already imported by this test process's plugins anyway)
    from barometre.deferred_imports import defer_iri_grammar

    assert defer_iri_grammar() is False
