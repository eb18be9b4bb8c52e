"""validate(): each problem kind, at its exact line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from router.bench.rules import TOPICS
from routing_rules import InvalidRules, load, validate

pytestmark = pytest.mark.rules

HEAD = """\
version: 1
languages: [en, ko]
calendars:
  seoul: {tz: Asia/Seoul, hours: {mon-fri: "09:00-18:00"}}
queues:
  triage: {priority: 10}
  general: {priority: 30, overflow: security}
  security: {priority: 90, calendar: seoul}
templates:
  ack: {en: "hi", ko: "안녕"}
rules:
"""  # the first rule is on line 12


def problems(text: str) -> list[str]:
    return [str(p) for p in validate(text, "t.yaml")]


RULE_CASES = [
    (
        "unknown-condition-field",
        """\
  - name: a
    when: {chanel: email}
    then: {route: general}
""",
        ["t.yaml:13:12: unknown field 'chanel'; did you mean 'channel'?"],
    ),
    (
        "unknown-queue",
        """\
  - name: a
    then: {route: generl}
""",
        ["t.yaml:13:19: unknown queue \"generl\"; did you mean 'general'?"],
    ),
    (
        "unknown-fallback-queue",
        """\
  - name: a
    then:
      route:
        queue: general
        fallback:
          - {queue: nowhere}
""",
        ['t.yaml:17:21: unknown queue "nowhere"'],
    ),
    (
        "bad-regex",
        """\
  - name: a
    when:
      message.text: {regex: "(unclosed"}
    then: {route: general}
""",
        ["t.yaml:14:29: bad regex '(unclosed': missing ), unterminated subpattern at position 0"],
    ),
    (
        "unknown-calendar-in-condition",
        """\
  - name: a
    when: {business_hours: tokyo}
    then: {route: general}
""",
        ['t.yaml:13:28: unknown calendar "tokyo"'],
    ),
    (
        "yes-no-trap",
        """\
  - name: a
    when: {language: no}
    then: {route: general}
""",
        [
            "t.yaml:13:22: language compares with a string, not false "
            "(quote it: YAML reads yes/no/on/off "
            "as booleans)"
        ],
    ),
    (
        "operator-misfit",
        """\
  - name: a
    when: {channel: {gte: 3}}
    then: {route: general}
""",
        ["t.yaml:13:22: 'gte' does not apply to channel (keyword); use eq, in, not, regex"],
    ),
    (
        "unknown-urgency",
        """\
  - name: a
    when: {urgency: urgent}
    then: {route: general}
""",
        ["t.yaml:13:21: unknown urgency 'urgent': one of critical, high, low, normal"],
    ),
    (
        "unknown-action",
        """\
  - name: a
    then: {rout: general}
""",
        [
            "t.yaml:13:11: a terminal rule must route, stay, spam or ignore "
            "(add `continue: true` to only tag or "
            "raise priority)",
            "t.yaml:13:12: unknown action 'rout'; did you mean 'route'?",
        ],
    ),
    (
        "unknown-template-and-set",
        """\
  - name: a
    when: {condition: vip}
    then: {route: general, reply: thanks}
""",
        ['t.yaml:13:23: unknown condition set "vip"', 't.yaml:14:35: unknown template "thanks"'],
    ),
    (
        "non-terminal-route",
        """\
  - name: a
    continue: true
    then: {route: general}
""",
        ["t.yaml:14:11: only a terminal rule may route, stay, spam or ignore"],
    ),
    (
        "unknown-rule-field",
        """\
  - name: a
    wen: {channel: email}
    then: {route: general}
""",
        ["t.yaml:13:5: unknown field 'wen'"],
    ),
    (
        "duplicate-name",
        """\
  - name: a
    when: {channel: email}
    then: {route: general}
  - name: a
    when: {channel: x}
    then: {route: general}
""",
        ["t.yaml:15:11: duplicate rule name 'a'"],
    ),
    (
        "shadowed-by-unconditional",
        """\
  - name: catch-all
    then: {route: general}
  - name: email
    when: {channel: email}
    then: {route: security}
""",
        [
            "t.yaml:14:5: rule 'email' can never fire: "
            "earlier terminal rule 'catch-all' (line 12) matches all it "
            "matches"
        ],
    ),
    (
        "shadowed-by-same-equality",
        """\
  - name: ko
    when: {language: [ko, ja], topic_confidence: {gte: 0.5}}
    then: {route: general}
  - name: ko-security
    when: {language: ko, topic: security, topic_confidence: {gte: 0.7}}
    then: {route: security}
""",
        [
            "t.yaml:15:5: rule 'ko-security' can never fire: "
            "earlier terminal rule 'ko' (line 12) matches all it "
            "matches"
        ],
    ),
    (
        "shadowed-by-named-set-and-keywords",
        """\
  - name: kw
    when: {message.text: [hacked, stolen], channel: email}
    then: {route: security}
  - name: kw-narrow
    when: {channel: email, message.text: {contains_any: [stolen]}, customer.verified: true}
    then: {route: general}
