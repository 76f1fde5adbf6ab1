"""The `kg` command through its real entry point."""

import json

import pytest

from .conftest import EXAMPLES, run_kg

COMMANDS = [
    "build",
    "stats",
    "extract",
    "eval",
    "train",
    "render",
    "query",
    "queries",
    "push",
    "export",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run_kg(command, "--help")
    assert result.returncode == 0, result.stderr
    assert b"Example" in result.stdout


def test_build_then_stats_on_examples(tmp_path):
    out = tmp_path / "ex.json"
    result = run_kg("build", str(EXAMPLES), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert b"15 papers (15 new" in result.stderr
    stats = run_kg("stats", str(out), "--json")
    data = json.loads(stats.stdout)
    assert data["nodes"]["Paper"] == 15
    assert sum(v for k, v in data["nodes"].items() if k != "Paper") > 40
    table = run_kg("stats", str(out)).stdout.decode()
    assert "Paper" in table and "top Model:" in table


def test_stdin_input(tmp_path):
    text = (
        "Pointer Networks\nWe introduce pointer networks, a recurrent neural network that "
        "outputs positions in its input, and apply them to the travelling salesman problem.\n"
    )
    result = run_kg("extract", "-", input=text.encode())
    assert result.returncode == 0, result.stderr
    rec = json.loads(result.stdout)
    assert rec["title"] == "Pointer Networks"
    assert any(e["label"] == "Model" for e in rec["entities"])


def _check_shape(rec):
    assert set(rec) == {"id", "title", "abstract", "entities", "relations"}
    names = set()
    for e in rec["entities"]:
        assert set(e) == {"key", "name", "label", "role", "mentions"}
        assert e["label"] in {"Method", "Model", "Dataset", "Task", "Metric"}
        assert e["role"] in {"proposed", "used"}
        assert e["mentions"]
        for m in e["mentions"]:
            assert set(m) == {"field", "start", "end", "text"}
            assert m["field"] in {"title", "abstract"}
            assert rec[m["field"]][m["start"] : m["end"]] == m["text"]
        names.add(e["name"])
    for r in rec["relations"]:
        assert set(r) == {"head", "type", "tail"}
        assert r["head"] in names and r["tail"] in names
        assert r["type"] in {"APPLIED_TO", "EVALUATED_ON", "COMPARED_WITH", "VARIANT_OF", "PART_OF"}


def test_extract_shape_on_every_seed_paper(seed_files):
    result = run_kg("extract", *map(str, seed_files))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert 515 <= len(records) <= 535
    for rec in records:
        _check_shape(rec)
    assert sum(len(r["entities"]) for r in records) > 2000


def test_seed_build_is_reproducible(tmp_path, seed_files):
    out = tmp_path / "g.json"
    first = run_kg("build", *map(str, seed_files), "-o", str(out), "-q")
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    second = run_kg("build", *map(str, seed_files), "-o", str(out))
    assert b"(0 new, " in second.stderr
    assert out.read_bytes() == before


@pytest.mark.parametrize(
    "content, name, message",
    [
        (None, "missing.txt", b"missing.txt: no such file or directory"),
        (b"\x00\x01\x02\x03" * 50, "blob.txt", b"blob.txt: binary file"),
        (b"title,summary\nA,B\n", "noabs.csv", b"noabs.csv:1: CSV header has no 'abstract'"),
        (b"", "empty.txt", b"no papers found"),
    ],
)
def test_bad_input_is_a_one_line_error_and_keeps_the_graph(tmp_path, content, name, message):
    graph = tmp_path / "g.json"
    ok = run_kg("build", str(EXAMPLES / "abstracts.csv"), "-o", str(graph), "-q")
    assert ok.returncode == 0
    before = graph.read_bytes()
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run_kg("build", str(path), "-o", str(graph))
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.decode().strip().splitlines()[-1].startswith("error: ")
    assert b"Traceback" not in result.stderr
    assert graph.read_bytes() == before


def test_skippable_problems_warn_and_go_on(tmp_path):
    good = (
        "We train graph convolutional networks on Cora for node classification and "
        "report accuracy. The results improve over earlier work by a wide margin."
    )
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"abstract": good}) + "\n{broken\n", encoding="utf-8")
    result = run_kg("build", str(path), "-o", str(tmp_path / "g.json"))
    assert result.returncode == 0
    assert b"mixed.jsonl:2: not valid JSON" in result.stderr
    assert b"1 papers" in result.stderr


def test_damaged_graph_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_kg("stats", str(bad))
    assert result.returncode == 1 and b"bad.json:1: graph file is not valid JSON" in result.stderr


def test_incremental_build_with_another_extractor_warns(tmp_path):
    out = tmp_path / "g.json"
    assert run_kg("build", str(EXAMPLES / "abstracts.csv"), "-o", str(out), "-q").returncode == 0
    result = run_kg("build", str(EXAMPLES / "abstracts.csv"), "-o", str(out), "--no-tagger")
    assert result.returncode == 0
    assert b"extracted by another extractor" in result.stderr and b"--rebuild" in result.stderr
