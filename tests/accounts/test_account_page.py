"""The account page: your details, your language, your organisations."""

import pytest
from bs4 import BeautifulSoup

from coproduce.accounts.models import User
from tests.accounts.helpers import error_summary, field_value, html_lang
from tests.conftest import text_of
from tests.factories import add_member, create_organisation, create_user, reload

AISHA = "aisha@penrhos-pantry.example"


@pytest.fixture
def aisha(client):
    user = create_user("Aisha Khan", email=AISHA, listed=True)
    client.sign_in(AISHA)
    return user


def save(client, name="Aisha Khan", language="en", listed=True):
    data = {"name": name, "preferred_language": language}
    if listed:
        data["listed_publicly"] = "y"
    return client.post("/account", data=data)


def checked(response, name: str, value: str | None = None) -> bool:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    attrs = {"name": name} if value is None else {"name": name, "value": value}
    return soup.find("input", attrs=attrs).has_attr("checked")


def test_account_page_shows_your_details(client, aisha):
    response = client.get("/account")
    assert response.status_code == 200
    assert "Signed in as aisha@penrhos-pantry.example" in text_of(response)
    assert field_value(response, "name") == "Aisha Khan"
    assert checked(response, "preferred_language", "en")
    assert not checked(response, "preferred_language", "cy")
    assert checked(response, "listed_publicly")


def test_changing_your_name(client, aisha):
    response = save(client, name="Aisha Khan-Rees")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"

    page = client.get("/account")
    assert "Your account has been updated." in text_of(page)
    assert field_value(page, "name") == "Aisha Khan-Rees"
    assert reload(User, aisha.id).name == "Aisha Khan-Rees"


@pytest.mark.parametrize(("name", "message"), [("", "Enter your full name"),
                                               ("A" * 121, "Name must be 120 characters or fewer")])
def test_a_refused_name_is_explained_and_what_was_typed_is_kept(client, aisha, name, message):
    response = save(client, name=name, language="cy", listed=False)
    assert response.status_code == 200
    assert message in error_summary(response)
    assert field_value(response, "name") == name
    assert checked(response, "preferred_language", "cy")
    assert not checked(response, "listed_publicly")
    assert reload(User, aisha.id).name == "Aisha Khan"


def test_an_unknown_language_is_refused(client, aisha):
    response = save(client, language="fr")
    assert response.status_code == 200
    assert error_summary(response).startswith("There is a problem")
    assert reload(User, aisha.id).preferred_language == "en"


def test_choosing_welsh_turns_the_pages_welsh_and_is_remembered(client, app, aisha):
    assert html_lang(client.get("/")) == "en"
    save(client, language="cy")

    assert html_lang(client.get("/")) == "cy"
    assert html_lang(client.get("/account")) == "cy"
    assert checked(client.get("/account"), "preferred_language", "cy")
    assert reload(User, aisha.id).preferred_language == "cy"

    another_browser = app.test_client()
    another_browser.sign_in(AISHA)
    assert html_lang(another_browser.get("/organisations/")) == "cy"


def test_going_back_to_english(client, aisha):
    save(client, language="cy")
    save(client, language="en")
    assert html_lang(client.get("/")) == "en"


def test_being_listed_publicly_shows_your_name_on_organisation_pages(client, app, aisha):
    pantry = create_organisation("Penrhos Community Pantry")
    add_member(aisha, pantry)
    public = app.test_client()
    assert "Aisha Khan" in text_of(public.get("/organisations/penrhos-community-pantry/"))

    save(client, listed=False)

    assert not reload(User, aisha.id).listed_publicly
    assert not checked(client.get("/account"), "listed_publicly")
    page = text_of(public.get("/organisations/penrhos-community-pantry/"))
    assert "Aisha Khan" not in page
    assert "No members have chosen to be listed publicly." in page


def test_no_organisations_yet(client, aisha):
    page = text_of(client.get("/account"))
    assert "You do not belong to any organisation yet." in page
    assert "Find an organisation to join" in page


def test_your_organisations_and_where_each_stands(client, aisha):
    pantry = create_organisation("Penrhos Community Pantry")
    trust = create_organisation("Tŷ Cymunedol Development Trust")
    mutual_aid = create_organisation("Afon Mutual Aid", verified=False)
    council = create_organisation("Glanmôr Voluntary Council", kind="cvc")
    add_member(aisha, pantry, role="admin", signatory=True)
    add_member(aisha, trust, status="pending")
    add_member(aisha, mutual_aid, status="declined")
    add_member(aisha, council)

    response = client.get("/account")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    rows = {
        row.find("td").get_text(strip=True): [" ".join(td.get_text(" ").split()) for td in row.find_all("td")[1:]]
        for row in soup.select("tbody tr")
    }
    assert rows["Penrhos Community Pantry"][0] == "Approved"
    assert rows["Penrhos Community Pantry"][1].startswith("Admin, signatory")
    assert "Manage members" in rows["Penrhos Community Pantry"][1]
    assert rows["Tŷ Cymunedol Development Trust"] == ["Awaiting approval", ""]
    assert rows["Afon Mutual Aid"] == ["Declined", ""]
    assert rows["Glanmôr Voluntary Council"] == ["Approved", "Member"]
    assert soup.find("a", string="Penrhos Community Pantry")["href"] == "/organisations/penrhos-community-pantry/"
