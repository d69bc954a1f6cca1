from tests.conftest import text_of


def test_home_page_says_what_the_service_is_for(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "write the strategies and agreements" in text_of(response)


def test_home_page_lists_open_consultations_with_days_left(client):
    from tests.documents.factories import create_document, create_officer, publish

    officer, body = create_officer()
    document = create_document(body, officer, title="Glanmôr Community Partnership Agreement",
                               clauses=[("Purpose", "Working together.")])
    publish(document, officer)

    page = text_of(client.get("/"))
    assert "Open for comment now" in page
    assert "Glanmôr Community Partnership Agreement" in page
    assert "days left to comment" in page
