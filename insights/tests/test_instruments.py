import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from insights.instruments import InstrumentError, item_value, score, validate
from insights.models import Instrument, SelfCheck

DATA = Path(__file__).parent / "data" / "synthetic-30.json"
pytestmark = pytest.mark.django_db


def _definition() -> dict:
    return json.loads(DATA.read_text())


def test_engine_reverse_scores_items():
    definition = _definition()
    reverse = next(item for item in definition["items"] if item["reverse"])
    plain = next(item for item in definition["items"] if not item["reverse"])
    assert item_value(definition, reverse, 1) == 5
    assert item_value(definition, reverse, 4) == 2
    assert item_value(definition, plain, 4) == 4


def test_engine_scores_subscales_total_and_bands():
    definition = _definition()
    answers = {item["id"]: 5 for item in definition["items"]}
    scores = score(definition, answers)
    # Six reverse-scored items answered 5 count 1 each: 24 × 5 + 6 × 1.
    assert scores["total"].score == 126
    assert scores["total"].band["label"] == "High"
    assert sum(scores[s].score for s in ("alpha", "beta", "gamma")) == 126
    assert scores["alpha"].minimum == 10 and scores["alpha"].maximum == 50
    low = score(definition, {item["id"]: 1 for item in definition["items"]})
    assert low["total"].score == 24 + 30 and low["total"].band["label"] == "Low"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("items"), "lacks: items"),
        (lambda d: d["items"][0].update(subscale="delta"), "unknown subscale"),
        (lambda d: d["subscales"][0]["bands"].pop(), "cover every score"),
        (lambda d: d["items"][1].update(id="q1"), "its own id"),
        (lambda d: d.update(summary="nothing"), "'summary'"),
    ],
)
def test_validate_explains_what_is_wrong(change, message):
    definition = _definition()
    change(definition)
    with pytest.raises(InstrumentError, match=message):
        validate(definition)


def test_load_instrument_command_adds_and_updates(capsys):
    call_command("load_instrument", str(DATA))
    assert "Added Synthetic thirty-item test instrument" in capsys.readouterr().out
    call_command("load_instrument", str(DATA))
    assert "Updated" in capsys.readouterr().out
    assert Instrument.objects.get(slug="synthetic-30").version == "2.1"


def test_load_instrument_command_refuses_a_broken_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_instrument", str(broken))


def test_shipped_self_check_is_loaded_and_valid():
    instrument = Instrument.objects.get(slug="vt-self-check")
    validate(instrument.definition)
    assert 12 <= len(instrument.definition["items"]) <= 16
    assert "not a validated clinical measure" in instrument.definition["disclaimer"]


def test_self_check_submit_scores_and_shows_history_chart(signed_in, user):
    call_command("load_instrument", str(DATA))
    data = {item["id"]: "5" for item in _definition()["items"]}
    response = signed_in.post("/insights/self-check/synthetic-30/", data)
    assert response.status_code == 302
    check = SelfCheck.objects.get(user=user)
    assert check.scores["total"]["score"] == 126
    assert check.summary_band == "High"
    page = signed_in.get(response.url).content.decode()
    assert "Total: 126" in page and "<svg" in page and "High synthetic band." in page


def test_self_check_with_missing_answers_is_422_and_keeps_the_rest(signed_in, user):
    data = {"ex1": "3", "hv1": "2"}
    response = signed_in.post("/insights/self-check/vt-self-check/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please answer every statement" in html
    assert 'value="3" id="id_ex1_3" checked' in html
    assert not SelfCheck.objects.exists()


def test_self_check_with_out_of_scale_answer_is_422(signed_in):
    data = {item["id"]: "9" for item in Instrument.objects.get(slug="vt-self-check").definition["items"]}
    assert signed_in.post("/insights/self-check/vt-self-check/", data).status_code == 422


def test_self_check_history_is_the_authors_alone(client, user, signed_in):
    data = {item["id"]: "2" for item in Instrument.objects.get(slug="vt-self-check").definition["items"]}
    signed_in.post("/insights/self-check/vt-self-check/", data)
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get("/insights/self-check/vt-self-check/history/").content.decode()
    assert "haven't taken this self-check yet" in page


def test_unknown_instrument_is_404(signed_in):
    assert signed_in.get("/insights/self-check/no-such-thing/").status_code == 404