""",
        [
            "t.yaml:15:5: rule 'kw-narrow' can never fire: "
            "earlier terminal rule 'kw' (line 12) matches all it "
            "matches"
        ],
    ),
    (
        "shadowed-by-wider-number-list",
        """\
  - name: few-files
    when: {message.attachments: [1, 2, 3]}
    then: {route: general}
  - name: one-file
    when: {message.attachments: 1, channel: email}
    then: {route: security}
""",
        [
            "t.yaml:15:5: rule 'one-file' can never fire: "
            "earlier terminal rule 'few-files' (line 12) matches all it matches"
        ],
    ),
    (
        "not-shadowed-by-narrower-number-list",
        """\
  - name: one-file
    when: {message.attachments: 1}
    then: {route: general}
  - name: few-files
    when: {message.attachments: [1, 2]}
    then: {route: security}
""",
        [],
    ),
    (
        "not-shadowed",
        """\
  - name: tag-everything
    continue: true
    then: {tags: [seen]}
  - name: narrow-first
    when: {channel: email, language: ko}
    then: {route: security}
  - name: broad-later
    when: {channel: email}
    then: {route: general}
  - name: other-bound
    when: {topic_confidence: {gte: 0.9}}
    then: {route: general}
  - name: lower-bound
    when: {topic_confidence: {gte: 0.5}}
    then: {route: general}
""",
        [],
    ),
]


@pytest.mark.parametrize(
    ("rules", "expected"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
def test_rule_problems(rules: str, expected: list[str]) -> None:
    assert problems(HEAD + rules) == expected


HEAD_CASES = [
    ("bad-tz", "Asia/Seoul", "Mars/Olympus", ["t.yaml:4:15: unknown time zone 'Mars/Olympus'"]),
    (
        "bad-hours",
        '"09:00-18:00"',
        '"18:00-09:00"',
        ["t.yaml:4:34: bad hours '18:00-09:00': the end must come after the start"],
    ),
    (
        "unknown-queue-field",
        "general: {priority: 30,",
        "general: {priorty: 30,",
        ["t.yaml:7:13: unknown field 'priorty'"],
    ),
    (
        "unknown-overflow",
        "overflow: security",
        "overflow: securty",
        ["t.yaml:7:37: unknown queue 'securty'"],
    ),
    (
        "unknown-calendar",
        "calendar: seoul",
        "calendar: tokyo",
        ["t.yaml:8:38: unknown calendar 'tokyo'"],
    ),
    (
        "template-missing-language",
        'ko: "안녕"',
        'ja: "こんにちは"',
        ["t.yaml:10:3: template 'ack' lacks languages: ko"],
    ),
    (
        "duplicate-key",
        "  security: {priority: 90",
        "  general: {priority: 90",
        ["t.yaml:8:3: duplicate key 'general'"],
    ),
    (
        "yaml-syntax",
        "queues:\n",
        "queues: [\n",
        ["t.yaml:7:3: YAML: did not find expected ',' or ']'"],
    ),
    (
        "wrong-type",
        "priority: 10",
        "priority: high",
        [
            "t.yaml:6:22: queues.triage.priority: Input should be a valid integer, "
            "unable to parse string as an "
            "integer"
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in HEAD_CASES], ids=[c[0] for c in HEAD_CASES]
)
def test_document_problems(old: str, new: str, expected: list[str]) -> None:
    rules = "  - name: a\n    then: {route: general}\n"
    assert problems(HEAD.replace(old, new, 1) + rules) == expected


def test_load_raises_with_every_problem() -> None:
    with pytest.raises(InvalidRules) as caught:
        load(
            HEAD + "  - name: a\n    when: {chanel: x, urgency: now}\n    then: {route: nowhere}\n",
            "t.yaml",
        )
    assert [p.line for p in caught.value.problems] == [13, 13, 14]


def test_shipped_rules_validate_clean() -> None:
    path = Path(__file__).parents[3] / "config" / "rules.yaml"
    assert problems(path.read_text()) == []


def big_document(count: int) -> str:
    topics = [t for t in TOPICS if t != "general"]
    langs = ["en", "zh", "ko", "ja", "ru", "es", "fr", "vi", "tr", "pt", "id", "de", "ar"]
    lines = [HEAD]
    for i in range(count):
        lang = langs[i % len(langs)]
        lines.append(
            f"  - name: r{i}\n"
            f"    when:\n"
            f"      channel: [email, telegram]\n"
            f"      language: {lang}\n"
            f"      topic: {topics[i % len(topics)]}\n"
            f"      topic_confidence: {{gte: {0.3 + (i % 7) / 10:.1f}}}\n"
            f"      message.text: {{contains_any: [w{i}, hacked, 被盗]}}\n"
            f"    then: {{route: {{queue: general, skills: [lang:{lang}], timeout: 60}}}}\n"
        )
    return "".join(lines)


def test_ten_thousand_rules_validate_within_two_seconds() -> None:
    text = big_document(10_000)
    started = time.process_time()  # CPU time: other work on a shared machine does not count
    found = validate(text, "big.yaml")
    elapsed = time.process_time() - started
    assert found == []
    assert elapsed <= 2.0, f"validate took {elapsed:.2f}s"
