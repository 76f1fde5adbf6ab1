import json
import logging

import pytest

from kg.errors import InputError
from kg.readers import content_lines, detect_layout, read_papers

ABSTRACT_1 = (
    "We study a toy recurrent model on a synthetic copying problem. The model learns "
    "to store tokens. We measure how long it remembers them and report the results."
)
ABSTRACT_2 = (
    "Convolutional networks are trained on small pictures of digits. We vary the "
    "width of each layer. Wider layers help until the data runs out, then they hurt."
)
ABSTRACT_3 = (
    "A graph model passes messages between atoms of a molecule. We add edge types. "
    "This helps prediction of energies on a benchmark of small organic molecules."
)


def write(tmp_path, name, text, mode="w"):
    path = tmp_path / name
    if mode == "wb":
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_one_abstract_per_line(tmp_path):
    p = write(tmp_path, "lines.txt", f"{ABSTRACT_1}\n{ABSTRACT_2}\n")
    papers = read_papers([p])
    assert [x.abstract for x in papers] == [ABSTRACT_1, ABSTRACT_2]
    assert all(x.title == "" for x in papers)


def test_title_then_abstract_with_boilerplate(tmp_path):
    text = (
        "Get trending papers in your email inbox once a day!\n"
        "Get trending papers in your email inbox!\n"
        f"SubscribeMemory in Toy Recurrent Models\n{ABSTRACT_1}\n"
        f"Width of Convolutional Networks\n{ABSTRACT_2}\n"
    )
    papers = read_papers([write(tmp_path, "pairs.txt", text)])
    assert [x.title for x in papers] == [
        "Memory in Toy Recurrent Models",
        "Width of Convolutional Networks",
    ]
    assert papers[1].abstract == ABSTRACT_2
    assert papers[0].sources[0].line == 3


def test_title_blank_abstract_with_boilerplate(tmp_path):
    text = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
        "byAK and the research community\n\nOct 9\n\n"
        f"Memory in Toy Recurrent Models\n\n{ABSTRACT_1}\n\n"
        f"Message Passing with Edge Types\n\n{ABSTRACT_3}\n"
    )
    path = write(tmp_path, "blocks.txt", text)
    assert detect_layout(content_lines(text)) == "blocks"
    papers = read_papers([path])
    assert [x.title for x in papers] == [
        "Memory in Toy Recurrent Models",
        "Message Passing with Edge Types",
    ]
    assert papers[1].abstract == ABSTRACT_3


def test_layout_can_be_forced(tmp_path):
    # forced "lines": two short lines are read as two title-less abstracts
    path = write(tmp_path, "short.txt", "A short note on things\nAnother short note here\n")
    assert len(read_papers([path], layout="lines")) == 2


def test_jsonl_with_arxiv_fields(tmp_path):
    rows = [
        {
            "id": "2101.00001",
            "title": "T1",
            "abstract": ABSTRACT_1,
            "authors": "A. One, B. Two and C. Three",
            "categories": "cs.LG stat.ML",
            "update_date": "2021-01-05",
        },
        {
            "id": "2101.00002",
            "title": "T2",
            "abstract": ABSTRACT_2,
            "year": 2020,
            "authors": ["D. Four"],
        },
    ]
    path = write(tmp_path, "meta.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    papers = read_papers([path])
    assert papers[0].id == "2101.00001"
    assert papers[0].authors == ["A. One", "B. Two", "C. Three"]
    assert papers[0].categories == ["cs.LG", "stat.ML"]
    assert (papers[0].year, papers[1].year) == (2021, 2020)


def test_csv_with_title_and_abstract(tmp_path):
    path = write(tmp_path, "p.csv", f'title,abstract\n"Toy, recurrent","{ABSTRACT_1}"\n')
    papers = read_papers([path])
    assert papers[0].title == "Toy, recurrent" and papers[0].abstract == ABSTRACT_1


def test_directory_and_duplicates_across_files(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    write(d, "a.txt", f"{ABSTRACT_1}\n{ABSTRACT_2}\n")
    write(d, "b.txt", f"Memory in Toy Recurrent Models\n{ABSTRACT_1}\n")
    papers = read_papers([str(d)])
    assert len(papers) == 2
    first = papers[0]
    assert first.title == "Memory in Toy Recurrent Models"  # the title found later is kept
    assert sorted(s.path.rsplit("/", 1)[1] for s in first.sources) == ["a.txt", "b.txt"]


def test_stable_ids(tmp_path):
    a = read_papers([write(tmp_path, "a.txt", f"{ABSTRACT_1}\n")])[0].id
    b = read_papers([write(tmp_path, "b.txt", f"Some Title\n{ABSTRACT_1}\n")])[0].id
    assert a == b and a.startswith("p-")


# ------------------------------------------------------------------ bad input


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_papers([str(tmp_path / "nope.txt")])


def test_empty_file_warns(tmp_path, caplog):
    path = write(tmp_path, "empty.txt", "")
    with caplog.at_level(logging.WARNING):
        assert read_papers([path]) == []
    assert "empty.txt: no papers found" in caplog.text


def test_binary_file_is_an_error(tmp_path):
    path = write(tmp_path, "x.bin.txt", b"\x00\x01\x02PNG\x00" * 100, mode="wb")
    with pytest.raises(InputError, match="binary file"):
        read_papers([path])


def test_undecodable_line_is_skipped_with_its_line_number(tmp_path, caplog):
    data = f"{ABSTRACT_1}\n".encode() + b"caf\xe9 au lait " * 20 + f"\n{ABSTRACT_2}\n".encode()
    path = write(tmp_path, "latin.txt", data, mode="wb")
    with caplog.at_level(logging.WARNING):
        papers = read_papers([path])
    assert [p.abstract for p in papers] == [ABSTRACT_1, ABSTRACT_2]
    assert "latin.txt:2: bytes that are not UTF-8" in caplog.text


def test_malformed_jsonl_line_is_skipped(tmp_path, caplog):
    text = (
        json.dumps({"abstract": ABSTRACT_1})
        + "\n{not json\n"
        + json.dumps({"abstract": ABSTRACT_2})
        + "\n"
    )
    with caplog.at_level(logging.WARNING):
        papers = read_papers([write(tmp_path, "bad.jsonl", text)])
    assert len(papers) == 2
    assert "bad.jsonl:2: not valid JSON" in caplog.text


def test_csv_without_abstract_column(tmp_path):
    path = write(tmp_path, "noabs.csv", "title,summary\nA,B\n")
    with pytest.raises(InputError, match=r"noabs.csv:1: CSV header has no 'abstract' column"):
        read_papers([path])


def test_ten_megabyte_line_is_skipped(tmp_path, caplog):
    huge = "word " * (2 * 1024 * 1024)
    path = write(tmp_path, "huge.txt", f"{ABSTRACT_1}\n{huge}\n{ABSTRACT_2}\n")
    with caplog.at_level(logging.WARNING):
        papers = read_papers([path])
    assert len(papers) == 2
    assert "huge.txt:2: record of" in caplog.text


def test_non_english_abstract_is_skipped(tmp_path, caplog):
    spanish = (
        "Este texto cuenta de forma breve como se entrena una red con muchos datos y por "
        "que cambian los resultados cuando hay pocos ejemplos. Luego se comparan tres "
        "maneras de elegir el paso de aprendizaje. Al final se discuten los errores mas "
        "comunes y se dan consejos para el trabajo diario con estos sistemas."
    )
    path = write(tmp_path, "es.txt", f"{ABSTRACT_1}\n{spanish}\n")
    with caplog.at_level(logging.WARNING):
        papers = read_papers([path])
    assert len(papers) == 1
    assert "es.txt:2: abstract does not look like English" in caplog.text


# ------------------------------------------------------------------ the real seeds


def test_seeds_read_as_they_are(seed_files):
    papers = read_papers([str(p) for p in seed_files])
    assert 515 <= len(papers) <= 535
    assert sum(len(p.sources) for p in papers) >= 560
    titled = [p for p in papers if p.title]
    assert len(titled) > 480
    boiler = ("Get trending", "Subscribe", "Daily Papers", "byAK")
    assert not any(p.title.startswith(boiler) or p.abstract.startswith(boiler) for p in papers)
    assert any(p.title == "Beam Tree Recursive Cells" for p in papers)
    assert all(len(p.abstract) > 150 for p in papers)


def test_long_title_ending_in_a_full_stop_stays_a_title(tmp_path):
    title = (
        "Is Memory All You Need? Toy Recurrent Models Remember Tokens Without Any "
        "Attention, Gating or External Storage at All."
    )
    text = f"{title}\n{ABSTRACT_1} {ABSTRACT_2}\nShort Title\n{ABSTRACT_3}\n"
    papers = read_papers([write(tmp_path, "t.txt", text)])
    assert [p.title for p in papers] == [title, "Short Title"]
